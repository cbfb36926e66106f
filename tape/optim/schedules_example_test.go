package optim_test

import (
	"fmt"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/optim"
)

// A schedule gives the rate of each step; the optimizer asks it at its iteration count.
func ExampleExponentialDecay() {
	s := optim.ExponentialDecay(0.1, 2, 0.5, true) // halve every 2 steps
	x := tape.NewVariable(1.0)
	opt := optim.NewSGD(0, optim.LearningRateSchedule(s))
	for range 5 {
		lr := opt.LearningRate()
		opt.Minimize(func() *tape.Tensor { return x.Square().Div(2) }, []*tape.Variable{x})
		fmt.Printf("step %d: lr %.3f, x %.4f\n", opt.Iterations(), lr, x.Float())
	}
	// Output:
	// step 1: lr 0.100, x 0.9000
	// step 2: lr 0.100, x 0.8100
	// step 3: lr 0.050, x 0.7695
	// step 4: lr 0.050, x 0.7310
	// step 5: lr 0.025, x 0.7127
}

// A schedule written as a function, e.g. in a notebook cell.
func ExampleScheduleFunc() {
	warmup := optim.ScheduleFunc(func(step int) float64 { return 0.01 * float64(min(step+1, 4)) })
	for step := range 6 {
		fmt.Print(warmup.LearningRate(step), " ")
	}
	fmt.Println()
	// Output:
	// 0.01 0.02 0.03 0.04 0.04 0.04
}

// AdamW: Adam plus the decoupled decay x ← x − lr·wd·x (wd = 0.004 by default).
func ExampleNewAdamW() {
	x := tape.NewVariable(10.0)
	opt := optim.NewAdamW(0.01)
	opt.Minimize(func() *tape.Tensor { return x.Sub(4).Pow(2) }, []*tape.Variable{x})
	// 10 − 0.01·0.004·10 = 9.9996, then Adam's first step of −lr: 9.9896.
	fmt.Printf("%.4f\n", x.Float())
	// Output:
	// 9.9896
}
