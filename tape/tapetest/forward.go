package tapetest

import (
	"fmt"
	"math/rand/v2"

	"github.com/gotape/gotape/tape"
)

// RandomTangents returns a standard normal tangent for every float input (nil for the others).
func RandomTangents(xs []*tape.Tensor, rng *rand.Rand) []*tape.Tensor {
	vs := make([]*tape.Tensor, len(xs))
	for i, x := range xs {
		if !x.DType().IsFloat() {
			continue
		}
		vs[i] = tape.Cast(New64(normals(rng, x.Size()), x.Shape()...), x.DType())
	}
	return vs
}

// primals returns the inputs that have a tangent, and those tangents.
func primals(xs, vs []*tape.Tensor) (ps, ts []*tape.Tensor) {
	for i, v := range vs {
		if v != nil {
			ps, ts = append(ps, xs[i]), append(ts, v)
		}
	}
	return ps, ts
}

// AccumulatorJVP returns f(xs) and its forward-mode tangent for the input tangents vs
// (nil: no tangent), computed with a tape.ForwardAccumulator (nil when unconnected).
func AccumulatorJVP(f Func, xs, vs []*tape.Tensor) (y, jvp *tape.Tensor) {
	acc := tape.NewForwardAccumulator(primals(xs, vs))
	acc.Record(func() { y = f(xs) })
	return y, acc.JVP(y)
}

// numericJVP returns the central difference (f(xs+eps·vs) - f(xs-eps·vs)) / 2eps.
func numericJVP(f Func, xs, vs []*tape.Tensor, eps float64) *tape.Tensor {
	step := func(s float64) []float64 {
		ys := make([]*tape.Tensor, len(xs))
		for i, x := range xs {
			ys[i] = x
			if vs[i] != nil {
				ys[i] = tape.Add(x, tape.Mul(tape.Cast(vs[i], x.DType()), tape.Cast(tape.Scalar(s), x.DType())))
			}
		}
		return f(ys).Floats()
	}
	yp, ym := step(eps), step(-eps)
	d := make([]float64, len(yp))
	for i := range d {
		d[i] = (yp[i] - ym[i]) / (2 * eps)
	}
	return New64(d, f(xs).Shape()...)
}

// CheckJVP compares the forward-mode tangent of f at xs, for random tangents, with central
// differences along them. An op without a JVP rule is an error here, not a panic.
func CheckJVP(f Func, xs []*tape.Tensor, rng *rand.Rand, eps, tol float64) error {
	vs := RandomTangents(xs, rng)
	var y, jvp *tape.Tensor
	if err := tape.Try(func() { y, jvp = AccumulatorJVP(f, xs, vs) }); err != nil {
		return fmt.Errorf("forward mode: %v", err)
	}
	if jvp == nil {
		jvp = tape.ZerosLike(y)
	}
	return compare("forward mode (JVP)", tape.Cast(jvp, tape.Float64), numericJVP(f, xs, vs, eps), tol)
}

// CheckForwardOverReverse checks Hessian-vector products: a forward accumulator around a
// tape gives the tangent of the tape gradient of sum(f) (the JVP rules of the gradient
// rules' ops), compared with central differences of the tape gradient along the tangents.
func CheckForwardOverReverse(f Func, xs []*tape.Tensor, rng *rand.Rand, eps, tol float64) error {
	vs := RandomTangents(xs, rng)
	var hv []*tape.Tensor
	err := tape.Try(func() {
		acc := tape.NewForwardAccumulator(primals(xs, vs))
		var gs []*tape.Tensor
		acc.Record(func() { gs = TapeGradient(f, xs) })
		hv = make([]*tape.Tensor, len(gs))
		for i, g := range gs {
			if g != nil {
				hv[i] = acc.JVP(g, tape.UnconnectedZero)
			}
		}
	})
	if err != nil {
		return fmt.Errorf("forward over reverse: %v", err)
	}
	for i := range xs {
		if hv[i] == nil {
			continue
		}
		gi := func(ys []*tape.Tensor) *tape.Tensor { return orZero(TapeGradient(f, ys)[i], ys[i]) }
		if err := compare(fmt.Sprintf("forward over reverse, input %d", i), tape.Cast(hv[i], tape.Float64), numericJVP(gi, xs, vs, eps), tol); err != nil {
			return err
		}
	}
	return nil
}

// CheckReverseOverForward checks gradients of JVPs: a tape around a forward accumulator
// differentiates h(xs) = ⟨JVP of f along fixed tangents, w⟩, compared with central
// differences of h.
func CheckReverseOverForward(f Func, xs []*tape.Tensor, rng *rand.Rand, eps, tol float64) error {
	vs := RandomTangents(xs, rng)
	var w *tape.Tensor
	h := func(ys []*tape.Tensor) *tape.Tensor {
		y, jvp := AccumulatorJVP(f, ys, vs)
		if w == nil {
			w = RandomTangents([]*tape.Tensor{y}, rng)[0]
		}
		return tape.ReduceSum(tape.Mul(orZero(jvp, y), w), nil, false)
	}
	var tg []*tape.Tensor
	if err := tape.Try(func() { tg = TapeGradient(h, xs) }); err != nil {
		return fmt.Errorf("reverse over forward: %v", err)
	}
	ng := numericGradientOf(func(ys []*tape.Tensor) float64 { return h(ys).Float() }, xs, eps)
	for i := range xs {
		if ng[i] == nil {
			continue
		}
		if err := compare(fmt.Sprintf("reverse over forward, input %d", i), tape.Cast(orZero(tg[i], xs[i]), tape.Float64), ng[i], tol); err != nil {
			return err
		}
	}
	return nil
}

func orZero(t, like *tape.Tensor) *tape.Tensor {
	if t == nil {
		return tape.ZerosLike(like)
	}
	return t
}
