package tape

import "math"

// reducedAxes checks x for op and marks the axes it reduces over (nil axes: all).
func reducedAxes(op string, x *Tensor, axes []int) []bool {
	mustNotNil(x, op)
	rank := len(x.shape)
	red := make([]bool, rank)
	if axes == nil {
		for i := range red {
			red[i] = true
		}
		return red
	}
	for _, a := range axes {
		red[normAxis(op, a, rank)] = true
	}
	return red
}

type reduceKind uint8

const (
	redSum reduceKind = iota
	redMax
)

// reduceValue reduces x over the marked axes, returning the result in keep-dims shape.
func reduceValue(op string, x *Tensor, red []bool, kind reduceKind) *Tensor {
	defer opEnd(opStart()) // interrupted while it computed: no late result
	CheckInterrupt()
	if x.dtype == Bool {
		errorf(op, "not defined for bool tensors (Cast them first)")
	}
	keep := make([]int, len(x.shape))
	for i, d := range x.shape {
		if red[i] {
			keep[i] = 1
		} else {
			keep[i] = d
		}
	}
	if kind == redSum && numel(keep) == 1 {
		// fast path: a full sum (float64 accumulator, rounded once)
		out := newTensor(x.dtype, keep)
		out.set(0, sumAll(x))
		return out
	}
	n := numel(x.shape)
	acc := make([]float64, numel(keep))
	if kind == redMax {
		if n == 0 {
			errorf(op, "reduction of an empty tensor")
		}
		for i := range acc {
			acc[i] = math.Inf(-1)
		}
	}
	if len(acc) == 1 { // a full maximum
		for i := range n {
			if v := x.get(i); v > acc[0] || v != v {
				acc[0] = v
			}
		}
	} else {
		reduceRows(x, keep, acc, kind)
	}
	return fromFlat(x.dtype, keep, acc)
}

// reduceRows accumulates x into acc (of shape keep, x's shape with reduced axes 1) a run
// of the last axis at a time.
func reduceRows(x *Tensor, keep []int, acc []float64, kind reduceKind) {
	r, n := len(x.shape), numel(x.shape)
	ost := bcastStrides(keep, x.shape)
	ctr := make([]int, r)
	o := 0
	inner := x.shape[r-1]
	io := ost[r-1]
	for base := 0; base < n; base += inner {
		switch {
		case kind == redMax:
			for i := range inner {
				if v := x.get(base + i); v > acc[o+i*io] || v != v {
					acc[o+i*io] = v
				}
			}
		case io == 0:
			s := 0.0
			for i := range inner {
				s += x.get(base + i)
			}
			acc[o] += s
		case x.dtype == Float32:
			a, v := acc[o:o+inner], x.f32[base:base+inner]
			for i := range a {
				a[i] += float64(v[i])
			}
		default:
			a, v := acc[o:o+inner], x.f64[base:base+inner]
			for i := range a {
				a[i] += v[i]
			}
		}
		for k := r - 2; k >= 0; k-- {
			ctr[k]++
			o += ost[k]
			if ctr[k] < x.shape[k] {
				break
			}
			o -= ost[k] * x.shape[k]
			ctr[k] = 0
		}
	}
}

func dropAxes(keep []int, red []bool) []int {
	var s []int
	for i, d := range keep {
		if !red[i] {
			s = append(s, d)
		}
	}
	return s
}

// reduceOut reduces x over axes for op; keepShape is the result's shape with the reduced
// dimensions kept as size 1, whatever keepDims says about out's own shape.
func reduceOut(op string, x *Tensor, axes []int, keepDims bool, kind reduceKind) (out *Tensor, red []bool, keepShape []int) {
	red = reducedAxes(op, x, axes)
	out = reduceValue(op, x, red, kind)
	keepShape = out.shape
	if !keepDims {
		out.shape = dropAxes(out.shape, red)
	}
	return out, red, keepShape
}

// ReduceSum sums over axes (nil: all); keepDims keeps reduced dimensions as size 1.
func ReduceSum(x TensorLike, axes []int, keepDims bool) *Tensor {
	return reduceSum(tensorOf(x), axes, keepDims)
}

// reduceSum is ReduceSum on a tensor.
func reduceSum(x *Tensor, axes []int, keepDims bool) *Tensor {
	out, _, keepShape := reduceOut("ReduceSum", x, axes, keepDims, redSum)
	if recording() {
		record("ReduceSum", out, []*Tensor{x}, batched, rules{
			vjp: func(bw bwArgs, g *Tensor, xs []*Tensor, _ *Tensor, dx []*Tensor) {
				dx[0] = BroadcastTo(Reshape(g, bw.shape(keepShape)...), bw.shape(xs[0].shape)...)
			},
			jvp: func(ts, _ []*Tensor, _ *Tensor) *Tensor { return ReduceSum(ts[0], axes, keepDims) },
		})
	}
	return out
}

// ReduceMean averages over axes (nil: all).
func ReduceMean(x TensorLike, axes []int, keepDims bool) *Tensor {
	return reduceMean(tensorOf(x), axes, keepDims)
}

// reduceMean is ReduceMean on a tensor.
func reduceMean(x *Tensor, axes []int, keepDims bool) *Tensor {
	red := reducedAxes("ReduceMean", x, axes)
	cnt := 1
	for i, d := range x.shape {
		if red[i] {
			cnt *= d
		}
	}
	return Div(ReduceSum(x, axes, keepDims), scalarLike(float64(cnt), x))
}

// ReduceMax takes the maximum over axes (nil: all). The gradient is shared equally by ties.
func ReduceMax(x TensorLike, axes []int, keepDims bool) *Tensor {
	return reduceMax(tensorOf(x), axes, keepDims)
}

// reduceMax is ReduceMax on a tensor.
func reduceMax(x *Tensor, axes []int, keepDims bool) *Tensor {
	out, red, keepShape := reduceOut("ReduceMax", x, axes, keepDims, redMax)
	mk := out.view(keepShape)
	if recording() {
		// the maxima's share of the gradient: 1/(number of ties) at each maximum, else 0
		share := func() *Tensor {
			mask := Cast(binaryValue("ReduceMax", x, mk, opEQ), x.dtype)
			return Div(mask, reduceValue("ReduceMax", mask, red, redSum))
		}
		record("ReduceMax", out, []*Tensor{x}, perRow, rules{
			vjp: func(_ bwArgs, g *Tensor, _ []*Tensor, _ *Tensor, dx []*Tensor) {
				dx[0] = Mul(share(), Reshape(g, keepShape...))
			},
			jvp: func(ts, _ []*Tensor, y *Tensor) *Tensor {
				return Reshape(ReduceSum(Mul(share(), ts[0]), axes, true), y.shape...)
			},
		})
	}
	return out
}

// alongAxis returns outer, n, inner for iterating axis.
func alongAxis(shape []int, axis int) (int, int, int) {
	return numel(shape[:axis]), shape[axis], numel(shape[axis+1:])
}

func softmaxValue(op string, x *Tensor, axis int, logOut bool) *Tensor {
	defer opEnd(opStart()) // interrupted while it computed: no late result
	CheckInterrupt()
	outer, n, inner := alongAxis(x.shape, axis)
	out := newTensor(x.dtype, x.shape)
	for o := range outer {
		for i := range inner {
			base := o*n*inner + i
			mx := math.Inf(-1)
			for k := range n {
				mx = math.Max(mx, x.get(base+k*inner))
			}
			s := 0.0
			for k := range n {
				s += math.Exp(x.get(base+k*inner) - mx)
			}
			ls := math.Log(s)
			for k := range n {
				v := x.get(base+k*inner) - mx
				if logOut {
					out.set(base+k*inner, v-ls)
				} else {
					out.set(base+k*inner, math.Exp(v)/s)
				}
			}
		}
	}
	return out
}

// Softmax returns exp(x)/sum(exp(x)) along axis (-1 for the last).
func Softmax(x TensorLike, axis int) *Tensor {
	rule := func(g, y *Tensor, axis int) *Tensor { return Mul(Sub(g, ReduceSum(Mul(g, y), []int{axis}, true)), y) }
	return softmaxOp("Softmax", tensorOf(x), axis, false, rule, rule) // the Jacobian is symmetric
}

// LogSoftmax returns x - log(sum(exp(x))) along axis, computed stably.
func LogSoftmax(x TensorLike, axis int) *Tensor {
	return softmaxOp("LogSoftmax", tensorOf(x), axis, true,
		func(g, y *Tensor, axis int) *Tensor { return Sub(g, Mul(Exp(y), ReduceSum(g, []int{axis}, true))) },
		func(t, y *Tensor, axis int) *Tensor { return Sub(t, ReduceSum(Mul(Exp(y), t), []int{axis}, true)) })
}

// softmaxOp computes Softmax or LogSoftmax (logOut) along axis and records its rules, each a
// function of the incoming gradient or tangent, the result y and the axis.
func softmaxOp(name string, x *Tensor, axis int, logOut bool, vjp, jvp func(g, y *Tensor, axis int) *Tensor) *Tensor {
	mustNotNil(x, name)
	axis = normAxis(name, axis, len(x.shape))
	out := softmaxValue(name, x, axis, logOut)
	if recording() {
		record(name, out, []*Tensor{x}, perRow, rules{
			vjp: func(_ bwArgs, g *Tensor, _ []*Tensor, y *Tensor, dx []*Tensor) { dx[0] = vjp(g, y, axis) },
			jvp: func(ts, _ []*Tensor, y *Tensor) *Tensor { return jvp(ts[0], y, axis) },
		})
	}
	return out
}
