package optim

import (
	"math"
	"strings"

	"github.com/gotape/gotape/tape"
)

// Optimizer is what every optimizer of this package implements.
type Optimizer interface {
	// ApplyGradients updates vars[i] from grads[i]; a nil gradient leaves its variable alone.
	ApplyGradients(grads []*tape.Tensor, vars []*tape.Variable)
	// Minimize records loss() on a new tape, takes its gradient w.r.t. vars and applies it.
	Minimize(loss func() *tape.Tensor, vars []*tape.Variable)
	// MinimizeTape applies the gradient of loss, recorded on tp, to vars (minimize with tape=).
	MinimizeTape(loss *tape.Tensor, vars []*tape.Variable, tp *tape.GradientTape)
	// Iterations is the number of steps applied so far (Keras' optimizer.iterations).
	Iterations() int
	// LearningRate is the current learning rate.
	LearningRate() float64
}

// Option configures an optimizer. Options that do not apply to an optimizer are ignored; the
// clipping options, WeightDecay and LearningRateSchedule apply to every optimizer.
type Option func(*config)

type config struct {
	momentum       float64 // SGD, RMSprop
	nesterov       bool    // SGD
	beta1, beta2   float64 // Adam
	epsilon        float64 // Adam, RMSprop, Adagrad
	rho            float64 // RMSprop
	centered       bool    // RMSprop
	initialAccum   float64 // Adagrad
	clipNorm       float64
	clipValue      float64
	globalClipNorm float64
	schedule       Schedule // learning rate per step, nil for a constant rate
	weightDecay    float64  // decoupled weight decay, 0 for none
	amsgrad        bool     // Adam
}

func defaults() config {
	return config{beta1: 0.9, beta2: 0.999, epsilon: 1e-7, rho: 0.9, initialAccum: 0.1}
}

// Momentum sets the momentum μ of SGD (default 0) or RMSprop (default 0).
func Momentum(mu float64) Option { return func(c *config) { c.momentum = mu } }

// Nesterov turns on Nesterov momentum for SGD.
func Nesterov(on bool) Option { return func(c *config) { c.nesterov = on } }

// Beta1 sets Adam's first-moment decay (default 0.9).
func Beta1(b float64) Option { return func(c *config) { c.beta1 = b } }

// Beta2 sets Adam's second-moment decay (default 0.999).
func Beta2(b float64) Option { return func(c *config) { c.beta2 = b } }

// Epsilon sets the small constant that keeps divisions finite (default 1e-7, as Keras).
func Epsilon(e float64) Option { return func(c *config) { c.epsilon = e } }

// Rho sets RMSprop's decay of the squared-gradient average (default 0.9).
func Rho(r float64) Option { return func(c *config) { c.rho = r } }

// Centered makes RMSprop divide by the estimated variance instead of the second moment.
func Centered(on bool) Option { return func(c *config) { c.centered = on } }

// InitialAccumulator sets Adagrad's starting accumulator value (default 0.1).
func InitialAccumulator(a float64) Option { return func(c *config) { c.initialAccum = a } }

// ClipNorm rescales each variable's gradient so that its L2 norm is at most c.
func ClipNorm(c float64) Option { return func(cf *config) { cf.clipNorm = c } }

// ClipValue clamps every gradient element to [−c, c].
func ClipValue(c float64) Option { return func(cf *config) { cf.clipValue = c } }

// GlobalClipNorm rescales all gradients together so that their joint L2 norm is at most c.
func GlobalClipNorm(c float64) Option { return func(cf *config) { cf.globalClipNorm = c } }

// rule is one optimizer's per-element update.
type rule interface {
	slots() int        // number of state slices per variable
	slotInit() float64 // initial value of the state
	has(slot int) bool // whether a slot is used with this configuration
	// step32 and step64 write x's new value into dst (a fresh slice, or x itself).
	step32(dst, x, g []float32, s [][]float32, t int)
	step64(dst, x, g []float64, s [][]float64, t int)
}

// base holds what all optimizers share: the learning rate, options, step counter and state.
type base struct {
	name       string
	lr         float64
	cfg        config
	iterations int
	state      map[*tape.Variable]*varState
	rule       rule
}

type varState struct {
	dtype tape.DType
	s32   [][]float32
	s64   [][]float64
}

func newBase(name string, lr float64, r rule, cfg config) base {
	n := 0
	for _, c := range []float64{cfg.clipNorm, cfg.clipValue, cfg.globalClipNorm} {
		if c < 0 || math.IsNaN(c) {
			fail("%s: clipping threshold must be positive, got %v", name, c)
		}
		if c > 0 {
			n++
		}
	}
	if n > 1 {
		fail("%s: only one of clipnorm, clipvalue and global_clipnorm can be set", name)
	}
	if wd := cfg.weightDecay; wd < 0 || math.IsNaN(wd) || math.IsInf(wd, 0) {
		fail("%s: weight_decay must be ≥ 0, got %v", name, wd)
	}
	if lr < 0 || math.IsNaN(lr) {
		fail("%s: learning rate must be ≥ 0, got %v", name, lr)
	}
	return base{name: name, lr: lr, cfg: cfg, state: map[*tape.Variable]*varState{}, rule: r}
}

// Iterations returns the number of ApplyGradients (or Minimize) steps taken.
func (b *base) Iterations() int { return b.iterations }

// LearningRate returns the learning rate of the next step (with a schedule, its value at
// Iterations()).
func (b *base) LearningRate() float64 {
	if s := b.cfg.schedule; s != nil {
		return s.LearningRate(b.iterations)
	}
	return b.lr
}

// SetLearningRate changes the learning rate for the following steps. It panics when the
// optimizer has a LearningRateSchedule, as Keras does.
func (b *base) SetLearningRate(lr float64) {
	if b.cfg.schedule != nil {
		fail("%s: This optimizer was created with a `LearningRateSchedule` object as its `learning_rate` constructor argument, hence its learning rate is not settable. If you need the learning rate to be settable, you should instantiate the optimizer with a float `learning_rate` argument.", b.name)
	}
	b.lr = lr
}

// Minimize records loss() on a new GradientTape that watches vars, then applies the gradient
// of the loss (summed if it is not a scalar) to vars, like Keras' optimizer.minimize.
func (b *base) Minimize(loss func() *tape.Tensor, vars []*tape.Variable) {
	tape.CheckInterrupt()
	t := tape.NewGradientTape()
	var l *tape.Tensor
	t.Record(func() {
		for _, v := range vars {
			t.Watch(v)
		}
		l = loss()
	})
	if l == nil {
		fail("%s: Minimize: the loss function returned nil", b.name)
	}
	b.ApplyGradients(t.Gradients(l, vars), vars)
}

// MinimizeTape applies the gradient of loss, recorded on tp, to vars: Keras'
// optimizer.minimize(loss, var_list, tape=tp), the same as
// ApplyGradients(tp.Gradients(loss, vars), vars) in one call (cheaper in an interpreted loop).
func (b *base) MinimizeTape(loss *tape.Tensor, vars []*tape.Variable, tp *tape.GradientTape) {
	if loss == nil || tp == nil {
		fail("%s: MinimizeTape: nil loss or tape", b.name)
	}
	b.ApplyGradients(tp.Gradients(loss, vars), vars)
}

// ApplyGradients updates each vars[i] in place from grads[i] and counts one iteration. Nil
// gradients are skipped (as Keras does); if all are nil it panics. A step is all or
// nothing: interrupted, it updates no variable (or, once past its last check, all of them).
func (b *base) ApplyGradients(grads []*tape.Tensor, vars []*tape.Variable) {
	tape.CheckInterrupt()
	jobs := b.jobsOf(grads, vars)
	b.clip(jobs)
	// The last interrupt check: the update below (state in place, new values out of place)
	// runs to its end and assigns every variable at once.
	tape.CheckInterrupt()
	b.update(jobs)
}

// job is one variable's update: its optimizer state and its gradient (float32 or float64).
type job struct {
	v   *tape.Variable
	st  *varState
	g32 []float32
	g64 []float64
}

// jobsOf checks the gradients against the variables and returns the updates to make.
func (b *base) jobsOf(grads []*tape.Tensor, vars []*tape.Variable) []job {
	if len(vars) == 0 {
		fail("%s: ApplyGradients: no variables (a model's variables exist only after its first call, or once built with an input shape)", b.name)
	}
	if len(grads) != len(vars) {
		fail("%s: ApplyGradients: %d gradients for %d variables", b.name, len(grads), len(vars))
	}
	jobs := make([]job, 0, len(vars))
	var missing []string
	clips := b.cfg.clipValue > 0 || b.cfg.clipNorm > 0 || b.cfg.globalClipNorm > 0
	for i, v := range vars {
		g := grads[i]
		if g == nil {
			if v != nil {
				missing = append(missing, "'"+v.Name()+":0'")
			}
			continue
		}
		if v == nil {
			fail("%s: ApplyGradients: variable %d is nil", b.name, i)
		}
		if g.Size() != sizeOf(v.Shape()) {
			fail("%s: ApplyGradients: gradient shape %v does not match variable %s shape %v",
				b.name, g.Shape(), v.Name(), v.Shape())
		}
		st := b.stateOf(v)
		j := job{v: v, st: st}
		if st.dtype == tape.Float32 {
			j.g32 = grad32(g, clips)
		} else {
			j.g64 = grad64(g, clips)
		}
		jobs = append(jobs, j)
	}
	if len(jobs) == 0 {
		fail("%s: No gradients provided for any variable", b.name)
	}
	if len(missing) > 0 {
		tape.Warn("Gradients do not exist for variables [%s] when minimizing the loss. If you're using `model.compile()`, did you forget to provide a `loss` argument?", strings.Join(missing, ", "))
	}
	return jobs
}

// clip clips the gradients (copies) as configured.
func (b *base) clip(jobs []job) {
	switch c := b.cfg; {
	case c.clipValue > 0:
		for _, j := range jobs {
			clipValues(j.g32, c.clipValue)
			clipValues(j.g64, c.clipValue)
		}
	case c.clipNorm > 0:
		for _, j := range jobs {
			clipNorm(j.g32, c.clipNorm)
			clipNorm(j.g64, c.clipNorm)
		}
	case c.globalClipNorm > 0:
		ss := 0.0
		for _, j := range jobs {
			ss += sumSquares(j.g32) + sumSquares(j.g64)
		}
		if norm := math.Sqrt(ss); norm > c.globalClipNorm {
			for _, j := range jobs {
				scale(j.g32, c.globalClipNorm/norm)
				scale(j.g64, c.globalClipNorm/norm)
			}
		}
	}
}

// update takes one step: it advances the state and assigns all new values at once.
func (b *base) update(jobs []job) {
	b.lr = b.stepLearningRate()
	b.iterations++
	t, wd := b.iterations, b.cfg.weightDecay
	vs, xs := make([]*tape.Variable, len(jobs)), make([]*tape.Tensor, len(jobs))
	for i, j := range jobs {
		vs[i] = j.v
		if j.st.dtype == tape.Float32 {
			x, dst := value32(j.v)
			chunks(len(x), func(lo, hi int) {
				src := x[lo:hi]
				if wd != 0 {
					decayWeights(dst[lo:hi], src, float32(wd), float32(b.lr))
					src = dst[lo:hi]
				}
				b.rule.step32(dst[lo:hi], src, j.g32[lo:hi], sub(j.st.s32, lo, hi), t)
			})
			xs[i] = tape.FromFloat32s(dst, j.v.Shape()...) // no interrupt check here
		} else {
			x, dst := value64(j.v)
			chunks(len(x), func(lo, hi int) {
				src := x[lo:hi]
				if wd != 0 {
					decayWeights(dst[lo:hi], src, wd, b.lr)
					src = dst[lo:hi]
				}
				b.rule.step64(dst[lo:hi], src, j.g64[lo:hi], sub(j.st.s64, lo, hi), t)
			})
			xs[i] = tape.FromFloat64s(dst, j.v.Shape()...)
		}
	}
	tape.AssignAll(vs, xs)
	for _, v := range vs { // Keras' constraints, on the new values
		v.ApplyConstraint()
	}
}

func clipNorm[T float](g []T, c float64) {
	if norm := math.Sqrt(sumSquares(g)); norm > c {
		scale(g, c/norm)
	}
}

// stateOf returns (creating on first use) the optimizer state of v.
func (b *base) stateOf(v *tape.Variable) *varState {
	if st, ok := b.state[v]; ok {
		return st
	}
	dt := v.DType()
	if dt != tape.Float32 && dt != tape.Float64 {
		fail("%s: variable %s has dtype %v; only float32 and float64 variables can be optimized", b.name, v.Name(), dt)
	}
	n := sizeOf(v.Shape())
	st := &varState{dtype: dt}
	init := b.rule.slotInit()
	for k := range b.rule.slots() {
		if dt == tape.Float32 {
			var s []float32
			if b.rule.has(k) {
				s = make([]float32, n)
				fill(s, float32(init))
			}
			st.s32 = append(st.s32, s)
		} else {
			var s []float64
			if b.rule.has(k) {
				s = make([]float64, n)
				fill(s, init)
			}
			st.s64 = append(st.s64, s)
		}
	}
	b.state[v] = st
	return st
}

func fill[T float](s []T, v T) {
	if v == 0 {
		return
	}
	for i := range s {
		s[i] = v
	}
}

func sizeOf(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

func fail(format string, args ...any) {
	panic(tape.Errorf("optim: "+format, args...))
}
