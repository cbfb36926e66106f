package interp

import (
	"go/ast"
	"go/token"
	"reflect"
)

// reusable reports whether reuseGlobals would change anything in b.
func reusable(b *ast.BlockStmt, globals map[string]reflect.Value) bool {
	for _, st := range b.List {
		if redeclaresGlobals(st, globals) {
			return true
		}
	}
	return false
}

// reuseGlobals turns a top-level `x := f()` into `x = f()` when x is already a global
// of a concrete (non-interface) type: yaegi would otherwise allocate a new global slot
// and keep the old value alive, so re-running `w := tape.RandomNormal(...)` leaked a
// tensor each time. The right-hand side must be typed (a call, composite literal or
// address), so the assignment compiles only if its type is the variable's (assignable
// to a concrete type means identical, or unnamed and underlying-identical), or a basic
// literal whose default type is the variable's; when it does not compile the chunk is
// compiled again with the declaration as written.
func reuseGlobals(b *ast.BlockStmt, globals map[string]reflect.Value) {
	for _, st := range b.List {
		if redeclaresGlobals(st, globals) {
			st.(*ast.AssignStmt).Tok = token.ASSIGN
		}
	}
}

func redeclaresGlobals(st ast.Stmt, globals map[string]reflect.Value) bool {
	a, ok := st.(*ast.AssignStmt)
	if !ok || a.Tok != token.DEFINE || len(a.Rhs) != 1 {
		return false
	}
	var litType reflect.Type // the default type of an untyped constant right-hand side
	switch r := ast.Unparen(a.Rhs[0]).(type) {
	case *ast.CallExpr, *ast.CompositeLit:
	case *ast.UnaryExpr:
		if r.Op != token.AND {
			return false
		}
	case *ast.BasicLit:
		litType = map[token.Token]reflect.Type{token.INT: reflect.TypeFor[int](), token.FLOAT: reflect.TypeFor[float64](),
			token.STRING: reflect.TypeFor[string](), token.CHAR: reflect.TypeFor[rune](), token.IMAG: reflect.TypeFor[complex128]()}[r.Kind]
		if len(a.Lhs) != 1 {
			return false
		}
	default:
		return false
	}
	for _, l := range a.Lhs {
		id, ok := l.(*ast.Ident)
		if !ok {
			return false
		}
		if id.Name == "_" {
			continue
		}
		v, ok := globals[id.Name]
		if !ok || !v.IsValid() || v.Kind() == reflect.Interface || litType != nil && v.Type() != litType {
			return false
		}
	}
	return true
}
