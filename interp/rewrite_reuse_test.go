package interp

import (
	"go/ast"
	"go/token"
	"reflect"
	"testing"
)

func TestRewriteReuseGlobals(t *testing.T) {
	n, s := 1, "a"
	var iface any
	globals := map[string]reflect.Value{
		"n": reflect.ValueOf(&n).Elem(), "s": reflect.ValueOf(&s).Elem(), "i": reflect.ValueOf(&iface).Elem(),
	}
	reuse := func(_ *token.FileSet, b *ast.BlockStmt) { reuseGlobals(b, globals) }
	checkRewrite(t, reuse, map[string]string{
		"n := f()":    "{ n = f() }",
		"n := 3":      "{ n = 3 }",
		"n := 2.5":    "{ n := 2.5 }", // a literal of another default type redeclares
		"s := \"b\"":  "{ s = \"b\" }",
		"i := f()":    "{ i := f() }", // an interface variable keeps its declaration
		"new := f()":  "{ new := f() }",
		"n, m := f()": "{ n, m := f() }",
		"n := x":      "{ n := x }", // an untyped right-hand side could change the type
		"n := &T{}":   "{ n = &T{} }",
	})
}
