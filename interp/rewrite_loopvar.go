package interp

import (
	"go/ast"
	"go/token"
)

// loops rewrites loops whose closures capture per-iteration variables.
func (r *rewriter) loops(n ast.Node) { r.loopsIn(n, nil) }

// loopsIn handles the loops of n, which is (in) a function of type fn (nil at top level).
func (r *rewriter) loopsIn(root ast.Node, fn *ast.FuncType) {
	ast.Inspect(root, func(n ast.Node) bool {
		switch l := n.(type) {
		case *ast.FuncDecl:
			if l.Body != nil {
				r.loopsIn(l.Body, l.Type)
			}
			return false
		case *ast.FuncLit:
			r.loopsIn(l.Body, l.Type)
			return false
		case *ast.ForStmt:
			var vars []string
			if a, ok := l.Init.(*ast.AssignStmt); ok && a.Tok == token.DEFINE {
				vars = identNames(a.Lhs)
			}
			if assignsTo(l.Body, vars) {
				return true // body changes the loop variable: keep yaegi's semantics
			}
			r.wrapLoopBody(l.Body, vars, fn)
		case *ast.RangeStmt:
			var vars []string
			if l.Tok == token.DEFINE {
				vars = identNames([]ast.Expr{l.Key, l.Value})
			}
			r.wrapLoopBody(l.Body, vars, fn)
		}
		return true
	})
}

// assignsTo reports whether body assigns to (or takes the address of) one of names.
func assignsTo(body ast.Node, names []string) bool {
	if len(names) == 0 {
		return false
	}
	is := func(e ast.Expr) bool {
		id, ok := e.(*ast.Ident)
		if !ok {
			return false
		}
		for _, n := range names {
			if id.Name == n {
				return true
			}
		}
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch s := n.(type) {
		case *ast.AssignStmt:
			if s.Tok != token.DEFINE {
				for _, l := range s.Lhs {
					found = found || is(l)
				}
			}
		case *ast.IncDecStmt:
			found = found || is(s.X)
		case *ast.UnaryExpr:
			found = found || (s.Op == token.AND && is(s.X))
		}
		return !found
	})
	return found
}

// declaredIn returns the names declared in body (outside nested function literals).
func declaredIn(body ast.Node) map[string]bool {
	names := map[string]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		switch s := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if s.Tok == token.DEFINE {
				for _, nm := range identNames(s.Lhs) {
					names[nm] = true
				}
			}
		case *ast.ValueSpec:
			for _, id := range s.Names {
				names[id.Name] = true
			}
		case *ast.RangeStmt:
			if s.Tok == token.DEFINE {
				for _, nm := range identNames([]ast.Expr{s.Key, s.Value}) {
					names[nm] = true
				}
			}
		}
		return true
	})
	return names
}

// capturesAny reports whether a function literal inside body refers to one of names.
func capturesAny(body ast.Node, names map[string]bool) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if found {
			return false
		}
		if f, ok := n.(*ast.FuncLit); ok {
			ast.Inspect(f.Body, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && names[id.Name] {
					found = true
				}
				return !found
			})
			return false
		}
		return true
	})
	return found
}

// wrapLoopBody turns body into `{ func() { v := v; body }() }` when it needs
// per-iteration variables. Unlabelled break/continue of this loop and return statements
// of the enclosing function fn become result codes of the literal (return values ride
// along); a body with defer, goto or labelled branches, or a return at top level, is
// left alone (yaegi's shared variables: the known gap, pinned by TestLoopReturns).
func (r *rewriter) wrapLoopBody(body *ast.BlockStmt, vars []string, fn *ast.FuncType) {
	names := declaredIn(body)
	for _, v := range vars {
		names[v] = true
	}
	if len(names) == 0 || !capturesAny(body, names) {
		return
	}
	exits, ok := loopExits(body)
	res := resultsOf(fn)
	if len(exits.returns) > 0 && fn == nil {
		ok = false // a return at top level: nothing to return from
	}
	for _, ret := range exits.returns {
		if len(ret.Results) != len(res.types) && !(len(ret.Results) == 0 && len(res.names) == len(res.types)) {
			ok = false // return f() of a multi-value f: cannot add a code
		}
	}
	if !ok {
		return
	}
	var copies []ast.Stmt
	for _, v := range vars {
		copies = append(copies, &ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent(v)}, Tok: token.DEFINE, Rhs: []ast.Expr{ast.NewIdent(v)}})
	}
	inner := &ast.BlockStmt{Lbrace: body.Lbrace, List: append(copies, body.List...), Rbrace: body.Rbrace}
	lit := &ast.FuncLit{Type: &ast.FuncType{Params: &ast.FieldList{}}, Body: inner}
	r.mine[lit] = true
	if len(exits.branches) == 0 && len(exits.returns) == 0 {
		body.List = []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{Fun: lit}}}
		return
	}
	r.withExitCodes(body, lit, exits, res)
}

// loopBodyExits are the statements of a loop body that leave the iteration: unlabelled
// break and continue of this loop, and returns of the enclosing function.
type loopBodyExits struct {
	branches []*ast.BranchStmt
	returns  []*ast.ReturnStmt
}

// loopExits finds the exits of a loop body; ok is false when the body cannot run in a
// function literal (defer, goto, labelled branches).
func loopExits(body *ast.BlockStmt) (x loopBodyExits, ok bool) {
	ok = true
	var walk func(n ast.Node, inLoop, inSwitch bool)
	walk = func(root ast.Node, inLoop, inSwitch bool) {
		ast.Inspect(root, func(n ast.Node) bool {
			if n == root {
				return true
			}
			switch s := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.ReturnStmt:
				x.returns = append(x.returns, s)
			case *ast.DeferStmt:
				ok = false // deferred calls must run when the function returns, not per iteration
			case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				body, isLoop := innerBody(s)
				walk(body, inLoop || isLoop, inSwitch || !isLoop)
				return false
			case *ast.BranchStmt:
				switch {
				case s.Label != nil || s.Tok == token.GOTO:
					ok = false
				case s.Tok == token.CONTINUE && !inLoop, s.Tok == token.BREAK && !inLoop && !inSwitch:
					x.branches = append(x.branches, s)
				}
			}
			return true
		})
	}
	walk(body, false, false)
	return x, ok
}

// innerBody returns the body of a loop (isLoop) or of a switch or select statement.
func innerBody(s ast.Node) (body *ast.BlockStmt, isLoop bool) {
	switch s := s.(type) {
	case *ast.ForStmt:
		return s.Body, true
	case *ast.RangeStmt:
		return s.Body, true
	case *ast.SwitchStmt:
		return s.Body, false
	case *ast.TypeSwitchStmt:
		return s.Body, false
	case *ast.SelectStmt:
		return s.Body, false
	}
	return nil, false
}

// resultList holds the result types of a function, one per value, and their names (for
// bare returns).
type resultList struct {
	types []ast.Expr
	names []string
}

func resultsOf(fn *ast.FuncType) resultList {
	var res resultList
	if fn == nil || fn.Results == nil {
		return res
	}
	for _, f := range fn.Results.List {
		n := max(len(f.Names), 1)
		for i := 0; i < n; i++ {
			res.types = append(res.types, f.Type)
			if len(f.Names) > 0 {
				res.names = append(res.names, f.Names[i].Name)
			}
		}
	}
	return res
}

// withExitCodes makes lit, the wrapped body, return (code, results...): 0 done,
// 1 continue, 2 break, 3 return; body calls it and acts on the code.
func (r *rewriter) withExitCodes(body *ast.BlockStmt, lit *ast.FuncLit, exits loopBodyExits, res resultList) {
	intLit := func(v string) *ast.BasicLit { return &ast.BasicLit{Kind: token.INT, Value: v} }
	withCode := func(code string, vals []ast.Expr) []ast.Expr { return append([]ast.Expr{intLit(code)}, vals...) }
	zeros := func() []ast.Expr {
		var z []ast.Expr
		for _, t := range res.types {
			z = append(z, &ast.StarExpr{X: &ast.CallExpr{Fun: ast.NewIdent("new"), Args: []ast.Expr{t}}})
		}
		return z
	}
	codes := map[*ast.BranchStmt]string{}
	for _, b := range exits.branches {
		codes[b] = map[token.Token]string{token.CONTINUE: "1", token.BREAK: "2"}[b.Tok]
	}
	isRet := map[*ast.ReturnStmt]bool{}
	for _, ret := range exits.returns {
		isRet[ret] = true
	}
	inner := lit.Body
	eachStmt(inner, func(s ast.Stmt) ast.Stmt {
		switch st := s.(type) {
		case *ast.BranchStmt:
			if c := codes[st]; c != "" {
				return &ast.ReturnStmt{Return: st.TokPos, Results: withCode(c, zeros())}
			}
		case *ast.ReturnStmt:
			if isRet[st] {
				vals := st.Results
				if len(vals) == 0 {
					for _, n := range res.names {
						vals = append(vals, ast.NewIdent(n))
					}
				}
				return &ast.ReturnStmt{Return: st.Return, Results: withCode("3", vals)}
			}
		}
		return s
	})
	inner.List = append(inner.List, &ast.ReturnStmt{Results: withCode("0", zeros())})
	fields := []*ast.Field{{Type: ast.NewIdent("int")}}
	for _, t := range res.types {
		fields = append(fields, &ast.Field{Type: t})
	}
	lit.Type.Results = &ast.FieldList{List: fields}
	c := r.fresh("c")
	lhs := []ast.Expr{ast.NewIdent(c)}
	var rets []ast.Expr
	for range res.types {
		v := r.fresh("r")
		lhs = append(lhs, ast.NewIdent(v))
		rets = append(rets, ast.NewIdent(v))
	}
	body.List = []ast.Stmt{&ast.IfStmt{
		Init: &ast.AssignStmt{Lhs: lhs, Tok: token.DEFINE, Rhs: []ast.Expr{&ast.CallExpr{Fun: lit}}},
		Cond: &ast.BinaryExpr{X: ast.NewIdent(c), Op: token.EQL, Y: intLit("3")},
		Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ReturnStmt{Results: rets}}},
		Else: &ast.IfStmt{
			Cond: &ast.BinaryExpr{X: ast.NewIdent(c), Op: token.EQL, Y: intLit("2")},
			Body: &ast.BlockStmt{List: []ast.Stmt{&ast.BranchStmt{Tok: token.BREAK}}},
		},
	}}
}
