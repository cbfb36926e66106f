package optim

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestAdamStep32BitIdentical checks the float32 Adam kernel (vectorised on amd64) against the
// scalar generic loop, bit for bit, for lengths with and without a tail, in place and not.
func TestAdamStep32BitIdentical(t *testing.T) { eachKernel(t, testAdamStep32) }

func testAdamStep32(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	rnd := func(n int, s float64, pos bool) []float32 {
		out := make([]float32, n)
		for i := range out {
			v := r.NormFloat64() * s
			if pos {
				v = math.Abs(v)
			}
			out[i] = float32(v)
		}
		return out
	}
	for _, n := range []int{0, 1, 3, 4, 5, 7, 8, 9, 13, 16, 64, 1001} {
		for _, inPlace := range []bool{false, true} {
			for step := 1; step <= 3; step++ {
				x, g := rnd(n, 1, false), rnd(n, 1e-2, false)
				m, v := rnd(n, 1e-3, false), rnd(n, 1e-4, true)
				if n > 2 {
					g[1] = 0
					v[2] = 0
				}
				alpha := adamAlpha(float32(1e-3), 0.9, 0.999, step)
				x2, m2, v2 := slices.Clone(x), slices.Clone(m), slices.Clone(v)
				want := make([]float32, n)
				adamStep(want, x2, g, m2, v2, alpha, 0.9, 0.999, 1e-7)
				dst := make([]float32, n)
				if inPlace {
					dst = x
				}
				adamStep32(dst, x, g, m, v, alpha, 0.9, 0.999, 1e-7)
				for i := range n {
					if math.Float32bits(dst[i]) != math.Float32bits(want[i]) ||
						math.Float32bits(m[i]) != math.Float32bits(m2[i]) ||
						math.Float32bits(v[i]) != math.Float32bits(v2[i]) {
						t.Fatalf("n=%d inPlace=%v step %d, element %d: got x %v m %v v %v, want %v %v %v",
							n, inPlace, step, i, dst[i], m[i], v[i], want[i], m2[i], v2[i])
					}
				}
			}
		}
	}
}
