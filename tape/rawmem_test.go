package tape_test

import (
	"math"
	"testing"

	"github.com/gotape/gotape/tape"
)

// Ops that allocate their large outputs without zeroing (GEMM, Gather) write every element:
// with those allocations poisoned (NaN), results equal the unpoisoned ones, NaN-free; an
// empty inner dimension still gives zeros.
func TestRawOutputsFullyWritten(t *testing.T) {
	tape.SetSeed(1)
	a, b := tape.RandomNormal([]int{100, 90}, 0, 1), tape.RandomNormal([]int{90, 100}, 0, 1)
	a3 := tape.RandomNormal([]int{3, 50, 60}, 0, 1)
	b2 := tape.RandomNormal([]int{60, 70}, 0, 1)
	x := tape.Cast(tape.RandomNormal([]int{500, 100}, 0, 1), tape.Float64)
	idx := tape.Constant([]int32{
		499, 0, 7, 7, 3, 250, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15,
		16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,
		36, 37, 38, 39, 40, 41, 42, 43, 44, 45,
	})
	ops := map[string]func() *tape.Tensor{
		"MatMul":         func() *tape.Tensor { return tape.MatMul(a, b) },
		"MatMul batched": func() *tape.Tensor { return tape.MatMul(a3, b2) },
		"MatMul gradients": func() *tape.Tensor { // products with transposed operands
			tp := tape.NewGradientTape()
			var y *tape.Tensor
			tp.Record(func() {
				tp.Watch(a, b)
				y = tape.ReduceSum(tape.Square(tape.MatMul(a, b)), nil, false)
			})
			g := tp.GradientsOf([]*tape.Tensor{y}, []any{a, b})
			return tape.Concat([]*tape.Tensor{tape.Reshape(g[0], -1), tape.Reshape(g[1], -1)}, 0)
		},
		"MatMul empty inner": func() *tape.Tensor { return tape.MatMul(tape.Zeros(100, 0), tape.Zeros(0, 100)) },
		"Gather":             func() *tape.Tensor { return tape.Gather(x, idx, 0) },
	}
	for name, f := range ops {
		want := tape.Cast(f(), tape.Float64).Float64s()
		restore := tape.PoisonRawMem()
		got := tape.Cast(f(), tape.Float64).Float64s()
		restore()
		if len(got) != len(want) || len(got) < 5000 {
			t.Fatalf("%s: %d values poisoned, %d not", name, len(got), len(want))
		}
		for i, v := range got {
			if math.IsNaN(v) || v != want[i] {
				t.Fatalf("%s: element %d = %v poisoned, %v not", name, i, v, want[i])
			}
		}
		if name == "MatMul empty inner" && (len(got) != 10000 || got[9999] != 0) {
			t.Fatalf("%s: %d values, last %v", name, len(got), got[len(got)-1])
		}
	}
}
