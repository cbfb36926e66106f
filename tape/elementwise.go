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

var binNames = [...]string{"Add", "Sub", "Mul", "Div", "Maximum", "Minimum", "Pow", "BroadcastTo", "GreaterEqual", "LessEqual", "Greater", "Less", "Equal"}

// binKernel computes dst[i] = a[i*sa] op b[i*sb] (sa, sb are 0 or 1).
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
	// general broadcast: iterate rows of the last dimension
	r := len(out)
	sa, sb := bcastStrides(ash, out), bcastStrides(bsh, out)
	inner := out[r-1]
	ia, ib := sa[r-1], sb[r-1]
	rows := n / inner
	idx := make([]int, r-1)
	offA, offB := 0, 0
	for row := range rows {
		d := dst[row*inner : (row+1)*inner]
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
		for k := r - 2; k >= 0; k-- {
			idx[k]++
			offA += sa[k]
			offB += sb[k]
			if idx[k] < out[k] {
				break
			}
			offA -= sa[k] * out[k]
			offB -= sb[k] * out[k]
			idx[k] = 0
		}
	}
}

// binaryValue computes x op y with broadcasting (no recording).
func binaryValue(name string, x, y *Tensor, op binOp) *Tensor {
	mustNotNil(x, name)
	mustNotNil(y, name)
	CheckInterrupt()
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
	if x.dtype == Float32 {
		if dt == Bool {
			t := newTensor(Bool, out)
			tmp := make([]float32, numel(out))
			binGeneric(op, tmp, x.f32, y.f32, x.shape, y.shape, out)
			for i, v := range tmp {
				t.f64[i] = float64(v)
			}
			return t
		}
		t := newTensor(Float32, out)
		binGeneric(op, t.f32, x.f32, y.f32, x.shape, y.shape, out)
		return t
	}
	t := newTensor(dt, out)
	binGeneric(op, t.f64, x.f64, y.f64, x.shape, y.shape, out)
	if dt == Int32 || dt == Int64 {
		for i, v := range t.f64 {
			t.f64[i] = castValue(v, dt)
		}
	}
	return t
}

// reduceTo sums g over broadcast dimensions so it gets shape s (the gradient of a broadcast).
// In a batched backward pass (bwBatch) g's first dimension is the batch: it is kept.
func reduceTo(g *Tensor, s []int) *Tensor {
	want := bshape(s)
	if slices.Equal(g.shape, want) {
		return g
	}
	if bwBatch == 0 && !recording() && numel(s) == 1 && g.dtype.IsFloat() {
		// a full sum (the bias of a scalar): no recording, so no ReduceSum and Reshape
		out := newTensor(g.dtype, s)
		sum := 0.0
		if g.dtype == Float32 {
			for _, v := range g.f32 {
				sum += float64(v)
			}
		} else {
			for _, v := range g.f64 {
				sum += v
			}
		}
		out.set(0, sum)
		return out
	}
	keep := len(want) - len(s) // the batch dimension, if any
	lead := len(g.shape) - len(want)
	var axes []int
	for i := keep; i < len(g.shape); i++ {
		if i < keep+lead || (s[i-keep-lead] == 1 && g.shape[i] != 1) {
			axes = append(axes, i)
		}
	}
	r := g
	if len(axes) > 0 {
		r = ReduceSum(g, axes, false)
	}
	if !slices.Equal(r.shape, want) {
		r = Reshape(r, want...)
	}
	return r
}

// scalarLike returns a scalar constant with x's dtype.
func scalarLike(v float64, x *Tensor) *Tensor { return scalarOf(x.dtype, v) }

// Add returns x + y (broadcasting).
func Add(x, y *Tensor) *Tensor { return binaryOp("Add", x, y, opAdd, gradAdd) }

// Sub returns x - y.
func Sub(x, y *Tensor) *Tensor { return binaryOp("Sub", x, y, opSub, gradSub) }

// Mul returns x * y element-wise.
func Mul(x, y *Tensor) *Tensor { return binaryOp("Mul", x, y, opMul, gradMul) }

// Div returns x / y element-wise.
func Div(x, y *Tensor) *Tensor { return binaryOp("Div", x, y, opDiv, gradDiv) }

// Pow returns x ** y element-wise (tensor exponent). d/dy uses log x where x > 0, else 0.
func Pow(x, y *Tensor) *Tensor { return binaryOp("Pow", x, y, opPow, gradPow) }

// PowScalar returns x ** p for a number p.
func PowScalar(x *Tensor, p float64) *Tensor {
	out := unaryValue("PowScalar", x, func(v float64) float64 { return math.Pow(v, p) })
	if p == 2 && x.dtype == Float32 {
		for i, v := range x.f32 {
			out.f32[i] = v * v
		}
	}
	if recording() {
		record1("PowScalar", out, x, func(g *Tensor) []*Tensor {
			if p == 0 {
				return []*Tensor{ZerosLike(g)}
			}
			return []*Tensor{Mul(g, Mul(scalarLike(p, x), PowScalar(x, p-1)))}
		})
		markBatched(out)
	}
	return out
}

// Maximum returns the element-wise maximum; the gradient goes to x where x >= y.
func Maximum(x, y *Tensor) *Tensor { return binaryOp("Maximum", x, y, opMax, gradMaximum) }

// Minimum returns the element-wise minimum; the gradient goes to x where x <= y.
func Minimum(x, y *Tensor) *Tensor { return binaryOp("Minimum", x, y, opMin, gradMinimum) }

// Equal returns x == y element-wise as a bool tensor (no gradient).
func Equal(x, y *Tensor) *Tensor { return binaryValue("Equal", x, y, opEQ) }

// Greater returns x > y element-wise as a bool tensor (no gradient).
func Greater(x, y *Tensor) *Tensor { return binaryValue("Greater", x, y, opGT) }

// Less returns x < y element-wise as a bool tensor (no gradient).
func Less(x, y *Tensor) *Tensor { return binaryValue("Less", x, y, opLT) }

// GreaterEqual returns x >= y element-wise as a bool tensor (no gradient).
func GreaterEqual(x, y *Tensor) *Tensor { return binaryValue("GreaterEqual", x, y, opGE) }

// LessEqual returns x <= y element-wise as a bool tensor (no gradient).
func LessEqual(x, y *Tensor) *Tensor { return binaryValue("LessEqual", x, y, opLE) }

// unaryValue applies f element-wise (float32 data computed in float64 and rounded).
// binaryOp applies op with broadcasting and records rule as the gradient when a tape records.
func binaryOp(name string, x, y *Tensor, op binOp, rule gradRule) *Tensor {
	out := binaryValue(name, x, y, op)
	if recording() {
		record2r(name, out, x, y, rule)
	}
	return out
}

// unaryOp applies f element-wise and records rule as the gradient when a tape records.
func unaryOp(name string, x *Tensor, f func(float64) float64, rule gradRule) *Tensor {
	out := unaryValue(name, x, f)
	if recording() {
		record1r(name, out, x, rule)
	}
	return out
}

func unaryValue(name string, x *Tensor, f func(float64) float64) *Tensor {
	mustNotNil(x, name)
	CheckInterrupt()
	out := newTensor(x.dtype, x.shape)
	if x.dtype == Float32 {
		src, dst := x.f32, out.f32
		if len(dst) < parallelMin/8 {
			for i, v := range src {
				dst[i] = float32(f(float64(v)))
			}
			return out
		}
		parallelFor(len(dst), 8, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				dst[i] = float32(f(float64(src[i])))
			}
		})
		return out
	}
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

// Neg returns -x.
func Neg(x *Tensor) *Tensor { return unaryOp("Neg", x, neg, gradNeg) }

// Square returns x². d/dx = 2x.
func Square(x *Tensor) *Tensor { return unaryOp("Square", x, square, gradSquare) }

// Sqrt returns √x. d/dx = 1/(2√x).
func Sqrt(x *Tensor) *Tensor { return unaryOp("Sqrt", x, math.Sqrt, gradSqrt) }

// Exp returns eˣ.
func Exp(x *Tensor) *Tensor { return unaryOp("Exp", x, math.Exp, gradExp) }

// Log returns the natural logarithm. d/dx = 1/x.
func Log(x *Tensor) *Tensor { return unaryOp("Log", x, math.Log, gradLog) }

// Abs returns |x|; its gradient is sign(x) (0 at 0).
func Abs(x *Tensor) *Tensor { return unaryOp("Abs", x, math.Abs, gradAbs) }

// Sign returns -1, 0 or 1 element-wise (gradient zero).
func Sign(x *Tensor) *Tensor { return unaryOp("Sign", x, sign, gradSign) }

// Sin returns the element-wise sine of x. d/dx sin x = cos x.
func Sin(x *Tensor) *Tensor { return unaryOp("Sin", x, math.Sin, gradSin) }

// Cos returns the element-wise cosine. d/dx cos x = -sin x.
func Cos(x *Tensor) *Tensor { return unaryOp("Cos", x, math.Cos, gradCos) }

// Tanh returns the hyperbolic tangent. d/dx = 1 - tanh².
func Tanh(x *Tensor) *Tensor { return unaryOp("Tanh", x, math.Tanh, gradTanh) }

// Sigmoid returns 1/(1+e⁻ˣ). d/dx = σ(1-σ).
func Sigmoid(x *Tensor) *Tensor { return unaryOp("Sigmoid", x, sigmoid, gradSigmoid) }

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

// ReLU returns max(x, 0) (NaN stays NaN, like TensorFlow); its gradient is 1 where x > 0.
func ReLU(x *Tensor) *Tensor {
	mustNotNil(x, "ReLU")
	var out *Tensor
	switch x.dtype {
	case Float32:
		CheckInterrupt()
		out = newTensor(x.dtype, x.shape)
		reluValue(x.f32, out.f32)
	case Float64:
		CheckInterrupt()
		out = newTensor(x.dtype, x.shape)
		reluValue(x.f64, out.f64)
	default:
		return unaryValue("ReLU", x, relu)
	}
	if recording() {
		record1r("ReLU", out, x, gradReLU)
	}
	return out
}

// reluGrad returns g where x > 0, else 0 (ReLU's gradient, fused). It is linear in g and
// records its own gradient for higher orders.
func reluGrad(g, x *Tensor) *Tensor {
	CheckInterrupt()
	if g.dtype != x.dtype || !slices.Equal(g.shape, x.shape) {
		return Mul(g, Cast(unaryValue("ReLUGrad", x, step), g.dtype))
	}
	out := newTensor(g.dtype, g.shape)
	if g.dtype == Float32 {
		reluGrad32(g.f32, x.f32, out.f32)
	} else {
		reluGrad64(g.f64, x.f64, out.f64)
	}
	if recording() {
		record1("ReLUGrad", out, g, func(h *Tensor) []*Tensor { return []*Tensor{reluGrad(h, x)} })
		markBatched(out)
	}
	return out
}

// StopGradient returns x's value, not connected to any tape.
func StopGradient(x *Tensor) *Tensor {
	mustNotNil(x, "StopGradient")
	return x.view(x.shape)
}

// Cast converts to dtype (float to int truncates toward zero). Between float types the
// gradient is cast back; integer results have no gradient.
func Cast(x *Tensor, dtype DType) *Tensor {
	mustNotNil(x, "Cast")
	out := castTensor(x, dtype)
	if recording() && x.dtype.IsFloat() && dtype.IsFloat() {
		record1r("Cast", out, x, gradCast)
	}
	return out
}

func castTensor(x *Tensor, dt DType) *Tensor {
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

// gradAdd is the gradient of Add.
func gradAdd(g, x, y, out *Tensor) (gx, gy *Tensor) {
	if wantGrad(0) {
		gx = reduceTo(g, x.shape)
	}
	if wantGrad(1) {
		gy = reduceTo(g, y.shape)
	}
	return gx, gy
}

// gradSub is the gradient of Sub.
func gradSub(g, x, y, out *Tensor) (*Tensor, *Tensor) {
	var gy *Tensor
	if wantGrad(1) {
		gy = reduceTo(Neg(g), y.shape)
	}
	return reduceTo(g, x.shape), gy
}

// gradMul is the gradient of Mul.
func gradMul(g, x, y, out *Tensor) (*Tensor, *Tensor) {
	var gx, gy *Tensor
	if wantGrad(0) {
		if gx = dotTo(g, y, x.shape); gx == nil {
			gx = reduceTo(Mul(g, y), x.shape)
		}
	}
	if wantGrad(1) {
		if gy = dotTo(g, x, y.shape); gy == nil {
			gy = reduceTo(Mul(g, x), y.shape)
		}
	}
	return gx, gy
}

// dotTo returns Σ g·v as a tensor of the one-element shape s (the gradient of a scalar
// factor), fused; nil when it does not apply (a tape records, or the shapes differ).
func dotTo(g, v *Tensor, s []int) *Tensor {
	if recording() || numel(s) != 1 || len(g.f32)+len(g.f64) < 2 || g.dtype != v.dtype || !slices.Equal(g.shape, v.shape) {
		return nil
	}
	out := newTensor(g.dtype, s)
	if g.dtype == Float32 {
		d := 0.0
		for i, a := range g.f32 {
			d += float64(a * v.f32[i])
		}
		out.f32[0] = float32(d)
	} else {
		d := 0.0
		for i, a := range g.f64 {
			d += a * v.f64[i]
		}
		out.f64[0] = d
	}
	return out
}

// gradDiv is the gradient of Div.
func gradDiv(g, x, y, out *Tensor) (*Tensor, *Tensor) {
	var gx, gy *Tensor
	if wantGrad(0) {
		gx = reduceTo(Div(g, y), x.shape)
	}
	if wantGrad(1) { // -g x / y²
		gy = reduceTo(Neg(Div(Mul(g, x), Mul(y, y))), y.shape)
	}
	return gx, gy
}

// gradPow is the gradient of Pow.
func gradPow(g, x, y, out *Tensor) (*Tensor, *Tensor) {
	var gx, gy *Tensor
	if wantGrad(0) { // g y x^(y-1)
		gx = reduceTo(Mul(g, Mul(y, Pow(x, Sub(y, scalarLike(1, y))))), x.shape)
	}
	if wantGrad(1) { // g x^y log x
		pos := binaryValue("Pow", x, scalarLike(0, x), opGT)
		safe := Where(pos, x, OnesLike(x))
		logx := Where(pos, Log(safe), ZerosLike(x))
		gy = reduceTo(Mul(g, Mul(out, logx)), y.shape)
	}
	return gx, gy
}

// gradMaximum is the gradient of Maximum.
func gradMaximum(g, x, y, out *Tensor) (*Tensor, *Tensor) {
	m := Cast(binaryValue("Maximum", x, y, opGE), g.dtype)
	return reduceTo(Mul(g, m), x.shape), reduceTo(Mul(g, Sub(OnesLike(m), m)), y.shape)
}

// gradMinimum is the gradient of Minimum.
func gradMinimum(g, x, y, out *Tensor) (*Tensor, *Tensor) {
	m := Cast(binaryValue("Minimum", x, y, opLE), g.dtype)
	return reduceTo(Mul(g, m), x.shape), reduceTo(Mul(g, Sub(OnesLike(m), m)), y.shape)
}

// gradNeg is the gradient of Neg.
func gradNeg(g, x, y, out *Tensor) (*Tensor, *Tensor) {
	return Neg(g), nil
}

// gradSquare is the gradient of Square.
func gradSquare(g, x, y, out *Tensor) (*Tensor, *Tensor) {
	return Mul(g, Mul(x, scalarLike(2, x))), nil
}

// gradSqrt is the gradient of Sqrt.
func gradSqrt(g, x, y, out *Tensor) (*Tensor, *Tensor) {
	return Div(g, Mul(out, scalarLike(2, out))), nil
}

// gradExp is the gradient of Exp.
func gradExp(g, x, y, out *Tensor) (*Tensor, *Tensor) {
	return Mul(g, out), nil
}

// gradLog is the gradient of Log.
func gradLog(g, x, y, out *Tensor) (*Tensor, *Tensor) {
	return Div(g, x), nil
}

// gradAbs is the gradient of Abs.
func gradAbs(g, x, y, out *Tensor) (*Tensor, *Tensor) {
	if !recording() && g.dtype == x.dtype && slices.Equal(g.shape, x.shape) {
		// fused g·sign(x) (the composite below when a tape records, for higher orders)
		d := newTensor(g.dtype, g.shape)
		if g.dtype == Float32 {
			for i, v := range x.f32 {
				d.f32[i] = g.f32[i] * float32(sign(float64(v)))
			}
		} else {
			for i, v := range x.f64 {
				d.f64[i] = g.f64[i] * sign(v)
			}
		}
		return d, nil
	}
	return Mul(g, unaryValue("Sign", x, sign)), nil
}

// gradSign is the gradient of Sign.
func gradSign(g, x, y, out *Tensor) (*Tensor, *Tensor) {
	return ZerosLike(g), nil
}

// gradSin is the gradient of Sin.
func gradSin(g, x, y, out *Tensor) (*Tensor, *Tensor) {
	return Mul(g, Cos(x)), nil
}

// gradCos is the gradient of Cos.
func gradCos(g, x, y, out *Tensor) (*Tensor, *Tensor) {
	return Neg(Mul(g, Sin(x))), nil
}

// gradTanh is the gradient of Tanh.
func gradTanh(g, x, y, out *Tensor) (*Tensor, *Tensor) {
	return Mul(g, Sub(OnesLike(out), Square(out))), nil
}

// gradSigmoid is the gradient of Sigmoid.
func gradSigmoid(g, x, y, out *Tensor) (*Tensor, *Tensor) {
	return Mul(g, Mul(out, Sub(OnesLike(out), out))), nil
}

// gradReLU is the gradient of ReLU.
func gradReLU(g, x, y, out *Tensor) (*Tensor, *Tensor) {
	return reluGrad(g, x), nil
}

// gradCast is the gradient of Cast.
func gradCast(g, x, y, out *Tensor) (*Tensor, *Tensor) {
	return Cast(g, x.dtype), nil
}
