package optim

import (
	"runtime"
	"slices"
	"sync"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/internal/rawmem"
)

// Conversions between tape values and the flat slices the update kernels work on. Gradients
// are read in place (copied only when clipping changes them); a variable's new value is a
// fresh slice handed to the variable without another copy.

func grad32(g *tape.Tensor, mutable bool) []float32 {
	if s := g.Float32s(); s != nil {
		if mutable {
			return slices.Clone(s)
		}
		return s
	}
	return toFloat32(g.Floats())
}

func grad64(g *tape.Tensor, mutable bool) []float64 {
	if s := g.Float64s(); s != nil {
		if mutable {
			return slices.Clone(s)
		}
		return s
	}
	return g.Floats()
}

func toFloat32(f []float64) []float32 {
	out := make([]float32, len(f))
	for i, v := range f {
		out[i] = float32(v)
	}
	return out
}

// value32 and value64 return a variable's value (read-only) and a fresh slice of its size for
// the new value, which the update kernels write out of place and which is then assigned.
func value32(v *tape.Variable) (x, dst []float32) {
	x = v.Value().Float32s()
	return x, rawmem.Float32s(len(x)) // the update kernels write every element
}

func value64(v *tape.Variable) (x, dst []float64) {
	x = v.Value().Float64s()
	return x, rawmem.Float64s(len(x))
}

// parallelMin is the size from which an update is split over the available cores.
const parallelMin = 1 << 16

// chunks calls f on [lo, hi) ranges covering [0, n), in parallel for large n.
func chunks(n int, f func(lo, hi int)) {
	p := runtime.GOMAXPROCS(0)
	if n < parallelMin || p == 1 {
		f(0, n)
		return
	}
	var wg sync.WaitGroup
	step := (n + p - 1) / p
	for lo := 0; lo < n; lo += step {
		hi := min(lo+step, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(lo, hi)
		}()
	}
	wg.Wait()
}

func sub[T float](s [][]T, lo, hi int) [][]T {
	out := make([][]T, len(s))
	for i, x := range s {
		if x != nil {
			out[i] = x[lo:hi]
		}
	}
	return out
}
