package tapetest_test

import (
	"fmt"
	"os"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/tapetest"
)

func ExampleCheck() {
	tape.SetOutput(os.Stdout)
	defer tape.SetOutput(nil)
	f := func(x *tape.Tensor) *tape.Tensor { return tape.ReduceSum(tape.Softplus(x).Mul(x), nil, false) }
	worst := tapetest.Check(f, tape.Constant([][]float64{{-1, 0.5}, {2, 3}}))
	fmt.Println(worst < 1e-8)
	// Output:
	// element            analytic        numerical   rel. error
	// (0, 0)         0.0443202661     0.0443202666      4.2e-10
	// (0, 1)           1.28530665       1.28530665     1.75e-10
	// (1, 0)           3.88852217       3.88852217     9.61e-11
	// (1, 1)           5.90630973       5.90630973     1.37e-10
	// max relative error 4.2e-10 over 4 elements (float64, central differences, eps 1e-06)
	// true
}

// A wrong gradient rule shows up at once.
func ExampleCheck_wrong() {
	tape.SetOutput(os.Stdout)
	defer tape.SetOutput(nil)
	wrongSquare := func(x *tape.Tensor) *tape.Tensor {
		return tape.CustomGradient("WrongSquare", []*tape.Tensor{x},
			func(xs []*tape.Tensor) *tape.Tensor { return xs[0].Square() },
			func(g *tape.Tensor, xs []*tape.Tensor, y *tape.Tensor) []*tape.Tensor {
				return []*tape.Tensor{g.Mul(xs[0])} // forgot the 2
			})
	}
	fmt.Printf("%.2f\n", tapetest.Check(wrongSquare, tape.Constant([]float64{1, 2, 3})))
	// Output:
	// element            analytic        numerical   rel. error
	// (0,)                      1                2          0.5
	// (1,)                      2                4          0.5
	// (2,)                      3                6          0.5
	// max relative error 0.5 over 3 elements (float64, central differences, eps 1e-06)
	// 0.50
}
