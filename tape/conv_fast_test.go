package tape

import (
	"context"
	"fmt"
	"math"
	"math/rand"
	"runtime"
	"sync/atomic"
	"testing"
)

func TestReLUMaskBits(t *testing.T) {
	vals := []float64{0, math.Copysign(0, -1), 1e-45, 1e-300, 1, 3.5e38, math.Inf(1), math.Inf(-1), math.NaN(), -math.NaN(), -1, -1e-45, math.MaxFloat64, math.SmallestNonzeroFloat64}
	for _, v := range vals {
		checkReLUMask(t, v)
		checkReLUMask(t, float32(v))
	}
}

// checkReLUMask checks that reluMask passes the gradient 2 at v exactly when v > 0.
func checkReLUMask[T float32 | float64](t *testing.T, v T) {
	t.Helper()
	want := T(0)
	if v > 0 {
		want = 2
	}
	d := []T{9}
	reluMask([]T{2}, []T{v}, d)
	if d[0] != want {
		t.Errorf("%T mask of %v: got %v, want %v", v, v, d[0], want)
	}
}

func naiveConv(x, k, b, r []float64, n, h, w, c, kh, kw, f int, relu bool) (y, dx, dk, db []float64) {
	oh, ow := h-kh+1, w-kw+1
	y = make([]float64, n*oh*ow*f)
	dx, dk, db = make([]float64, len(x)), make([]float64, len(k)), make([]float64, f)
	for i := range n {
		for oy := range oh {
			for ox := range ow {
				for o := range f {
					s := b[o]
					for ky := range kh {
						for kx := range kw {
							for ci := range c {
								s += x[((i*h+oy+ky)*w+ox+kx)*c+ci] * k[((ky*kw+kx)*c+ci)*f+o]
							}
						}
					}
					j := ((i*oh+oy)*ow+ox)*f + o
					gz := r[j]
					if relu && s <= 0 {
						s, gz = 0, 0
					}
					y[j] = s
					db[o] += gz
					for ky := range kh {
						for kx := range kw {
							for ci := range c {
								xi := ((i*h+oy+ky)*w+ox+kx)*c + ci
								ki := ((ky*kw+kx)*c+ci)*f + o
								dx[xi] += gz * k[ki]
								dk[ki] += gz * x[xi]
							}
						}
					}
				}
			}
		}
	}
	return
}

func randSlice(rng *rand.Rand, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = rng.Float64()*2 - 1
	}
	return v
}

func maxDiff(t *testing.T, what string, got *Tensor, want []float64, tol float64) {
	t.Helper()
	g := got.Floats()
	if len(g) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(g), len(want))
	}
	for i := range g {
		if d := math.Abs(g[i] - want[i]); d > tol*(1+math.Abs(want[i])) {
			t.Fatalf("%s[%d] = %v, want %v", what, i, g[i], want[i])
		}
	}
}

// TestFusedConv2DNaive checks FusedConv2D and Conv2D (values and gradients) against direct
// loops on batches large enough for the chunked, multi-goroutine kernels, in both dtypes.
func TestFusedConv2DNaive(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	rng := rand.New(rand.NewSource(1))
	for _, tc := range []struct{ n, h, w, c, kh, kw, f int }{
		{18, 12, 11, 8, 3, 3, 16}, {5, 9, 9, 1, 3, 3, 8}, {33, 8, 8, 4, 2, 3, 6}, {3, 6, 5, 3, 1, 1, 4},
		{4, 7, 6, 2, 2, 2, 4}, {3, 6, 6, 2, 3, 1, 4}, // kernel rows of 4 and 2 values (im2colNarrow)
	} {
		oh, ow := tc.h-tc.kh+1, tc.w-tc.kw+1
		xv := randSlice(rng, tc.n*tc.h*tc.w*tc.c)
		kv := randSlice(rng, tc.kh*tc.kw*tc.c*tc.f)
		bv := randSlice(rng, tc.f)
		rv := randSlice(rng, tc.n*oh*ow*tc.f)
		for _, relu := range []bool{true, false} {
			y, dx, dk, db := naiveConv(xv, kv, bv, rv, tc.n, tc.h, tc.w, tc.c, tc.kh, tc.kw, tc.f, relu)
			act := ""
			if relu {
				act = "relu"
			}
			for _, dt := range []DType{Float64, Float32} {
				tol := 1e-12
				if dt == Float32 {
					tol = 1e-4
				}
				x := Cast(fromFlat(Float64, []int{tc.n, tc.h, tc.w, tc.c}, xv), dt)
				k := Cast(fromFlat(Float64, []int{tc.kh, tc.kw, tc.c, tc.f}, kv), dt)
				b := Cast(fromFlat(Float64, []int{tc.f}, bv), dt)
				r := Cast(fromFlat(Float64, []int{tc.n, oh, ow, tc.f}, rv), dt)
				tp := NewGradientTape(Persistent(true))
				var out, plain *Tensor
				tp.Record(func() {
					tp.Watch(x, k, b)
					out = FusedConv2D(x, k, b, 1, "VALID", act)
					plain = Add(Conv2D(x, k, 1, "VALID"), b)
					if relu {
						plain = ReLU(plain)
					}
				})
				name := fmt.Sprintf("%v %s %s", tc, act, dt)
				maxDiff(t, name+" y", out, y, tol)
				maxDiff(t, name+" plain y", plain, y, tol)
				var pooled, pooledRef *Tensor
				if oh >= 2 && ow >= 2 {
					tp.Record(func() {
						pooled = FusedConv2DMaxPool(x, k, b, 1, "VALID", act, 2)
						pooledRef = MaxPool2D(out, 2, 2, "VALID")
					})
					maxDiff(t, name+" pooled", pooled, pooledRef.Floats(), 0)
					var l1, l2 *Tensor
					rp := Cast(fromFlat(Float64, pooled.shape, randSlice(rng, numel(pooled.shape))), dt)
					tp.Record(func() {
						l1 = ReduceSum(Mul(pooled, rp), nil, false)
						l2 = ReduceSum(Mul(pooledRef, rp), nil, false)
					})
					g1 := tp.GradientsOf([]*Tensor{l1}, []any{x, k, b})
					g2 := tp.GradientsOf([]*Tensor{l2}, []any{x, k, b})
					for j := range g1 {
						maxDiff(t, fmt.Sprintf("%s pooled gradient %d", name, j), g1[j], g2[j].Floats(), tol*10)
					}
				}
				for _, o := range []*Tensor{out, plain} {
					var loss *Tensor
					tp.Record(func() { loss = ReduceSum(Mul(o, r), nil, false) })
					gs := tp.GradientsOf([]*Tensor{loss}, []any{x, k, b})
					maxDiff(t, name+" dx", gs[0], dx, tol)
					maxDiff(t, name+" dk", gs[1], dk, tol*10)
					maxDiff(t, name+" db", gs[2], db, tol*10)
				}
			}
		}
	}
}

// TestForImagesInterrupt checks that an interrupt stops forImages between images and panics
// with ErrInterrupted in the caller, with one goroutine and with several.
func TestForImagesInterrupt(t *testing.T) {
	defer SetContext(nil)
	for _, workers := range []int{1, 2} {
		ctx, cancel := context.WithCancel(context.Background())
		SetContext(ctx)
		var done atomic.Int64
		func() {
			defer func() {
				if r := recover(); r != ErrInterrupted {
					t.Errorf("workers %d: recovered %v, want ErrInterrupted", workers, r)
				}
			}()
			forImages(1000, workers, func(w, img int) {
				if done.Add(1) == 3 {
					cancel()
					for !interrupted.Load() {
						runtime.Gosched()
					}
				}
			})
		}()
		if n := done.Load(); n >= 1000 {
			t.Errorf("workers %d: all %d images ran after the interrupt", workers, n)
		}
		if blasSerial.depth != 0 {
			t.Errorf("workers %d: BLAS serial depth %d after the interrupt", workers, blasSerial.depth)
		}
		SetContext(nil)
	}
}
