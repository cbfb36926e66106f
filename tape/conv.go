package tape

import (
	"math"
	"strings"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
)

// convGeom is the geometry of a 2-D convolution or pooling (NHWC).
type convGeom struct {
	n, h, w, c     int // input
	kh, kw, f      int // kernel and output channels
	oh, ow         int // output
	stride, pt, pl int // stride, top and left padding
}

func outSize(op string, in, k, s int, padding string) (out, padBefore int) {
	switch strings.ToUpper(padding) {
	case "VALID":
		if in < k {
			errorf(op, "window %d larger than input %d with VALID padding", k, in)
		}
		return (in-k)/s + 1, 0
	case "SAME":
		out = (in + s - 1) / s
		total := max((out-1)*s+k-in, 0)
		return out, total / 2
	}
	errorf(op, "padding %q (want \"VALID\" or \"SAME\")", padding)
	return 0, 0
}

func newGeom(op string, xs []int, kh, kw, f, stride int, padding string) convGeom {
	if len(xs) != 4 {
		errorf(op, "input must be NHWC (rank 4), got shape %s", shapeStr(xs))
	}
	if stride < 1 {
		errorf(op, "stride %d < 1", stride)
	}
	g := convGeom{n: xs[0], h: xs[1], w: xs[2], c: xs[3], kh: kh, kw: kw, f: f, stride: stride}
	g.oh, g.pt = outSize(op, g.h, kh, stride, padding)
	g.ow, g.pl = outSize(op, g.w, kw, stride, padding)
	return g
}

// gemmRaw computes C = op(A)·op(B) + beta·C on row-major slices.
func gemmRaw[T float](ta, tb bool, m, n, k int, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	ar, ac := m, k
	if ta {
		ar, ac = k, m
	}
	br, bc := k, n
	if tb {
		br, bc = n, k
	}
	if k == 0 {
		if beta == 0 {
			for i := range m {
				clear(c[i*ldc : i*ldc+n])
			}
		}
		return
	}
	if m == 1 || n == 1 {
		gemv(ta, tb, m, n, k, a, lda, b, ldb, beta, c, ldc)
		return
	}
	switch av := any(a).(type) {
	case []float32:
		blas32.Gemm(trOf(ta), trOf(tb), 1,
			blas32.General{Rows: ar, Cols: ac, Stride: lda, Data: av},
			blas32.General{Rows: br, Cols: bc, Stride: ldb, Data: any(b).([]float32)},
			float32(beta), blas32.General{Rows: m, Cols: n, Stride: ldc, Data: any(c).([]float32)})
	case []float64:
		blas64.Gemm(trOf(ta), trOf(tb), 1,
			blas64.General{Rows: ar, Cols: ac, Stride: lda, Data: av},
			blas64.General{Rows: br, Cols: bc, Stride: ldb, Data: any(b).([]float64)},
			float64(beta), blas64.General{Rows: m, Cols: n, Stride: ldc, Data: any(c).([]float64)})
	}
}

// convForward: out[img] = cols(img) · K.
func convForward[T float](x, k, out []T, g *convGeom) {
	convForwardFused(x, k, nil, false, out, g)
}

// convBackInput: dx[img] = col2im(gy[img] · Kᵀ) (see convBackCore).
func convBackInput[T float](gy, k, dx []T, g *convGeom) {
	convBackMasked(nil, k, nil, gy, false, dx, nil, nil, g)
}

// convBackFilter: dK = Σ cols(img)ᵀ · gy[img] (see convBackCore).
func convBackFilter[T float](x, gy, dk []T, g *convGeom) {
	convBackMasked(x, nil, nil, gy, false, nil, dk, nil, g)
}

func convCheck(op string, x, k *Tensor) {
	mustNotNil(x, op)
	mustNotNil(k, op)
	CheckInterrupt()
	if x.dtype != k.dtype || !x.dtype.IsFloat() {
		errorf(op, "dtypes %s and %s (want the same float type)", x.dtype, k.dtype)
	}
}

// Conv2D is a 2-D convolution (cross-correlation, like TensorFlow): input is NHWC, filters
// is [height, width, in channels, out channels], strides the same in both directions, padding
// "VALID" or "SAME". It runs as im2col + GEMM, parallel over images.
func Conv2D(input, filters TensorLike, strides int, padding string) *Tensor {
	x, kernel := tensorOf(input), tensorOf(filters)
	convCheck("Conv2D", x, kernel)
	if len(kernel.shape) != 4 || len(x.shape) != 4 || kernel.shape[2] != x.shape[3] {
		errorf("Conv2D", "input %s (NHWC) and kernel %s (HWIO) do not match", shapeStr(x.shape), shapeStr(kernel.shape))
	}
	g := newGeom("Conv2D", x.shape, kernel.shape[0], kernel.shape[1], kernel.shape[3], strides, padding)
	return conv2d(x, kernel, &g)
}

func conv2d(x, k *Tensor, g *convGeom) *Tensor {
	return convBilinear(convOps[0], x, k, g)
}

// conv2dBackInput is the gradient of Conv2D with respect to its input: linear in gy and k.
func conv2dBackInput(gy, k *Tensor, g *convGeom) *Tensor {
	convCheck("Conv2DBackpropInput", gy, k)
	return convBilinear(convOps[1], gy, k, g)
}

// conv2dBackFilter is the gradient of Conv2D with respect to its kernel: linear in x and gy.
func conv2dBackFilter(x, gy *Tensor, g *convGeom) *Tensor {
	convCheck("Conv2DBackpropFilter", x, gy)
	return convBilinear(convOps[2], x, gy, g)
}

// convOp is one of the three bilinear maps of a convolution, f(a, b): its kernels, the shape
// of its result and, for each argument, the map that gives its gradient from h = ∂L/∂f.
type convOp struct {
	name  string
	fn    func(a, b *Tensor, g *convGeom) *Tensor // the op itself, for the JVP
	shape func(g *convGeom) []int
	k32   func(a, b, out []float32, g *convGeom)
	k64   func(a, b, out []float64, g *convGeom)
	backA func(h, a, b *Tensor, g *convGeom) *Tensor // ∂L/∂a
	backB func(h, a, b *Tensor, g *convGeom) *Tensor // ∂L/∂b
}

// convOps: Conv2D(x, k), its input gradient (gy, k) and its filter gradient (x, gy). Each
// one's gradients are the other two, so the three close under differentiation.
var convOps [3]convOp

func init() {
	convOps = [3]convOp{{
		name: "Conv2D", fn: conv2d, shape: func(g *convGeom) []int { return []int{g.n, g.oh, g.ow, g.f} },
		k32: convForward[float32], k64: convForward[float64],
		backA: func(h, _, k *Tensor, g *convGeom) *Tensor { return conv2dBackInput(h, k, g) },
		backB: func(h, x, _ *Tensor, g *convGeom) *Tensor { return conv2dBackFilter(x, h, g) },
	}, {
		name: "Conv2DBackpropInput", fn: conv2dBackInput, shape: func(g *convGeom) []int { return []int{g.n, g.h, g.w, g.c} },
		k32: convBackInput[float32], k64: convBackInput[float64],
		backA: func(h, _, k *Tensor, g *convGeom) *Tensor { return conv2d(h, k, g) },
		backB: func(h, gy, _ *Tensor, g *convGeom) *Tensor { return conv2dBackFilter(h, gy, g) },
	}, {
		name: "Conv2DBackpropFilter", fn: conv2dBackFilter, shape: func(g *convGeom) []int { return []int{g.kh, g.kw, g.c, g.f} },
		k32: convBackFilter[float32], k64: convBackFilter[float64],
		backA: func(h, _, gy *Tensor, g *convGeom) *Tensor { return conv2dBackInput(gy, h, g) },
		backB: func(h, x, _ *Tensor, g *convGeom) *Tensor { return conv2d(x, h, g) },
	}}
}

// convBilinear computes op(a, b) and records its rules: the VJP from op's two gradient maps,
// the JVP by bilinearity, op(ta, b) + op(a, tb).
func convBilinear(op convOp, a, b *Tensor, g *convGeom) *Tensor {
	defer opEnd(opStart()) // interrupted while it computed: no late result
	alloc := newTensorRaw  // the forward and the input gradient write every element
	if op.name == "Conv2DBackpropFilter" {
		alloc = newTensor // accumulated into
	}
	out := alloc(a.dtype, op.shape(g))
	if op.name == "Conv2D" {
		checkedNumel(op.name, []int{min(g.n, 2), g.oh * g.ow, g.kh * g.kw * g.c}, elemBytes(a.dtype)) // im2col buffers
	}
	if a.dtype == Float32 {
		op.k32(a.f32, b.f32, out.f32, g)
	} else {
		op.k64(a.f64, b.f64, out.f64, g)
	}
	if recording() {
		record(op.name, out, []*Tensor{a, b}, perRow, rules{
			vjp: func(bw bwArgs, h *Tensor, _ []*Tensor, _ *Tensor, d []*Tensor) {
				if bw.wants(0) {
					d[0] = op.backA(h, a, b, g)
				}
				if bw.wants(1) {
					d[1] = op.backB(h, a, b, g)
				}
			},
			jvp: func(ts, _ []*Tensor, y *Tensor) *Tensor {
				return tangentSum(ifTangent(ts[0], func() *Tensor { return op.fn(ts[0], b, g) }),
					ifTangent(ts[1], func() *Tensor { return op.fn(a, ts[1], g) }), y.shape)
			},
		})
	}
	return out
}

// MaxPool2D takes the maximum over size×size windows of x (NHWC), moving by strides, with
// "VALID" or "SAME" padding. The gradient goes to the (first) maximum of each window.
func MaxPool2D(x TensorLike, size, strides int, padding string) *Tensor {
	return maxPool2D(tensorOf(x), size, strides, padding)
}

// maxPool2D is MaxPool2D on a tensor.
func maxPool2D(x *Tensor, size, strides int, padding string) *Tensor {
	defer opEnd(opStart()) // interrupted while it computed: no late result
	mustNotNil(x, "MaxPool2D")
	if size < 1 {
		errorf("MaxPool2D", "window size %d < 1", size)
	}
	if !x.dtype.IsFloat() {
		errorf("MaxPool2D", "dtype %s (want a float type)", x.dtype)
	}
	g := newGeom("MaxPool2D", x.shape, size, size, 0, strides, padding)
	shape := []int{g.n, g.oh, g.ow, g.c}
	out := newTensor(x.dtype, shape)
	if numel(x.shape) > math.MaxInt32 {
		errorf("MaxPool2D", "input of shape %s has more than 2^31 elements", shapeStr(x.shape))
	}
	arg := make([]int32, numel(shape))
	if x.dtype == Float32 {
		maxPool(x.f32, out.f32, arg, &g)
	} else {
		maxPool(x.f64, out.f64, arg, &g)
	}
	if recording() {
		record("MaxPool2D", out, []*Tensor{x}, perRow, rules{
			vjp: func(_ bwArgs, gy *Tensor, xs []*Tensor, _ *Tensor, dx []*Tensor) {
				dx[0] = maxPoolGrad(gy, arg, xs[0].shape)
			},
			jvp: func(ts, _ []*Tensor, y *Tensor) *Tensor { return gatherArg(ts[0], arg, y.shape) },
		})
	}
	return out
}

// maxPool writes, for every output element, its window's maximum and the flat input index
// of the (first) maximum (-1 for a window without input). Channels are innermost (NHWC), so
// every window position is one contiguous run of c values.
func maxPool[T float](x, out []T, arg []int32, g *convGeom) {
	size := g.kh
	c := g.c
	parallelFor(g.n, g.oh*g.ow*c*size*size, func(lo, hi int) {
		for img := lo; img < hi; img++ {
			for oy := range g.oh {
				y0 := oy*g.stride - g.pt
				for ox := range g.ow {
					x0 := ox*g.stride - g.pl
					o := ((img*g.oh+oy)*g.ow + ox) * c
					best, ai := out[o:o+c:o+c], arg[o:o+c:o+c]
					first := true
					for ky := max(0, -y0); ky < size && y0+ky < g.h; ky++ {
						row := (img*g.h + y0 + ky) * g.w
						for kx := max(0, -x0); kx < size && x0+kx < g.w; kx++ {
							j := (row + x0 + kx) * c
							v := x[j : j+c : j+c]
							if first {
								copy(best, v)
								for ch := range ai {
									ai[ch] = int32(j + ch)
								}
								first = false
								continue
							}
							poolStep(v, best, ai, j)
						}
					}
					if first {
						for ch := range ai {
							ai[ch] = -1
						}
					}
				}
			}
		}
	})
}

// poolStep updates the running maxima best (and their input indices ai) of c channels with
// the values v at input index j, without branches (random data defeats branch prediction).
// A NaN never wins, as with a plain `>`. The two cases are deliberate float32/float64 twins:
// the mask is an integer of each float's width.
func poolStep[T float](v, best []T, ai []int32, j int) {
	switch vs := any(v).(type) {
	case []float32:
		bs := any(best).([]float32)
		bs, ai = bs[:len(vs)], ai[:len(vs)]
		if len(vs)%4 == 0 && len(vs) > 0 {
			poolStepF32(&vs[0], &bs[0], &ai[0], j, len(vs))
			return
		}
		for ch, e := range vs {
			b := bs[ch]
			m := uint32(0)
			if e > b {
				m = ^uint32(0)
			}
			ai[ch] ^= (ai[ch] ^ int32(j+ch)) & int32(m)
			bb := math.Float32bits(b)
			bs[ch] = math.Float32frombits(bb ^ ((bb ^ math.Float32bits(e)) & m))
		}
	case []float64:
		bs := any(best).([]float64)
		bs, ai = bs[:len(vs)], ai[:len(vs)]
		for ch, e := range vs {
			b := bs[ch]
			m := uint64(0)
			if e > b {
				m = ^uint64(0)
			}
			ai[ch] ^= (ai[ch] ^ int32(j+ch)) & int32(m)
			bb := math.Float64bits(b)
			bs[ch] = math.Float64frombits(bb ^ ((bb ^ math.Float64bits(e)) & m))
		}
	}
}

// maxPoolGrad returns zeros of shape with out[arg[i]] += g[i]: the gradient of MaxPool2D.
// It is linear in g; its gradient gathers at arg.
func maxPoolGrad(g *Tensor, arg []int32, shape []int) *Tensor {
	CheckInterrupt()
	out := newTensor(g.dtype, shape)
	if g.dtype == Float32 {
		scatterArg(g.f32, arg, out.f32)
	} else {
		scatterArg(g.f64, arg, out.f64)
	}
	if recording() {
		record("MaxPool2DGrad", out, []*Tensor{g}, perRow, rules{
			vjp: func(_ bwArgs, h *Tensor, xs []*Tensor, _ *Tensor, dx []*Tensor) {
				dx[0] = gatherArg(h, arg, xs[0].shape)
			},
			jvp: func(ts, _ []*Tensor, y *Tensor) *Tensor { return maxPoolGrad(ts[0], arg, y.shape) },
		})
	}
	return out
}

func scatterArg[T float](g []T, arg []int32, dst []T) {
	for i, j := range arg {
		if j >= 0 {
			dst[j] += g[i]
		}
	}
}

// gatherArg returns out[i] = h[arg[i]] (0 for -1) with the given shape; its gradient is maxPoolGrad.
func gatherArg(h *Tensor, arg []int32, shape []int) *Tensor {
	CheckInterrupt()
	out := newTensor(h.dtype, shape)
	if h.dtype == Float32 {
		for i, j := range arg {
			if j >= 0 {
				out.f32[i] = h.f32[j]
			}
		}
	} else {
		for i, j := range arg {
			if j >= 0 {
				out.f64[i] = h.f64[j]
			}
		}
	}
	if recording() {
		record("MaxPool2DGradGrad", out, []*Tensor{h}, perRow, rules{
			vjp: func(_ bwArgs, k *Tensor, xs []*Tensor, _ *Tensor, dx []*Tensor) {
				dx[0] = maxPoolGrad(k, arg, xs[0].shape)
			},
			jvp: func(ts, _ []*Tensor, y *Tensor) *Tensor { return gatherArg(ts[0], arg, y.shape) },
		})
	}
	return out
}
