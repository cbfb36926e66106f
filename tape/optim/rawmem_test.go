package optim_test

import (
	"fmt"
	"testing"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/internal/rawmem"
	"github.com/gotape/gotape/tape/optim"
	"github.com/gotape/gotape/tape/tapetest"
)

// The update kernels write every element of the (unzeroed) new values: with those
// allocations poisoned (NaN), two steps give the unpoisoned values, for Adam and AdamW
// (weight decay) in both float dtypes.
func TestUpdatesWriteEveryValue(t *testing.T) {
	for _, dt := range []tape.DType{tape.Float32, tape.Float64} {
		for name, mk := range map[string]func() optim.Optimizer{
			"Adam":  func() optim.Optimizer { return optim.NewAdam(0.01) },
			"AdamW": func() optim.Optimizer { return optim.NewAdamW(0.01) },
		} {
			run := func(poison bool) []float64 {
				rawmem.Poison = poison
				defer func() { rawmem.Poison = false }()
				tape.SetSeed(2)
				v := tape.NewVariable(tape.Cast(tape.RandomNormal([]int{100, 120}, 0, 1), dt))
				g := tape.Cast(tape.RandomNormal([]int{100, 120}, 0, 1), dt)
				opt := mk()
				for range 2 {
					opt.ApplyGradients([]*tape.Tensor{g}, []*tape.Variable{v})
				}
				return tape.Cast(v.Value(), tape.Float64).Float64s()
			}
			want, got := run(false), run(true)
			if len(got) != 12000 || len(want) != 12000 {
				t.Fatalf("%s %s: %d and %d values", name, dt, len(got), len(want))
			}
			tapetest.CloseAll(t, fmt.Sprintf("%s %s, poisoned", name, dt), got, want, 0)
		}
	}
}
