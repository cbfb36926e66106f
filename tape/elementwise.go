package tape

import "math"

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
	opGE // x >= y as 1/0
	opLE
	opGT
	opLT
	opEQ
)

var binNames = [...]string{"Add", "Sub", "Mul", "Div", "Maximum", "Minimum", "Pow", "GreaterEqual", "LessEqual", "Greater", "Less", "Equal"}

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
	if sameShape(x.shape, y.shape) {
		out = copyShape(x.shape)
	} else {
		out = broadcastShape(name, x.shape, y.shape)
	}
	dt := x.dtype
	if op >= opGE {
		dt = Bool
	}
	if x.dtype == Float32 {
		if dt == Bool {
			tmp := make([]float32, numel(out))
			binGeneric(op, tmp, x.f32, y.f32, x.shape, y.shape, out)
			t := newTensor(Bool, out)
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
func reduceTo(g *Tensor, s []int) *Tensor {
	if sameShape(g.shape, s) {
		return g
	}
	var axes []int
	lead := len(g.shape) - len(s)
	for i := range g.shape {
		if i < lead || (s[i-lead] == 1 && g.shape[i] != 1) {
			axes = append(axes, i)
		}
	}
	r := g
	if len(axes) > 0 {
		r = ReduceSum(g, axes, false)
	}
	if !sameShape(r.shape, s) {
		r = Reshape(r, s...)
	}
	return r
}

// scalarLike returns a scalar constant with x's dtype.
func scalarLike(v float64, x *Tensor) *Tensor { return scalarOf(x.dtype, v) }

// Add returns x + y (broadcasting).
func Add(x, y *Tensor) *Tensor {
	out := binaryValue("Add", x, y, opAdd)
	if recording() {
		record2("Add", out, x, y, func(g *Tensor) []*Tensor {
			return []*Tensor{reduceTo(g, x.shape), reduceTo(g, y.shape)}
		})
	}
	return out
}

// Sub returns x - y.
func Sub(x, y *Tensor) *Tensor {
	out := binaryValue("Sub", x, y, opSub)
	if recording() {
		record2("Sub", out, x, y, func(g *Tensor) []*Tensor {
			var gy *Tensor
			if wantGrad(1) {
				gy = reduceTo(Neg(g), y.shape)
			}
			return []*Tensor{reduceTo(g, x.shape), gy}
		})
	}
	return out
}

// Mul returns x * y element-wise.
func Mul(x, y *Tensor) *Tensor {
	out := binaryValue("Mul", x, y, opMul)
	if recording() {
		record2("Mul", out, x, y, func(g *Tensor) []*Tensor {
			var gx, gy *Tensor
			if wantGrad(0) {
				gx = reduceTo(Mul(g, y), x.shape)
			}
			if wantGrad(1) {
				gy = reduceTo(Mul(g, x), y.shape)
			}
			return []*Tensor{gx, gy}
		})
	}
	return out
}

// Div returns x / y element-wise.
func Div(x, y *Tensor) *Tensor {
	out := binaryValue("Div", x, y, opDiv)
	if recording() {
		record2("Div", out, x, y, func(g *Tensor) []*Tensor {
			var gx, gy *Tensor
			if wantGrad(0) {
				gx = reduceTo(Div(g, y), x.shape)
			}
			if wantGrad(1) { // -g x / y²
				gy = reduceTo(Neg(Div(Mul(g, x), Mul(y, y))), y.shape)
			}
			return []*Tensor{gx, gy}
		})
	}
	return out
}

// Pow returns x ** y element-wise (tensor exponent). d/dy uses log x where x > 0, else 0.
func Pow(x, y *Tensor) *Tensor {
	out := binaryValue("Pow", x, y, opPow)
	if recording() {
		record2("Pow", out, x, y, func(g *Tensor) []*Tensor {
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
			return []*Tensor{gx, gy}
		})
	}
	return out
}

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
				return []*Tensor{ZerosLike(x)}
			}
			return []*Tensor{Mul(g, Mul(scalarLike(p, x), PowScalar(x, p-1)))}
		})
	}
	return out
}

// Maximum returns the element-wise maximum; the gradient goes to x where x >= y.
func Maximum(x, y *Tensor) *Tensor {
	out := binaryValue("Maximum", x, y, opMax)
	if recording() {
		record2("Maximum", out, x, y, func(g *Tensor) []*Tensor {
			m := Cast(binaryValue("Maximum", x, y, opGE), g.dtype)
			return []*Tensor{reduceTo(Mul(g, m), x.shape), reduceTo(Mul(g, Sub(OnesLike(m), m)), y.shape)}
		})
	}
	return out
}

// Minimum returns the element-wise minimum; the gradient goes to x where x <= y.
func Minimum(x, y *Tensor) *Tensor {
	out := binaryValue("Minimum", x, y, opMin)
	if recording() {
		record2("Minimum", out, x, y, func(g *Tensor) []*Tensor {
			m := Cast(binaryValue("Minimum", x, y, opLE), g.dtype)
			return []*Tensor{reduceTo(Mul(g, m), x.shape), reduceTo(Mul(g, Sub(OnesLike(m), m)), y.shape)}
		})
	}
	return out
}

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
func unaryValue(name string, x *Tensor, f func(float64) float64) *Tensor {
	mustNotNil(x, name)
	CheckInterrupt()
	out := newTensor(x.dtype, copyShape(x.shape))
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
func Neg(x *Tensor) *Tensor {
	out := unaryValue("Neg", x, neg)
	if recording() {
		record1("Neg", out, x, func(g *Tensor) []*Tensor { return []*Tensor{Neg(g)} })
	}
	return out
}

// Square returns x². d/dx = 2x.
func Square(x *Tensor) *Tensor {
	out := unaryValue("Square", x, square)
	if recording() {
		record1("Square", out, x, func(g *Tensor) []*Tensor {
			return []*Tensor{Mul(g, Mul(x, scalarLike(2, x)))}
		})
	}
	return out
}

// Sqrt returns √x. d/dx = 1/(2√x).
func Sqrt(x *Tensor) *Tensor {
	out := unaryValue("Sqrt", x, math.Sqrt)
	if recording() {
		record1("Sqrt", out, x, func(g *Tensor) []*Tensor {
			return []*Tensor{Div(g, Mul(out, scalarLike(2, out)))}
		})
	}
	return out
}

// Exp returns eˣ.
func Exp(x *Tensor) *Tensor {
	out := unaryValue("Exp", x, math.Exp)
	if recording() {
		record1("Exp", out, x, func(g *Tensor) []*Tensor { return []*Tensor{Mul(g, out)} })
	}
	return out
}

// Log returns the natural logarithm. d/dx = 1/x.
func Log(x *Tensor) *Tensor {
	out := unaryValue("Log", x, math.Log)
	if recording() {
		record1("Log", out, x, func(g *Tensor) []*Tensor { return []*Tensor{Div(g, x)} })
	}
	return out
}

// Abs returns |x|; its gradient is sign(x) (0 at 0).
func Abs(x *Tensor) *Tensor {
	out := unaryValue("Abs", x, math.Abs)
	if recording() {
		record1("Abs", out, x, func(g *Tensor) []*Tensor {
			return []*Tensor{Mul(g, unaryValue("Sign", x, sign))}
		})
	}
	return out
}

// Sign returns -1, 0 or 1 element-wise (gradient zero).
func Sign(x *Tensor) *Tensor {
	out := unaryValue("Sign", x, sign)
	if recording() {
		record1("Sign", out, x, func(g *Tensor) []*Tensor { return []*Tensor{ZerosLike(x)} })
	}
	return out
}

// Sin returns the element-wise sine of x. d/dx sin x = cos x.
func Sin(x *Tensor) *Tensor {
	out := unaryValue("Sin", x, math.Sin)
	if recording() {
		record1("Sin", out, x, func(g *Tensor) []*Tensor { return []*Tensor{Mul(g, Cos(x))} })
	}
	return out
}

// Cos returns the element-wise cosine. d/dx cos x = -sin x.
func Cos(x *Tensor) *Tensor {
	out := unaryValue("Cos", x, math.Cos)
	if recording() {
		record1("Cos", out, x, func(g *Tensor) []*Tensor { return []*Tensor{Neg(Mul(g, Sin(x)))} })
	}
	return out
}

// Tanh returns the hyperbolic tangent. d/dx = 1 - tanh².
func Tanh(x *Tensor) *Tensor {
	out := unaryValue("Tanh", x, math.Tanh)
	if recording() {
		record1("Tanh", out, x, func(g *Tensor) []*Tensor {
			return []*Tensor{Mul(g, Sub(OnesLike(out), Square(out)))}
		})
	}
	return out
}

// Sigmoid returns 1/(1+e⁻ˣ). d/dx = σ(1-σ).
func Sigmoid(x *Tensor) *Tensor {
	out := unaryValue("Sigmoid", x, sigmoid)
	if recording() {
		record1("Sigmoid", out, x, func(g *Tensor) []*Tensor {
			return []*Tensor{Mul(g, Mul(out, Sub(OnesLike(out), out)))}
		})
	}
	return out
}

// reluValue computes max(x, 0) (mask=false) or the 0/1 mask x > 0 (mask=true) with
// direct loops: the hot path of convolutional and dense layers.
func reluValue[T float](src, dst []T, mask bool) {
	parallelFor(len(dst), 1, func(lo, hi int) {
		s, d := src[lo:hi], dst[lo:hi]
		for i, v := range s {
			switch {
			case v > 0 && mask:
				d[i] = 1
			case v > 0:
				d[i] = v
			default:
				d[i] = 0
			}
		}
	})
}

func reluTensor(x *Tensor, mask bool) *Tensor {
	if !x.dtype.IsFloat() {
		if mask {
			return unaryValue("ReLU", x, step)
		}
		return unaryValue("ReLU", x, relu)
	}
	CheckInterrupt()
	out := newTensor(x.dtype, copyShape(x.shape))
	if x.dtype == Float32 {
		reluValue(x.f32, out.f32, mask)
	} else {
		reluValue(x.f64, out.f64, mask)
	}
	return out
}

// ReLU returns max(x, 0); its gradient is 1 where x > 0.
func ReLU(x *Tensor) *Tensor {
	mustNotNil(x, "ReLU")
	out := reluTensor(x, false)
	if recording() {
		record1("ReLU", out, x, func(g *Tensor) []*Tensor {
			return []*Tensor{Mul(g, reluTensor(x, true))}
		})
	}
	return out
}

// StopGradient returns x's value, not connected to any tape.
func StopGradient(x *Tensor) *Tensor {
	mustNotNil(x, "StopGradient")
	return x.view(copyShape(x.shape))
}

// Cast converts to dtype (float to int truncates toward zero). Between float types the
// gradient is cast back; integer results have no gradient.
func Cast(x *Tensor, dtype DType) *Tensor {
	mustNotNil(x, "Cast")
	out := castTensor(x, dtype)
	if recording() && x.dtype.IsFloat() && dtype.IsFloat() {
		record1("Cast", out, x, func(g *Tensor) []*Tensor { return []*Tensor{Cast(g, x.dtype)} })
	}
	return out
}

func castTensor(x *Tensor, dt DType) *Tensor {
	if x.dtype == dt {
		return x.view(copyShape(x.shape))
	}
	out := newTensor(dt, copyShape(x.shape))
	n := numel(x.shape)
	for i := range n {
		out.set(i, x.get(i))
	}
	return out
}
