package tape

import (
	"math"
	"slices"
)

type float interface{ ~float32 | ~float64 }

type binOp uint8

const (
	opAdd binOp = iota
	opSub
	opMul
	opDiv
	opMax
	opMin
	opPow
	opFirst // x (broadcast to the output shape)
	opGE    // x >= y as 1/0
	opLE
	opGT
	opLT
	opEQ
)

// binKernel computes dst[i] = a[i*sa] op b[i*sb] (sa, sb are 0 or 1): the four arithmetic
// ops on whole runs or a run and a scalar in loops the compiler vectorises, in this
// function (an op costs one call), every other case in binLoop.
func binKernel[T float](op binOp, dst, a, b []T, sa, sb int) {
	n := len(dst)
	if sa == 1 && sb == 1 {
		a, b = a[:n], b[:n]
		switch op {
		case opAdd:
			for i := range dst {
				dst[i] = a[i] + b[i]
			}
			return
		case opSub:
			for i := range dst {
				dst[i] = a[i] - b[i]
			}
			return
		case opMul:
			for i := range dst {
				dst[i] = a[i] * b[i]
			}
			return
		case opDiv:
			for i := range dst {
				dst[i] = a[i] / b[i]
			}
			return
		}
	}
	if sa == 0 && sb == 1 && (op == opAdd || op == opMul) {
		a, b, sa, sb = b, a, 1, 0 // commutative: the scalar second
	}
	if sa == 1 && sb == 0 {
		a = a[:n]
		c := b[0]
		switch op {
		case opAdd:
			for i := range dst {
				dst[i] = a[i] + c
			}
			return
		case opSub:
			for i := range dst {
				dst[i] = a[i] - c
			}
			return
		case opMul:
			for i := range dst {
				dst[i] = a[i] * c
			}
			return
		case opDiv:
			for i := range dst {
				dst[i] = a[i] / c
			}
			return
		}
	}
	binLoop(op, dst, a, b, sa, sb)
}

// binLoop computes dst[i] = a[i*sa] op b[i*sb] for every op, one element at a time.
func binLoop[T float](op binOp, dst, a, b []T, sa, sb int) {
	for i := range dst {
		x, y := a[i*sa], b[i*sb]
		var r T
		switch op {
		case opAdd:
			r = x + y
		case opSub:
			r = x - y
		case opMul:
			r = x * y
		case opDiv:
			r = x / y
		case opMax:
			r = x
			if y > x || y != y {
				r = y
			}
		case opMin:
			r = x
			if y < x || y != y {
				r = y
			}
		case opPow:
			r = T(math.Pow(float64(x), float64(y)))
		case opFirst:
			r = x
		case opGE:
			r = b2f[T](x >= y)
		case opLE:
			r = b2f[T](x <= y)
		case opGT:
			r = b2f[T](x > y)
		case opLT:
			r = b2f[T](x < y)
		case opEQ:
			r = b2f[T](x == y)
		}
		dst[i] = r
	}
}

func b2f[T float](b bool) T {
	if b {
		return 1
	}
	return 0
}

// broadcastShape returns the NumPy broadcast of two shapes.
func broadcastShape(op string, a, b []int) []int {
	if len(a) >= len(b) && broadcastsTo(b, a) {
		return a // shapes are immutable: share it
	}
	if len(b) >= len(a) && broadcastsTo(a, b) {
		return b
	}
	n := max(len(a), len(b))
	out := make([]int, n)
	for i := range n {
		da, db := 1, 1
		if j := len(a) - n + i; j >= 0 {
			da = a[j]
		}
		if j := len(b) - n + i; j >= 0 {
			db = b[j]
		}
		switch {
		case da == db:
			out[i] = da
		case da == 1:
			out[i] = db
		case db == 1:
			out[i] = da
		default:
			errorf(op, "incompatible shapes %s and %s", shapeStr(a), shapeStr(b))
		}
	}
	if n == 0 {
		return nil
	}
	return out
}

// broadcastsTo reports whether shape s broadcasts to the longer shape big unchanged.
func broadcastsTo(s, big []int) bool {
	off := len(big) - len(s)
	for i, d := range s {
		if d != 1 && d != big[off+i] {
			return false
		}
	}
	return true
}

// bcastStrides returns the element strides of shape s broadcast to out (0 on broadcast dims).
func bcastStrides(s, out []int) []int {
	st := make([]int, len(out))
	acc := 1
	for i := len(out) - 1; i >= 0; i-- {
		j := len(s) - len(out) + i
		if j >= 0 && s[j] != 1 {
			st[i] = acc
		}
		if j >= 0 {
			acc *= s[j]
		}
	}
	return st
}

// dropUnitDims returns shape and two stride lists of it without the dimensions of size 1,
// which move no index (sa and sb are reused; shape is not changed).
func dropUnitDims(shape, sa, sb []int) ([]int, []int, []int) {
	keep := make([]int, 0, len(shape))
	for i, d := range shape {
		if d != 1 {
			sa[len(keep)], sb[len(keep)] = sa[i], sb[i]
			keep = append(keep, d)
		}
	}
	return keep, sa[:len(keep)], sb[:len(keep)]
}

func binGeneric[T float](op binOp, dst, a, b []T, ash, bsh, out []int) {
	n := len(dst)
	if n == 0 {
		return
	}
	na, nb := len(a), len(b)
	switch {
	case na == n && nb == n:
		if n < parallelMin {
			binKernel(op, dst, a, b, 1, 1)
			return
		}
		parallelFor(n, 1, func(lo, hi int) { binKernel(op, dst[lo:hi], a[lo:hi], b[lo:hi], 1, 1) })
		return
	case nb == 1 && na == n:
		if n < parallelMin {
			binKernel(op, dst, a, b, 1, 0)
			return
		}
		parallelFor(n, 1, func(lo, hi int) { binKernel(op, dst[lo:hi], a[lo:hi], b, 1, 0) })
		return
	case na == 1 && nb == n:
		binKernel(op, dst, a, b, 0, 1)
		return
	}
	// general broadcast: iterate rows of the last dimension (of size > 1: a trailing 1, as in
	// a batched gradient of a column, must not make rows of one element)
	sa, sb := bcastStrides(ash, out), bcastStrides(bsh, out)
	out, sa, sb = dropUnitDims(out, sa, sb)
	r := len(out)
	inner := out[r-1]
	ia, ib := sa[r-1], sb[r-1]
	rows := n / inner
	idx := make([]int, r-1)
	var off [2]int // into a, b
	for row := range rows {
		d := dst[row*inner : (row+1)*inner]
		offA, offB := off[0], off[1]
		var av, bv []T
		if ia == 0 {
			av = a[offA : offA+1]
		} else {
			av = a[offA : offA+inner]
		}
		if ib == 0 {
			bv = b[offB : offB+1]
		} else {
			bv = b[offB : offB+inner]
		}
		binKernel(op, d, av, bv, ia, ib)
		bcastNext(idx, out[:r-1], off[:], sa, sb)
	}
}

// bcastNext takes one step of a broadcast walk: it advances the index idx over dims (the
// last dimension fastest) and moves each offset off[j] by its strides[j] (0 along a
// broadcast dimension).
func bcastNext(idx, dims, off []int, strides ...[]int) {
	for k := len(dims) - 1; k >= 0; k-- {
		idx[k]++
		for j, st := range strides {
			off[j] += st[k]
		}
		if idx[k] < dims[k] {
			return
		}
		for j, st := range strides {
			off[j] -= st[k] * dims[k]
		}
		idx[k] = 0
	}
}

// binaryValue computes x op y with broadcasting (no recording).
func binaryValue(name string, x, y *Tensor, op binOp) *Tensor {
	gen := opStart()
	mustNotNil(x, name)
	mustNotNil(y, name)
	if x.dtype != y.dtype {
		if x.dtype == Bool || y.dtype == Bool || !(x.dtype.IsFloat() || y.dtype.IsFloat()) || x.dtype.IsFloat() == y.dtype.IsFloat() {
			errorf(name, "dtype mismatch: %s and %s", x.dtype, y.dtype)
		}
		errorf(name, "dtype mismatch: %s and %s (use Cast)", x.dtype, y.dtype)
	}
	var out []int
	if slices.Equal(x.shape, y.shape) {
		out = x.shape
	} else {
		out = broadcastShape(name, x.shape, y.shape)
	}
	dt := x.dtype
	if op >= opGE {
		dt = Bool
	}
	var t *Tensor
	switch {
	case dt == Float32: // the common case first
		t = newTensor(Float32, out)
		binGeneric(op, t.f32, x.f32, y.f32, x.shape, y.shape, out)
	case x.dtype == Float32: // a comparison
		t = newTensor(Bool, out)
		tmp := make([]float32, numel(out))
		binGeneric(op, tmp, x.f32, y.f32, x.shape, y.shape, out)
		for i, v := range tmp {
			t.f64[i] = float64(v)
		}
	default:
		t = newTensor(dt, out)
		binGeneric(op, t.f64, x.f64, y.f64, x.shape, y.shape, out)
		if dt == Int32 || dt == Int64 {
			for i, v := range t.f64 {
				t.f64[i] = castValue(v, dt)
			}
		}
	}
	opEnd(gen) // interrupted while it computed: no late result
	return t
}

// unaryValue applies f element-wise (float32 data computed in float64 and rounded).
func unaryValue(name string, x *Tensor, f func(float64) float64) *Tensor {
	gen := opStart()
	mustNotNil(x, name)
	out := newTensor(x.dtype, x.shape)
	if x.dtype == Float32 {
		src, dst := x.f32, out.f32
		if len(dst) < parallelMin/8 {
			for i, v := range src {
				dst[i] = float32(f(float64(v)))
			}
		} else {
			parallelFor(len(dst), 8, func(lo, hi int) {
				for i := lo; i < hi; i++ {
					dst[i] = float32(f(float64(src[i])))
				}
			})
		}
	} else {
		src, dst := x.f64, out.f64
		if len(dst) < parallelMin/8 {
			for i, v := range src {
				dst[i] = f(v)
			}
		} else {
			parallelFor(len(dst), 8, func(lo, hi int) {
				for i := lo; i < hi; i++ {
					dst[i] = f(src[i])
				}
			})
		}
		if x.dtype != Float64 {
			for i, v := range dst {
				dst[i] = castValue(v, x.dtype)
			}
		}
	}
	opEnd(gen) // interrupted while it computed: no late result
	return out
}

func neg(v float64) float64    { return -v }
func square(v float64) float64 { return v * v }
func sigmoid(v float64) float64 {
	if v >= 0 {
		return 1 / (1 + math.Exp(-v))
	}
	e := math.Exp(v)
	return e / (1 + e)
}
func relu(v float64) float64 {
	if v > 0 {
		return v
	}
	return 0
}
func sign(v float64) float64 {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}
func step(v float64) float64 {
	if v > 0 {
		return 1
	}
	return 0
}

// reluValue computes max(x, 0) (NaN stays NaN, like TensorFlow) with a branch-free loop:
// the hot path of convolutional and dense layers.
func reluValue[T float](src, dst []T) {
	parallelFor(len(dst), 1, func(lo, hi int) {
		s, d := src[lo:hi], dst[lo:hi]
		d = d[:len(s)]
		for i, v := range s {
			d[i] = max(v, 0)
		}
	})
}

// reluGrad32 computes d = g where x > 0, else 0 (NaN, -0 and 0 give 0), without branches:
// the comparison becomes an integer mask (a conditional move), random signs do not stall.
func reluGrad32(g, x, d []float32) {
	parallelFor(len(d), 1, func(lo, hi int) {
		gs, xs, ds := g[lo:hi], x[lo:hi], d[lo:hi]
		xs, ds = xs[:len(gs)], ds[:len(gs)]
		for i, gv := range gs {
			m := uint32(0)
			if xs[i] > 0 {
				m = ^uint32(0)
			}
			ds[i] = math.Float32frombits(math.Float32bits(gv) & m)
		}
	})
}

// reluGrad64 is reluGrad32's deliberate float64 twin: the mask is an integer of the float's
// own width, which a generic function cannot name without a slower conversion.
func reluGrad64(g, x, d []float64) {
	parallelFor(len(d), 1, func(lo, hi int) {
		gs, xs, ds := g[lo:hi], x[lo:hi], d[lo:hi]
		xs, ds = xs[:len(gs)], ds[:len(gs)]
		for i, gv := range gs {
			m := uint64(0)
			if xs[i] > 0 {
				m = ^uint64(0)
			}
			ds[i] = math.Float64frombits(math.Float64bits(gv) & m)
		}
	})
}

func castTensor(x *Tensor, dt DType) *Tensor {
	defer opEnd(opStart()) // interrupted while it computed: no late result
	if x.dtype == dt {
		return x.view(x.shape)
	}
	out := newTensor(dt, x.shape)
	n := numel(x.shape)
	for i := range n {
		out.set(i, x.get(i))
	}
	return out
}
