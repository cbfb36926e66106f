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
func Float32s(n int) []float32 { return unzeroed[float32](n) }

// Float64s is Float32s for float64.
func Float64s(n int) []float64 { return unzeroed[float64](n) }

func unzeroed[T float32 | float64](n int) []T {
	size := uintptr(n) * unsafe.Sizeof(T(0))
	if size < minBytes {
		return make([]T, n)
	}
	s := unsafe.Slice((*T)(mallocgc(size, nil, false)), n)
	if Poison {
		for i := range s {
			s[i] = T(nan())
		}
	}
	return s
}

func nan() float64 {
	var zero float64
	return zero / zero
}
