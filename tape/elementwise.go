package tape

import (
	"math"
	"slices"
)

// Element-wise ops, each with its derivatives beside it (see record). Their kernels are in
// elementwise_kernels.go.

// binaryOp applies op with broadcasting and records r when someone listens.
func binaryOp(name string, x, y *Tensor, op binOp, r rules) *Tensor {
	out := binaryValue(name, x, y, op)
	if recording() {
		record(name, out, []*Tensor{x, y}, batched, r)
	}
	return out
}

// unaryOp applies f element-wise and records r when someone listens.
func unaryOp(name string, x *Tensor, f func(float64) float64, r rules) *Tensor {
	out := unaryValue(name, x, f)
	if recording() {
		record(name, out, []*Tensor{x}, batched, r)
	}
	return out
}

// scalarLike returns a scalar constant with x's dtype.
func scalarLike(v float64, x *Tensor) *Tensor { return scalarOf(x.dtype, v) }

// Add returns x + y (broadcasting). Its rules: g and the tangents pass as they are.
func Add(x, y TensorLike) *Tensor { return add(tensorOf(x), tensorOf(y)) }

// add is Add on tensors (methods and the gradient machinery call it: inlined, no interface).
func add(x, y *Tensor) *Tensor {
	return binaryOp("Add", x, y, opAdd, rules{vjp: addVJP, jvp: addJVP})
}

func addVJP(bw bwArgs, g *Tensor, xs []*Tensor, _ *Tensor, dx []*Tensor) {
	sumVJP(bw, g, xs, dx, false)
}

func addJVP(ts, _ []*Tensor, y *Tensor) *Tensor { return tangentSum(ts[0], ts[1], y.shape) }

// Sub returns x - y. Its rules: as Add's, with y's gradient and tangent negated.
func Sub(x, y TensorLike) *Tensor { return sub(tensorOf(x), tensorOf(y)) }

// sub is Sub on tensors (methods and the gradient machinery call it: inlined, no interface).
func sub(x, y *Tensor) *Tensor {
	return binaryOp("Sub", x, y, opSub, rules{vjp: subVJP, jvp: subJVP})
}

func subVJP(bw bwArgs, g *Tensor, xs []*Tensor, _ *Tensor, dx []*Tensor) { sumVJP(bw, g, xs, dx, true) }

func subJVP(ts, _ []*Tensor, y *Tensor) *Tensor {
	if ts[1] == nil {
		return tangentSum(ts[0], nil, y.shape)
	}
	return tangentSum(ts[0], Neg(ts[1]), y.shape)
}

// sumVJP is the VJP of x ± y: g to x, ±g to y, each reduced to its input's shape.
func sumVJP(bw bwArgs, g *Tensor, xs []*Tensor, dx []*Tensor, negY bool) {
	if bw.wants(0) {
		dx[0] = bw.reduceTo(g, xs[0].shape)
	}
	if bw.wants(1) {
		gy := g
		if negY {
			gy = Neg(g)
		}
		dx[1] = bw.reduceTo(gy, xs[1].shape)
	}
}

// Mul returns x * y element-wise.
func Mul(x, y TensorLike) *Tensor { return mul(tensorOf(x), tensorOf(y)) }

// mul is Mul on tensors (methods and the gradient machinery call it: inlined, no interface).
func mul(x, y *Tensor) *Tensor {
	return binaryOp("Mul", x, y, opMul, rules{vjp: mulVJP, jvp: mulJVP})
}

// mulVJP and mulJVP are Mul's rules.
func mulJVP(ts, xs []*Tensor, y *Tensor) *Tensor {
	var a, b *Tensor
	if ts[0] != nil {
		a = Mul(ts[0], xs[1])
	}
	if ts[1] != nil {
		b = Mul(xs[0], ts[1])
	}
	return tangentSum(a, b, y.shape)
}

func mulVJP(bw bwArgs, g *Tensor, xs []*Tensor, _ *Tensor, dx []*Tensor) {
	x, y := xs[0], xs[1]
	if bw.wants(0) {
		gx := dotTo(bw, g, y, x.shape)
		if gx == nil {
			gx = bw.reduceTo(mul(g, y), x.shape)
		}
		dx[0] = gx
	}
	if bw.wants(1) {
		gy := dotTo(bw, g, x, y.shape)
		if gy == nil {
			gy = bw.reduceTo(mul(g, x), y.shape)
		}
		dx[1] = gy
	}
}

// Div returns x / y element-wise.
func Div(x, y TensorLike) *Tensor { return div(tensorOf(x), tensorOf(y)) }

// div is Div on tensors (methods and the gradient machinery call it: inlined, no interface).
func div(x, y *Tensor) *Tensor {
	return binaryOp("Div", x, y, opDiv, rules{vjp: divVJP, jvp: divJVP})
}

// divVJP and divJVP are Div's rules.
func divVJP(bw bwArgs, g *Tensor, xs []*Tensor, _ *Tensor, dx []*Tensor) {
	x, y := xs[0], xs[1]
	if bw.wants(0) {
		dx[0] = bw.reduceTo(Div(g, y), x.shape)
	}
	if bw.wants(1) { // -g x / y²
		dx[1] = bw.reduceTo(Neg(Div(Mul(g, x), Mul(y, y))), y.shape)
	}
}

func divJVP(ts, xs []*Tensor, out *Tensor) *Tensor { // (tx - out·ty) / y
	t := ts[0]
	if ts[1] != nil {
		t = tangentSum(t, Neg(Mul(out, ts[1])), out.shape)
	}
	return tangentSum(Div(t, xs[1]), nil, out.shape)
}

// Pow returns x ** y element-wise (tensor exponent). d/dy uses log x where x > 0, else 0.
func Pow(x, y TensorLike) *Tensor {
	return binaryOp("Pow", tensorOf(x), tensorOf(y), opPow, rules{
		vjp: func(bw bwArgs, g *Tensor, xs []*Tensor, out *Tensor, dx []*Tensor) {
			x, y := xs[0], xs[1]
			if bw.wants(0) {
				dx[0] = bw.reduceTo(Mul(g, powDx(x, y)), x.shape)
			}
			if bw.wants(1) {
				dx[1] = bw.reduceTo(Mul(g, powDy(x, out)), y.shape)
			}
		},
		jvp: func(ts, xs []*Tensor, out *Tensor) *Tensor {
			var a, b *Tensor
			if ts[0] != nil {
				a = Mul(ts[0], powDx(xs[0], xs[1]))
			}
			if ts[1] != nil {
				b = Mul(ts[1], powDy(xs[0], out))
			}
			return tangentSum(a, b, out.shape)
		},
	})
}

// powDx is d(x^y)/dx = y x^(y-1); powDy is d(x^y)/dy = x^y log x (0 where x <= 0).
func powDx(x, y *Tensor) *Tensor { return Mul(y, Pow(x, Sub(y, scalarLike(1, y)))) }

func powDy(x, out *Tensor) *Tensor {
	pos := binaryValue("Pow", x, scalarLike(0, x), opGT)
	safe := Where(pos, x, OnesLike(x))
	return Mul(out, Where(pos, Log(safe), ZerosLike(x)))
}

// PowScalar returns x ** p for a number p.
func PowScalar(x TensorLike, p float64) *Tensor { return powScalar(tensorOf(x), p) }

// powScalar is PowScalar on a tensor.
func powScalar(x *Tensor, p float64) *Tensor {
	out := unaryValue("PowScalar", x, func(v float64) float64 { return math.Pow(v, p) })
	if p == 2 && x.dtype == Float32 {
		for i, v := range x.f32 {
			out.f32[i] = v * v
		}
	}
	if recording() {
		record("PowScalar", out, []*Tensor{x}, batched, rules{d: func(x, _ *Tensor) *Tensor {
			if p == 0 {
				return ZerosLike(x)
			}
			return Mul(scalarLike(p, x), PowScalar(x, p-1))
		}})
	}
	return out
}

// Maximum returns the element-wise maximum; the gradient goes to x where x >= y.
func Maximum(x, y TensorLike) *Tensor {
	return binaryOp("Maximum", tensorOf(x), tensorOf(y), opMax, maximumRules)
}

// Minimum returns the element-wise minimum; the gradient goes to x where x <= y.
func Minimum(x, y TensorLike) *Tensor {
	return binaryOp("Minimum", tensorOf(x), tensorOf(y), opMin, minimumRules)
}

var (
	maximumRules = rules{vjp: selectVJP(opGE), jvp: selectJVP(opGE)}
	minimumRules = rules{vjp: selectVJP(opLE), jvp: selectJVP(opLE)}
)

// selectVJP and selectJVP are the rules of an op that picks x where x cmp y, else y.
func selectVJP(cmp binOp) vjpFunc {
	return func(bw bwArgs, g *Tensor, xs []*Tensor, _ *Tensor, dx []*Tensor) {
		m := Cast(binaryValue("Select", xs[0], xs[1], cmp), g.dtype)
		dx[0] = bw.reduceTo(Mul(g, m), xs[0].shape)
		dx[1] = bw.reduceTo(Mul(g, Sub(OnesLike(m), m)), xs[1].shape)
	}
}

func selectJVP(cmp binOp) jvpFunc {
	return func(ts, xs []*Tensor, y *Tensor) *Tensor {
		m := Cast(binaryValue("Select", xs[0], xs[1], cmp), y.dtype)
		var a, b *Tensor
		if ts[0] != nil {
			a = Mul(ts[0], m)
		}
		if ts[1] != nil {
			b = Mul(ts[1], Sub(OnesLike(m), m))
		}
		return tangentSum(a, b, y.shape)
	}
}

// Equal returns x == y element-wise as a bool tensor (no gradient).
func Equal(x, y TensorLike) *Tensor { return binaryValue("Equal", tensorOf(x), tensorOf(y), opEQ) }

// Greater returns x > y element-wise as a bool tensor (no gradient).
func Greater(x, y TensorLike) *Tensor { return binaryValue("Greater", tensorOf(x), tensorOf(y), opGT) }

// Less returns x < y element-wise as a bool tensor (no gradient).
func Less(x, y TensorLike) *Tensor { return binaryValue("Less", tensorOf(x), tensorOf(y), opLT) }

// GreaterEqual returns x >= y element-wise as a bool tensor (no gradient).
func GreaterEqual(x, y TensorLike) *Tensor {
	return binaryValue("GreaterEqual", tensorOf(x), tensorOf(y), opGE)
}

// LessEqual returns x <= y element-wise as a bool tensor (no gradient).
func LessEqual(x, y TensorLike) *Tensor {
	return binaryValue("LessEqual", tensorOf(x), tensorOf(y), opLE)
}

// Neg returns -x.
func Neg(x TensorLike) *Tensor {
	return unaryOp("Neg", tensorOf(x), neg, rules{
		vjp: func(_ bwArgs, g *Tensor, _ []*Tensor, _ *Tensor, dx []*Tensor) { dx[0] = Neg(g) },
		jvp: func(ts, _ []*Tensor, _ *Tensor) *Tensor { return Neg(ts[0]) },
	})
}

// Square returns x². d/dx = 2x.
func Square(x TensorLike) *Tensor {
	return unaryOp("Square", tensorOf(x), square, rules{d: func(x, _ *Tensor) *Tensor { return Mul(x, scalarLike(2, x)) }})
}

// Sqrt returns √x. d/dx = 1/(2√x).
func Sqrt(x TensorLike) *Tensor {
	return unaryOp("Sqrt", tensorOf(x), math.Sqrt, rules{d: func(_, y *Tensor) *Tensor { return Div(scalarLike(0.5, y), y) }})
}

// Exp returns eˣ. d/dx = eˣ.
func Exp(x TensorLike) *Tensor {
	return unaryOp("Exp", tensorOf(x), math.Exp, rules{d: func(_, y *Tensor) *Tensor { return y }})
}

// Log returns the natural logarithm. d/dx = 1/x.
func Log(x TensorLike) *Tensor {
	return unaryOp("Log", tensorOf(x), math.Log, rules{
		vjp: func(_ bwArgs, g *Tensor, xs []*Tensor, _ *Tensor, dx []*Tensor) { dx[0] = Div(g, xs[0]) },
		jvp: func(ts, xs []*Tensor, _ *Tensor) *Tensor { return Div(ts[0], xs[0]) },
	})
}

// Abs returns |x|; its gradient is sign(x) (0 at 0).
func Abs(x TensorLike) *Tensor {
	return unaryOp("Abs", tensorOf(x), math.Abs, rules{vjp: absVJP, jvp: func(ts, xs []*Tensor, _ *Tensor) *Tensor {
		return Mul(ts[0], unaryValue("Sign", xs[0], sign))
	}})
}

func absVJP(_ bwArgs, g *Tensor, xs []*Tensor, _ *Tensor, dx []*Tensor) {
	x := xs[0]
	if recording() || g.dtype != x.dtype || !slices.Equal(g.shape, x.shape) {
		dx[0] = Mul(g, unaryValue("Sign", x, sign)) // recorded, for higher orders
		return
	}
	d := newTensor(g.dtype, g.shape) // fused g·sign(x)
	if g.dtype == Float32 {
		gs, ds := g.f32[:len(x.f32)], d.f32[:len(x.f32)]
		for i, v := range x.f32 {
			ds[i] = gs[i] * float32(sign(float64(v)))
		}
	} else {
		gs, ds := g.f64[:len(x.f64)], d.f64[:len(x.f64)]
		for i, v := range x.f64 {
			ds[i] = gs[i] * sign(v)
		}
	}
	dx[0] = d
}

// Sign returns -1, 0 or 1 element-wise (gradient zero).
func Sign(x TensorLike) *Tensor {
	return unaryOp("Sign", tensorOf(x), sign, rules{d: func(x, _ *Tensor) *Tensor { return ZerosLike(x) }})
}

// Sin returns the element-wise sine of x. d/dx sin x = cos x.
func Sin(x TensorLike) *Tensor {
	return unaryOp("Sin", tensorOf(x), math.Sin, rules{d: func(x, _ *Tensor) *Tensor { return Cos(x) }})
}

// Cos returns the element-wise cosine. d/dx cos x = -sin x.
func Cos(x TensorLike) *Tensor {
	return unaryOp("Cos", tensorOf(x), math.Cos, rules{d: func(x, _ *Tensor) *Tensor { return Neg(Sin(x)) }})
}

// Tanh returns the hyperbolic tangent. d/dx = 1 - tanh².
func Tanh(x TensorLike) *Tensor {
	return unaryOp("Tanh", tensorOf(x), math.Tanh, rules{d: func(_, y *Tensor) *Tensor { return Sub(OnesLike(y), Square(y)) }})
}

// Sigmoid returns 1/(1+e⁻ˣ). d/dx = σ(1-σ).
func Sigmoid(x TensorLike) *Tensor {
	return unaryOp("Sigmoid", tensorOf(x), sigmoid, rules{d: func(_, y *Tensor) *Tensor { return Mul(y, Sub(OnesLike(y), y)) }})
}

// ReLU returns max(x, 0) (NaN stays NaN, like TensorFlow); its gradient is 1 where x > 0.
func ReLU(x TensorLike) *Tensor { return reluOp(tensorOf(x)) }

// reluOp is ReLU on a tensor.
func reluOp(x *Tensor) *Tensor {
	defer opEnd(opStart()) // interrupted while it computed: no late result
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
		record("ReLU", out, []*Tensor{x}, batched, rules{
			vjp: func(_ bwArgs, g *Tensor, xs []*Tensor, _ *Tensor, dx []*Tensor) { dx[0] = reluGrad(g, xs[0]) },
			jvp: func(ts, xs []*Tensor, _ *Tensor) *Tensor { return reluGrad(ts[0], xs[0]) },
		})
	}
	return out
}

// reluGrad returns g where x > 0, else 0 (ReLU's gradient, fused): an op of g alone (x is a
// constant mask), linear and self-adjoint, so both its rules are itself.
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
		record("ReLUGrad", out, []*Tensor{g}, batched, rules{
			vjp: func(_ bwArgs, h *Tensor, _ []*Tensor, _ *Tensor, dx []*Tensor) { dx[0] = reluGrad(h, x) },
			jvp: func(ts, _ []*Tensor, _ *Tensor) *Tensor { return reluGrad(ts[0], x) },
		})
	}
	return out
}

// StopGradient returns x's value, not connected to any tape or accumulator.
func StopGradient(x TensorLike) *Tensor { return stopGradient(tensorOf(x)) }

// stopGradient is StopGradient on a tensor.
func stopGradient(x *Tensor) *Tensor {
	mustNotNil(x, "StopGradient")
	return x.view(x.shape)
}

// Cast converts to dtype (float to int truncates toward zero). Between float types the
// gradient is cast back; integer results have no gradient.
func Cast(x TensorLike, dtype DType) *Tensor { return cast(tensorOf(x), dtype) }

// cast is Cast on a tensor.
func cast(x *Tensor, dtype DType) *Tensor {
	mustNotNil(x, "Cast")
	out := castTensor(x, dtype)
	if recording() && x.dtype.IsFloat() && dtype.IsFloat() {
		record("Cast", out, []*Tensor{x}, batched, rules{
			vjp: func(_ bwArgs, g *Tensor, xs []*Tensor, _ *Tensor, dx []*Tensor) { dx[0] = Cast(g, xs[0].dtype) },
			jvp: func(ts, _ []*Tensor, y *Tensor) *Tensor { return Cast(ts[0], y.dtype) },
		})
	}
	return out
}

// Where picks a where cond is true (non-zero) and b elsewhere, broadcasting all three.
func Where(cond, a, b TensorLike) *Tensor { return where(tensorOf(cond), tensorOf(a), tensorOf(b)) }

// where is Where on a tensor.
func where(cond, a, b *Tensor) *Tensor {
	defer opEnd(opStart()) // interrupted while it computed: no late result
	mustNotNil(cond, "Where")
	mustNotNil(a, "Where")
	mustNotNil(b, "Where")
	CheckInterrupt()
	if a.dtype != b.dtype {
		errorf("Where", "dtype mismatch: %s and %s", a.dtype, b.dtype)
	}
	s := broadcastShape("Where", broadcastShape("Where", cond.shape, a.shape), b.shape)
	n := numel(s)
	cs, as, bs := bcastStrides(cond.shape, s), bcastStrides(a.shape, s), bcastStrides(b.shape, s)
	out := newTensor(a.dtype, s)
	r := len(s)
	ctr := make([]int, r)
	var off [3]int // into cond, a, b
	for i := range n {
		if cond.get(off[0]) != 0 {
			out.set(i, a.get(off[1]))
		} else {
			out.set(i, b.get(off[2]))
		}
		bcastNext(ctr, s, off[:], cs, as, bs)
	}
	if recording() {
		// the gradient goes to a where cond holds and to b elsewhere; cond gets none
		record("Where", out, []*Tensor{cond, a, b}, batched, rules{
			vjp: func(bw bwArgs, g *Tensor, xs []*Tensor, _ *Tensor, dx []*Tensor) {
				cond, z := xs[0], ZerosLike(g)
				if bw.wants(1) {
					dx[1] = bw.reduceTo(Where(cond, g, z), xs[1].shape)
				}
				if bw.wants(2) {
					dx[2] = bw.reduceTo(Where(cond, z, g), xs[2].shape)
				}
			},
			jvp: func(ts, xs []*Tensor, _ *Tensor) *Tensor {
				if ts[1] == nil && ts[2] == nil {
					return nil
				}
				return Where(xs[0], orZeros(ts[1], xs[1]), orZeros(ts[2], xs[2]))
			},
		})
	}
	return out
}
