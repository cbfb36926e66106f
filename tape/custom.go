package tape

// CustomGradient runs forward on inputs without recording and records its result as one op
// named name whose vector-Jacobian product is grad(g, xs, y): one gradient per input (nil
// for none), each with its input's shape (tf.custom_gradient). Write grad with tape ops to
// allow higher-order gradients.
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
		recordN(name, y, xs, func(g *Tensor) []*Tensor {
			gs := grad(g, xs, y)
			if len(gs) != len(xs) {
				errorf(name, "custom gradient returned %d gradients for %d inputs", len(gs), len(xs))
			}
			return gs
		})
	}
	return y
}

// withoutTapes runs f with no tape recording (tapes resume afterwards, also after a panic).
func withoutTapes(f func()) {
	saved := tapeStack
	tapeStack = nil
	defer func() { tapeStack = saved }()
	f()
}
