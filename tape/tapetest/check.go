package tapetest

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/gotape/gotape/tape"
)

// Func is a function of tensors under test.
type Func func(xs []*tape.Tensor) *tape.Tensor

// New64 makes a float64 tensor of the given shape from flat data.
func New64(data []float64, shape ...int) *tape.Tensor {
	t := tape.Constant(append([]float64{}, data...), tape.Float64)
	if len(shape) == 0 {
		return tape.Reshape(t)
	}
	return tape.Reshape(t, shape...)
}

// RandomInputs returns float64 tensors of the given shapes with values drawn by gen.
func RandomInputs(shapes [][]int, gen func() float64) []*tape.Tensor {
	xs := make([]*tape.Tensor, len(shapes))
	for i, s := range shapes {
		n := 1
		for _, d := range s {
			n *= d
		}
		data := make([]float64, n)
		for j := range data {
			data[j] = gen()
		}
		xs[i] = New64(data, s...)
	}
	return xs
}

func sum(t *tape.Tensor) float64 {
	s := 0.0
	for _, v := range t.Floats() {
		s += v
	}
	return s
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

func replace(xs []*tape.Tensor, i int, t *tape.Tensor) []*tape.Tensor {
	ys := append([]*tape.Tensor{}, xs...)
	ys[i] = t
	return ys
}

// NumericGradient returns central differences of sum(f(xs)) with respect to every float
// input (nil for integer inputs), with step eps.
func NumericGradient(f Func, xs []*tape.Tensor, eps float64) []*tape.Tensor {
	return numericGradientOf(func(xs []*tape.Tensor) float64 { return sum(f(xs)) }, xs, eps)
}

func numericGradientOf(f func([]*tape.Tensor) float64, xs []*tape.Tensor, eps float64) []*tape.Tensor {
	out := make([]*tape.Tensor, len(xs))
	for i, x := range xs {
		if !x.DType().IsFloat() {
			continue
		}
		data := x.Floats()
		g := make([]float64, len(data))
		for j := range data {
			orig := data[j]
			data[j] = orig + eps
			fp := f(replace(xs, i, New64(data, x.Shape()...)))
			data[j] = orig - eps
			fm := f(replace(xs, i, New64(data, x.Shape()...)))
			data[j] = orig
			g[j] = (fp - fm) / (2 * eps)
		}
		out[i] = New64(g, x.Shape()...)
	}
	return out
}

// TapeGradient returns the tape's gradient of sum(f(xs)) with respect to every input.
func TapeGradient(f Func, xs []*tape.Tensor) []*tape.Tensor {
	tp, y := recordOn(f, xs)
	return tp.GradientsOf([]*tape.Tensor{y}, sources(xs))
}

// recordOn returns a tape that watched every input while it recorded y = f(xs).
func recordOn(f Func, xs []*tape.Tensor) (*tape.GradientTape, *tape.Tensor) {
	tp := tape.NewGradientTape()
	var y *tape.Tensor
	tp.Record(func() {
		for _, x := range xs {
			tp.Watch(x)
		}
		y = f(xs)
	})
	return tp, y
}

// recordOn1 is recordOn for a function of one tensor.
func recordOn1(f func(*tape.Tensor) *tape.Tensor, x *tape.Tensor) (*tape.GradientTape, *tape.Tensor) {
	return recordOn(func(xs []*tape.Tensor) *tape.Tensor { return f(xs[0]) }, []*tape.Tensor{x})
}

// normals returns n standard normal draws from rng.
func normals(rng *rand.Rand, n int) []float64 {
	v := make([]float64, n)
	for j := range v {
		v[j] = rng.NormFloat64()
	}
	return v
}

// compare returns an error when a and b differ by more than tol·(1+|b|) somewhere.
func compare(what string, a, b *tape.Tensor, tol float64) error {
	if a == nil || b == nil {
		if a == nil && b == nil {
			return nil
		}
		return fmt.Errorf("%s: one gradient is nil (tape %v, numeric %v)", what, a == nil, b == nil)
	}
	as, bs := a.Shape(), b.Shape()
	if fmt.Sprint(as) != fmt.Sprint(bs) {
		return fmt.Errorf("%s: shapes %v and %v", what, as, bs)
	}
	av, bv := a.Floats(), b.Floats()
	for i := range av {
		if d := math.Abs(av[i] - bv[i]); !(d <= tol*(1+math.Abs(bv[i]))) {
			return fmt.Errorf("%s: element %d: tape %.10g, numeric %.10g (diff %.3g > tol %.3g)", what, i, av[i], bv[i], d, tol)
		}
	}
	return nil
}

// CheckGradient compares the tape gradient of sum(f(xs)) with central differences.
// noGrad lists inputs that must get no gradient (integer or unconnected inputs).
func CheckGradient(f Func, xs []*tape.Tensor, eps, tol float64) error {
	tg := TapeGradient(f, xs)
	ng := NumericGradient(f, xs, eps)
	return compareGradients("", xs, tg, ng, tol, true)
}

// compareGradients compares tape gradients tg with numeric ones ng, input by input (what
// prefixes the error). A missing tape gradient counts as zeros; with strictNil an input
// without a numeric gradient must have no tape gradient either, else it is skipped.
func compareGradients(what string, xs, tg, ng []*tape.Tensor, tol float64, strictNil bool) error {
	for i := range xs {
		if ng[i] == nil {
			if strictNil && tg[i] != nil {
				return fmt.Errorf("input %d (%s): gradient should be nil", i, xs[i].DType())
			}
			continue
		}
		if tg[i] == nil {
			tg[i] = tape.ZerosLike(xs[i])
		}
		if err := compare(fmt.Sprintf("%sinput %d", what, i), tg[i], ng[i], tol); err != nil {
			return err
		}
	}
	return nil
}

// CheckVJP is the random-direction dot-product test: for random u (output-shaped) and v
// (input-shaped), ⟨u, J v⟩ by a central difference along v must equal ⟨VJP(u), v⟩ from the
// tape (output_gradients = u).
func CheckVJP(f Func, xs []*tape.Tensor, rng *rand.Rand, eps, tol float64) error {
	y := f(xs)
	u := normals(rng, y.Size())
	ut := New64(u, y.Shape()...)
	if !y.DType().IsFloat() {
		return nil
	}
	if y.DType() != tape.Float64 {
		ut = tape.Cast(ut, y.DType())
	}
	tp, y := recordOn(f, xs)
	gs := tp.GradientsOf([]*tape.Tensor{y}, sources(xs), tape.OutputGradients(ut))
	vs := make([][]float64, len(xs))
	lhs := 0.0
	plus := append([]*tape.Tensor{}, xs...)
	minus := append([]*tape.Tensor{}, xs...)
	for i, x := range xs {
		if !x.DType().IsFloat() {
			continue
		}
		v := normals(rng, x.Size())
		vs[i] = v
		if gs[i] != nil {
			lhs += dot(gs[i].Floats(), v)
		}
		d := x.Floats()
		p, m := make([]float64, len(d)), make([]float64, len(d))
		for j := range d {
			p[j] = d[j] + eps*v[j]
			m[j] = d[j] - eps*v[j]
		}
		plus[i] = New64(p, x.Shape()...)
		minus[i] = New64(m, x.Shape()...)
	}
	yp, ym := f(plus).Floats(), f(minus).Floats()
	jv := make([]float64, len(yp))
	for i := range jv {
		jv[i] = (yp[i] - ym[i]) / (2 * eps)
	}
	rhs := dot(u, jv)
	if d := math.Abs(lhs - rhs); !(d <= tol*(1+math.Abs(rhs))) {
		return fmt.Errorf("VJP dot-product test: ⟨VJP(u), v⟩ = %.10g, ⟨u, Jv⟩ = %.10g (diff %.3g)", lhs, rhs, d)
	}
	return nil
}

// CheckSecondOrder checks gradients of gradients: with nested tapes it computes
// h(xs) = Σ_i ⟨∂sum(f)/∂x_i, w_i⟩ for fixed random w and compares its tape gradient with
// central differences of the first-order tape gradient.
func CheckSecondOrder(f Func, xs []*tape.Tensor, rng *rand.Rand, eps, tol float64) error {
	ws := make([]*tape.Tensor, len(xs))
	for i, x := range xs {
		w := make([]float64, x.Size())
		for j := range w {
			w[j] = rng.NormFloat64()
		}
		ws[i] = New64(w, x.Shape()...)
	}
	h := func(xs []*tape.Tensor) *tape.Tensor {
		gs := TapeGradient(f, xs) // the inner tape
		total := tape.Scalar(0)
		total = tape.Cast(total, tape.Float64)
		for i, g := range gs {
			if g == nil || !xs[i].DType().IsFloat() {
				continue
			}
			total = tape.Add(total, tape.ReduceSum(tape.Mul(tape.Cast(g, tape.Float64), ws[i]), nil, false))
		}
		return total
	}
	// tape second order: the outer tape watches xs and records the inner gradient computation
	tg := TapeGradient(h, xs)
	ng := numericGradientOf(func(xs []*tape.Tensor) float64 { return h(xs).Float() }, xs, eps)
	return compareGradients("second order, ", xs, tg, ng, tol, false)
}

// CheckJacobian compares tape.Jacobian of f at x with central differences.
func CheckJacobian(f func(*tape.Tensor) *tape.Tensor, x *tape.Tensor, eps, tol float64) error {
	tp, y := recordOn1(f, x)
	j := tp.Jacobian(y, x)
	want := numericJacobian(f, x, eps)
	return compare("Jacobian", j, New64(want, append(y.Shape(), x.Shape()...)...), tol)
}

// numericJacobian returns J[i, j] = ∂y_i/∂x_j flat (row-major over y then x).
func numericJacobian(f func(*tape.Tensor) *tape.Tensor, x *tape.Tensor, eps float64) []float64 {
	d := x.Floats()
	ny := f(x).Size()
	nx := len(d)
	out := make([]float64, ny*nx)
	for j := range d {
		orig := d[j]
		d[j] = orig + eps
		yp := f(New64(d, x.Shape()...)).Floats()
		d[j] = orig - eps
		ym := f(New64(d, x.Shape()...)).Floats()
		d[j] = orig
		for i := range ny {
			out[i*nx+j] = (yp[i] - ym[i]) / (2 * eps)
		}
	}
	return out
}

// CheckBatchJacobian compares tape.BatchJacobian of f at x ([b, ...]) with central
// differences of each example's Jacobian.
func CheckBatchJacobian(f func(*tape.Tensor) *tape.Tensor, x *tape.Tensor, eps, tol float64) error {
	tp, y := recordOn1(f, x)
	bj := tp.BatchJacobian(y, x)
	full := numericJacobian(f, x, eps)
	ys, xs := y.Shape(), x.Shape()
	b := ys[0]
	ny, nx := y.Size()/b, x.Size()/b
	want := make([]float64, b*ny*nx)
	for k := range b {
		for i := range ny {
			for j := range nx {
				want[(k*ny+i)*nx+j] = full[(k*ny+i)*(b*nx)+k*nx+j]
			}
		}
	}
	shape := append(append([]int{}, ys...), xs[1:]...)
	return compare("BatchJacobian", bj, New64(want, shape...), tol)
}

// sources converts xs to the []any that GradientTape.GradientsOf takes.
func sources(xs []*tape.Tensor) []any {
	src := make([]any, len(xs))
	for i, x := range xs {
		src[i] = x
	}
	return src
}
