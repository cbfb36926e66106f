package interp

import (
	"go/ast"
	"go/token"
	"testing"
)

func TestRewriteResult(t *testing.T) {
	e := &Evaluator{funcResults: map[string]int{"one": 1, "two": 2}}
	wrap := func(_ *token.FileSet, b *ast.BlockStmt) { e.wrapResult(b) }
	checkRewrite(t, wrap, map[string]string{
		"x := 1\nx * 2": "{ x := 1 __gotape_r := x * 2 __gotape.SetResult(__gotape_r, __fmt.Sprint(__gotape_r)) }",
		"one()":         "{ __gotape_r := one() __gotape.SetResult(__gotape_r, __fmt.Sprint(__gotape_r)) }",
		"two()":         "{ __gotape.Results(two()) }",
		"pkg.F()":       "{ __gotape.Results(pkg.F()) }",
	})
}
