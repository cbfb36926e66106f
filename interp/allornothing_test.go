package interp

import (
	"strings"
	"testing"
)

// TestCellsAreAllOrNothing: a cell that fails to compile runs nothing and declares
// nothing, whichever of its chunks fails.
func TestCellsAreAllOrNothing(t *testing.T) {
	e := New()
	run(t, e, `import "fmt"`)
	for _, code := range []string{
		"f := func() int { return 1 }\nfmt.Println(\"ran\")\nundefinedX()",
		"f := func() int { return 1 }\nfmt.Println(\"ran\")\nfunc g() int { return undefinedX }",
		"type T struct{}\nfunc (T) f() {}\nvar f = 3\nfmt.Println(\"ran\")\nh := undefinedX",
	} {
		r := run(t, e, code)
		if r.err == nil || r.err.Name != "CompileError" || !strings.Contains(r.err.Value, "undefinedX") {
			t.Fatalf("%q: %+v, want a CompileError naming undefinedX", code, r.err)
		}
		if out := r.rec.out(); out != "" {
			t.Errorf("%q ran: %q", code, out)
		}
		for _, name := range []string{"f", "g", "T", "h"} {
			r := run(t, e, name)
			if r.err == nil || !strings.Contains(r.err.Value, "undefined: "+name) {
				t.Errorf("after %q: %s gives %q, %+v; want undefined: %s", code, name, r.result, r.err, name)
			}
		}
	}
	// An earlier definition survives a failed redefinition.
	run(t, e, "k := 41\nfunc inc(n int) int { return n + 1 }")
	if r := run(t, e, "k := \"str\"\nfunc inc(n int) int { return n + 2 }\nundefinedX"); r.err == nil {
		t.Fatal("no error")
	}
	if r := run(t, e, "inc(k)"); r.err != nil || r.result != "42" {
		t.Errorf("inc(k) after a failed redefinition: %q, %+v; want 42", r.result, r.err)
	}
}
