package optim

// WeightDecay turns on decoupled weight decay for any optimizer, with Keras 3's semantics:
// before each update every variable that has a gradient is shrunk by x ← x − lr·wd·x, lr being
// the learning rate of that step (so a schedule scales the decay too). Default 0 (none);
// NewAdamW defaults to 0.004.
func WeightDecay(wd float64) Option { return func(c *config) { c.weightDecay = wd } }

// AMSGrad makes Adam keep the maximum of the second moments, v̂ ← max(v̂, v), and divide by
// √v̂ + ε instead of √v + ε (Keras' amsgrad=True).
func AMSGrad(on bool) Option { return func(c *config) { c.amsgrad = on } }

// NewAdamW returns Adam with decoupled weight decay, keras.optimizers.AdamW: WeightDecay
// defaults to 0.004; the other options and defaults are Adam's (NewAdam).
func NewAdamW(lr float64, opts ...Option) *Adam {
	o := NewAdam(lr, append([]Option{WeightDecay(0.004)}, opts...)...)
	o.name = "AdamW"
	return o
}

// decayWeights (Keras 3): x ← x − x·wd·lr, every product rounded to T, written to dst.
func decayWeights[T float](dst, x []T, wd, lr T) {
	x = x[:len(dst)]
	for i := range dst {
		dst[i] = T(x[i] - T(T(x[i]*wd)*lr))
	}
}

// amsgradStep is adamStep with v̂ ← max(v̂, v) used in the denominator.
func amsgradStep[T float](dst, x, g, m, v, vhat []T, alpha, b1, b2, eps T) {
	c1, c2 := T(1-b1), T(1-b2)
	x, g, m, v, vhat = x[:len(dst)], g[:len(dst)], m[:len(dst)], v[:len(dst)], vhat[:len(dst)]
	for i := range dst {
		gi, mi, vi := g[i], m[i], v[i]
		mi = T(mi + T(T(gi-mi)*c1))
		vi = T(vi + T(T(T(gi*gi)-vi)*c2))
		vh := max(vhat[i], vi)
		m[i], v[i], vhat[i] = mi, vi, vh
		dst[i] = T(x[i] - T(T(mi*alpha)/T(sqrtT(vh)+eps)))
	}
}
