package optim_test

import (
	"fmt"
	"math"
	"math/rand"
	"os"
	"testing"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/optim"
)

// The first lines of the minimize run of the "minimize vs GradientTape" notebook (the whole run
// is checked by TestMinimizeRun).
func ExampleAdam_Minimize() {
	x := tape.NewVariable(10.0)
	opt := optim.NewAdam(0.01)
	loss := func() *tape.Tensor { return x.Sub(4).Pow(2) }
	for range 3 {
		before := x.Float()
		opt.Minimize(loss, []*tape.Variable{x})
		fmt.Printf("Iteration: %d Val: %f Error: %f\n", opt.Iterations(), x.Float(), math.Abs(x.Float()-before))
	}
	// Output:
	// Iteration: 1 Val: 9.990000 Error: 0.010000
	// Iteration: 2 Val: 9.980000 Error: 0.009999
	// Iteration: 3 Val: 9.970001 Error: 0.009999
}

// The same steps with an explicit tape and ApplyGradients, printing the gradient as well.
func ExampleAdam_ApplyGradients() {
	x := tape.NewVariable(10.0)
	opt := optim.NewAdam(0.01)
	for range 3 {
		before := x.Float()
		t := tape.NewGradientTape()
		var y *tape.Tensor
		t.Record(func() { y = x.Sub(4).Pow(2) })
		grads := t.Gradients(y, []*tape.Variable{x})
		opt.ApplyGradients(grads, []*tape.Variable{x})
		fmt.Printf("Iteration: %d Val: %f Error: %f Grad: %f\n", opt.Iterations(), x.Float(), math.Abs(x.Float()-before), grads[0].Float())
	}
	// Output:
	// Iteration: 1 Val: 9.990000 Error: 0.010000 Grad: 12.000000
	// Iteration: 2 Val: 9.980000 Error: 0.009999 Grad: 11.980000
	// Iteration: 3 Val: 9.970001 Error: 0.009999 Grad: 11.960001
}

// The seed linear regression step with a started tape and MinimizeTape
// (Keras' opt.minimize(loss, var_list, tape=tape)).
func ExampleSGD_MinimizeTape() {
	xs := tape.Range(0, 11, 1)
	ys := xs.Mul(10).Add(5)
	a, b := tape.NewVariable(1.0), tape.NewVariable(2.0)
	vars := []*tape.Variable{a, b}
	opt := optim.NewSGD(0.001)
	tp := tape.NewGradientTape()
	tp.Start()
	loss := ys.Sub(a.Mul(xs).Add(b)).Abs() // 9x + 3 > 0: d/da = -55, d/db = -11
	tp.Stop()
	opt.MinimizeTape(loss, vars, tp)
	fmt.Printf("a = %.3f, b = %.3f\n", a.Float(), b.Float())
	// Output: a = 1.055, b = 2.011
}

func ExampleNewRMSprop() {
	v := tape.NewVariable(10.0)
	opt := optim.NewRMSprop(0.1)
	opt.Minimize(func() *tape.Tensor { return v.Square().Div(2) }, []*tape.Variable{v})
	fmt.Printf("%.6f\n", v.Float())
	// Output: 9.683772
}

// regression is the fit of sections 2.0 and 2.1 of the GradientTape notebook: on x = 0..10,
// the variables (started at starts) of model(x, vs) fit y with the unreduced loss
// |y − model| and plain updates p −= 0.001·∂loss/∂p; it returns their final values.
func regression(y func(x *tape.Tensor) *tape.Tensor, model func(x *tape.Tensor, vs []*tape.Variable) *tape.Tensor, starts []float64, steps int) []float64 {
	x := tape.Range(0, 11, 1)
	target := y(x)
	vs := make([]*tape.Variable, len(starts))
	for i, s := range starts {
		vs[i] = tape.NewVariable(s)
	}
	for range steps {
		t := tape.NewGradientTape()
		var loss *tape.Tensor
		t.Record(func() { loss = target.Sub(model(x, vs)).Abs() })
		for i, g := range t.Gradients(loss, vs) {
			vs[i].AssignSub(g.Mul(0.001))
		}
	}
	out := make([]float64, len(vs))
	for i, v := range vs {
		out[i] = v.Float()
	}
	return out
}

// linearRegression is section 2.0: y = 10x + 5, model a·x + b.
func linearRegression(a0, b0 float64, steps int) (a, b float64) {
	p := regression(func(x *tape.Tensor) *tape.Tensor { return x.Mul(10).Add(5) },
		func(x *tape.Tensor, v []*tape.Variable) *tape.Tensor { return v[0].Mul(x).Add(v[1]) },
		[]float64{a0, b0}, steps)
	return p[0], p[1]
}

// polynomialRegression is section 2.1: y = 6x² + 8x + 2, model a·x² + b·x + c.
func polynomialRegression(a0, b0, c0 float64, steps int) (a, b, c float64) {
	p := regression(func(x *tape.Tensor) *tape.Tensor { return x.Square().Mul(6).Add(x.Mul(8)).Add(2) },
		func(x *tape.Tensor, v []*tape.Variable) *tape.Tensor {
			return v[0].Mul(x.Square()).Add(v[1].Mul(x)).Add(v[2])
		},
		[]float64{a0, b0, c0}, steps)
	return p[0], p[1], p[2]
}

// Linear regression with a gradient tape (printed rounded: the start is random; the ranges are
// checked by TestRegressionRanges).
func Example_linearRegression() {
	a, b := linearRegression(0.3, 0.7, 10000)
	fmt.Printf("y ≈ %.1fx + %.1f\n", a, b)
	// Output: y ≈ 10.0x + 5.0
}

func Example_polynomialRegression() {
	a, b, c := polynomialRegression(0.3, 0.7, 0.1, 10000)
	fmt.Printf("y ≈ %.0fx^2 + %.0fx + %.0f\n", a, b, c)
	// Output: y ≈ 6x^2 + 8x + 2
}

// The regressions land in the notebook's ranges from random starts in [0, 1).
func TestRegressionRanges(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	runs := 3
	if testing.Short() {
		runs = 1
	}
	for range runs {
		a0, b0, c0 := rng.Float64(), rng.Float64(), rng.Float64()
		a, b := linearRegression(a0, b0, 10000)
		if a < 9.9 || a > 10.1 || b < 4.95 || b > 5.05 {
			t.Errorf("linear from (%.3f, %.3f): y ≈ %vx + %v; want a ∈ [9.9, 10.1], b ∈ [4.95, 5.05]", a0, b0, a, b)
		}
		pa, pb, pc := polynomialRegression(a0, b0, c0, 10000)
		if pa < 5.9 || pa > 6.5 || pb < 7.45 || pb > 7.7 || pc < 1.98 || pc > 2.03 {
			t.Errorf("polynomial from (%.3f, %.3f, %.3f): y ≈ %vx^2 + %vx + %v; want a ∈ [5.9, 6.5], b ∈ [7.45, 7.7], c ∈ [1.98, 2.03]",
				a0, b0, c0, pa, pb, pc)
		}
		t.Logf("y ≈ %vx + %v;  y ≈ %vx^2 + %vx + %v", a, b, pa, pb, pc)
	}
}

// A variable with a Constraint is projected after every update (Keras' kernel_constraint):
// here it stays non-negative while SGD pushes it down.
func ExampleSGD_ApplyGradients_constraint() {
	w := tape.NewVariable([]float64{0.5, 2}, tape.Name("w"),
		tape.Constraint(func(v *tape.Tensor) *tape.Tensor { return tape.Maximum(v, tape.Scalar(0)) }))
	opt := optim.NewSGD(1)
	opt.ApplyGradients([]*tape.Tensor{tape.Constant([]float64{1, 1})}, []*tape.Variable{w})
	fmt.Println(w)
	// Output:
	// <tf.Variable 'w:0' shape=(2,) dtype=float32, numpy=array([0., 1.], dtype=float32)>
}

// A variable without gradient is skipped with TensorFlow's warning (on the cell's stderr in a
// notebook).
func ExampleSGD_ApplyGradients_missing() {
	tape.SetWarnOutput(os.Stdout)
	defer tape.SetWarnOutput(nil)
	x0 := tape.NewVariable(1.0, tape.Name("x0"))
	x1 := tape.NewVariable(1.0, tape.Name("x1"))
	opt := optim.NewSGD(0.1)
	opt.ApplyGradients([]*tape.Tensor{tape.Scalar(1), nil}, []*tape.Variable{x0, x1})
	fmt.Println(x0.Value().NumpyString(), x1.Value().NumpyString())
	// Output:
	// WARNING:tensorflow:Gradients do not exist for variables ['x1:0'] when minimizing the loss. If you're using `model.compile()`, did you forget to provide a `loss` argument?
	// 0.9 1.0
}
