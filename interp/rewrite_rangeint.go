package interp

import (
	"go/ast"
	"go/token"
)

// ranges rewrites `for i := range N` into a counting loop: always when N is an integer
// literal, and for any other key-only or key-less range when r.rangeAll is set (the
// fallback after yaegi failed on the original).
func (r *rewriter) ranges(n ast.Node) {
	conv := func(s ast.Stmt) ast.Stmt {
		l, ok := s.(*ast.RangeStmt)
		if !ok || l.Value != nil || (l.Key != nil && l.Tok != token.DEFINE) {
			return s
		}
		lit, isLit := l.X.(*ast.BasicLit)
		if !(isLit && lit.Kind == token.INT) && !r.rangeAll {
			return s
		}
		key := r.fresh("i")
		if id, ok := l.Key.(*ast.Ident); ok && id.Name != "_" {
			key = id.Name
		}
		// for key := N - N; key < N; key++ gives key the type of N; a bound with
		// possible side effects is evaluated once, into an int.
		var init ast.Stmt
		var limit ast.Expr = l.X
		if simpleExpr(l.X) {
			init = &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(key)}, Tok: token.DEFINE,
				Rhs: []ast.Expr{&ast.BinaryExpr{X: l.X, Op: token.SUB, Y: l.X}}}
		} else {
			lim := r.fresh("n")
			init = &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(key), ast.NewIdent(lim)}, Tok: token.DEFINE,
				Rhs: []ast.Expr{&ast.BasicLit{Kind: token.INT, Value: "0"}, l.X}}
			limit = ast.NewIdent(lim)
		}
		return &ast.ForStmt{For: l.For, Init: init,
			Cond: &ast.BinaryExpr{X: ast.NewIdent(key), Op: token.LSS, Y: limit},
			Post: &ast.IncDecStmt{X: ast.NewIdent(key), Tok: token.INC}, Body: l.Body}
	}
	eachStmt(n, conv)
}

// hasRangeCandidates reports whether the chunk has a key-only or key-less range loop.
func hasRangeCandidates(pc *parsedChunk) bool {
	var n ast.Node = pc.body
	if pc.decl {
		n = pc.file
	}
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if r, ok := n.(*ast.RangeStmt); ok && r.Value == nil {
			found = true
		}
		return !found
	})
	return found
}
