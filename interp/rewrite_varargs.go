package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"regexp"
)

// variableArg matches yaegi's error for a *tape.Variable given where a function wants a
// *tape.Tensor, and captures its cell position.
var variableArg = regexp.MustCompile(`^cell:(\d+):(\d+): cannot use type \*tape\.Variable as type \*tape\.Tensor`)

// variableArgs turns the call arguments at the given cell positions ("line:col") into
// v.Value(), so that package ops take variables as the methods do: tape.MatMul(x, w)
// with w a *tape.Variable reads w like x.MatMul(w) does (a tracked read). The compile
// stage adds a position each time yaegi reports a variable where a tensor is wanted.
func variableArgs(fset *token.FileSet, n ast.Node, at map[string]bool) {
	if len(at) == 0 {
		return
	}
	ast.Inspect(n, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		for i, a := range c.Args {
			p := fset.Position(a.Pos())
			if at[fmt.Sprintf("%d:%d", p.Line, p.Column)] {
				end := a.End()
				c.Args[i] = &ast.CallExpr{Fun: &ast.SelectorExpr{X: a, Sel: &ast.Ident{NamePos: end, Name: "Value"}},
					Lparen: end, Rparen: end}
			}
		}
		return true
	})
}

// variableArgAt returns the "line:col" of a variable given for a tensor in a compile
// error, or "".
func variableArgAt(err error) string {
	if m := variableArg.FindStringSubmatch(err.Error()); m != nil {
		return m[1] + ":" + m[2]
	}
	return ""
}
