package interp

import "go/ast"

// guards adds the recursion-depth guard to every user function body.
func (r *rewriter) guards(n ast.Node) {
	guard := func(b *ast.BlockStmt) {
		if b == nil {
			return
		}
		g := &ast.DeferStmt{Defer: b.Lbrace, Call: rtCall(b.Lbrace, "Leave", rtCall(b.Lbrace, "Enter"))}
		b.List = append([]ast.Stmt{g}, b.List...)
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch f := n.(type) {
		case *ast.FuncDecl:
			guard(f.Body)
		case *ast.FuncLit:
			if !r.mine[f] {
				guard(f.Body)
			}
		}
		return true
	})
}
