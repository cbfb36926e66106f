package tape

import "slices"

// The package's one piece of recording state: the gradient tapes and forward accumulators
// that record now, innermost last. Record/Start/Stop/StopRecording/StopAll and the
// accumulators' Record/Start/Stop change it; ops only read it (recording, record). Gradient
// rules get what they need as arguments (bwArgs), not from package state.
var (
	tapeStack []*GradientTape
	accStack  []*ForwardAccumulator
)

// recording reports whether some tape or forward accumulator records now (the cheap
// pre-check of every op, and the test fused fast paths use: they must not bypass recorded
// ops while someone differentiates them).
func recording() bool { return len(tapeStack)|len(accStack) != 0 }

// batching says whether an op's VJP rule accepts gradients with an extra leading batch
// dimension (bwArgs.batch > 0) and returns its gradients with it: then a Jacobian computes
// many rows in one backward pass. A rule that does not (perRow) makes Jacobians through the
// op run one backward pass per row.
type batching bool

const (
	batched batching = true
	perRow  batching = false
)

// bwArgs is what a VJP rule needs besides tensors: which inputs want a gradient (bit i:
// input i; expensive rules skip the others) and, in a batched backward pass, the size of
// the leading batch dimension every gradient carries in front of its tensor's shape (0
// otherwise).
type bwArgs struct {
	want  uint64
	batch int
}

// allInputs wants every gradient, without a batch: rules called directly.
var allInputs = bwArgs{want: ^uint64(0)}

// wants reports whether input i needs a gradient.
func (bw bwArgs) wants(i int) bool { return i >= 64 || bw.want&(1<<uint(i)) != 0 }

// shape returns s with the batch dimension in front (s itself without a batch).
func (bw bwArgs) shape(s []int) []int {
	if bw.batch == 0 {
		return s
	}
	return append([]int{bw.batch}, s...)
}

// vjpFunc is an op's vector-Jacobian product (reverse mode): given g, the gradient of the
// op's output y, it sets dx[i] to the gradient of input xs[i] for each i that bw.wants
// (others may stay nil). Rules use recorded ops, so outer tapes record them (higher orders).
type vjpFunc func(bw bwArgs, g *Tensor, xs []*Tensor, y *Tensor, dx []*Tensor)

// jvpFunc is an op's Jacobian-vector product (forward mode): given ts[i], the tangent of
// input xs[i] (nil: zero), it returns the tangent of the op's output y (nil: zero). Rules
// use recorded ops, so tapes and outer accumulators record them.
type jvpFunc func(ts, xs []*Tensor, y *Tensor) *Tensor

// derivFunc is the derivative dy/dx of an element-wise op of one input, as a tensor of
// x's shape, written with recorded ops.
type derivFunc func(x, y *Tensor) *Tensor

// rules are an op's derivatives, written beside its forward computation: vjp and jvp, or,
// for an element-wise op of one input, only d (then the VJP is g·d and the JVP t·d).
type rules struct {
	vjp vjpFunc
	jvp jvpFunc
	d   derivFunc
}

// record is the one way an op records: out = name(xs...) with the given derivatives, on
// every recording tape that tracks one of xs (with b telling Jacobians whether the VJP takes
// a batch), and, for every forward accumulator that has a tangent for one of xs, out's
// tangent. Ops call it after computing out, when recording() says someone listens; like
// every op's end, it panics with ErrInterrupted when the cell was interrupted meanwhile. Integer
// and bool outputs are not differentiable and are not recorded. It returns out.
func record(name string, out *Tensor, xs []*Tensor, b batching, r rules) *Tensor {
	CheckInterrupt() // an op interrupted while it computed does not return a late result
	if !out.dtype.IsFloat() {
		return out
	}
	for _, tp := range tapeStack {
		in, ins := [2]int32{-1, -1}, [2]*Tensor{}
		var more *moreInputs
		switch len(xs) {
		case 1:
			if in[0] = tp.nodeOf(xs[0]); in[0] < 0 {
				continue
			}
			ins[0] = xs[0]
		case 2:
			if in = [2]int32{tp.nodeOf(xs[0]), tp.nodeOf(xs[1])}; in[0] < 0 && in[1] < 0 {
				continue
			}
			ins = [2]*Tensor{xs[0], xs[1]}
		default:
			if more = tp.moreInputs(xs, &in, &ins); more == nil {
				continue
			}
		}
		id := tp.addNode(node{op: name, nin: uint8(min(len(xs), 3)), batched: bool(b), in: in, ins: ins, more: more, out: out, vjp: r.vjp, d: r.d})
		out.addMark(mark{tp, tp.gen, id})
	}
	if len(accStack) > 0 {
		forwardTangents(name, out, append([]*Tensor(nil), xs...), r)
	}
	return out
}

// moreInputs returns the inputs of an op of no or more than two inputs, the first two also
// in in and ins; nil when none of them is on tp.
func (tp *GradientTape) moreInputs(xs []*Tensor, in *[2]int32, ins *[2]*Tensor) *moreInputs {
	m := &moreInputs{ids: make([]int32, max(len(xs)-2, 0)), xs: append([]*Tensor(nil), xs...)}
	on := false
	for i, x := range xs {
		id := tp.nodeOf(x)
		on = on || id >= 0
		if i < 2 {
			in[i], ins[i] = id, x
		} else {
			m.ids[i-2] = id
		}
	}
	tp.maxIn = max(tp.maxIn, len(xs))
	if !on {
		return nil
	}
	return m
}

// runJVP runs r's Jacobian-vector product; op names the op in the error for a missing rule.
func (r *rules) runJVP(op string, ts, xs []*Tensor, y *Tensor) *Tensor {
	switch {
	case r.d != nil:
		if ts[0] == nil {
			return nil
		}
		return mul(ts[0], r.d(xs[0], y))
	case r.jvp == nil:
		errorf(op, "the op has no JVP rule: forward mode (ForwardAccumulator) cannot differentiate it")
	}
	return r.jvp(ts, xs, y)
}

// tangentSum returns a + b where nil is zero, broadcast to shape.
func tangentSum(a, b *Tensor, shape []int) *Tensor {
	var t *Tensor
	switch {
	case a == nil && b == nil:
		return nil
	case a == nil:
		t = b
	case b == nil:
		t = a
	default:
		t = add(a, b)
	}
	if !slices.Equal(t.shape, shape) {
		t = BroadcastTo(t, shape...)
	}
	return t
}

// ifTangent returns f() when t (a tangent) is not nil, else nil: a term of a JVP that
// vanishes with its input's tangent.
func ifTangent(t *Tensor, f func() *Tensor) *Tensor {
	if t == nil {
		return nil
	}
	return f()
}

// orZeros returns t, or zeros like x when t is nil (a zero tangent or gradient).
func orZeros(t, x *Tensor) *Tensor {
	if t == nil {
		return ZerosLike(x)
	}
	return t
}
