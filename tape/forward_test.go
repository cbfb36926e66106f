package tape_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/tapetest"
)

// The tf.autodiff.ForwardAccumulator docs' first example: the JVP of x² at 2 along 1.
func ExampleForwardAccumulator() {
	x := tape.Constant(2.0)
	acc := tape.NewForwardAccumulator(x, tape.Constant(1.0))
	var y *tape.Tensor
	acc.Record(func() {
		y = x.Mul(x)
	})
	fmt.Println(acc.JVP(y))
	// Output:
	// tf.Tensor(4.0, shape=(), dtype=float32)
}

// JVP evaluates a function and its directional derivative in one forward pass.
func ExampleJVP() {
	f := func(x *tape.Tensor) *tape.Tensor { return tape.Sin(x).Mul(x) }
	y, jvp := tape.JVP(f, tape.Constant([]float64{0, 1}), tape.Constant([]float64{1, 1}))
	fmt.Println(y)
	fmt.Println(jvp) // sin x + x cos x
	// Output:
	// tf.Tensor([0.         0.84147096], shape=(2,), dtype=float32)
	// tf.Tensor([0.        1.3817732], shape=(2,), dtype=float32)
}

// HVP gives ∇²f(x)·v without building the Hessian: for f = Σ x³, 6x·v.
func ExampleHVP() {
	f := func(x *tape.Tensor) *tape.Tensor { return tape.ReduceSum(x.Pow(3.0), nil, false) }
	fmt.Println(tape.HVP(f, tape.Constant([]float64{1, 2, 3}), tape.Constant([]float64{1, 1, 0})))
	// Output:
	// tf.Tensor([ 6. 12.  0.], shape=(3,), dtype=float32)
}

// Reverse over forward: a tape records the tangent computation, so the JVP can be
// differentiated (d/dx of (d/dx x³)·1 is 6x).
func TestReverseOverForward(t *testing.T) {
	x := tape.Constant(2.0)
	tp := tape.NewGradientTape()
	var jvp *tape.Tensor
	tp.Record(func() {
		tp.Watch(x)
		acc := tape.NewForwardAccumulator(x, tape.Constant(1.0))
		acc.Record(func() {
			y := x.Mul(x).Mul(x)
			jvp = acc.JVP(y)
		})
	})
	if got := jvp.Float(); got != 12 {
		t.Errorf("JVP = %v, want 12", got)
	}
	if got := tp.Gradient(jvp, x).Float(); got != 12 {
		t.Errorf("d/dx JVP = %v, want 12", got)
	}
}

// Forward over forward: an outer accumulator differentiates the inner one's tangents.
func TestForwardOverForward(t *testing.T) {
	x := tape.Constant(3.0)
	outer := tape.NewForwardAccumulator(x, tape.Constant(1.0))
	var d2 *tape.Tensor
	outer.Record(func() {
		inner := tape.NewForwardAccumulator(x, tape.Constant(1.0))
		var y *tape.Tensor
		inner.Record(func() { y = tape.Sin(x) })
		d2 = outer.JVP(inner.JVP(y)) // d²/dx² sin x = -sin x
	})
	want := -tape.Sin(x).Float()
	if got := d2.Float(); got != want {
		t.Errorf("second derivative %v, want %v", got, want)
	}
}

func TestForwardAccumulatorStartStop(t *testing.T) {
	x := tape.Constant([]float64{1, 2}, tape.Float64)
	acc := tape.NewForwardAccumulator([]*tape.Tensor{x}, []any{[]float64{1, 1}})
	acc.Start()
	y := tape.Exp(x)
	acc.Stop()
	z := tape.Exp(y) // after Stop: not recorded
	if g := acc.JVP(y).Floats(); g[0] != y.Floats()[0] || g[1] != y.Floats()[1] {
		t.Errorf("JVP of exp = %v, want %v", g, y.Floats())
	}
	if acc.JVP(z) != nil {
		t.Error("an op after Stop has a tangent")
	}
	if got := acc.JVP(tape.Constant(1.0), tape.UnconnectedZero).Float(); got != 0 {
		t.Errorf("UnconnectedZero gives %v", got)
	}
	err := tape.Try(func() { acc.Stop() })
	if err == nil || !strings.Contains(err.Error(), "Stop without Start") {
		t.Errorf("a second Stop: %v", err)
	}
	acc.Start()
	tape.StopAll() // a failed cell stops accumulators too
	if w := tape.Exp(x); acc.JVP(w) != nil {
		t.Error("StopAll left the accumulator recording")
	}
}

func TestForwardAccumulatorErrors(t *testing.T) {
	for _, c := range []struct {
		f    func()
		want string
	}{
		{func() { tape.NewForwardAccumulator(tape.Constant(1), tape.Constant(1)) }, "must be floating"},
		{func() { tape.NewForwardAccumulator(tape.Ones(2), tape.Ones(3)) }, "a tangent of shape (3,) for a primal of shape (2,)"},
		{func() { tape.NewForwardAccumulator([]*tape.Tensor{tape.Ones(2)}, []any{}) }, "1 primals and 0 tangents"},
	} {
		if err := tape.Try(c.f); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want %q", err, c.want)
		}
	}
}

// The transforms agree with finite differences on a composite function, in float64.
func TestJVPAndHVP(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	xs := tapetest.RandomInputs([][]int{{3}}, func() float64 { return rng.Float64()*2 - 1 })
	f := func(x *tape.Tensor) *tape.Tensor {
		return tape.ReduceSum(tape.Tanh(tape.MatMul(tape.Reshape(x, 1, 3), tape.Reshape(tape.Exp(x), 3, 1))), nil, false)
	}
	fn := func(xs []*tape.Tensor) *tape.Tensor { return f(xs[0]) }
	if err := tapetest.CheckJVP(fn, xs, rng, 1e-6, 1e-6); err != nil {
		t.Error(err)
	}
	v := tapetest.RandomTangents(xs, rng)[0]
	hv := tape.HVP(f, xs[0], v)
	// the Hessian column by column from nested tapes, times v
	var want []float64
	outer := tape.NewGradientTape()
	var g *tape.Tensor
	outer.Record(func() {
		outer.Watch(xs[0])
		inner := tape.NewGradientTape()
		var y *tape.Tensor
		inner.Record(func() {
			inner.Watch(xs[0])
			y = f(xs[0])
		})
		g = inner.Gradient(y, xs[0])
	})
	h := outer.Jacobian(g, xs[0]).Floats()
	for i := range 3 {
		s := 0.0
		for j := range 3 {
			s += h[i*3+j] * v.Floats()[j]
		}
		want = append(want, s)
	}
	for i, got := range hv.Floats() {
		if d := got - want[i]; d > 1e-9 || d < -1e-9 {
			t.Errorf("HVP[%d] = %v, want %v", i, got, want[i])
		}
	}
}
