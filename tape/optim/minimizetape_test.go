package optim_test

import (
	"testing"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/optim"
)

// MinimizeTape is ApplyGradients(tp.Gradients(loss, vars), vars) and x -= lr*g, bit for bit,
// over many steps of the seed regression; it counts iterations and refuses a reused tape.
func TestMinimizeTapeMatchesManualStep(t *testing.T) {
	xs := tape.Range(0, 11, 1)
	ys := xs.Mul(10).Add(5)
	mk := func() (*tape.Variable, *tape.Variable) { return tape.NewVariable(0.3), tape.NewVariable(0.7) }
	a1, b1 := mk()
	a2, b2 := mk()
	a3, b3 := mk()
	opt1, opt2 := optim.NewSGD(0.001), optim.NewSGD(0.001)
	for i := 0; i < 2000; i++ {
		tp := tape.NewGradientTape()
		tp.Start()
		loss := ys.Sub(a1.Mul(xs).Add(b1)).Abs()
		tp.Stop()
		opt1.MinimizeTape(loss, []*tape.Variable{a1, b1}, tp)

		tp = tape.NewGradientTape()
		tp.Start()
		loss = ys.Sub(a2.Mul(xs).Add(b2)).Abs()
		tp.Stop()
		opt2.ApplyGradients(tp.Gradients(loss, []*tape.Variable{a2, b2}), []*tape.Variable{a2, b2})

		tp = tape.NewGradientTape()
		var l3 *tape.Tensor
		tp.Record(func() { l3 = ys.Sub(a3.Mul(xs).Add(b3)).Abs() })
		gs := tp.Gradients(l3, []*tape.Variable{a3, b3})
		a3.AssignSub(gs[0].Mul(0.001))
		b3.AssignSub(gs[1].Mul(0.001))
	}
	if a1.Float() != a2.Float() || b1.Float() != b2.Float() || a1.Float() != a3.Float() || b1.Float() != b3.Float() {
		t.Errorf("MinimizeTape (%v, %v), ApplyGradients (%v, %v), manual (%v, %v)",
			a1.Float(), b1.Float(), a2.Float(), b2.Float(), a3.Float(), b3.Float())
	}
	if a1.Float() == 0.3 || opt1.Iterations() != 2000 {
		t.Errorf("no progress: a = %v after %d iterations", a1.Float(), opt1.Iterations())
	}

	tp := tape.NewGradientTape()
	tp.Start()
	loss := a1.Mul(a1)
	tp.Stop()
	opt1.MinimizeTape(loss, []*tape.Variable{a1}, tp)
	if err := tape.Try(func() { opt1.MinimizeTape(loss, []*tape.Variable{a1}, tp) }); err == nil {
		t.Error("MinimizeTape reused a non-persistent tape")
	}
	if err := tape.Try(func() { opt1.MinimizeTape(nil, []*tape.Variable{a1}, tp) }); err == nil {
		t.Error("MinimizeTape accepted a nil loss")
	}
}
