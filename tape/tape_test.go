package tape_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/gotape/gotape/tape"
)

func approx(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-5*(1+math.Abs(want)) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func TestGradientOfIntermediate(t *testing.T) {
	x := tape.NewVariable(3.0)
	tp := tape.NewGradientTape(tape.Persistent(true))
	var y, z *tape.Tensor
	tp.Record(func() {
		y = x.Mul(x)
		z = y.Mul(y).Add(y) // z = y² + y
	})
	approx(t, "dz/dy", tp.Gradient(z, y).Float(), 2*9+1)
	approx(t, "dz/dx", tp.Gradient(z, x).Float(), (2*9+1)*6)
	approx(t, "dz/dz", tp.Gradient(z, z).Float(), 1)
}

func TestVariableReadsAccumulate(t *testing.T) {
	v := tape.NewVariable(2.0)
	tp := tape.NewGradientTape()
	var y *tape.Tensor
	tp.Record(func() {
		a := v.Square() // 4, reads v
		v.Assign(5.0)   // a later read sees the new value
		y = a.Mul(v)    // 4·5
	})
	// TF semantics: both reads are the same variable: dy/dv = 2·2·5 + 4 = 24
	approx(t, "y", y.Float(), 20)
	approx(t, "dy/dv", tp.Gradient(y, v).Float(), 24)
}

func TestPersistentHigherOrderOnOneTape(t *testing.T) {
	x := tape.NewVariable(2.0)
	tp := tape.NewGradientTape(tape.Persistent(true))
	var d1 *tape.Tensor
	tp.Record(func() {
		y := x.Pow(3)
		d1 = tp.Gradient(y, x) // recorded on the same persistent tape
	})
	approx(t, "d1", d1.Float(), 12)
	approx(t, "d2", tp.Gradient(d1, x).Float(), 12)
}

func TestThirdOrder(t *testing.T) {
	x := tape.NewVariable(0.5, tape.AsDType(tape.Float64))
	t3, t2, t1 := tape.NewGradientTape(), tape.NewGradientTape(), tape.NewGradientTape()
	var d1, d2 *tape.Tensor
	t3.Record(func() {
		t2.Record(func() {
			t1.Record(func() {
				d1 = nil
				y := tape.Sin(x.Value()).Mul(x)
				d1 = t1.Gradient(y, x)
			})
			d2 = t2.Gradient(d1, x)
		})
	})
	d3 := t3.Gradient(d2, x)
	// y = x sin x: y''' = -3 sin x - x cos x
	approx(t, "d3", d3.Float(), -3*math.Sin(0.5)-0.5*math.Cos(0.5))
}

func TestStopRecordingOnlyPausesThisTape(t *testing.T) {
	x := tape.NewVariable(3.0)
	outer, inner := tape.NewGradientTape(), tape.NewGradientTape()
	var a, b *tape.Tensor
	outer.Record(func() {
		inner.Record(func() {
			inner.StopRecording(func() { a = x.Square() })
			b = x.Square()
		})
	})
	if g := inner.Gradient(a, x); g != nil {
		t.Errorf("inner gradient of a value computed while stopped = %v, want None", g)
	}
	approx(t, "outer da/dx", outer.Gradient(a, x).Float(), 6)
	_ = b
}

func TestNonPersistentJacobianReuse(t *testing.T) {
	x := tape.Constant([]float64{1, 2})
	tp, y := watched(x, func(x *tape.Tensor) *tape.Tensor { return x.Square() })
	_ = tp.Jacobian(y, x)
	err := tape.Try(func() { tp.Jacobian(y, x) })
	var te *tape.Error
	if !errors.As(err, &te) || err.Error() != "A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)" {
		t.Errorf("second Jacobian: %v", err)
	}
}

func TestShapeErrorsAreTyped(t *testing.T) {
	cases := []struct {
		f    func()
		want string
	}{
		{func() { tape.MatMul(tape.Ones(2, 3), tape.Ones(2, 3)) }, "tape: MatMul: incompatible shapes (2, 3) and (2, 3)"},
		{func() { tape.Mul(tape.Ones(3), tape.Ones(4)) }, "tape: Mul: incompatible shapes (3,) and (4,)"},
		{func() { tape.Reshape(tape.Ones(6), 4, -1) }, "tape: Reshape: cannot reshape a tensor of shape (6,) into [4 -1]"},
		{func() { tape.Conv2D(tape.Ones(1, 4, 4, 2), tape.Ones(3, 3, 3, 1), 1, "VALID") }, "tape: Conv2D: input (1, 4, 4, 2) (NHWC) and kernel (3, 3, 3, 1) (HWIO) do not match"},
		{func() { tape.Add(tape.Ones(1), tape.Constant(1.0, tape.Float64)) }, "tape: Add: dtype mismatch: float32 and float64"},
		{func() { tape.Concat([]*tape.Tensor{tape.Ones(2, 2), tape.Ones(3, 3)}, 0) }, "tape: Concat: shapes (2, 2) and (3, 3) differ outside axis 0"},
		{func() { tape.Gather(tape.Ones(3), tape.Constant([]int{5}), 0) }, "tape: Gather: index 5 out of range [0, 3)"},
		{func() { tape.NewGradientTape().Watch("x") }, "tape: Watch: cannot watch string (want *Tensor or *Variable)"},
		{func() { tape.ReduceSum(tape.Constant([]bool{true}), nil, false) }, "tape: ReduceSum: not defined for bool tensors (Cast them first)"},
	}
	for _, c := range cases {
		err := tape.Try(c.f)
		var te *tape.Error
		if !errors.As(err, &te) {
			t.Errorf("want *tape.Error %q, got %v", c.want, err)
			continue
		}
		if err.Error() != c.want {
			t.Errorf("got %q, want %q", err, c.want)
		}
	}
}

func TestRecordRestoresAfterPanic(t *testing.T) {
	x := tape.NewVariable(1.0)
	tp := tape.NewGradientTape()
	err := tape.Try(func() {
		tp.Record(func() { tape.Add(tape.Ones(2), tape.Ones(3)) })
	})
	if err == nil {
		t.Fatal("want an error")
	}
	// nothing records any more: a new op is not connected to tp
	y := x.Square()
	if g := tp.Gradient(y, x); g != nil {
		t.Errorf("tape kept recording after a panic: %v", g)
	}
}

func TestTryPassesNonErrorPanics(t *testing.T) {
	defer func() {
		if r := recover(); r != "boom" {
			t.Errorf("recovered %v, want boom", r)
		}
	}()
	_ = tape.Try(func() { panic("boom") })
}

// The linear-regression update rounds like TensorFlow's float32: p -= float32(0.001)·g.
func TestFloat32Semantics(t *testing.T) {
	a := tape.NewVariable(0.3)
	x := tape.Range(0, 11, 1)
	y := x.Mul(10).Add(5)
	af := float32(0.3)
	for range 50 {
		tp := tape.NewGradientTape()
		var loss *tape.Tensor
		tp.Record(func() { loss = tape.Abs(y.Sub(a.Mul(x))) })
		g := tp.Gradient(loss, a)
		a.AssignSub(g.Mul(0.001))
		// the same in float32 by hand
		var gf float32
		for i := range 11 {
			xi := float32(i)
			r := (10*xi + 5) - af*xi
			if r > 0 {
				gf -= xi
			} else if r < 0 {
				gf += xi
			}
		}
		af -= float32(0.001) * gf
	}
	if float32(a.Float()) != af {
		t.Errorf("a = %v, float32 simulation %v", float32(a.Float()), af)
	}
	if a.DType() != tape.Float32 || tape.Constant(0.1).Float() != float64(float32(0.1)) {
		t.Error("default dtype is not float32")
	}
}

func TestGraphAfterGradient(t *testing.T) {
	x := tape.Constant([]float64{1, 2})
	tp, y := watched(x, func(x *tape.Tensor) *tape.Tensor { return tape.ReduceSum(x.Mul(x), nil, false) })
	tp.Gradient(y, x)
	g := tp.Graph()
	if len(g.Nodes) != 3 || g.Nodes[0].Kind != "watched" || g.Nodes[1].Op != "Mul" || g.Nodes[2].Op != "ReduceSum" {
		t.Fatalf("graph %+v", g.Nodes)
	}
	if got := g.Nodes[0].Grad.Floats(); got[0] != 2 || got[1] != 4 {
		t.Errorf("gradient at the source %v, want [2 4]", got)
	}
	if !strings.Contains(g.Nodes[2].Value.String(), "5.0") {
		t.Errorf("value %v", g.Nodes[2].Value)
	}
}

func TestNumpyConversions(t *testing.T) {
	if v := tape.Constant([]float64{1, 2}, tape.Float64).Numpy().([]float64); v[1] != 2 {
		t.Error(v)
	}
	if v := tape.Constant([][]int{{1}, {2}}).Numpy().([][]int32); v[1][0] != 2 {
		t.Error(v)
	}
	if v := tape.ArgMax(tape.Constant([]float64{1, 3, 2}), 0).Numpy().(int64); v != 1 {
		t.Error(v)
	}
	if v := tape.Constant([]bool{true}).Numpy().([]bool); !v[0] {
		t.Error(v)
	}
}

func TestConstantErrors(t *testing.T) {
	if err := tape.Try(func() { tape.Constant([][]float64{{1, 2}, {3}}) }); err == nil || !strings.Contains(err.Error(), "ragged") {
		t.Errorf("ragged: %v", err)
	}
	if err := tape.Try(func() { tape.Constant(struct{}{}) }); err == nil {
		t.Error("struct accepted")
	}
	x := tape.Constant([]any{1, 2.5})
	if x.DType() != tape.Float32 || x.At(1) != 2.5 {
		t.Errorf("mixed ints and floats: %v", x)
	}
}

func TestJacobianUnconnectedIsNone(t *testing.T) {
	x, u := tape.Constant([]float64{1, 2}), tape.Constant([]float64{3, 4})
	tp := tape.NewGradientTape(tape.Persistent(true))
	var y *tape.Tensor
	tp.Record(func() {
		tp.Watch(x, u)
		y = x.Square()
	})
	if j := tp.Jacobian(y, u); j != nil {
		t.Errorf("Jacobian of an unconnected source = %v, want None", j)
	}
	if j := tp.BatchJacobian(y.Reshape(2, 1), u); j != nil {
		t.Errorf("BatchJacobian of an unconnected source = %v, want None", j)
	}
	if j := tp.Jacobian(y, x); j == nil || j.At(1, 1) != 4 || j.At(0, 1) != 0 {
		t.Errorf("Jacobian = %v", j)
	}
}

func TestWatchVariableValue(t *testing.T) {
	v := tape.NewVariable(2.0)
	tp := tape.NewGradientTape(tape.WatchAccessedVariables(false), tape.Persistent(true))
	var y *tape.Tensor
	tp.Record(func() {
		tp.Watch(v.Value())
		y = v.Square()
	})
	approx(t, "dy/dv", tp.Gradient(y, v).Float(), 4)
	approx(t, "dy/dv.Value()", tp.Gradient(y, v.Value()).Float(), 4)
	if w := tp.WatchedVariables(); len(w) != 1 || w[0] != v {
		t.Errorf("watched %v", w)
	}
}
