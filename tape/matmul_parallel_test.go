package tape

import (
	"fmt"
	"math/rand"
	"runtime"
	"testing"
)

// TestMatMulGradPair checks the two gradients of a large product computed side by side
// (matmulGradPair, GOMAXPROCS ≥ 2) against the one-after-the-other path of the same rule
// (GOMAXPROCS 1), for every transpose combination and both dtypes.
func TestMatMulGradPair(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	rng := rand.New(rand.NewSource(5))
	const m, k, n = 128, 300, 90
	for _, dt := range []DType{Float32, Float64} {
		for _, ta := range []bool{false, true} {
			for _, tb := range []bool{false, true} {
				as, bs := []int{m, k}, []int{k, n}
				if ta {
					as = []int{k, m}
				}
				if tb {
					bs = []int{n, k}
				}
				a := Cast(fromFlat(Float64, as, randSlice(rng, m*k)), dt)
				b := Cast(fromFlat(Float64, bs, randSlice(rng, k*n)), dt)
				g := Cast(fromFlat(Float64, []int{m, n}, randSlice(rng, m*n)), dt)
				if !concurrentGrads(bwArgs{}, g, a, b) {
					t.Fatalf("%v×%v: not large enough for matmulGradPair", as, bs)
				}
				vjp := matmulRules[b2i(ta)][b2i(tb)].vjp
				pair := make([]*Tensor, 2)
				vjp(allInputs, g, []*Tensor{a, b}, nil, pair)
				runtime.GOMAXPROCS(1)
				seq := make([]*Tensor, 2)
				vjp(allInputs, g, []*Tensor{a, b}, nil, seq)
				runtime.GOMAXPROCS(2)
				for i := range pair {
					name := fmt.Sprintf("%s ta=%v tb=%v gradient %d", dt, ta, tb, i)
					if fmt.Sprint(pair[i].shape) != fmt.Sprint(seq[i].shape) {
						t.Fatalf("%s: shape %v, want %v", name, pair[i].shape, seq[i].shape)
					}
					maxDiff(t, name, pair[i], seq[i].Floats(), 1e-6)
				}
			}
		}
	}
}

// TestGemmSplitK checks products split along their inner dimension (gemmSplitK: a small
// result, a long k, GOMAXPROCS ≥ 2) against direct sums, for every transpose combination,
// both dtypes and a k that does not split evenly.
func TestGemmSplitK(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	rng := rand.New(rand.NewSource(6))
	const m, n = 16, 24
	for _, k := range []int{12000, 12001} {
		if splitKParts(m, n, k) < 2 {
			t.Fatalf("%d×%d×%d: not split", m, n, k)
		}
		av, bv := randSlice(rng, m*k), randSlice(rng, k*n) // op(a) [m, k], op(b) [k, n]
		want := make([]float64, m*n)
		for i := range m {
			for j := range n {
				for l := range k {
					want[i*n+j] += av[i*k+l] * bv[l*n+j]
				}
			}
		}
		for _, dt := range []DType{Float32, Float64} {
			for _, ta := range []bool{false, true} {
				for _, tb := range []bool{false, true} {
					a := fromFlat(Float64, []int{m, k}, av)
					if ta {
						a = Transpose(a)
					}
					b := fromFlat(Float64, []int{k, n}, bv)
					if tb {
						b = Transpose(b)
					}
					got := matmulT(Cast(a, dt), Cast(b, dt), ta, tb)
					tol := 1e-12
					if dt == Float32 {
						tol = 1e-4
					}
					maxDiff(t, fmt.Sprintf("k=%d %s ta=%v tb=%v", k, dt, ta, tb), got, want, tol)
				}
			}
		}
	}
}
