package tapetest

import (
	"strings"
	"testing"
)

func TestCheckTableElides(t *testing.T) {
	var b strings.Builder
	a := make([]float64, 30)
	n := make([]float64, 30)
	n[20] = 0.5 // one wrong element, in the elided middle: still the maximum
	worst := writeCheck(&b, []int{3, 10}, a, n, 1e-6)
	if worst != 0.5 {
		t.Errorf("worst %v, want 0.5", worst)
	}
	out := b.String()
	for _, want := range []string{"(0, 0)", "(0, 5)", "… 18 more", "(2, 9)", "max relative error 0.5 over 30 elements"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "(1, 0)") {
		t.Errorf("table shows an elided row:\n%s", out)
	}
}
