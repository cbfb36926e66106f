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

// rewriter holds the state the statement rewrites share while rewriting one chunk.
type rewriter struct {
	n        int                   // fresh-name counter
	mine     map[*ast.FuncLit]bool // function literals created by the rewriter
	rangeAll bool                  // ranges: rewrite every key-only range, not only `range 10`
}

func newRewriter(rangeAll bool) *rewriter {
	return &rewriter{mine: map[*ast.FuncLit]bool{}, rangeAll: rangeAll}
}

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

// rewrites are the rewrites every chunk goes through, in this order, each in its own
// file (rewrite_NAME.go) with its own test. They make yaegi behave like Go in a notebook.
// The chunk-level steps around them (imports, reused globals, the result, line markers,
// compile units) are in compile.go's rewriteChunk.
var rewrites = []struct {
	name  string
	apply func(r *rewriter, n ast.Node)
}{
	// `go f(x)` becomes `__gotape.Go(func() { f(x) })`: a panic in the goroutine is
	// reported instead of killing the process (the arguments are evaluated in the new
	// goroutine).
	{"go statements", (*rewriter).goStmts},
	// The callback of time.AfterFunc is wrapped in __gotape.Guard (recover and report).
	{"time.AfterFunc callbacks", (*rewriter).afterFuncs},
	// A loop whose closures capture per-iteration variables runs its body in
	// `func() { k := k; ... }()` (Go 1.22 semantics; yaegi shares one slot per variable).
	{"per-iteration loop variables", (*rewriter).loops},
	// `for i := range 10` becomes a counting loop (yaegi v0.16.1 cannot range over ints).
	{"integer ranges", (*rewriter).ranges},
	// (The recursion-depth guard is not a rewrite: yaegi calls the evaluator around every
	// interpreted call, see Evaluator.New and yaegi's GuardCalls.)
}

// rewrite applies all rewrites to n (a *ast.File or *ast.BlockStmt).
func (r *rewriter) rewrite(n ast.Node) {
	for _, rw := range rewrites {
		rw.apply(r, n)
	}
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
