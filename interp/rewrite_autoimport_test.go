package interp

import (
	"slices"
	"strings"
	"testing"
)

// TestAutoImport: goimports' rule for the standard library — a package used by name and
// neither imported nor declared is imported; completion and inspection know it first.
func TestAutoImport(t *testing.T) {
	e := New()
	for _, c := range []struct{ code, result, err string }{
		{code: `strings.ToUpper("go")`, result: "GO"},
		{code: "func hyp(a, b float64) float64 { return math.Sqrt(a*a + b*b) }\nhyp(3, 4)", result: "5"},
		{code: `strings.Repeat("ab", 2)`, result: "abab"},  // imported now, like a written import
		{code: "sort := []int{3}\nlen(sort)", result: "1"}, // a cell's own name wins
		{code: "rand.New(rand.NewSource(1)) != nil", result: "true"},
		{code: "foo.Bar()", err: "cell:1:1: undefined: foo (no package foo in the standard library; %go get it?)"},
		{code: "d := tp.Foo()\nd", err: "cell:1:6: undefined: tp (no package tp in the standard library; %go get it?)"},
		{code: "var d = tp.Foo()", err: "cell:1:9: undefined: tp (no package tp in the standard library; %go get it?)"},
		{code: "m := mat.NewDense(2, 2, nil)\nm", err: `cell:1:6: undefined: mat (import "gonum.org/v1/gonum/mat")`},
		{code: "floats.Sum([]float64{1, 2})", err: `cell:1:1: undefined: floats (import "gonum.org/v1/gonum/floats")`},
		{code: "import \"gonum.org/v1/gonum/floats\"\nfloats.Sum([]float64{1, 2})", result: "3"},
		{code: "x := 1\nx + undefinedName", err: "cell:2:5: undefined: undefinedName"},
	} {
		r := run(t, e, c.code)
		got := r.result
		if r.err != nil {
			got = r.err.Value
		}
		if want := c.result + c.err; got != want {
			t.Errorf("%q: %q, want %q", c.code, got, want)
		}
	}
	if p := e.packagePath("rand"); p != "math/rand" {
		t.Errorf("rand is %q, want math/rand", p)
	}
	if p := e.packagePath("template"); p != "text/template" {
		t.Errorf("template is %q, want text/template", p)
	}
	code := "unicode."
	matches, _, _ := e.Complete(code, len(code))
	if !slices.Contains(matches, "unicode.IsUpper") && !slices.Contains(matches, "IsUpper") {
		t.Errorf("completion of %q before its import: %v", code, matches)
	}
	if b, found := e.Inspect("unicode.IsUpper", len("unicode.IsUpper"), 0); !found || !strings.Contains(b.Data["text/plain"].(string), "func IsUpper(r rune) bool") {
		t.Errorf("inspect unicode.IsUpper before its import: %v %v", found, b)
	}
}
