package tape

import "math"

func normAxes(op string, axes []int, rank int) []bool {
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
	CheckInterrupt()
	if x.dtype == Bool {
		errorf(op, "not defined for bool tensors (Cast them first)")
	}
	r := len(x.shape)
	if kind == redSum && allTrue(red) {
		// fast path: a full sum (float64 accumulator, rounded once)
		keep := make([]int, r)
		for i := range keep {
			keep[i] = 1
		}
		out := newTensor(x.dtype, keep)
		s := 0.0
		if x.dtype == Float32 {
			for _, v := range x.f32 {
				s += float64(v)
			}
		} else {
			for _, v := range x.f64 {
				s += v
			}
		}
		out.set(0, s)
		return out
	}
	keep := make([]int, r)
	for i, d := range x.shape {
		if red[i] {
			keep[i] = 1
		} else {
			keep[i] = d
		}
	}
	n := numel(x.shape)
	m := numel(keep)
	acc := make([]float64, m)
	if kind == redMax {
		if n == 0 {
			errorf(op, "reduction of an empty tensor")
		}
		for i := range acc {
			acc[i] = math.Inf(-1)
		}
	}
	if m == 1 {
		if kind == redSum {
			s := 0.0
			if x.dtype == Float32 {
				for _, v := range x.f32 {
					s += float64(v)
				}
			} else {
				for _, v := range x.f64 {
					s += v
				}
			}
			acc[0] = s
		} else {
			for i := range n {
				if v := x.get(i); v > acc[0] || v != v {
					acc[0] = v
				}
			}
		}
	} else {
		ost := bcastStrides(keep, x.shape)
		ctr := make([]int, r)
		o := 0
		inner := x.shape[r-1]
		io := ost[r-1]
		for base := 0; base < n; base += inner {
			if kind == redSum {
				if io == 0 {
					s := 0.0
					for i := range inner {
						s += x.get(base + i)
					}
					acc[o] += s
				} else if x.dtype == Float32 {
					a, v := acc[o:o+inner], x.f32[base:base+inner]
					for i := range a {
						a[i] += float64(v[i])
					}
				} else {
					a, v := acc[o:o+inner], x.f64[base:base+inner]
					for i := range a {
						a[i] += v[i]
					}
				}
			} else {
				for i := range inner {
					if v := x.get(base + i); v > acc[o+i*io] || v != v {
						acc[o+i*io] = v
					}
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
	return fromFlat(x.dtype, keep, acc)
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

// ReduceSum sums over axes (nil: all); keepDims keeps reduced dimensions as size 1.
func ReduceSum(x *Tensor, axes []int, keepDims bool) *Tensor {
	mustNotNil(x, "ReduceSum")
	red := normAxes("ReduceSum", axes, len(x.shape))
	out := reduceValue("ReduceSum", x, red, redSum)
	keepShape := out.shape
	if !keepDims {
		out.shape = dropAxes(out.shape, red)
	}
	if recording() {
		record1("ReduceSum", out, x, func(g *Tensor) []*Tensor {
			return []*Tensor{BroadcastTo(Reshape(g, bshape(keepShape)...), bshape(x.shape)...)}
		})
		markBatched(out)
	}
	return out
}

// ReduceMean averages over axes (nil: all).
func ReduceMean(x *Tensor, axes []int, keepDims bool) *Tensor {
	mustNotNil(x, "ReduceMean")
	red := normAxes("ReduceMean", axes, len(x.shape))
	cnt := 1
	for i, d := range x.shape {
		if red[i] {
			cnt *= d
		}
	}
	return Div(ReduceSum(x, axes, keepDims), scalarLike(float64(cnt), x))
}

// ReduceMax takes the maximum over axes (nil: all). The gradient is shared equally by ties.
func ReduceMax(x *Tensor, axes []int, keepDims bool) *Tensor {
	mustNotNil(x, "ReduceMax")
	red := normAxes("ReduceMax", axes, len(x.shape))
	out := reduceValue("ReduceMax", x, red, redMax)
	keepShape := out.shape
	mk := out.view(keepShape)
	if !keepDims {
		out.shape = dropAxes(out.shape, red)
	}
	if recording() {
		record1("ReduceMax", out, x, func(g *Tensor) []*Tensor {
			mask := Cast(binaryValue("ReduceMax", x, mk, opEQ), x.dtype)
			cnt := reduceValue("ReduceMax", mask, red, redSum)
			gb := Div(Reshape(g, keepShape...), cnt)
			return []*Tensor{Mul(mask, gb)}
		})
	}
	return out
}

// alongAxis returns outer, n, inner for iterating axis.
func alongAxis(shape []int, axis int) (int, int, int) {
	return numel(shape[:axis]), shape[axis], numel(shape[axis+1:])
}

func softmaxValue(op string, x *Tensor, axis int, logOut bool) *Tensor {
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
func Softmax(x *Tensor, axis int) *Tensor {
	mustNotNil(x, "Softmax")
	axis = normAxis("Softmax", axis, len(x.shape))
	out := softmaxValue("Softmax", x, axis, false)
	if recording() {
		record1("Softmax", out, x, func(g *Tensor) []*Tensor {
			s := ReduceSum(Mul(g, out), []int{axis}, true)
			return []*Tensor{Mul(Sub(g, s), out)}
		})
	}
	return out
}

// LogSoftmax returns x - log(sum(exp(x))) along axis, computed stably.
func LogSoftmax(x *Tensor, axis int) *Tensor {
	mustNotNil(x, "LogSoftmax")
	axis = normAxis("LogSoftmax", axis, len(x.shape))
	out := softmaxValue("LogSoftmax", x, axis, true)
	if recording() {
		record1("LogSoftmax", out, x, func(g *Tensor) []*Tensor {
			s := ReduceSum(g, []int{axis}, true)
			return []*Tensor{Sub(g, Mul(Exp(out), s))}
		})
	}
	return out
}

func allTrue(b []bool) bool {
	for _, v := range b {
		if !v {
			return false
		}
	}
	return true
}
