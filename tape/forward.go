package tape

import "slices"

// ForwardAccumulator computes Jacobian-vector products in forward mode, like
// tf.autodiff.ForwardAccumulator: it is given primals (the tensors or variables to
// differentiate by) and their tangents, and while it records, every op whose inputs have
// tangents computes its output's tangent with its JVP rule, beside the value. Its Go form
// is the GradientTape's: acc.Record(func() { ... }), or acc.Start() … acc.Stop().
//
// Accumulators nest with tapes both ways: a tape inside an accumulator whose gradient is
// taken inside it gives Hessian-vector products (forward over reverse, acc.JVP of the
// gradient); a tape outside an accumulator records the tangent computation, so
// t.Gradient(acc.JVP(y), x) differentiates a JVP (reverse over forward). Accumulators
// nest with each other too (an outer one differentiates the inner one's tangents).
type ForwardAccumulator struct {
	tangents map[*Tensor]*Tensor
	vars     map[*Variable]*Tensor
	depth    int // nesting of Record blocks and Starts
	starts   int // Starts not yet Stopped
}

// NewForwardAccumulator returns an accumulator watching primals (a *Tensor, a *Variable or
// a slice of them) with the given tangents (the same structure; numbers and slices as
// Constant takes them are converted to the primal's dtype). It records inside Record.
func NewForwardAccumulator(primals, tangents any) *ForwardAccumulator {
	a := &ForwardAccumulator{tangents: map[*Tensor]*Tensor{}, vars: map[*Variable]*Tensor{}}
	ps, ts := flatten(primals), flatten(tangents)
	if len(ps) != len(ts) {
		errorf("ForwardAccumulator", "%d primals and %d tangents", len(ps), len(ts))
	}
	for i, p := range ps {
		a.watch(p, ts[i])
	}
	return a
}

func (a *ForwardAccumulator) watch(p, tangent any) {
	var v *Variable
	var x *Tensor
	switch pv := p.(type) {
	case *Variable:
		v, x = pv, pv.value
	case *Tensor:
		mustNotNil(pv, "ForwardAccumulator")
		x = pv
	default:
		errorf("ForwardAccumulator", "cannot watch %T (want *Tensor or *Variable)", p)
	}
	if !x.dtype.IsFloat() {
		errorf("ForwardAccumulator", "The dtype of the watched primal must be floating (e.g. float32), got %s", x.dtype)
	}
	t := toTensorLike(tangent, x)
	if t.dtype != x.dtype {
		t = Cast(t, x.dtype)
	}
	if !slices.Equal(t.shape, x.shape) {
		errorf("ForwardAccumulator", "a tangent of shape %s for a primal of shape %s", shapeStr(t.shape), shapeStr(x.shape))
	}
	if v != nil {
		a.vars[v] = t
	}
	a.tangents[x] = t
}

// flatten accepts one value or a slice of them (primals or tangents).
func flatten(p any) []any {
	switch v := p.(type) {
	case []*Tensor:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = x
		}
		return out
	case []*Variable:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = x
		}
		return out
	case []any:
		return v
	}
	return []any{p}
}

// tangent returns x's tangent, nil for none.
func (a *ForwardAccumulator) tangent(x *Tensor) *Tensor {
	if x == nil {
		return nil
	}
	if t, ok := a.tangents[x]; ok {
		return t
	}
	if x.vr != nil && x.vr.value == x {
		return a.vars[x.vr]
	}
	return nil
}

// Record runs f with the accumulator recording: the Go form of
// `with tf.autodiff.ForwardAccumulator(primals, tangents) as acc:`. Blocks nest.
func (a *ForwardAccumulator) Record(f func()) {
	a.push()
	defer a.pop()
	f()
}

// Start begins recording and Stop ends it: the closure-free form of Record (each Start
// needs its Stop; in a function, acc.Start(); defer acc.Stop()).
func (a *ForwardAccumulator) Start() {
	a.starts++
	a.push()
}

// Stop ends the recording begun by the matching Start.
func (a *ForwardAccumulator) Stop() {
	if a.starts == 0 {
		panic(&Error{Op: "Stop", Msg: "tape: ForwardAccumulator.Stop without Start"})
	}
	a.starts--
	a.pop()
}

func (a *ForwardAccumulator) push() {
	a.depth++
	if a.depth == 1 {
		accStack = append(accStack, a)
	}
}

func (a *ForwardAccumulator) pop() {
	a.depth--
	if a.depth == 0 {
		if i := slices.Index(accStack, a); i >= 0 {
			accStack = slices.Delete(accStack, i, i+1)
		}
	}
}

// JVP returns the tangent of y: the Jacobian-vector product of the computation from the
// primals to y with the tangents (acc.jvp(y)); nil when y does not depend on the primals
// (zeros with UnconnectedZero).
func (a *ForwardAccumulator) JVP(y *Tensor, opts ...GradOption) *Tensor {
	mustNotNil(y, "JVP")
	if t := a.tangent(y); t != nil {
		return t
	}
	var c gradConfig
	for _, o := range opts {
		o(&c)
	}
	if c.zero {
		return ZerosLike(y)
	}
	return nil
}

// forwardTangents computes out's tangent for every recording accumulator that has a
// tangent for one of xs, with the op's JVP rule. While accumulator i computes, only the
// accumulators outside it record (they differentiate its tangents: forward over forward).
func forwardTangents(name string, out *Tensor, xs []*Tensor, r rules) {
	stack := accStack
	defer func() { accStack = stack }()
	for i := len(stack) - 1; i >= 0; i-- {
		a := stack[i]
		ts := make([]*Tensor, len(xs))
		found := false
		for j, x := range xs {
			ts[j] = a.tangent(x)
			found = found || ts[j] != nil
		}
		if !found {
			continue
		}
		accStack = stack[:i:i] // appends inside must not overwrite stack
		t := r.runJVP(name, ts, xs, out)
		if t == nil {
			continue
		}
		if !slices.Equal(t.shape, out.shape) {
			errorf(name, "internal error: tangent of shape %s for an output of shape %s", shapeStr(t.shape), shapeStr(out.shape))
		}
		if t.dtype != out.dtype {
			t = Cast(t, out.dtype)
		}
		a.tangents[out] = t
	}
}

// JVP returns f(x) and the Jacobian-vector product J_f(x)·v in one forward pass
// (jax.jvp); v has x's shape. The product is zeros when f(x) does not depend on x.
func JVP(f func(*Tensor) *Tensor, x, v *Tensor) (y, jvp *Tensor) {
	acc := NewForwardAccumulator(x, v)
	acc.Record(func() { y = f(x) })
	mustNotNil(y, "JVP")
	return y, acc.JVP(y, UnconnectedZero)
}

// HVP returns the Hessian-vector product ∇²f(x)·v of a scalar function f, forward over
// reverse: the JVP of the gradient, without building the Hessian (the advanced autodiff
// guide's recipe). v has x's shape.
func HVP(f func(*Tensor) *Tensor, x, v *Tensor) *Tensor {
	acc := NewForwardAccumulator(x, v)
	var g *Tensor
	acc.Record(func() {
		t := NewGradientTape()
		var y *Tensor
		t.Record(func() {
			t.Watch(x)
			y = f(x)
		})
		mustNotNil(y, "HVP")
		g = t.Gradient(y, x, UnconnectedZero)
	})
	return acc.JVP(g, UnconnectedZero)
}
