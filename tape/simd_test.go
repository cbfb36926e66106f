package tape

import (
	"fmt"
	"math"
	"math/rand"
	"testing"
)

// specials are float32 values that vector kernels get wrong most easily.
var specials = []float32{0, float32(math.Copysign(0, -1)), 1e-45, -1e-45, 1, -1, 3.4e38, -3.4e38,
	float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), -float32(math.NaN())}

// randF32 returns n values, random in [-1, 1) with the specials mixed in.
func randF32(rng *rand.Rand, n int) []float32 {
	v := make([]float32, n)
	for i := range v {
		if rng.Intn(4) == 0 {
			v[i] = specials[rng.Intn(len(specials))]
		} else {
			v[i] = rng.Float32()*2 - 1
		}
	}
	return v
}

// sameF32 reports whether a and b are the same value (NaN matches NaN; −0 matches +0 only
// when zeroSign is false).
func sameF32(a, b float32, zeroSign bool) bool {
	if a != a || b != b {
		return a != a && b != b
	}
	return a == b && (!zeroSign || math.Signbit(float64(a)) == math.Signbit(float64(b)))
}

// TestSIMDKernels checks the float32 kernels of simd_amd64.s (the Go loops elsewhere)
// against plain loops, on widths up to 40 (the 16-value bodies and the 4-value tails), with
// NaN, infinities and signed zeros in the data.
// sameAllF32 fails the test at the first element where got and want differ (sameF32).
func sameAllF32(t *testing.T, what string, got, want []float32, signedZero bool) {
	t.Helper()
	for i := range got {
		if !sameF32(got[i], want[i], signedZero) {
			t.Fatalf("%s [%d]: got %v, want %v", what, i, got[i], want[i])
		}
	}
}

func TestSIMDBlocks(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for width := 4; width <= 40; width += 4 {
		count, ds, ss := 1+rng.Intn(4), width+rng.Intn(9), width+rng.Intn(9)
		src, dst := randF32(rng, (count-1)*ss+width), randF32(rng, (count-1)*ds+width)
		want := append([]float32(nil), dst...)
		for i := range count {
			copy(want[i*ds:i*ds+width], src[i*ss:i*ss+width])
		}
		blocksF32(&dst[0], &src[0], count, width, ds, ss, false)
		sameAllF32(t, fmt.Sprintf("blocksF32 copy width=%d strides %d, %d", width, ds, ss), dst, want, true)
		for i := range count {
			for j := range width {
				want[i*ds+j] += src[i*ss+j]
			}
		}
		blocksF32(&dst[0], &src[0], count, width, ds, ss, true)
		sameAllF32(t, fmt.Sprintf("blocksF32 add width=%d strides %d, %d", width, ds, ss), dst, want, true)
	}
}

func TestSIMDKernels(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for f := 4; f <= 24; f += 4 {
		rows := 1 + rng.Intn(5)
		o, b := randF32(rng, rows*f), randF32(rng, f)
		want := append([]float32(nil), o...)
		for i := range want {
			want[i] = max(want[i]+b[i%f], 0)
		}
		biasReluF32(&o[0], &b[0], rows, f)
		sameAllF32(t, fmt.Sprintf("biasReluF32 f=%d", f), o, want, false)
		g, out := randF32(rng, rows*f), randF32(rng, rows*f)
		d, acc, wantAcc := make([]float32, rows*f), randF32(rng, f), make([]float32, f)
		copy(wantAcc, acc)
		reluMaskSumF32(&g[0], &out[0], &d[0], &acc[0], rows, f)
		wantD := make([]float32, rows*f)
		for i := range d {
			if out[i] > 0 {
				wantD[i] = g[i]
			}
			wantAcc[i%f] += wantD[i]
		}
		sameAllF32(t, fmt.Sprintf("reluMaskSumF32 f=%d", f), d, wantD, true)
		d2 := make([]float32, rows*f)
		reluMaskSumF32(&g[0], &out[0], &d2[0], nil, rows, f) // no sum
		sameAllF32(t, fmt.Sprintf("reluMaskSumF32 f=%d without acc", f), d2, d, true)
		sameAllF32(t, fmt.Sprintf("reluMaskSumF32 f=%d acc", f), acc, wantAcc, true)
		v, best, ai := randF32(rng, f), randF32(rng, f), make([]int32, f)
		wantBest, wantAI := append([]float32(nil), best...), make([]int32, f)
		for c := range ai {
			ai[c], wantAI[c] = int32(-c), int32(-c)
			if v[c] > wantBest[c] {
				wantBest[c], wantAI[c] = v[c], int32(1000+c)
			}
		}
		poolStepF32(&v[0], &best[0], &ai[0], 1000, f)
		for c := range ai {
			if !sameF32(best[c], wantBest[c], true) || ai[c] != wantAI[c] {
				t.Fatalf("poolStepF32 f=%d [%d]: got %v@%d, want %v@%d (v = %v)", f, c, best[c], ai[c], wantBest[c], wantAI[c], v[c])
			}
		}
	}
}
