package interp

import (
	"go/parser"
	"go/token"
	"testing"
)

func TestDropImported(t *testing.T) {
	e := &Evaluator{pkgNames: map[string]string{"strings": "strings", "math/rand": "rand"},
		imported: map[string]string{"strings": "strings", "r": "math/rand"}}
	for src, want := range map[string]string{
		`import "strings"`:                "package main",
		`import ("strings"; "fmt")`:       `package main import ( "fmt" )`,
		`import r "math/rand"`:            "package main",
		`import "math/rand"`:              `package main import "math/rand"`,
		"import \"strings\"\nfunc f() {}": "package main func f() {}",
	} {
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, "cell", "package main\n"+src, 0)
		if err != nil {
			t.Fatal(err)
		}
		e.dropImported(f)
		if got := normalised(fset, f); got != want {
			t.Errorf("%q: got %s, want %s", src, got, want)
		}
	}
}
