package interp

import (
	"strings"
	"testing"
)

// tp.Start()/tp.Stop() in cells: a recording may span cells, and a cell that fails stops
// the tapes it left recording (as an exception leaves a `with` block), so later cells are
// not recorded on a dead tape.
func TestStartStopCells(t *testing.T) {
	e := New()
	steps := []step{
		{code: "x := tape.NewVariable(3.0)\ntp := tape.NewGradientTape()\ntp.Start()\ny := x.Sub(4).Pow(2)", result: ""},
		{code: "tp.Stop()\ntp.Gradient(y, x)", result: "<tf.Tensor: shape=(), dtype=float32, numpy=-2.0>"},
		{code: "tp2 := tape.NewGradientTape()\ntp2.Start()\nz := x.Mul(x)\npanic(\"boom\")", errName: "panic", errHas: "boom"},
		{code: "w := x.Mul(x).Mul(x)\ntp2.Gradient(w, x)", result: "None"},
		{code: "tp2.Stop()", errName: "panic", errHas: "Stop without Start"},
		// The seed regression in its fast form, a few steps.
		{code: `xs := tape.Range(0, 11, 1)
ys := xs.Mul(10).Add(5)
a := tape.NewVariable(1.0)
b := tape.NewVariable(2.0)
vars := []*tape.Variable{a, b}
opt := optim.NewSGD(0.001)
for i := 0; i < 3; i++ {
	tp := tape.NewGradientTape()
	tp.Start()
	loss := ys.Sub(a.Mul(xs).Add(b)).Abs()
	tp.Stop()
	opt.MinimizeTape(loss, vars, tp)
}
[]float64{a.Float(), b.Float()}`, result: "[1.1649998426437378 2.0329997539520264]"},
	}
	for i, s := range steps {
		r := run(t, e, s.code)
		if s.errName == "" && r.err != nil {
			t.Fatalf("step %d %q: unexpected error %s: %s\n%s", i, s.code, r.err.Name, r.err.Value, strings.Join(r.err.Traceback, "\n"))
		}
		if s.errName != "" && (r.err == nil || r.err.Name != s.errName || !strings.Contains(r.err.Value, s.errHas)) {
			t.Errorf("step %d %q: error %+v, want %s containing %q", i, s.code, r.err, s.errName, s.errHas)
		}
		if r.result != s.result {
			t.Errorf("step %d %q: result %q, want %q", i, s.code, r.result, s.result)
		}
	}
}
