package tape_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/tapetest"
)

// Tests of the vectorized Jacobian: every differentiable op of the gradient table, with
// batching on and off, against central differences; second order (the Jacobian of a
// gradient, recorded by an outer tape); chunked passes.

// jacobianCases returns, for every differentiable row of the gradient table and every input,
// the function of that one input and the point to differentiate at.
func jacobianCases(rng *rand.Rand) (names []string, fs []func(*tape.Tensor) *tape.Tensor, xs []*tape.Tensor, rows []opCase) {
	for i, c := range opTable {
		if c.noGrad {
			continue
		}
		in := c.inputs(rng)
		for k := range in {
			others := append([]*tape.Tensor(nil), in...)
			fn := c.fn
			names = append(names, fmt.Sprintf("row %d %s input %d", i, c.name, k))
			fs = append(fs, func(x *tape.Tensor) *tape.Tensor {
				args := append([]*tape.Tensor(nil), others...)
				args[k] = x
				return fn(args)
			})
			xs = append(xs, in[k])
			rows = append(rows, c)
		}
	}
	return
}

func tolOf(c opCase) (eps, tol float64) {
	eps, tol = 1e-6, 1e-6
	if c.eps != 0 {
		eps = c.eps
	}
	if c.tol != 0 {
		tol = c.tol
	}
	return eps, tol * 10
}

func TestJacobianEveryOp(t *testing.T) {
	for _, batched := range []bool{true, false} {
		restore := tape.SetJacobianBatching(batched, 0)
		names, fs, xs, rows := jacobianCases(rand.New(rand.NewPCG(21, 22)))
		for i := range fs {
			eps, tol := tolOf(rows[i])
			if err := tapetest.CheckJacobian(fs[i], xs[i], eps, tol); err != nil {
				t.Errorf("batched=%v %s: %v", batched, names[i], err)
			}
		}
		restore()
	}
}

// hessian returns the Jacobian of the tape gradient of sum(f(x)): the Hessian of sum(f).
func hessian(f func(*tape.Tensor) *tape.Tensor, x *tape.Tensor) *tape.Tensor {
	outer := tape.NewGradientTape()
	outer.Watch(x)
	var g *tape.Tensor
	outer.Record(func() {
		inner := tape.NewGradientTape()
		inner.Watch(x)
		var y *tape.Tensor
		inner.Record(func() { y = tape.ReduceSum(f(x), nil, false) })
		g = inner.Gradient(y, x)
	})
	if g == nil {
		return nil
	}
	return outer.Jacobian(g, x)
}

// TestHessianEveryOp compares the batched Hessian (outer Jacobian over the recorded gradient
// ops) with the per-row one and with central differences of the tape gradient.
func TestHessianEveryOp(t *testing.T) {
	names, fs, xs, rows := jacobianCases(rand.New(rand.NewPCG(23, 24)))
	for i := range fs {
		if rows[i].noOrder2 {
			continue
		}
		f, x := fs[i], xs[i]
		restore := tape.SetJacobianBatching(true, 0)
		hb := hessian(f, x)
		restore()
		restore = tape.SetJacobianBatching(false, 0)
		hl := hessian(f, x)
		restore()
		if (hb == nil) != (hl == nil) {
			t.Errorf("%s: batched Hessian nil=%v, per-row nil=%v", names[i], hb == nil, hl == nil)
			continue
		}
		if hb == nil {
			continue
		}
		if err := closeTo(hb, hl, 1e-9); err != "" {
			t.Errorf("%s: batched vs per-row Hessian: %s", names[i], err)
		}
		grad := func(v *tape.Tensor) *tape.Tensor {
			tp := tape.NewGradientTape()
			tp.Watch(v)
			var y *tape.Tensor
			tp.Record(func() { y = tape.ReduceSum(f(v), nil, false) })
			return tp.Gradient(y, v, tape.UnconnectedZero)
		}
		eps, tol := tolOf(rows[i])
		if err := tapetest.CheckJacobian(grad, x, eps*10, tol*1e3); err != nil {
			t.Errorf("%s: Hessian: %v", names[i], err)
		}
	}
}

// TestJacobianChunks forces small chunks (several batched passes, the last one shorter).
func TestJacobianChunks(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	w := tapetest.RandomInputs([][]int{{7, 5}}, func() float64 { return rng.Float64() - 0.5 })[0]
	x := tapetest.RandomInputs([][]int{{5}}, func() float64 { return rng.Float64() - 0.5 })[0]
	f := func(v *tape.Tensor) *tape.Tensor {
		return tape.Sin(tape.Reshape(tape.MatMul(w, tape.Reshape(v, 5, 1)), 7))
	}
	for _, budget := range []int{7, 20, 1 << 20} {
		restore := tape.SetJacobianBatching(true, budget)
		if err := tapetest.CheckJacobian(f, x, 1e-6, 1e-6); err != nil {
			t.Errorf("budget %d: %v", budget, err)
		}
		if h := hessian(f, x); h == nil {
			t.Errorf("budget %d: nil Hessian", budget)
		} else if err := closeTo(h, hessianNumeric(f, x), 1e-5); err != "" {
			t.Errorf("budget %d: Hessian: %s", budget, err)
		}
		restore()
	}
	xb := tapetest.RandomInputs([][]int{{3, 5}}, func() float64 { return rng.Float64() - 0.5 })[0]
	fb := func(v *tape.Tensor) *tape.Tensor { return tape.Tanh(tape.MatMul(v, tape.Transpose(w))) }
	for _, budget := range []int{21, 1 << 20} {
		restore := tape.SetJacobianBatching(true, budget)
		if err := tapetest.CheckBatchJacobian(fb, xb, 1e-6, 1e-6); err != nil {
			t.Errorf("BatchJacobian budget %d: %v", budget, err)
		}
		restore()
	}
}

// hessianNumeric is the Hessian of sum(f) by central differences of sum(f) itself.
func hessianNumeric(f func(*tape.Tensor) *tape.Tensor, x *tape.Tensor) *tape.Tensor {
	d := x.Floats()
	n := len(d)
	s := func(v []float64) float64 {
		return tape.ReduceSum(f(tapetest.New64(v, x.Shape()...)), nil, false).Float()
	}
	const h = 1e-4
	out := make([]float64, n*n)
	for i := range n {
		for j := range n {
			v := append([]float64(nil), d...)
			v[i] += h
			v[j] += h
			pp := s(v)
			v[j] -= 2 * h
			pm := s(v)
			v[i] -= 2 * h
			mm := s(v)
			v[j] += 2 * h
			mp := s(v)
			out[i*n+j] = (pp - pm - mp + mm) / (4 * h * h)
		}
	}
	return tapetest.New64(out, append(x.Shape(), x.Shape()...)...)
}

// TestJacobianThirdOrder differentiates a batched Jacobian once more: an outermost tape
// records the batched pass of the Hessian.
func TestJacobianThirdOrder(t *testing.T) {
	x := tapetest.New64([]float64{0.3, -0.7}, 2)
	f := func(v *tape.Tensor) *tape.Tensor { return tape.PowScalar(v, 4) } // Σ x⁴: H = diag(12x²)
	top := tape.NewGradientTape()
	top.Watch(x)
	var h *tape.Tensor
	top.Record(func() { h = hessian(f, x) })
	want := []float64{12 * 0.09, 0, 0, 12 * 0.49}
	for i, v := range h.Floats() {
		if d := v - want[i]; d > 1e-9 || d < -1e-9 {
			t.Fatalf("Hessian %v, want %v", h.Floats(), want)
		}
	}
	// d/dx Σ H = d/dx Σ 12x² = 24x
	g := top.Gradient(h, x)
	if g == nil || abs(g.Floats()[0]-24*0.3) > 1e-9 || abs(g.Floats()[1]+24*0.7) > 1e-9 {
		t.Fatalf("third-order gradient %v, want [7.2 -16.8]", g)
	}
}
