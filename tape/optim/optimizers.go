package optim

// SGD is gradient descent with optional (Nesterov) momentum, as keras.optimizers.SGD:
// without momentum x ← x − lr·g; with momentum μ, m ← μm − lr·g and x ← x + m
// (Nesterov: x ← x + μm − lr·g).
type SGD struct{ base }

// NewSGD returns an SGD optimizer. Options: Momentum, Nesterov and the clipping options.
func NewSGD(lr float64, opts ...Option) *SGD {
	c := configure(opts)
	if c.momentum < 0 || c.momentum > 1 {
		fail("SGD: momentum must be in [0, 1], got %v", c.momentum)
	}
	o := &SGD{}
	o.base = newBase("SGD", lr, sgdRule{o}, c)
	return o
}

type sgdRule struct{ o *SGD }

func (r sgdRule) slots() int        { return 1 }
func (r sgdRule) slotInit() float64 { return 0 }
func (r sgdRule) has(int) bool      { return r.o.cfg.momentum != 0 }
func (r sgdRule) step32(dst, x, g []float32, s [][]float32, _ int) {
	if c := r.o.cfg; c.momentum != 0 {
		momentumStep(dst, x, g, s[0], float32(r.o.lr), float32(c.momentum), c.nesterov)
	} else {
		sgdStep(dst, x, g, float32(r.o.lr))
	}
}
func (r sgdRule) step64(dst, x, g []float64, s [][]float64, _ int) {
	if c := r.o.cfg; c.momentum != 0 {
		momentumStep(dst, x, g, s[0], r.o.lr, c.momentum, c.nesterov)
	} else {
		sgdStep(dst, x, g, r.o.lr)
	}
}

// Adam is keras.optimizers.Adam: m ← β1m + (1−β1)g; v ← β2v + (1−β2)g²;
// x ← x − lr·√(1−β2ᵗ)/(1−β1ᵗ)·m/(√v + ε), with ε = 1e-7 outside the bias correction.
type Adam struct{ base }

// NewAdam returns an Adam optimizer. Options: Beta1 (0.9), Beta2 (0.999), Epsilon (1e-7),
// AMSGrad, and the options of every optimizer (clipping, WeightDecay, LearningRateSchedule).
func NewAdam(lr float64, opts ...Option) *Adam {
	c := configure(opts)
	if c.beta1 < 0 || c.beta1 >= 1 || c.beta2 < 0 || c.beta2 >= 1 {
		fail("Adam: beta_1 and beta_2 must be in [0, 1), got %v and %v", c.beta1, c.beta2)
	}
	o := &Adam{}
	o.base = newBase("Adam", lr, adamRule{o}, c)
	return o
}

type adamRule struct{ o *Adam }

func (r adamRule) slots() int        { return 3 } // m, v, and v̂ for AMSGrad
func (r adamRule) slotInit() float64 { return 0 }
func (r adamRule) has(k int) bool    { return k < 2 || r.o.cfg.amsgrad }
func (r adamRule) step32(dst, x, g []float32, s [][]float32, t int) {
	c := r.o.cfg
	b1, b2 := float32(c.beta1), float32(c.beta2)
	alpha := adamAlpha(float32(r.o.lr), b1, b2, t)
	if s[2] != nil {
		amsgradStep(dst, x, g, s[0], s[1], s[2], alpha, b1, b2, float32(c.epsilon))
		return
	}
	adamStep32(dst, x, g, s[0], s[1], alpha, b1, b2, float32(c.epsilon))
}
func (r adamRule) step64(dst, x, g []float64, s [][]float64, t int) {
	c := r.o.cfg
	alpha := adamAlpha(r.o.lr, c.beta1, c.beta2, t)
	if s[2] != nil {
		amsgradStep(dst, x, g, s[0], s[1], s[2], alpha, c.beta1, c.beta2, c.epsilon)
		return
	}
	adamStep(dst, x, g, s[0], s[1], alpha, c.beta1, c.beta2, c.epsilon)
}

// RMSprop is keras.optimizers.RMSprop: a ← ρa + (1−ρ)g²; x ← x − lr·g/√(a + ε), optionally
// centered (a − ḡ² in the root) and with momentum.
type RMSprop struct{ base }

// NewRMSprop returns an RMSprop optimizer. Options: Rho (0.9), Momentum (0), Epsilon (1e-7),
// Centered, and the clipping options.
func NewRMSprop(lr float64, opts ...Option) *RMSprop {
	c := configure(opts)
	if c.rho < 0 || c.rho >= 1 {
		fail("RMSprop: rho must be in [0, 1), got %v", c.rho)
	}
	o := &RMSprop{}
	o.base = newBase("RMSprop", lr, rmspropRule{o}, c)
	return o
}

type rmspropRule struct{ o *RMSprop }

func (r rmspropRule) slots() int        { return 3 } // velocity, average gradient, momentum
func (r rmspropRule) slotInit() float64 { return 0 }
func (r rmspropRule) has(k int) bool {
	switch k {
	case 1:
		return r.o.cfg.centered
	case 2:
		return r.o.cfg.momentum > 0
	}
	return true
}
func (r rmspropRule) step32(dst, x, g []float32, s [][]float32, _ int) {
	c := r.o.cfg
	rmspropStep(dst, x, g, s[0], s[1], s[2], float32(r.o.lr), float32(c.rho), float32(c.momentum), float32(c.epsilon))
}
func (r rmspropRule) step64(dst, x, g []float64, s [][]float64, _ int) {
	c := r.o.cfg
	rmspropStep(dst, x, g, s[0], s[1], s[2], r.o.lr, c.rho, c.momentum, c.epsilon)
}

// Adagrad is keras.optimizers.Adagrad: a ← a + g²; x ← x − lr·g/√(a + ε), a starting at 0.1.
type Adagrad struct{ base }

// NewAdagrad returns an Adagrad optimizer. Options: InitialAccumulator (0.1), Epsilon (1e-7)
// and the clipping options.
func NewAdagrad(lr float64, opts ...Option) *Adagrad {
	c := configure(opts)
	if c.initialAccum < 0 {
		fail("Adagrad: initial_accumulator_value must be ≥ 0, got %v", c.initialAccum)
	}
	o := &Adagrad{}
	o.base = newBase("Adagrad", lr, adagradRule{o}, c)
	return o
}

type adagradRule struct{ o *Adagrad }

func (r adagradRule) slots() int        { return 1 }
func (r adagradRule) slotInit() float64 { return r.o.cfg.initialAccum }
func (r adagradRule) has(int) bool      { return true }
func (r adagradRule) step32(dst, x, g []float32, s [][]float32, _ int) {
	adagradStep(dst, x, g, s[0], float32(r.o.lr), float32(r.o.cfg.epsilon))
}
func (r adagradRule) step64(dst, x, g []float64, s [][]float64, _ int) {
	adagradStep(dst, x, g, s[0], r.o.lr, r.o.cfg.epsilon)
}

func configure(opts []Option) config {
	c := defaults()
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	return c
}

var (
	_ Optimizer = (*SGD)(nil)
	_ Optimizer = (*Adam)(nil)
	_ Optimizer = (*RMSprop)(nil)
	_ Optimizer = (*Adagrad)(nil)
)
