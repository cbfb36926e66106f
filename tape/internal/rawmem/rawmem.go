// Package rawmem allocates float slices without zeroing them, for outputs whose every
// element is written before it is read (a gathered batch, a GEMM result with beta = 0, an
// optimizer's new values): Go zeroes every allocation, which for a fresh 400 KB tensor costs
// as much as writing it. It does not pool or recycle memory (the garbage collector frees the
// slices as usual), and small slices (under 32 KB, where zeroing is cheap) are plain makes.
package rawmem

import "unsafe"

// mallocgc is the runtime's allocator; a nil type allocates memory without pointers, which
// the garbage collector does not scan, so its stale contents are harmless to it. Pulling it
// by linkname is supported: the runtime keeps its signature for the packages that do (see
// go.dev/issue/67401).
//
//go:linkname mallocgc runtime.mallocgc
func mallocgc(size uintptr, typ unsafe.Pointer, needzero bool) unsafe.Pointer

// minBytes is the size from which allocations skip zeroing (Go's large-object threshold).
const minBytes = 32 << 10

// Poison, when set (by tests), fills every unzeroed slice with NaN, so an element an
// operation forgets to write shows up in its result.
var Poison bool

// Float32s returns a slice of n float32 whose contents are unspecified (stale memory):
// the caller must write every element before reading it.
func Float32s(n int) []float32 {
	if n*4 < minBytes {
		return make([]float32, n)
	}
	s := unsafe.Slice((*float32)(mallocgc(uintptr(n)*4, nil, false)), n)
	if Poison {
		for i := range s {
			s[i] = float32(nan())
		}
	}
	return s
}

// Float64s is Float32s for float64.
func Float64s(n int) []float64 {
	if n*8 < minBytes {
		return make([]float64, n)
	}
	s := unsafe.Slice((*float64)(mallocgc(uintptr(n)*8, nil, false)), n)
	if Poison {
		for i := range s {
			s[i] = nan()
		}
	}
	return s
}

// Int32s is Float32s for int32 (indices); poisoned, it holds math.MinInt32, which no valid
// index equals.
func Int32s(n int) []int32 {
	if n*4 < minBytes {
		return make([]int32, n)
	}
	s := unsafe.Slice((*int32)(mallocgc(uintptr(n)*4, nil, false)), n)
	if Poison {
		for i := range s {
			s[i] = -1 << 31
		}
	}
	return s
}

func nan() float64 {
	var zero float64
	return zero / zero
}
