package interp

import "go/ast"

// goStmts replaces go statements.
func (r *rewriter) goStmts(n ast.Node) {
	eachStmt(n, func(s ast.Stmt) ast.Stmt {
		g, ok := s.(*ast.GoStmt)
		if !ok {
			return s
		}
		var fn ast.Expr
		if lit, ok := g.Call.Fun.(*ast.FuncLit); ok && len(g.Call.Args) == 0 && len(lit.Type.Params.List) == 0 {
			fn = lit
		} else {
			wrap := &ast.FuncLit{Type: &ast.FuncType{Params: &ast.FieldList{}},
				Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ExprStmt{X: g.Call}}}}
			r.mine[wrap] = true
			fn = wrap
		}
		return &ast.ExprStmt{X: rtCall(g.Go, "Go", fn)}
	})
}

// afterFuncs wraps the function given to time.AfterFunc, which runs it on a goroutine
// of its own, in __gotape.Guard (recover and report, as for go statements).
func (r *rewriter) afterFuncs(n ast.Node) {
	ast.Inspect(n, func(n ast.Node) bool {
		c, ok := n.(*ast.CallExpr)
		if !ok || len(c.Args) != 2 {
			return true
		}
		sel, ok := c.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "AfterFunc" {
			return true
		}
		if x, ok := sel.X.(*ast.Ident); ok && x.Name == "time" {
			c.Args[1] = rtCall(c.Args[1].Pos(), "Guard", c.Args[1])
		}
		return true
	})
}
