package interp

import (
	"go/ast"
	"go/token"
)

// wrapResult makes the trailing expression statement E of body record its value.
// A call may return zero or several values, which yaegi does not reject in an
// assignment, so a call becomes __gotape.Results(E) (compiled, variadic: it counts the
// values; void calls do not compile and the caller retries without the wrap). Any
// other expression, calls of cell functions with one result and conversions to cell
// types (V(3), whose String method compiled fmt would not see) become
// __gotape_r := E; __gotape.SetResult(__gotape_r, __fmt.Sprint(__gotape_r)), where fmt
// runs in interpreted code and so sees the String methods of interpreted types.
func (e *Evaluator) wrapResult(body *ast.BlockStmt) {
	l := body.List
	x := l[len(l)-1].(*ast.ExprStmt)
	p := x.Pos()
	if call, ok := ast.Unparen(x.X).(*ast.CallExpr); ok {
		id, isIdent := ast.Unparen(call.Fun).(*ast.Ident)
		if !isIdent || e.funcResults[id.Name] != 1 && !e.isCellType(id.Name) {
			l[len(l)-1] = &ast.ExprStmt{X: rtCall(p, "Results", x.X)}
			return
		}
	}
	r := func() *ast.Ident { return &ast.Ident{NamePos: p, Name: resultVar} }
	sprint := &ast.CallExpr{Fun: &ast.SelectorExpr{X: &ast.Ident{NamePos: p, Name: "__fmt"}, Sel: &ast.Ident{NamePos: p, Name: "Sprint"}}, Args: []ast.Expr{r()}}
	body.List = append(l[:len(l)-1],
		&ast.AssignStmt{Lhs: []ast.Expr{r()}, TokPos: p, Tok: token.DEFINE, Rhs: []ast.Expr{x.X}},
		&ast.ExprStmt{X: rtCall(p, "SetResult", r(), sprint)})
}

// isCellType reports whether a cell declared a type called name.
func (e *Evaluator) isCellType(name string) bool {
	_, ok := e.types[name]
	return ok
}
