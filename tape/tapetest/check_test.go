package tapetest_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/tapetest"
)

// wrongSquare is x² with a deliberately wrong gradient (3x instead of 2x).
func wrongSquare(xs []*tape.Tensor) *tape.Tensor {
	return tape.CustomGradient("WrongSquare", xs,
		func(xs []*tape.Tensor) *tape.Tensor { return tape.Square(xs[0]) },
		func(g *tape.Tensor, xs []*tape.Tensor, y *tape.Tensor) []*tape.Tensor {
			return []*tape.Tensor{tape.Mul(g, tape.Mul(xs[0], tapetest.New64([]float64{3})))}
		})
}

// badSecondOrder has a right first derivative (2x) written with StopGradient, so its
// second derivative is wrong (0 instead of 2).
func badSecondOrder(xs []*tape.Tensor) *tape.Tensor {
	return tape.CustomGradient("BadSecond", xs,
		func(xs []*tape.Tensor) *tape.Tensor { return tape.Square(xs[0]) },
		func(g *tape.Tensor, xs []*tape.Tensor, y *tape.Tensor) []*tape.Tensor {
			return []*tape.Tensor{tape.Mul(g, tape.StopGradient(tape.Add(xs[0], xs[0])))}
		})
}

func inputs() []*tape.Tensor {
	return []*tape.Tensor{tapetest.New64([]float64{0.5, -1.5, 2}, 3)}
}

func TestCheckersAcceptRightGradients(t *testing.T) {
	f := func(xs []*tape.Tensor) *tape.Tensor { return tape.Mul(tape.Sin(xs[0]), xs[0]) }
	rng := rand.New(rand.NewPCG(1, 1))
	if err := tapetest.CheckGradient(f, inputs(), 1e-6, 1e-6); err != nil {
		t.Error(err)
	}
	if err := tapetest.CheckVJP(f, inputs(), rng, 1e-6, 1e-6); err != nil {
		t.Error(err)
	}
	if err := tapetest.CheckSecondOrder(f, inputs(), rng, 1e-5, 1e-4); err != nil {
		t.Error(err)
	}
}

func TestCheckersRejectWrongGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	if err := tapetest.CheckGradient(wrongSquare, inputs(), 1e-6, 1e-6); err == nil {
		t.Error("CheckGradient accepted a wrong gradient")
	}
	if err := tapetest.CheckVJP(wrongSquare, inputs(), rng, 1e-6, 1e-6); err == nil {
		t.Error("CheckVJP accepted a wrong gradient")
	}
	if err := tapetest.CheckGradient(badSecondOrder, inputs(), 1e-6, 1e-6); err != nil {
		t.Errorf("first order of badSecondOrder should pass: %v", err)
	}
	if err := tapetest.CheckSecondOrder(badSecondOrder, inputs(), rng, 1e-5, 1e-4); err == nil {
		t.Error("CheckSecondOrder accepted a wrong second derivative")
	}
}

func TestJacobianCheckers(t *testing.T) {
	x := tapetest.New64([]float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, 2, 3)
	good := func(x *tape.Tensor) *tape.Tensor { return tape.Softmax(x, -1) }
	if err := tapetest.CheckJacobian(good, x, 1e-6, 1e-6); err != nil {
		t.Error(err)
	}
	if err := tapetest.CheckBatchJacobian(good, x, 1e-6, 1e-6); err != nil {
		t.Error(err)
	}
	bad := func(x *tape.Tensor) *tape.Tensor { return wrongSquare([]*tape.Tensor{x}) }
	if err := tapetest.CheckJacobian(bad, x, 1e-6, 1e-6); err == nil {
		t.Error("CheckJacobian accepted a wrong Jacobian")
	}
	if err := tapetest.CheckBatchJacobian(bad, x, 1e-6, 1e-6); err == nil {
		t.Error("CheckBatchJacobian accepted a wrong Jacobian")
	}
}

func ExampleCheckGradient() {
	f := func(xs []*tape.Tensor) *tape.Tensor { return tape.Exp(tape.Mul(xs[0], xs[1])) }
	xs := []*tape.Tensor{tapetest.New64([]float64{0.5, 1}, 2), tapetest.New64([]float64{-1, 2}, 2)}
	fmt.Println(tapetest.CheckGradient(f, xs, 1e-6, 1e-6))
	fmt.Println(tapetest.NumericGradient(f, xs, 1e-6)[0].Shape())
	// Output:
	// <nil>
	// (2,)
}

func ExampleCheckVJP() {
	f := func(xs []*tape.Tensor) *tape.Tensor { return tape.MatMul(xs[0], xs[0]) }
	xs := []*tape.Tensor{tapetest.New64([]float64{1, 2, 3, 4}, 2, 2)}
	fmt.Println(tapetest.CheckVJP(f, xs, rand.New(rand.NewPCG(1, 2)), 1e-6, 1e-6))
	// Output:
	// <nil>
}
