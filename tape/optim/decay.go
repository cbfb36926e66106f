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

// decayWeights (Keras 3): x ← x − x·wd·lr, every product rounded to T.
func decayWeights[T float](x []T, wd, lr T) {
	for i := range x {
		x[i] = T(x[i] - T(T(x[i]*wd)*lr))
	}
}

// amsgradStep is adamStep with v̂ ← max(v̂, v) used in the denominator.
func amsgradStep[T float](x, g, m, v, vhat []T, alpha, b1, b2, eps T) {
	c1, c2 := T(1-b1), T(1-b2)
	for i := range x {
		gi := g[i]
		m[i] = T(m[i] + T(T(gi-m[i])*c1))
		v[i] = T(v[i] + T(T(T(gi*gi)-v[i])*c2))
		vhat[i] = max(vhat[i], v[i])
		x[i] = T(x[i] - T(T(m[i]*alpha)/T(sqrtT(vhat[i])+eps)))
	}
}
