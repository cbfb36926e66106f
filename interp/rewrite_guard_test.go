package interp

import (
	"go/ast"
	"go/token"
	"testing"
)

func TestRewriteRecursionGuards(t *testing.T) {
	checkRewrite(t, stage(t, "recursion guards", false), map[string]string{
		"f := func() int { return 1 }": "{ f := func() int { defer __gotape.Leave(__gotape.Enter()); return 1 } }",
		"x := 1":                       "{ x := 1 }",
	})
	// Literals the rewriter made itself (a go statement's wrapper) get no guard.
	got := rewritten(t, "go f()", func(_ *token.FileSet, b *ast.BlockStmt) { newRewriter(false).rewrite(b) })
	if want := "{ __gotape.Go(func() { f() }) }"; got != want {
		t.Errorf("go f() rewrote to %s, want %s", got, want)
	}
}
