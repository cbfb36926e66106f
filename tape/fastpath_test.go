package tape_test

import (
	"math"
	"testing"

	"github.com/gotape/gotape/tape"
)

// Tests of the fast paths: GEMV for vector operands, Slice views, the MaxPool2D loops and
// the fused ReLU gradient. The gradient table checks their derivatives in float64; these
// check float32 values against plain loops and the data sharing.

func naiveMatMul(a, b []float64, m, k, n int) []float64 {
	c := make([]float64, m*n)
	for i := range m {
		for j := range n {
			s := 0.0
			for p := range k {
				s += a[i*k+p] * b[p*n+j]
			}
			c[i*n+j] = s
		}
	}
	return c
}

func TestMatMulVectorOperands(t *testing.T) {
	tape.SetSeed(11)
	for _, s := range [][3]int{{37, 53, 1}, {1, 53, 29}, {1, 7, 1}, {5, 1, 1}, {1, 1, 6}, {64, 300, 1}} {
		m, k, n := s[0], s[1], s[2]
		for _, dt := range []tape.DType{tape.Float32, tape.Float64} {
			a := tape.Cast(tape.RandomNormal([]int{m, k}, 0, 1), dt)
			b := tape.Cast(tape.RandomNormal([]int{k, n}, 0, 1), dt)
			got := tape.MatMul(a, b).Floats()
			want := naiveMatMul(a.Floats(), b.Floats(), m, k, n)
			for i := range want {
				if math.Abs(got[i]-want[i]) > 1e-4*(1+math.Abs(want[i])) {
					t.Fatalf("%v·%v %s: element %d = %v, want %v", a.Shape(), b.Shape(), dt, i, got[i], want[i])
				}
			}
			// the transposed products of the gradient: dA = g·Bᵀ, dB = Aᵀ·g with g = ones
			tp := tape.NewGradientTape()
			var y *tape.Tensor
			tp.Record(func() {
				tp.Watch(a, b)
				y = tape.MatMul(a, b)
			})
			gs := tp.GradientsOf([]*tape.Tensor{y}, []any{a, b})
			ga, gb := gs[0].Floats(), gs[1].Floats()
			af, bf := a.Floats(), b.Floats()
			for i := range m {
				for p := range k {
					w := 0.0
					for j := range n {
						w += bf[p*n+j]
					}
					if math.Abs(ga[i*k+p]-w) > 1e-4*(1+math.Abs(w)) {
						t.Fatalf("%v·%v %s: dA[%d,%d] = %v, want %v", a.Shape(), b.Shape(), dt, i, p, ga[i*k+p], w)
					}
				}
			}
			for p := range k {
				w := 0.0
				for i := range m {
					w += af[i*k+p]
				}
				for j := range n {
					if math.Abs(gb[p*n+j]-w) > 1e-4*(1+math.Abs(w)) {
						t.Fatalf("%v·%v %s: dB[%d,%d] = %v, want %v", a.Shape(), b.Shape(), dt, p, j, gb[p*n+j], w)
					}
				}
			}
		}
	}
}

func TestSliceViewSharesData(t *testing.T) {
	x := tape.Reshape(tape.Range(0, 24, 1), 4, 3, 2)
	cases := []struct {
		begin, size []int
		off         int // flat offset of the view, -1: not contiguous (a copy)
	}{
		{[]int{1, 0, 0}, []int{2, -1, -1}, 6},
		{[]int{2, 1, 0}, []int{1, 2, 2}, 14},
		{[]int{3, 2, 1}, []int{1, 1, 1}, 23},
		{[]int{0, 0, 0}, []int{-1, -1, -1}, 0},
		{[]int{0, 1, 0}, []int{2, 2, 2}, -1},
		{[]int{1, 0, 1}, []int{1, 3, 1}, -1},
	}
	xs := x.Float32s()
	for _, c := range cases {
		s := tape.Slice(x, c.begin, c.size)
		d := s.Float32s()
		shared := &d[0] == &xs[max(c.off, 0)]
		if shared != (c.off >= 0) {
			t.Errorf("Slice(%v, %v): shares data = %v, want %v", c.begin, c.size, shared, c.off >= 0)
		}
		// values against At
		sh := s.Shape()
		i := 0
		for a := range sh[0] {
			for b := range sh[1] {
				for e := range sh[2] {
					if want := x.At(c.begin[0]+a, c.begin[1]+b, c.begin[2]+e); float64(d[i]) != want {
						t.Fatalf("Slice(%v, %v)[%d] = %v, want %v", c.begin, c.size, i, d[i], want)
					}
					i++
				}
			}
		}
		// the gradient of sum(slice · w) is w placed in the block, zeros elsewhere
		tp := tape.NewGradientTape()
		var y *tape.Tensor
		w := tape.Range(1, float64(s.Size())+1, 1)
		tp.Record(func() {
			tp.Watch(x)
			y = tape.ReduceSum(tape.Mul(tape.Reshape(tape.Slice(x, c.begin, c.size), -1), w), nil, false)
		})
		g := tp.Gradient(y, x)
		k := 0
		for a := range 4 {
			for b := range 3 {
				for e := range 2 {
					in := a >= c.begin[0] && a < c.begin[0]+sh[0] && b >= c.begin[1] && b < c.begin[1]+sh[1] && e >= c.begin[2] && e < c.begin[2]+sh[2]
					want := 0.0
					if in {
						k++
						want = float64(k)
					}
					if got := g.At(a, b, e); got != want {
						t.Fatalf("Slice(%v, %v): gradient at (%d,%d,%d) = %v, want %v", c.begin, c.size, a, b, e, got, want)
					}
				}
			}
		}
	}
}

func TestMaxPoolFloat32MatchesFloat64(t *testing.T) {
	tape.SetSeed(4)
	x32 := tape.RandomNormal([]int{3, 7, 6, 5}, 0, 1)
	x64 := tape.Cast(x32, tape.Float64)
	for _, p := range []struct {
		size, stride int
		pad          string
	}{{2, 2, "VALID"}, {3, 2, "SAME"}, {2, 1, "SAME"}, {3, 3, "VALID"}} {
		var y32, y64, g32, g64 *tape.Tensor
		for _, c := range []struct {
			x    *tape.Tensor
			y, g **tape.Tensor
		}{{x32, &y32, &g32}, {x64, &y64, &g64}} {
			tp := tape.NewGradientTape()
			tp.Record(func() {
				tp.Watch(c.x)
				*c.y = tape.MaxPool2D(c.x, p.size, p.stride, p.pad)
			})
			w := tape.Cast(tape.Range(1, float64((*c.y).Size())+1, 1), c.x.DType())
			*c.g = tp.Gradient(*c.y, c.x, tape.OutputGradients(tape.Reshape(w, (*c.y).Shape()...)))
		}
		a, b := y32.Floats(), y64.Floats()
		ga, gb := g32.Floats(), g64.Floats()
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("%+v: float32 %v, float64 %v at %d", p, a[i], b[i], i)
			}
		}
		for i := range ga {
			if ga[i] != gb[i] {
				t.Fatalf("%+v: gradient float32 %v, float64 %v at %d", p, ga[i], gb[i], i)
			}
		}
	}
}

func TestMaxPoolTiesAndNaN(t *testing.T) {
	// one 2×2 window per channel: ties go to the first maximum, a later NaN never wins
	nan := math.NaN()
	x := tape.Constant([][][][]float64{{{{1, 1}, {3, nan}}, {{3, 2}, {0, 5}}}})
	tp, y := watched(x, func(x *tape.Tensor) *tape.Tensor { return tape.MaxPool2D(x, 2, 2, "VALID") })
	if got := y.Floats(); got[0] != 3 || got[1] != 5 {
		t.Errorf("MaxPool2D = %v, want [3 5]", got)
	}
	g := tp.Gradient(y, x).Floats()
	want := []float64{0, 0, 1, 0, 0, 0, 0, 1}
	for i := range want {
		if g[i] != want[i] {
			t.Fatalf("gradient %v, want %v", g, want)
		}
	}
}

func TestReLUSpecialValues(t *testing.T) {
	nan := math.NaN()
	in := []float64{-2, -0.0, 0, 1.5, nan, math.Inf(1), math.Inf(-1)}
	for _, dt := range []tape.DType{tape.Float32, tape.Float64} {
		x := tape.Constant(in, dt)
		tp, y := watched(x, func(x *tape.Tensor) *tape.Tensor { return tape.ReLU(x) })
		g := tp.Gradient(y, x, tape.OutputGradients(tape.Constant([]float64{1, 2, 3, 4, 5, 6, 7}, dt))).Floats()
		v := y.Floats()
		wantV := []float64{0, 0, 0, 1.5, nan, math.Inf(1), 0}
		wantG := []float64{0, 0, 0, 4, 0, 6, 0}
		for i := range in {
			same := v[i] == wantV[i] || (math.IsNaN(v[i]) && math.IsNaN(wantV[i]))
			if !same || math.Signbit(v[i]) || g[i] != wantG[i] || math.Signbit(g[i]) {
				t.Errorf("%s: ReLU(%v) = %v with gradient %v, want %v and %v", dt, in[i], v[i], g[i], wantV[i], wantG[i])
			}
		}
	}
}

func TestConv2DSingleChannelFloat32(t *testing.T) {
	// one input and one output channel: the GEMMs degenerate to GEMV in all three products
	tape.SetSeed(8)
	x := tape.RandomNormal([]int{2, 6, 5, 1}, 0, 1)
	k := tape.RandomNormal([]int{3, 2, 1, 1}, 0, 1)
	run := func(x, k *tape.Tensor) (y, gx, gk []float64) {
		tp := tape.NewGradientTape()
		var out *tape.Tensor
		tp.Record(func() {
			tp.Watch(x, k)
			out = tape.Conv2D(x, k, 1, "SAME")
		})
		w := tape.Cast(tape.Reshape(tape.Range(0, float64(out.Size()), 1), out.Shape()...), x.DType())
		gs := tp.GradientsOf([]*tape.Tensor{out}, []any{x, k}, tape.OutputGradients(w))
		return out.Floats(), gs[0].Floats(), gs[1].Floats()
	}
	y32, gx32, gk32 := run(x, k)
	y64, gx64, gk64 := run(tape.Cast(x, tape.Float64), tape.Cast(k, tape.Float64))
	for _, c := range []struct {
		name string
		a, b []float64
	}{{"value", y32, y64}, {"input gradient", gx32, gx64}, {"kernel gradient", gk32, gk64}} {
		for i := range c.b {
			if math.Abs(c.a[i]-c.b[i]) > 1e-4*(1+math.Abs(c.b[i])) {
				t.Fatalf("%s[%d]: float32 %v, float64 %v", c.name, i, c.a[i], c.b[i])
			}
		}
	}
}

func TestTransposeStrided(t *testing.T) {
	x := tape.Reshape(tape.Range(0, 24, 1), 2, 3, 4)
	for _, perm := range [][]int{{2, 0, 1}, {1, 0, 2}, {0, 2, 1}, {2, 1, 0}, {0, 1, 2}} {
		y := tape.Transpose(x, perm...)
		sh := y.Shape()
		idx := make([]int, 3)
		for a := range sh[0] {
			for b := range sh[1] {
				for c := range sh[2] {
					o := []int{a, b, c}
					for i, p := range perm {
						idx[p] = o[i]
					}
					if got, want := y.At(a, b, c), x.At(idx...); got != want {
						t.Fatalf("Transpose(%v) at %v = %v, want %v", perm, o, got, want)
					}
				}
			}
		}
	}
	if got := tape.Transpose(tape.Scalar(3)).Float(); got != 3 {
		t.Errorf("Transpose of a scalar = %v", got)
	}
}

// TestJacobianReusedSeed checks Jacobian's first-order path (one reused seed) when the
// gradient is the seed itself or shares its data (target = source, a reshape of it).
func TestJacobianReusedSeed(t *testing.T) {
	x := tape.Constant([]float64{1, 2, 3})
	tp := tape.NewGradientTape(tape.Persistent(true))
	var z *tape.Tensor
	tp.Record(func() {
		tp.Watch(x)
		z = tape.Reshape(x, 3, 1)
	})
	for _, y := range []*tape.Tensor{x, z} {
		j := tp.Jacobian(y, x)
		if j.Size() != 9 {
			t.Fatalf("Jacobian shape %v", j.Shape())
		}
		v := j.Floats()
		for i := range 3 {
			for k := range 3 {
				want := 0.0
				if i == k {
					want = 1
				}
				if v[i*3+k] != want {
					t.Fatalf("Jacobian of %v: entry (%d, %d) = %v, want %v", y.Shape(), i, k, v[i*3+k], want)
				}
			}
		}
	}
}
