package tape_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gotape/gotape/tape"
)

// TestJacobianOptions: UsePfor(false) gives the vectorized result, UnconnectedZero zeros of
// the full shape, OutputGradients is refused.
func TestJacobianOptions(t *testing.T) {
	x := tape.Constant([][]float64{{1, 2}, {3, 4}, {5, 6}}, tape.Float64)
	u := tape.Constant([]float64{1, 2}, tape.Float64)
	tp, y := watched(x, func(x *tape.Tensor) *tape.Tensor { return tape.ELU(tape.Sin(x).Mul(x)) }, tape.Persistent(true))
	a, b := tp.Jacobian(y, x), tp.Jacobian(y, x, tape.UsePfor(false))
	if err := closeTo(a, b, 1e-12); err != "" {
		t.Errorf("Jacobian with and without pfor: %s", err)
	}
	ba, bb := tp.BatchJacobian(y, x), tp.BatchJacobian(y, x, tape.UsePfor(false))
	if err := closeTo(ba, bb, 1e-12); err != "" {
		t.Errorf("BatchJacobian with and without pfor: %s", err)
	}
	if tp.Jacobian(y, u) != nil {
		t.Error("unconnected Jacobian is not nil")
	}
	z := tp.Jacobian(y, u, tape.UnconnectedZero)
	if got := z.Shape().String(); got != "(3, 2, 2)" || tape.ReduceMax(tape.Abs(z), nil, false).Float() != 0 {
		t.Errorf("unconnected Jacobian with UnconnectedZero: %v", z)
	}
	w := tape.Constant([][]float64{{1}, {2}, {3}}, tape.Float64)
	if zb := tp.BatchJacobian(y, w, tape.UnconnectedZero); zb.Shape().String() != "(3, 2, 1)" {
		t.Errorf("unconnected BatchJacobian with UnconnectedZero: shape %v", zb.Shape())
	}
	if err := tape.Try(func() { tp.Jacobian(y, x, tape.OutputGradients(y)) }); err == nil {
		t.Error("Jacobian accepted OutputGradients")
	}
}

func TestGradientMapZeros(t *testing.T) {
	a, b := tape.NewVariable(2.0), tape.NewVariable([]float64{1, 2})
	tp := tape.NewGradientTape()
	var y *tape.Tensor
	tp.Record(func() { y = a.Square() })
	g := tp.GradientMap(y, map[string]any{"a": a, "b": b}, tape.UnconnectedZero)
	if len(g) != 2 || g["a"].String() != "tf.Tensor(4.0, shape=(), dtype=float32)" ||
		g["b"].String() != "tf.Tensor([0. 0.], shape=(2,), dtype=float32)" {
		t.Errorf("GradientMap: %v", g)
	}
	var none *tape.Variable
	for src, want := range map[any]string{3.0: `tape: GradientMap: source "n" must be a *Tensor or *Variable, got float64`,
		none: `tape: GradientMap: source "n" is a nil *Variable`} {
		err := tape.Try(func() { tp.GradientMap(y, map[string]any{"a": a, "n": src}) })
		if err == nil || err.Error() != want {
			t.Errorf("GradientMap with a bad source: %v, want %q", err, want)
		}
	}
}

func TestConstraintErrors(t *testing.T) {
	v := tape.NewVariable([]float64{1, 2}, tape.Constraint(func(x *tape.Tensor) *tape.Tensor { return nil }))
	if err := tape.Try(v.ApplyConstraint); err == nil || !strings.Contains(err.Error(), "returned nil") {
		t.Errorf("nil constraint result: %v", err)
	}
	v = tape.NewVariable([]float64{1, 2}, tape.Constraint(func(x *tape.Tensor) *tape.Tensor { return tape.ReduceSum(x, nil, false) }))
	if err := tape.Try(v.ApplyConstraint); err == nil || !strings.Contains(err.Error(), "shape") {
		t.Errorf("constraint changing the shape: %v", err)
	}
	if !v.HasConstraint() || tape.NewVariable(1.0).HasConstraint() {
		t.Error("HasConstraint")
	}
	// a constraint runs without recording: a tape that records meanwhile sees nothing
	w := tape.NewVariable(-1.0, tape.Constraint(func(x *tape.Tensor) *tape.Tensor { return tape.ReLU(x) }))
	tp := tape.NewGradientTape()
	tp.Record(func() { w.ApplyConstraint() })
	if n := len(tp.Graph().Nodes); n != 0 || w.Float() != 0 {
		t.Errorf("constraint recorded %d nodes, value %v", n, w.Float())
	}
	if w.AssignAdd(2.0) != w || w.Float() != 2 {
		t.Error("AssignAdd does not return the variable")
	}
}

// TestWarnings: each Watch of an integer tensor or variable warns, float ones do not.
func TestWarnings(t *testing.T) {
	var buf bytes.Buffer
	tape.SetWarnOutput(&buf)
	defer tape.SetWarnOutput(nil)
	tp := tape.NewGradientTape()
	tp.Watch(tape.Constant(1.0), tape.NewVariable(1.0))
	if buf.Len() != 0 {
		t.Errorf("float watch warned: %q", buf.String())
	}
	tp.Watch(tape.Constant([]bool{true}), tape.NewVariable(3, tape.AsDType(tape.Int64)))
	want := "WARNING:tensorflow:The dtype of the watched tensor must be floating (e.g. tf.float32), got tf.bool\n" +
		"WARNING:tensorflow:The dtype of the watched tensor must be floating (e.g. tf.float32), got tf.int64\n"
	if buf.String() != want {
		t.Errorf("warnings %q, want %q", buf.String(), want)
	}
}
