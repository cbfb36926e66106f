package tape_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/tapetest"
)

func randShape(r *rand.Rand, rank int) []int {
	s := make([]int, rank)
	for i := range s {
		s[i] = 1 + r.IntN(3)
	}
	return s
}

func unravel(i int, shape []int) []int {
	idx := make([]int, len(shape))
	for k := len(shape) - 1; k >= 0; k-- {
		idx[k] = i % shape[k]
		i /= shape[k]
	}
	return idx
}

// atBroadcast reads x at an index of the broadcast shape.
func atBroadcast(x *tape.Tensor, idx []int) float64 {
	s := x.Shape()
	j := make([]int, len(s))
	for k := range s {
		v := idx[len(idx)-len(s)+k]
		if s[k] == 1 {
			v = 0
		}
		j[k] = v
	}
	return x.At(j...)
}

// TestBroadcastAgainstReference compares binary ops on random broadcastable shapes with a
// direct index computation.
func TestBroadcastAgainstReference(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	ops := []struct {
		f   func(a, b tape.TensorLike) *tape.Tensor
		ref func(a, b float64) float64
	}{
		{tape.Add, func(a, b float64) float64 { return a + b }},
		{tape.Sub, func(a, b float64) float64 { return a - b }},
		{tape.Mul, func(a, b float64) float64 { return a * b }},
		{tape.Div, func(a, b float64) float64 { return a / b }},
		{tape.Maximum, math.Max},
		{tape.Minimum, math.Min},
	}
	for trial := range 200 {
		rank := 1 + r.IntN(4)
		out := randShape(r, rank)
		sa, sb := make([]int, 0, rank), make([]int, 0, rank)
		ra, rb := 1+r.IntN(rank), 1+r.IntN(rank)
		for k := rank - ra; k < rank; k++ {
			d := out[k]
			if r.IntN(3) == 0 {
				d = 1
			}
			sa = append(sa, d)
		}
		for k := rank - rb; k < rank; k++ {
			d := out[k]
			if r.IntN(3) == 0 {
				d = 1
			}
			sb = append(sb, d)
		}
		gen := func() float64 { return 0.5 + r.Float64() }
		xs := tapetest.RandomInputs([][]int{sa, sb}, gen)
		op := ops[trial%len(ops)]
		got := op.f(xs[0], xs[1])
		shape := got.Shape()
		for i := range got.Size() {
			idx := unravel(i, shape)
			want := op.ref(atBroadcast(xs[0], idx), atBroadcast(xs[1], idx))
			if g := got.At(idx...); math.Abs(g-want) > 1e-12 {
				t.Fatalf("trial %d shapes %v %v: at %v got %v want %v", trial, sa, sb, idx, g, want)
			}
		}
	}
}

// TestConvAgainstReference compares Conv2D and MaxPool2D with direct loops (TensorFlow's
// definitions: SAME pads (total/2) before and the rest after).
func TestConvAgainstReference(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	gen := func() float64 { return r.Float64()*2 - 1 }
	for _, c := range []struct {
		h, w, cin, k, f, s int
		pad                string
	}{{5, 6, 2, 3, 3, 1, "VALID"}, {5, 6, 2, 3, 3, 2, "SAME"}, {6, 6, 1, 2, 2, 2, "SAME"}, {7, 5, 3, 3, 2, 3, "VALID"}, {4, 4, 1, 4, 1, 1, "SAME"}} {
		xs := tapetest.RandomInputs([][]int{{2, c.h, c.w, c.cin}, {c.k, c.k, c.cin, c.f}}, gen)
		x, k := xs[0], xs[1]
		y := tape.Conv2D(x, k, c.s, c.pad)
		oh, ow := y.Shape()[1], y.Shape()[2]
		pt, pl := 0, 0
		if c.pad == "SAME" {
			pt = max((oh-1)*c.s+c.k-c.h, 0) / 2
			pl = max((ow-1)*c.s+c.k-c.w, 0) / 2
			if oh != (c.h+c.s-1)/c.s || ow != (c.w+c.s-1)/c.s {
				t.Fatalf("SAME output %v", y.Shape())
			}
		} else if oh != (c.h-c.k)/c.s+1 || ow != (c.w-c.k)/c.s+1 {
			t.Fatalf("VALID output %v", y.Shape())
		}
		p := tape.MaxPool2D(x, c.k, c.s, c.pad)
		for n := range 2 {
			for i := range oh {
				for j := range ow {
					for f := range c.f {
						s := 0.0
						for di := range c.k {
							for dj := range c.k {
								yy, xx := i*c.s-pt+di, j*c.s-pl+dj
								if yy < 0 || yy >= c.h || xx < 0 || xx >= c.w {
									continue
								}
								for ch := range c.cin {
									s += x.At(n, yy, xx, ch) * k.At(di, dj, ch, f)
								}
							}
						}
						if got := y.At(n, i, j, f); math.Abs(got-s) > 1e-12 {
							t.Fatalf("%+v: conv at %d,%d,%d,%d = %v, want %v", c, n, i, j, f, got, s)
						}
					}
					for ch := range c.cin {
						m := math.Inf(-1)
						for di := range c.k {
							for dj := range c.k {
								yy, xx := i*c.s-pt+di, j*c.s-pl+dj
								if yy >= 0 && yy < c.h && xx >= 0 && xx < c.w {
									m = math.Max(m, x.At(n, yy, xx, ch))
								}
							}
						}
						if got := p.At(n, i, j, ch); got != m {
							t.Fatalf("%+v: maxpool at %d,%d,%d,%d = %v, want %v", c, n, i, j, ch, got, m)
						}
					}
				}
			}
		}
	}
}

// TestMatMulAgainstReference checks batched and broadcast MatMul values.
func TestMatMulAgainstReference(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	gen := func() float64 { return r.Float64()*2 - 1 }
	for _, sh := range [][2][]int{{{3, 4}, {4, 5}}, {{2, 3, 4}, {2, 4, 5}}, {{2, 3, 4}, {4, 5}}, {{3, 4}, {2, 4, 5}}, {{2, 2, 1, 3}, {2, 2, 3, 2}}} {
		xs := tapetest.RandomInputs([][]int{sh[0], sh[1]}, gen)
		a, b := xs[0], xs[1]
		y := tape.MatMul(a, b)
		ys := y.Shape()
		for i := range y.Size() {
			idx := unravel(i, ys)
			m, n := idx[len(idx)-2], idx[len(idx)-1]
			batch := idx[:len(idx)-2]
			s := 0.0
			for k := range sh[0][len(sh[0])-1] {
				ai := append(append([]int{}, batch[len(batch)-(len(sh[0])-2):]...), m, k)
				bi := append(append([]int{}, batch[len(batch)-(len(sh[1])-2):]...), k, n)
				s += a.At(ai...) * b.At(bi...)
			}
			if math.Abs(y.At(idx...)-s) > 1e-12 {
				t.Fatalf("%v·%v at %v: %v want %v", sh[0], sh[1], idx, y.At(idx...), s)
			}
		}
	}
}
