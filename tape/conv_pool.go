package tape

import (
	"math"
	"runtime"
	"strings"

	"github.com/gotape/gotape/tape/internal/rawmem"
)

// FusedConv2DMaxPool returns MaxPool2D(FusedConv2D(input, filters, biases, strides, padding,
// activation), pool, pool, "VALID"): a convolution with optional bias and ReLU followed by
// max pooling over non-overlapping pool×pool windows, as one op. Each image's convolution
// output stays in cache and is pooled there, so the full-size activation is never stored;
// the gradient scatters to each window's maximum and convolves back image by image. Values
// and gradients (to any order) are those of the unfused ops.
func FusedConv2DMaxPool(input, filters, biases TensorLike, strides int, padding, activation string, pool int) *Tensor {
	const op = "FusedConv2DMaxPool"
	x, kernel, bias := tensorOf(input), tensorOf(filters), tensorOf(biases)
	relu, g := fusedArgs(op, x, kernel, bias, strides, padding, activation)
	if pool < 1 {
		errorf(op, "window size %d < 1", pool)
	}
	if g.oh < pool || g.ow < pool {
		errorf(op, "window %d larger than the convolution's output %dx%d", pool, g.oh, g.ow)
	}
	if g.n*g.oh*g.ow*g.f > math.MaxInt32 {
		errorf(op, "convolution output of %d elements is more than 2^31", g.n*g.oh*g.ow*g.f)
	}
	return convMaxPool(x, kernel, bias, relu, &g, pool)
}

// fusedArgs checks the arguments of the fused convolutions and returns whether the
// activation is ReLU and the convolution's geometry.
func fusedArgs(op string, x, kernel, bias *Tensor, strides int, padding, activation string) (bool, convGeom) {
	convCheck(op, x, kernel)
	if len(kernel.shape) != 4 || len(x.shape) != 4 || kernel.shape[2] != x.shape[3] {
		errorf(op, "input %s (NHWC) and kernel %s (HWIO) do not match", shapeStr(x.shape), shapeStr(kernel.shape))
	}
	var relu bool
	switch strings.ToLower(activation) {
	case "", "linear":
	case "relu":
		relu = true
	default:
		errorf(op, "activation %q (want \"relu\" or \"\")", activation)
	}
	if bias != nil {
		if bias.dtype != x.dtype {
			errorf(op, "bias dtype %s, input %s", bias.dtype, x.dtype)
		}
		if len(bias.shape) != 1 || bias.shape[0] != kernel.shape[3] {
			errorf(op, "bias of shape %s for %d output channels", shapeStr(bias.shape), kernel.shape[3])
		}
	}
	return relu, newGeom(op, x.shape, kernel.shape[0], kernel.shape[1], kernel.shape[3], strides, padding)
}

func convMaxPool(x, k, b *Tensor, relu bool, g *convGeom, pool int) *Tensor {
	defer opEnd(opStart()) // interrupted while it computed: no late result
	ph, pw := g.oh/pool, g.ow/pool
	out := newTensorRaw(x.dtype, []int{g.n, ph, pw, g.f})
	checkedNumel("FusedConv2DMaxPool", []int{min(g.n, runtime.GOMAXPROCS(0)), g.oh * g.ow, g.kh*g.kw*g.c + g.f}, elemBytes(x.dtype))
	arg := rawmem.Int32s(numel(out.shape)) // flat indices into the convolution output
	if x.dtype == Float32 {
		convPoolForward(x.f32, k.f32, b.data32(), relu, pool, out.f32, arg, g)
	} else {
		convPoolForward(x.f64, k.f64, b.data64(), relu, pool, out.f64, arg, g)
	}
	if !recording() {
		return out
	}
	full := []int{g.n, g.oh, g.ow, g.f}
	// the convolution's output after the activation (recomputed for a recorded gradient: a
	// constant, the ReLU mask does not depend on it differentiably)
	convOut := func() *Tensor {
		y := newTensorRaw(x.dtype, full)
		if x.dtype == Float32 {
			convForwardFused(x.f32, k.f32, b.data32(), true, y.f32, g)
		} else {
			convForwardFused(x.f64, k.f64, b.data64(), true, y.f64, g)
		}
		return y
	}
	back := func(gy, gx, gk, gb *Tensor) {
		if x.dtype == Float32 {
			convPoolBack(x.f32, k.f32, out.f32, gy.f32, arg, relu, gx.data32(), gk.data32(), gb.data32(), g, ph*pw)
		} else {
			convPoolBack(x.f64, k.f64, out.f64, gy.f64, arg, relu, gx.data64(), gk.data64(), gb.data64(), g, ph*pw)
		}
	}
	vjp := fusedConvVJP(x, k, b, g, back, func(gy *Tensor) *Tensor {
		gz := maxPoolGrad(gy, arg, full) // composed from recorded ops: the pooling and ReLU gradients
		if relu {
			gz = reluGrad(gz, convOut())
		}
		return gz
	})
	jvp := func(ts, _ []*Tensor, y *Tensor) *Tensor {
		tz := convTangent(ts, x, k, g)
		if relu {
			tz = reluGrad(tz, convOut())
		}
		return gatherArg(tz, arg, y.shape)
	}
	record("FusedConv2DMaxPool", out, convInputs(x, k, b), perRow, rules{vjp: vjp, jvp: jvp})
	return out
}

// convPoolForward: per image, o = cols · K in scratch, out = act(the maxima of o over
// pool×pool windows + bias) and arg = their flat indices in the [n, oh, ow, f] convolution
// output (the first maximum of a window, as MaxPool2D). Adding the bias and ReLU are
// monotonic, so they commute with the maximum and run on the pooled values only; a window
// whose ReLU output is 0 gets no gradient wherever its arg points.
func convPoolForward[T float](x, k, bias []T, relu bool, pool int, out []T, arg []int32, g *convGeom) {
	kk := g.kh * g.kw * g.c
	rows := g.oh * g.ow
	f := g.f
	ph, pw := g.oh/pool, g.ow/pool
	workers := imageWorkers(g.n, rows*kk*f)
	type part struct{ cols, o *[]T }
	parts := make([]part, workers)
	forImages(g.n, workers, func(w, img int) {
		p := &parts[w]
		if p.o == nil {
			p.cols = getScratch[T](rows * kk)
			p.o = getScratch[T](rows * f)
		}
		cols, o := *p.cols, *p.o
		im2col(x, g, img, cols)
		gemmRaw(false, false, rows, f, kk, cols, kk, k, f, 0, o, f)
		base := img * rows * f
		for py := range ph {
			for px := range pw {
				q := ((img*ph+py)*pw + px) * f
				best, ai := out[q:q+f:q+f], arg[q:q+f:q+f]
				for dy := range pool {
					for dx := range pool {
						j := ((py*pool+dy)*g.ow + px*pool + dx) * f
						if dy == 0 && dx == 0 {
							copy(best, o[j:j+f])
							for ch := range ai {
								ai[ch] = int32(base + j + ch)
							}
							continue
						}
						poolStep(o[j:j+f:j+f], best, ai, base+j)
					}
				}
			}
		}
		biasAct(out[img*ph*pw*f:(img+1)*ph*pw*f], bias, relu, f)
	})
	for _, p := range parts {
		putScratch(p.cols)
		putScratch(p.o)
	}
}

// convPoolBack computes dx, dk, db of FusedConv2DMaxPool from the pooled output's gradient
// gy: per image, the convolution's output gradient is zero except at each window's maximum,
// where it is gy (0 when the ReLU's output there, out, is not positive).
func convPoolBack[T float](x, k, out, gy []T, arg []int32, relu bool, dx, dk, db []T, g *convGeom, pooled int) {
	rows, f := g.oh*g.ow, g.f
	convBackCore(x, k, dx, dk, db, g, true, func(img int, gz, db []T) []T {
		clear(gz)
		base := img * rows * f
		lo, hi := img*pooled*f, (img+1)*pooled*f
		gs, as := gy[lo:hi], arg[lo:hi]
		if relu { // mask (and sum for db) first, then scatter without branches
			m := getScratch[T](len(gs))
			reluMaskSum(gs, out[lo:hi], *m, db, f)
			scatterTo(gz, *m, as, base)
			putScratch(m)
			return gz
		}
		if db != nil {
			addRows(db, gs, f)
		}
		scatterTo(gz, gs, as, base)
		return gz
	})
}

// scatterTo sets dst[arg[i]-base] = v[i].
func scatterTo[T float](dst, v []T, arg []int32, base int) {
	arg = arg[:len(v)]
	for i, a := range arg {
		dst[int(a)-base] = v[i]
	}
}
