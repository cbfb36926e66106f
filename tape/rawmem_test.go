package tape_test

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/tapetest"
)

// Ops that allocate their large outputs without zeroing (GEMM, Gather) write every element:
// with those allocations poisoned (NaN), results equal the unpoisoned ones, NaN-free; an
// empty inner dimension still gives zeros.
func TestRawOutputsFullyWritten(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2)) // both MatMul gradients at once (matmulGradPair)
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
		tapetest.CloseAll(t, name+", poisoned", got, want, 0)
		if name == "MatMul empty inner" && (len(got) != 10000 || got[9999] != 0) {
			t.Fatalf("%s: %d values, last %v", name, len(got), got[len(got)-1])
		}
	}
}

// The convolutions allocate their outputs, pooled outputs, argmax indices and input
// gradients without zeroing: poisoned (NaN, and indices that no valid index equals), every
// result and gradient equals the unpoisoned one, for both dtypes, with and without padding
// and stride, on one and several goroutines. (A NaN anywhere in a poisoned buffer would
// spread to the whole gradient, so a tolerance does not weaken the check.)
func TestRawConvOutputsFullyWritten(t *testing.T) {
	tape.SetSeed(2)
	x32, k32 := tape.RandomNormal([]int{5, 21, 20, 8}, 0, 1), tape.RandomNormal([]int{3, 3, 8, 16}, 0, 0.3)
	b32 := tape.RandomNormal([]int{16}, 0, 0.3)
	x64, k64, b64 := tape.Cast(x32, tape.Float64), tape.Cast(k32, tape.Float64), tape.Cast(b32, tape.Float64)
	type conv func(x, k, b *tape.Tensor) *tape.Tensor
	ops := map[string]conv{
		"Conv2D SAME stride 2": func(x, k, _ *tape.Tensor) *tape.Tensor { return tape.Conv2D(x, k, 2, "SAME") },
		"Conv2D VALID":         func(x, k, _ *tape.Tensor) *tape.Tensor { return tape.Conv2D(x, k, 1, "VALID") },
		"FusedConv2D relu": func(x, k, b *tape.Tensor) *tape.Tensor {
			return tape.FusedConv2D(x, k, b, 1, "VALID", "relu")
		},
		"FusedConv2D SAME": func(x, k, b *tape.Tensor) *tape.Tensor { return tape.FusedConv2D(x, k, b, 1, "SAME", "") },
		"FusedConv2DMaxPool": func(x, k, b *tape.Tensor) *tape.Tensor {
			return tape.FusedConv2DMaxPool(x, k, b, 1, "VALID", "relu", 2)
		},
	}
	// value and gradients (of Σ y² with respect to x, k, b), flattened
	all := func(f conv, x, k, b *tape.Tensor) []float64 {
		tp := tape.NewGradientTape()
		var y, loss *tape.Tensor
		tp.Record(func() {
			tp.Watch(x, k, b)
			y = f(x, k, b)
			loss = tape.ReduceSum(tape.Square(y), nil, false)
		})
		g := tp.GradientsOf([]*tape.Tensor{loss}, []any{x, k, b})
		parts := []*tape.Tensor{tape.Reshape(y, -1), tape.Reshape(g[0], -1), tape.Reshape(g[1], -1)}
		if g[2] != nil {
			parts = append(parts, g[2])
		}
		return tape.Cast(tape.Concat(parts, 0), tape.Float64).Float64s()
	}
	for _, procs := range []int{1, 3} {
		old := runtime.GOMAXPROCS(procs)
		for name, f := range ops {
			for _, in := range [][3]*tape.Tensor{{x32, k32, b32}, {x64, k64, b64}} {
				want := all(f, in[0], in[1], in[2])
				tol := 1e-9
				if in[0].DType() == tape.Float32 {
					tol = 1e-3 // float32 sums of thousands of terms that cancel
				}
				restore := tape.PoisonRawMem()
				got := all(f, in[0], in[1], in[2])
				restore()
				if len(got) != len(want) || len(got) < 10000 {
					t.Fatalf("%s %s: %d values poisoned, %d not", name, in[0].DType(), len(got), len(want))
				}
				// several goroutines sum the kernel gradient in an order that varies: tol
				tapetest.CloseAll(t, fmt.Sprintf("%s %s, %d goroutines, poisoned", name, in[0].DType(), procs), got, want, tol)
			}
		}
		runtime.GOMAXPROCS(old)
	}
}
