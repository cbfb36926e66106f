package interp

import (
	"go/ast"
	"go/token"
	"strconv"
)

// markLines puts __gotape.Line(n) before each top-level statement, so a traceback
// can name the cell line that was running.
func markLines(fset *token.FileSet, b *ast.BlockStmt) {
	var list []ast.Stmt
	for _, st := range b.List {
		p := st.Pos()
		l := fset.Position(p).Line
		list = append(list, &ast.ExprStmt{X: rtCall(p, "Line", &ast.BasicLit{ValuePos: p, Kind: token.INT, Value: strconv.Itoa(l)})}, st)
	}
	b.List = list
}

// splitUnits cuts a statement chunk into compile units. Short variable declarations
// run as top-level statements (later cells use the variables); each run of other
// statements becomes the body of a function, func __gotape_unitC_N() { ... }, declared and
// then called by a one-statement unit. yaegi gives every node of a top-level statement a
// slot in the global frame, never reused, keeps the compiled tree alive through it, and
// copies the whole frame when it grows (and for each top-level closure): cells that ran
// at top level made every later cell slower and kept ~20 KB each. A redefined function
// replaces the previous one, so the same few names are reused by every cell: the function
// of the n-th run of chunk c is __gotape_unitC_N (every chunk of a cell compiles before
// any runs, so chunks must not share names).
func splitUnits(b *ast.BlockStmt, chunk int) []ast.Node {
	var units []ast.Node
	var run []ast.Stmt
	n := 0
	flush := func() {
		if len(run) == 0 {
			return
		}
		p := run[0].Pos()
		name := unitFunc + strconv.Itoa(chunk) + "_" + strconv.Itoa(n)
		n++
		fn := &ast.FuncDecl{Name: &ast.Ident{NamePos: p, Name: name},
			Type: &ast.FuncType{Func: p, Params: &ast.FieldList{Opening: p, Closing: p}},
			Body: &ast.BlockStmt{Lbrace: p, List: run, Rbrace: run[len(run)-1].End()}}
		units = append(units, &ast.File{Package: b.Lbrace, Name: &ast.Ident{NamePos: b.Lbrace, Name: "main"}, Decls: []ast.Decl{fn}},
			&ast.BlockStmt{Lbrace: b.Lbrace, List: []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{Fun: &ast.Ident{NamePos: p, Name: name}, Lparen: p, Rparen: p}}}, Rbrace: b.Rbrace})
		run = nil
	}
	for _, st := range b.List {
		if a, ok := st.(*ast.AssignStmt); ok && a.Tok == token.DEFINE && !isResultVar(a.Lhs[0]) {
			// Keep its line marker (the statement before it) with it.
			list := []ast.Stmt{st}
			if k := len(run); k > 0 && isLineMarker(run[k-1]) {
				list = []ast.Stmt{run[k-1], st}
				run = run[:k-1]
			}
			flush()
			units = append(units, &ast.BlockStmt{Lbrace: b.Lbrace, List: list, Rbrace: b.Rbrace})
			continue
		}
		run = append(run, st)
	}
	flush()
	return units
}

func isLineMarker(s ast.Stmt) bool {
	x, ok := s.(*ast.ExprStmt)
	if !ok {
		return false
	}
	c, ok := x.X.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := c.Fun.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Line"
}

func isResultVar(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == resultVar
}
