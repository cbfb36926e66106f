package tape_test

import (
	"testing"

	"github.com/gotape/gotape/tape"
)

// A source used many times gets its gradient's terms summed in place: the sums are right,
// a second pass on a persistent tape does not change the first pass's result, and seeds
// and intermediate gradients handed to the caller stay as they were.
func TestFanInGradientsSumInPlace(t *testing.T) {
	x := tape.NewVariable([]float64{1.5, -2})
	tp := tape.NewGradientTape(tape.Persistent(true))
	var y, z *tape.Tensor
	tp.Record(func() {
		v := x.Value()
		y = v.Mul(v).Mul(v).Mul(v) // x⁴: four terms reach x
		z = v.Add(v).Add(v)        // 3x
	})
	g1 := tp.Gradient(y, x)
	g2 := tp.Gradient(y, x)
	for i, xv := range []float64{1.5, -2} {
		approx(t, "dy/dx (first pass)", g1.At(i), 4*xv*xv*xv)
		approx(t, "dy/dx (second pass)", g2.At(i), 4*xv*xv*xv)
	}
	seed := tape.Constant([]float64{10, 20})
	gz := tp.Gradient(z, x, tape.OutputGradients(seed))
	approx(t, "dz/dx·seed [0]", gz.At(0), 30)
	approx(t, "dz/dx·seed [1]", gz.At(1), 60)
	approx(t, "seed [0] after the pass", seed.At(0), 10)
	approx(t, "seed [1] after the pass", seed.At(1), 20)
	// both targets at once: z's seed reaches x through three terms, y's through four
	gs := tp.GradientsOf([]*tape.Tensor{y, z}, []any{x})
	approx(t, "d(y+z)/dx [0]", gs[0].At(0), 4*1.5*1.5*1.5+3)
}

// A pass that a tape records (higher orders) adds the terms with recorded ops.
func TestFanInGradientsRecorded(t *testing.T) {
	x := tape.NewVariable(2.0)
	tp := tape.NewGradientTape(tape.Persistent(true))
	var d1 *tape.Tensor
	tp.Record(func() {
		v := x.Value()
		d1 = tp.Gradient(v.Mul(v).Mul(v), x) // 3x² from three terms
	})
	approx(t, "d1", d1.Float(), 12)
	approx(t, "d2", tp.Gradient(d1, x).Float(), 12) // 6x
}
