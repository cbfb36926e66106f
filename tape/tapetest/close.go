package tapetest

import (
	"math"
	"testing"
)

// CloseAll fails t unless got and want have the same length and agree value by value within
// tol relative to 1 + |want| (tol 0: equal), naming what and the first index that differs.
// A NaN agrees with nothing.
func CloseAll(t testing.TB, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if !(math.Abs(got[i]-want[i]) <= tol*(1+math.Abs(want[i]))) {
			t.Fatalf("%s[%d] = %.10g, want %.10g", what, i, got[i], want[i])
		}
	}
}
