package tape

import (
	mbits "math/bits"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/gotape/gotape/tape/internal/blasthreads"
	"github.com/gotape/gotape/tape/internal/rawmem"
)

// Convolution kernels that keep one image in cache at a time: the fused convolution + bias
// + ReLU op, and the backward pass of convolutions, where each image's output
// gradient (masked by the ReLU, summed for the bias) goes to the kernel gradient by im2col +
// GEMM and to the input gradient by GEMM + col2im while it is in cache. (Shifted GEMMs, one
// per kernel position over rows padded to the input's width, were tried for both gradients:
// slower here, they pack the same operand kh·kw times.)

// BLAS threads: OpenBLAS called from several goroutines at once with its own threads
// oversubscribes the cores (its calls serialise on one thread pool), so loops that run
// images on several goroutines make BLAS single-threaded meanwhile. tape/openblas provides
// the thread hooks (blasthreads); gonum's pure-Go BLAS needs nothing.
var blasSerial struct {
	sync.Mutex
	depth, saved int
}

func blasSerialBegin() {
	if blasthreads.Set == nil {
		return
	}
	blasSerial.Lock()
	if blasSerial.depth == 0 {
		blasSerial.saved = blasthreads.Get()
		if blasSerial.saved > 1 {
			blasthreads.Set(1)
		}
	}
	blasSerial.depth++
	blasSerial.Unlock()
}

func blasSerialEnd() {
	if blasthreads.Set == nil {
		return
	}
	blasSerial.Lock()
	blasSerial.depth--
	if blasSerial.depth == 0 && blasSerial.saved > 1 {
		blasthreads.Set(blasSerial.saved)
	}
	blasSerial.Unlock()
}

// imageWorkers is the number of goroutines for n images of cost multiply-adds each.
func imageWorkers(n, cost int) int {
	p := runtime.GOMAXPROCS(0)
	if p <= 1 || n < 2 || n*cost < 2*parallelMin {
		return 1
	}
	return min(p, n)
}

// forImages calls body(w, img) for every img in [0, n) on workers goroutines (w in
// [0, workers) names the goroutine, for per-goroutine scratch), which take images in turn
// (a busy core does not hold up the others). BLAS runs single-threaded meanwhile. body must
// not panic (yaegi cannot recover a panic inside a goroutine); an interrupt (SetContext)
// stops the loop between images and panics with ErrInterrupted in the caller's goroutine.
func forImages(n, workers int, body func(w, img int)) {
	if workers <= 1 {
		for img := range n {
			CheckInterrupt()
			body(0, img)
		}
		return
	}
	blasSerialBegin()
	defer blasSerialEnd()
	var next atomic.Int64
	run := func(w int) {
		for !interrupted.Load() { // the caller panics with ErrInterrupted after Wait
			img := int(next.Add(1) - 1)
			if img >= n {
				return
			}
			body(w, img)
		}
	}
	var wg sync.WaitGroup
	for w := 1; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			run(w)
		}()
	}
	run(0)
	wg.Wait()
	CheckInterrupt()
}

// Scratch buffers (im2col matrices, masked gradients) are reused across calls, in pools by
// power-of-two capacity so that the small buffers of one layer do not displace the large
// ones of another.
var scratchPools [2][64]sync.Pool

// getScratch returns a buffer of n elements with arbitrary contents.
func getScratch[T float](n int) *[]T {
	class := mbits.Len(uint(max(n, 1) - 1))
	if p, ok := scratchPools[scratchKind[T]()][class].Get().(*[]T); ok {
		*p = (*p)[:n]
		return p
	}
	s := rawSlice[T](1 << class)[:n] // the pools lose their buffers at each GC cycle: no zeroing
	return &s
}

// rawSlice returns n elements of arbitrary contents (see rawmem).
func rawSlice[T float](n int) []T {
	if scratchKind[T]() == 1 {
		return any(rawmem.Float64s(n)).([]T)
	}
	return any(rawmem.Float32s(n)).([]T)
}

// putScratch gives back a buffer of getScratch (nil is ignored).
func putScratch[T float](p *[]T) {
	if p == nil {
		return
	}
	scratchPools[scratchKind[T]()][mbits.Len(uint(cap(*p)-1))].Put(p)
}

// scratchKind is the first index of scratchPools for T: 0 for float32, 1 for float64.
func scratchKind[T float]() int {
	var z T
	if _, ok := any(z).(float64); ok {
		return 1
	}
	return 0
}

// stride1Valid reports whether the convolution has stride 1 and no padding (col2imValid applies).
func (g *convGeom) stride1Valid() bool {
	return g.stride == 1 && g.pt == 0 && g.pl == 0 && g.oh == g.h-g.kh+1 && g.ow == g.w-g.kw+1
}

// convForwardFused: out[img] = act(cols(img) · K + bias), one image at a time so that the
// bias and ReLU pass runs on the GEMM's output while it is in cache. bias may be nil.
func convForwardFused[T float](x, k, bias []T, relu bool, out []T, g *convGeom) {
	kk := g.kh * g.kw * g.c
	rows := g.oh * g.ow
	workers := imageWorkers(g.n, rows*kk*g.f)
	direct := g.kh == 1 && g.kw == 1 && g.stride == 1 && g.pt == 0 && g.pl == 0 // 1×1: x is its im2col
	cols := make([]*[]T, workers)
	forImages(g.n, workers, func(w, img int) {
		var a []T
		if direct {
			a = x[img*rows*kk : (img+1)*rows*kk]
		} else {
			if cols[w] == nil {
				cols[w] = getScratch[T](rows * kk)
			}
			a = *cols[w]
			im2col(x, g, img, a)
		}
		o := out[img*rows*g.f : (img+1)*rows*g.f]
		gemmRaw(false, false, rows, g.f, kk, a, kk, k, g.f, 0, o, g.f)
		biasAct(o, bias, relu, g.f)
	})
	for _, c := range cols {
		putScratch(c)
	}
}

// convBackMasked computes, for a convolution of geometry g, any of the input gradient dx,
// the kernel gradient dk and the bias gradient db (nil when not wanted; zero on entry) from
// the output gradient gy, masked by out > 0 first when relu (the fused ReLU's gradient).
// x is needed for dk, k for dx, out for relu. dx may hold anything on entry (it is
// overwritten image by image).
func convBackMasked[T float](x, k, out, gy []T, relu bool, dx, dk, db []T, g *convGeom) {
	rows, f := g.oh*g.ow, g.f
	convBackCore(x, k, dx, dk, db, g, relu, func(img int, scratch, db []T) []T {
		gz := gy[img*rows*f : (img+1)*rows*f]
		if relu {
			reluMaskSum(gz, out[img*rows*f:(img+1)*rows*f], scratch, db, f)
			return scratch
		}
		if db != nil {
			addRows(db, gz, f)
		}
		return gz
	})
}

// convBackCore computes dx, dk and db (as convBackMasked) from the convolution's output
// gradient gz, which gradOf(img, scratch, db) returns image by image (written into scratch,
// rows·f values, when it is not a view of a tensor) after adding its rows to db (if not nil).
// Per image, gz goes to dk through im2col + GEMM and to dx through GEMM + col2im.
func convBackCore[T float](x, k, dx, dk, db []T, g *convGeom, scratch bool, gradOf func(img int, scratch, db []T) []T) {
	f := g.f
	rows := g.oh * g.ow
	kk := g.kh * g.kw * g.c
	cost := rows * kk * f
	if dx != nil && dk != nil {
		cost *= 2
	}
	workers := imageWorkers(g.n, cost)
	valid := g.stride1Valid()
	type part struct {
		ready    bool
		gz, cols *[]T
		dk, db   []T
	}
	parts := make([]part, workers)
	forImages(g.n, workers, func(wk, img int) {
		p := &parts[wk]
		if !p.ready {
			p.ready = true
			p.dk, p.db = dk, db
			if wk > 0 {
				if dk != nil {
					p.dk = make([]T, len(dk))
				}
				if db != nil {
					p.db = make([]T, len(db))
				}
			}
			if scratch {
				p.gz = getScratch[T](rows * f)
			}
			if dk != nil || dx != nil {
				p.cols = getScratch[T](rows * kk)
			}
		}
		var sc []T
		if p.gz != nil {
			sc = *p.gz
		}
		gz := gradOf(img, sc, p.db)
		if p.dk != nil {
			cols := *p.cols
			im2col(x, g, img, cols)
			gemmRaw(true, false, kk, f, rows, cols, kk, gz, f, 1, p.dk, f)
		}
		if dx != nil {
			cols := *p.cols
			clear(dx[img*g.h*g.w*g.c : (img+1)*g.h*g.w*g.c]) // col2im adds; cleared here, in cache and in parallel
			gemmRaw(false, true, rows, kk, f, gz, f, k, f, 0, cols, kk)
			if valid {
				col2imValid(cols, g, img, dx)
			} else {
				col2im(cols, g, img, dx)
			}
		}
	})
	for i := range parts {
		p := &parts[i]
		putScratch(p.gz)
		putScratch(p.cols)
		if i == 0 {
			continue
		}
		for j, v := range p.dk {
			dk[j] += v
		}
		for j, v := range p.db {
			db[j] += v
		}
	}
}

// FusedConv2D returns activation(Conv2D(input, filters, strides, padding) + biases) as one
// op, like TensorFlow's fused convolution: biases ([out channels]) may be nil, activation is
// "relu" or "" (linear). The bias and ReLU are applied to each image's GEMM result while it is
// in cache, and the gradient masks, reduces and convolves back in one pass over the batch. Its
// gradients are those of the unfused ops, to any order.
func FusedConv2D(input, filters, biases TensorLike, strides int, padding, activation string) *Tensor {
	x, kernel, bias := tensorOf(input), tensorOf(filters), tensorOf(biases)
	relu, g := fusedArgs("FusedConv2D", x, kernel, bias, strides, padding, activation)
	return fusedConv2d(x, kernel, bias, relu, &g)
}

func fusedConv2d(x, k, b *Tensor, relu bool, g *convGeom) *Tensor {
	defer opEnd(opStart()) // interrupted while it computed: no late result
	out := newTensorRaw(x.dtype, []int{g.n, g.oh, g.ow, g.f})
	checkedNumel("FusedConv2D", []int{min(g.n, runtime.GOMAXPROCS(0)), g.oh * g.ow, g.kh * g.kw * g.c}, elemBytes(x.dtype))
	if x.dtype == Float32 {
		convForwardFused(x.f32, k.f32, b.data32(), relu, out.f32, g)
	} else {
		convForwardFused(x.f64, k.f64, b.data64(), relu, out.f64, g)
	}
	if !recording() {
		return out
	}
	back := func(gy, gx, gk, gb *Tensor) { // one pass: mask, reduce and convolve back
		if x.dtype == Float32 {
			convBackMasked(x.f32, k.f32, out.f32, gy.f32, relu, gx.data32(), gk.data32(), gb.data32(), g)
		} else {
			convBackMasked(x.f64, k.f64, out.f64, gy.f64, relu, gx.data64(), gk.data64(), gb.data64(), g)
		}
	}
	vjp := fusedConvVJP(x, k, b, g, back, func(gy *Tensor) *Tensor {
		if relu {
			return reluGrad(gy, out)
		}
		return gy
	})
	jvp := func(ts, _ []*Tensor, y *Tensor) *Tensor {
		tz := convTangent(ts, x, k, g)
		if relu {
			tz = reluGrad(tz, y)
		}
		return tz
	}
	record("FusedConv2D", out, convInputs(x, k, b), perRow, rules{vjp: vjp, jvp: jvp})
	return out
}

// fusedConvVJP is the VJP of a fused convolution op of x, k and b (nil without a bias): with
// nothing recording it computes the wanted gradients in one pass by back(gy, gx, gk, gb) (nil
// buffers for the unwanted); while recording it composes recorded ops, from gradZ(gy), the
// gradient at the convolution's output.
func fusedConvVJP(x, k, b *Tensor, g *convGeom, back func(gy, gx, gk, gb *Tensor), gradZ func(gy *Tensor) *Tensor) func(bwArgs, *Tensor, []*Tensor, *Tensor, []*Tensor) {
	return func(bw bwArgs, gy *Tensor, _ []*Tensor, _ *Tensor, dx []*Tensor) {
		wx, wk, wb := bw.wants(0), bw.wants(1), b != nil && bw.wants(2)
		if !recording() && gy.dtype == x.dtype && len(gy.shape) == 4 {
			CheckInterrupt()
			gx, gk, gb := convGradBufs(x, g, wx, wk, wb)
			back(gy, gx, gk, gb)
			setConvGrads(dx, gx, gk, gb)
			return
		}
		convGradsFrom(dx, gradZ(gy), x, k, g, wx, wk, wb)
	}
}

// data32 and data64 return a tensor's storage, nil for a nil tensor.
func (t *Tensor) data32() []float32 {
	if t == nil {
		return nil
	}
	return t.f32
}

func (t *Tensor) data64() []float64 {
	if t == nil {
		return nil
	}
	return t.f64
}

// convGradBufs allocates the gradients of a fused convolution's inputs that are wanted.
func convGradBufs(x *Tensor, g *convGeom, wx, wk, wb bool) (gx, gk, gb *Tensor) {
	if wx {
		gx = newTensorRaw(x.dtype, []int{g.n, g.h, g.w, g.c}) // every image overwritten
	}
	if wk {
		gk = newTensor(x.dtype, []int{g.kh, g.kw, g.c, g.f})
	}
	if wb {
		gb = newTensor(x.dtype, []int{g.f})
	}
	return gx, gk, gb
}

// convGradsFrom sets the wanted gradients of a fused convolution's input, kernel and bias
// in dx from gz, the gradient of its output before the activation, with recorded ops.
func convGradsFrom(dx []*Tensor, gz, x, k *Tensor, g *convGeom, wx, wk, wb bool) {
	var gx, gk, gb *Tensor
	if wx {
		gx = conv2dBackInput(gz, k, g)
	}
	if wk {
		gk = conv2dBackFilter(x, gz, g)
	}
	if wb {
		gb = ReduceSum(gz, []int{0, 1, 2}, false)
	}
	setConvGrads(dx, gx, gk, gb)
}

// setConvGrads puts a fused convolution's gradients in dx (of length 2 without a bias).
func setConvGrads(dx []*Tensor, gx, gk, gb *Tensor) {
	dx[0], dx[1] = gx, gk
	if len(dx) > 2 {
		dx[2] = gb
	}
}

// convTangent is the tangent of conv(x, k) + b (before the activation) for the tangents ts
// of x, k and, when there is a bias, b: conv(tx, k) + conv(x, tk) + tb.
func convTangent(ts []*Tensor, x, k *Tensor, g *convGeom) *Tensor {
	full := []int{g.n, g.oh, g.ow, g.f}
	t := tangentSum(ifTangent(ts[0], func() *Tensor { return conv2d(ts[0], k, g) }),
		ifTangent(ts[1], func() *Tensor { return conv2d(x, ts[1], g) }), full)
	if len(ts) > 2 && ts[2] != nil {
		t = tangentSum(t, ts[2], full)
	}
	return orZeros(t, newTensor(x.dtype, full))
}

// convInputs returns a fused convolution's inputs: x, k and the bias when there is one.
func convInputs(x, k, b *Tensor) []*Tensor {
	if b == nil {
		return []*Tensor{x, k}
	}
	return []*Tensor{x, k, b}
}
