package tape_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/gotape/gotape/tape"
)

// tapeErr runs f and returns the *tape.Error it panicked with (failing the test otherwise).
func tapeErr(t *testing.T, name string, f func()) *tape.Error {
	t.Helper()
	err := tape.Try(f)
	var te *tape.Error
	if !errors.As(err, &te) {
		t.Fatalf("%s: got error %v (%T), want a *tape.Error", name, err, err)
	}
	return te
}

func TestAbsurdShapesPanicWithError(t *testing.T) {
	te := tapeErr(t, "Zeros 4 TiB", func() { tape.Zeros(1<<20, 1<<20) })
	if want := "tape: shape [1048576 1048576] needs 4.0 TiB, more than the machine's memory"; te.Msg != want {
		t.Errorf("Zeros(1<<20, 1<<20): %q, want %q", te.Msg, want)
	}
	big := int64(1) << 40
	cases := []struct {
		name string
		f    func()
	}{
		{"Zeros overflow", func() { tape.Zeros(int(big), int(big)) }},
		{"Ones 1<<31 squared", func() { tape.Ones(1<<31, 1<<31) }},
		{"Fill", func() { tape.Fill([]int{1 << 62, 4}, 1) }},
		{"RandomNormal", func() { tape.RandomNormal([]int{1 << 30, 1 << 30}, 0, 1) }},
		{"RandomUniform", func() { tape.RandomUniform([]int{1 << 40}, 0, 1) }},
		{"Reshape", func() { tape.Reshape(tape.Zeros(4), 1<<40, 1<<40) }},
		{"OneHot depth", func() { tape.OneHot(tape.Constant([]int{1, 2}), 1<<45) }},
		{"Range", func() { tape.Range(0, 1e30, 1) }},
		{"Linspace", func() { tape.Linspace(0, 1, 1<<50) }},
		{"BroadcastTo", func() { tape.BroadcastTo(tape.Scalar(1), 1<<20, 1<<20) }},
		{"Add broadcast", func() { tape.Add(tape.Zeros(1<<20, 1), tape.Zeros(1, 1<<20)) }},
		{"Greater broadcast", func() { tape.Greater(tape.Zeros(1<<20, 1), tape.Zeros(1, 1<<20)) }},
		{"Constant of shape", func() { tape.Zeros(1<<21, 1<<21, 1<<21) }},
	}
	for _, c := range cases {
		te := tapeErr(t, c.name, c.f)
		if !strings.HasPrefix(te.Msg, "tape: ") || !strings.Contains(te.Msg, "more than the machine's memory") {
			t.Errorf("%s: message %q", c.name, te.Msg)
		}
	}
	if te := tapeErr(t, "negative", func() { tape.Zeros(2, -3) }); !strings.Contains(te.Msg, "negative dimension") {
		t.Errorf("Zeros(2, -3): %q", te.Msg)
	}
	if te := tapeErr(t, "negative depth", func() { tape.OneHot(tape.Constant([]int{1}), -1) }); !strings.Contains(te.Msg, "negative dimension") {
		t.Errorf("OneHot depth -1: %q", te.Msg)
	}
	// an empty tensor is fine whatever its other dimensions
	if z := tape.Zeros(0, 1<<40, 1<<40); z.Size() != 0 || len(z.Shape()) != 3 {
		t.Errorf("Zeros(0, 1<<40, 1<<40) = %v", z.Shape())
	}
	if r := tape.Range(5, 0, 1); r.Size() != 0 {
		t.Errorf("Range(5, 0, 1) has %d elements", r.Size())
	}
}
