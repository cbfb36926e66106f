package tape

// CustomGradient runs forward on inputs without recording and records its result as one op
// named name whose vector-Jacobian product is grad(g, xs, y): one gradient per input (nil
// for none), each with its input's shape (tf.custom_gradient). Write grad with tape ops to
// allow higher-order gradients. Forward mode (ForwardAccumulator) differentiates forward
// itself: the custom gradient serves reverse mode only, like JAX's custom_vjp.
func CustomGradient(name string, inputs []*Tensor, forward func(xs []*Tensor) *Tensor,
	grad func(g *Tensor, xs []*Tensor, y *Tensor) []*Tensor) *Tensor {
	for _, x := range inputs {
		mustNotNil(x, name)
	}
	xs := append([]*Tensor(nil), inputs...)
	var y *Tensor
	withoutTapes(func() { y = forward(xs) })
	mustNotNil(y, name)
	y = StopGradient(y)
	if recording() {
		record(name, y, xs, perRow, rules{
			vjp: func(_ bwArgs, g *Tensor, xs []*Tensor, y *Tensor, dx []*Tensor) {
				gs := grad(g, xs, y)
				if len(gs) != len(xs) {
					errorf(name, "custom gradient returned %d gradients for %d inputs", len(gs), len(xs))
				}
				copy(dx, gs)
			},
			jvp: func(ts, xs []*Tensor, _ *Tensor) *Tensor { return customJVP(forward, ts, xs) },
		})
	}
	return y
}

// withoutTapes runs f with no tape or forward accumulator recording (they resume afterwards,
// also after a panic).
func withoutTapes(f func()) {
	savedTapes, savedAccs := tapeStack, accStack
	tapeStack, accStack = nil, nil
	defer func() { tapeStack, accStack = savedTapes, savedAccs }()
	f()
}

// customJVP is the tangent of forward(xs) for the tangents ts: forward runs again under a
// forward accumulator of its own (outer tapes and accumulators record it).
func customJVP(forward func(xs []*Tensor) *Tensor, ts, xs []*Tensor) *Tensor {
	var ps, vs []*Tensor
	for i, t := range ts {
		if t != nil {
			ps, vs = append(ps, xs[i]), append(vs, t)
		}
	}
	acc := NewForwardAccumulator(ps, vs)
	var y *Tensor
	acc.Record(func() { y = forward(xs) })
	return acc.JVP(y)
}
