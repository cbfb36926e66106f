package interp

import (
	"go/ast"
	"go/token"
	"strconv"
)

// Names the rewrites refer to. rtName is the import name of the runtime helpers
// (package gotape/rt, see rt.go); resultVar holds the value of the last cell result.
const (
	rtName    = "__gotape"
	resultVar = "__gotape_r"
	unitFunc  = "__gotape_unit"
)

// rewriter applies the source rewrites that make yaegi behave like Go in a notebook:
//   - `go f(x)` becomes `__gotape.Go(func() { f(x) })`, which recovers a panic in the
//     goroutine and reports it instead of killing the process (the call's arguments are
//     evaluated in the new goroutine);
//   - a loop whose body creates closures over the loop variables or variables declared in
//     the body gets its body wrapped in `func() { k := k; ... }()`, giving Go 1.22
//     per-iteration variables (yaegi shares one slot per variable across iterations);
//   - the callback of time.AfterFunc is wrapped in __gotape.Guard (recover and report);
//   - `for i := range 10` becomes a counting loop (yaegi v0.16.1 cannot range over ints).
type rewriter struct {
	n    int                   // fresh-name counter
	mine map[*ast.FuncLit]bool // function literals created by the rewriter
}

func newRewriter() *rewriter { return &rewriter{mine: map[*ast.FuncLit]bool{}} }

func (r *rewriter) fresh(base string) string {
	r.n++
	return "__gotape_" + base + strconv.Itoa(r.n)
}

// rtCall builds __gotape.fn(args...) at pos (yaegi resolves package names through the
// file of the node's position, so synthesized nodes need real positions).
func rtCall(pos token.Pos, fn string, args ...ast.Expr) *ast.CallExpr {
	return &ast.CallExpr{Fun: &ast.SelectorExpr{X: &ast.Ident{NamePos: pos, Name: rtName}, Sel: &ast.Ident{NamePos: pos, Name: fn}},
		Lparen: pos, Args: args, Rparen: pos}
}

// rewrite applies all rewrites to the node (a *ast.File or *ast.BlockStmt).
func (r *rewriter) rewrite(n ast.Node, rangeInts bool) {
	r.goStmts(n)
	r.afterFuncs(n)
	r.loops(n)
	r.ranges(n, rangeInts)
}

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

func identNames(es []ast.Expr) []string {
	var out []string
	for _, e := range es {
		if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
			out = append(out, id.Name)
		}
	}
	return out
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
	var branches []*ast.BranchStmt
	var returns []*ast.ReturnStmt
	ok := true
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
				returns = append(returns, s)
			case *ast.DeferStmt:
				ok = false // deferred calls must run when the function returns, not per iteration
			case *ast.ForStmt, *ast.RangeStmt:
				var b *ast.BlockStmt
				if f, isFor := s.(*ast.ForStmt); isFor {
					b = f.Body
				} else {
					b = s.(*ast.RangeStmt).Body
				}
				walk(b, true, inSwitch)
				return false
			case *ast.SwitchStmt:
				walk(s.Body, inLoop, true)
				return false
			case *ast.TypeSwitchStmt:
				walk(s.Body, inLoop, true)
				return false
			case *ast.SelectStmt:
				walk(s.Body, inLoop, true)
				return false
			case *ast.BranchStmt:
				switch {
				case s.Label != nil || s.Tok == token.GOTO:
					ok = false
				case s.Tok == token.CONTINUE && !inLoop, s.Tok == token.BREAK && !inLoop && !inSwitch:
					branches = append(branches, s)
				}
			}
			return true
		})
	}
	walk(body, false, false)
	// The enclosing function's result types and names (for bare returns).
	var resTypes []ast.Expr
	var resNames []string
	if fn != nil && fn.Results != nil {
		for _, f := range fn.Results.List {
			n := len(f.Names)
			if n == 0 {
				n = 1
			}
			for i := 0; i < n; i++ {
				resTypes = append(resTypes, f.Type)
				if len(f.Names) > 0 {
					resNames = append(resNames, f.Names[i].Name)
				}
			}
		}
	}
	if len(returns) > 0 && fn == nil {
		ok = false // a return at top level: nothing to return from
	}
	for _, ret := range returns {
		if len(ret.Results) != len(resTypes) && !(len(ret.Results) == 0 && len(resNames) == len(resTypes)) {
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
	if len(branches) == 0 && len(returns) == 0 {
		body.List = []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{Fun: lit}}}
		return
	}
	intLit := func(v string) *ast.BasicLit { return &ast.BasicLit{Kind: token.INT, Value: v} }
	// The literal returns (code, results...): 0 done, 1 continue, 2 break, 3 return.
	withCode := func(code string, vals []ast.Expr) []ast.Expr { return append([]ast.Expr{intLit(code)}, vals...) }
	zeros := func() []ast.Expr {
		var z []ast.Expr
		for _, t := range resTypes {
			z = append(z, &ast.StarExpr{X: &ast.CallExpr{Fun: ast.NewIdent("new"), Args: []ast.Expr{t}}})
		}
		return z
	}
	codes := map[*ast.BranchStmt]string{}
	for _, b := range branches {
		if b.Tok == token.CONTINUE {
			codes[b] = "1"
		} else {
			codes[b] = "2"
		}
	}
	isRet := map[*ast.ReturnStmt]bool{}
	for _, ret := range returns {
		isRet[ret] = true
	}
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
					for _, n := range resNames {
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
	for _, t := range resTypes {
		fields = append(fields, &ast.Field{Type: t})
	}
	lit.Type.Results = &ast.FieldList{List: fields}
	c := r.fresh("c")
	lhs := []ast.Expr{ast.NewIdent(c)}
	var rets []ast.Expr
	for range resTypes {
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

// ranges rewrites `for i := range N` into a counting loop: always when N is an integer
// literal, and for any other key-only or key-less range when all is set (the retry after
// yaegi failed on the original).
func (r *rewriter) ranges(n ast.Node, all bool) {
	conv := func(s ast.Stmt) ast.Stmt {
		l, ok := s.(*ast.RangeStmt)
		if !ok || l.Value != nil || (l.Key != nil && l.Tok != token.DEFINE) {
			return s
		}
		lit, isLit := l.X.(*ast.BasicLit)
		if !(isLit && lit.Kind == token.INT) && !all {
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

// eachStmt replaces every statement s found in a statement list under n by f(s).
func eachStmt(n ast.Node, f func(ast.Stmt) ast.Stmt) {
	fix := func(list []ast.Stmt) {
		for i, s := range list {
			list[i] = f(s)
		}
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch s := n.(type) {
		case *ast.BlockStmt:
			fix(s.List)
		case *ast.CaseClause:
			fix(s.Body)
		case *ast.CommClause:
			fix(s.Body)
		case *ast.LabeledStmt:
			s.Stmt = f(s.Stmt)
		}
		return true
	})
}

// simpleExpr reports whether e can be evaluated repeatedly without side effects.
func simpleExpr(e ast.Expr) bool {
	switch x := e.(type) {
	case *ast.Ident, *ast.BasicLit:
		return true
	case *ast.SelectorExpr:
		return simpleExpr(x.X)
	case *ast.ParenExpr:
		return simpleExpr(x.X)
	case *ast.BinaryExpr:
		return simpleExpr(x.X) && simpleExpr(x.Y)
	}
	return false
}
