package optim_test

import (
	"math"
	"strings"
	"testing"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/optim"
)

// Each schedule against values worked out by hand from the Keras formulas.
func TestSchedulesKerasValues(t *testing.T) {
	exp := optim.ExponentialDecay(0.1, 100, 0.96, false)
	stair := optim.ExponentialDecay(0.1, 100, 0.96, true)
	inv := optim.InverseTimeDecay(0.1, 1, 0.5, false) // the Keras docstring's example
	inv10 := optim.InverseTimeDecay(0.1, 10, 0.5, false)
	invStair := optim.InverseTimeDecay(0.1, 10, 0.5, true)
	cos := optim.CosineDecay(0.1, 1000, 0)
	cosA := optim.CosineDecay(0.1, 1000, 0.1)
	pw := optim.PiecewiseConstantDecay([]int{100000, 110000}, []float64{1, 0.5, 0.1}) // docstring
	for _, tc := range []struct {
		name string
		s    optim.Schedule
		step int
		want float64
	}{
		{"exp 0", exp, 0, 0.1},
		{"exp 50", exp, 50, 0.09797958971132713},   // 0.1·0.96^0.5
		{"exp 250", exp, 250, 0.09029798987795908}, // 0.1·0.96^2.5
		{"stair 99", stair, 99, 0.1},
		{"stair 250", stair, 250, 0.09216}, // 0.1·0.96²
		{"inv 0", inv, 0, 0.1},
		{"inv 1", inv, 1, 0.1 / 1.5},
		{"inv 4", inv, 4, 0.1 / 3},
		{"inv10 15", inv10, 15, 0.1 / 1.75},
		{"invStair 15", invStair, 15, 0.1 / 1.5},
		{"cos 0", cos, 0, 0.1},
		{"cos 500", cos, 500, 0.05},
		{"cos 1000", cos, 1000, 0},
		{"cos 5000", cos, 5000, 0},                   // step clipped to decay_steps
		{"cosA 250", cosA, 250, 0.08681980515339464}, // 0.1·(0.9·½(1 + cos π/4) + 0.1)
		{"cosA 500", cosA, 500, 0.055},
		{"cosA 1000", cosA, 1000, 0.01},
		{"cosA 3000", cosA, 3000, 0.01},
		{"pw 0", pw, 0, 1},
		{"pw 100000", pw, 100000, 1},
		{"pw 100001", pw, 100001, 0.5},
		{"pw 110000", pw, 110000, 0.5},
		{"pw 110001", pw, 110001, 0.1},
	} {
		if got := tc.s.LearningRate(tc.step); !near(got, tc.want, 1e-15) {
			t.Errorf("%s: LearningRate(%d) = %.17g, want %.17g", tc.name, tc.step, got, tc.want)
		}
	}
}

// The optimizer evaluates its schedule at Iterations() before each step (Keras'
// learning_rate(iterations)), for every optimizer.
func TestScheduleDrivesSteps(t *testing.T) {
	pw := optim.PiecewiseConstantDecay([]int{1}, []float64{0.1, 0.01})
	for _, dt := range []tape.DType{tape.Float32, tape.Float64} {
		x := tape.NewVariable(1.0, tape.AsDType(dt))
		o := optim.NewSGD(0, optim.LearningRateSchedule(pw))
		var lrs []float64
		for range 3 {
			lrs = append(lrs, o.LearningRate())
			o.Minimize(halfSquare(x), []*tape.Variable{x}) // g = x
		}
		// steps 0 and 1 use 0.1 (step ≤ boundary 1), step 2 uses 0.01: 1 → 0.9 → 0.81 → 0.8019.
		tol := 1e-15
		if dt == tape.Float32 {
			tol = 1e-7
		}
		if !near(x.Float(), 0.8019, tol) || lrs[0] != 0.1 || lrs[1] != 0.1 || lrs[2] != 0.01 || o.LearningRate() != 0.01 {
			t.Errorf("%v: x = %.10g (want 0.8019), rates %v then %v", dt, x.Float(), lrs, o.LearningRate())
		}
	}

	// A schedule written as a function; Adam's first step moves by lr whatever the gradient.
	var seen []int
	f := optim.ScheduleFunc(func(step int) float64 { seen = append(seen, step); return 0.1 / float64(step+1) })
	y := tape.NewVariable(10.0, tape.AsDType(tape.Float64))
	a := optim.NewAdam(0.5, optim.LearningRateSchedule(f))
	a.Minimize(halfSquare(y), []*tape.Variable{y})
	if !near(y.Float(), 9.9, 1e-7) || len(seen) != 1 || seen[0] != 0 {
		t.Errorf("ScheduleFunc: y = %.10g (want 9.9), schedule called with %v (want [0])", y.Float(), seen)
	}
	if got := a.LearningRate(); got != 0.05 {
		t.Errorf("ScheduleFunc: LearningRate after one step = %v, want 0.05", got)
	}

	// Every optimizer reads the schedule: RMSprop and Adagrad with lr 0.1 from a function equal
	// their constant-rate twins.
	for _, mk := range []func(...optim.Option) optim.Optimizer{
		func(o ...optim.Option) optim.Optimizer { return optim.NewRMSprop(0.1, o...) },
		func(o ...optim.Option) optim.Optimizer { return optim.NewAdagrad(0.1, o...) },
		func(o ...optim.Option) optim.Optimizer { return optim.NewSGD(0.1, append(o, optim.Momentum(0.9))...) },
	} {
		u, w := tape.NewVariable(3.0), tape.NewVariable(3.0)
		c, s := mk(), mk(optim.LearningRateSchedule(optim.ScheduleFunc(func(int) float64 { return 0.1 })))
		for range 4 {
			c.Minimize(halfSquare(u), []*tape.Variable{u})
			s.Minimize(halfSquare(w), []*tape.Variable{w})
		}
		if u.Float() != w.Float() || u.Float() == 3 {
			t.Errorf("%T: constant rate gives %v, scheduled %v", c, u.Float(), w.Float())
		}
	}
}

func TestScheduleMisuse(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		f          func()
	}{
		{"decay steps", "Argument `decay_steps` must be > 0. Received: decay_steps=0", func() { optim.ExponentialDecay(0.1, 0, 0.9, false) }},
		{"cos steps", "must be > 0", func() { optim.CosineDecay(0.1, -1, 0) }},
		{"inv steps", "must be > 0", func() { optim.InverseTimeDecay(0.1, 0, 0.5, true) }},
		{"lengths", "The length of boundaries should be 1 less than the length of values", func() {
			optim.PiecewiseConstantDecay([]int{1, 2}, []float64{1, 2})
		}},
		{"order", "strictly increasing", func() { optim.PiecewiseConstantDecay([]int{2, 1}, []float64{1, 2, 3}) }},
		{"nil func", "nil function", func() { optim.ScheduleFunc(nil) }},
		{"set", "learning rate is not settable", func() {
			optim.NewSGD(0, optim.LearningRateSchedule(optim.CosineDecay(1, 10, 0))).SetLearningRate(0.1)
		}},
		{"bad rate", "schedule gave NaN at step 0", func() {
			x := tape.NewVariable(1.0)
			optim.NewSGD(0, optim.LearningRateSchedule(optim.ScheduleFunc(func(int) float64 { return math.NaN() }))).
				Minimize(halfSquare(x), []*tape.Variable{x})
		}},
		{"weight decay", "weight_decay must be ≥ 0", func() { optim.NewAdamW(0.1, optim.WeightDecay(-1)) }},
	} {
		err := tape.Try(tc.f)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "optim: ") {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

// gradSeq is a gradient sequence whose squares first grow and then shrink, so that AMSGrad's
// max(v̂, v) differs from v.
var gradSeq = [][]float64{{10, -1}, {1, 2}, {0.1, -0.5}, {0.01, 3}, {-0.2, 0.1}, {0.05, -0.05}}

// adamRef is a float64 transcription of Keras 3's Adam.update_step (with amsgrad) preceded by
// BaseOptimizer._apply_weight_decay, run over gradSeq with learning rate lr(step).
func adamRef(x0 []float64, lr func(int) float64, wd, b2 float64, amsgrad bool) []float64 {
	const b1, eps = 0.9, 1e-7
	x := append([]float64(nil), x0...)
	m, v, vhat := make([]float64, len(x)), make([]float64, len(x)), make([]float64, len(x))
	for k, g := range gradSeq {
		rate := lr(k)
		t := float64(k + 1)
		alpha := rate * math.Sqrt(1-math.Pow(b2, t)) / (1 - math.Pow(b1, t))
		for i := range x {
			x[i] -= x[i] * wd * rate
			m[i] += (g[i] - m[i]) * (1 - b1)
			v[i] += (g[i]*g[i] - v[i]) * (1 - b2)
			d := v[i]
			if amsgrad {
				vhat[i] = math.Max(vhat[i], v[i])
				d = vhat[i]
			}
			x[i] -= m[i] * alpha / (math.Sqrt(d) + eps)
		}
	}
	return x
}

func runSeq(o optim.Optimizer, x0 []float64, dt tape.DType) []float64 {
	x := tape.NewVariable(x0, tape.AsDType(dt))
	for _, g := range gradSeq {
		o.ApplyGradients([]*tape.Tensor{tape.Constant(g, dt)}, []*tape.Variable{x})
	}
	return x.Floats()
}

func TestAMSGradAndAdamWMatchReference(t *testing.T) {
	x0 := []float64{1.5, -2}
	constant := func(int) float64 { return 0.1 }
	decay := optim.ExponentialDecay(0.1, 2, 0.5, false)
	for _, tc := range []struct {
		name string
		opt  func() optim.Optimizer
		want []float64
	}{
		{"Adam", func() optim.Optimizer { return optim.NewAdam(0.1) }, adamRef(x0, constant, 0, 0.999, false)},
		{"AMSGrad", func() optim.Optimizer { return optim.NewAdam(0.1, optim.AMSGrad(true)) }, adamRef(x0, constant, 0, 0.999, true)},
		{"AMSGrad beta2 0.5", func() optim.Optimizer { return optim.NewAdam(0.1, optim.AMSGrad(true), optim.Beta2(0.5)) },
			adamRef(x0, constant, 0, 0.5, true)},
		{"AdamW", func() optim.Optimizer { return optim.NewAdamW(0.1) }, adamRef(x0, constant, 0.004, 0.999, false)},
		{"AdamW wd 0.5 amsgrad", func() optim.Optimizer {
			return optim.NewAdamW(0.1, optim.WeightDecay(0.5), optim.AMSGrad(true), optim.Beta2(0.5))
		}, adamRef(x0, constant, 0.5, 0.5, true)},
		{"AdamW with schedule", func() optim.Optimizer {
			return optim.NewAdamW(0, optim.WeightDecay(0.3), optim.LearningRateSchedule(decay))
		}, adamRef(x0, decay.LearningRate, 0.3, 0.999, false)},
	} {
		for _, dt := range []tape.DType{tape.Float64, tape.Float32} {
			got := runSeq(tc.opt(), x0, dt)
			tol := 1e-12
			if dt == tape.Float32 {
				tol = 1e-5
			}
			for i := range got {
				if !near(got[i], tc.want[i], tol) {
					t.Errorf("%s %v: x[%d] = %.12g, want %.12g", tc.name, dt, i, got[i], tc.want[i])
				}
			}
		}
	}
	// The sequence does exercise the max (with β2 = 0.5): AMSGrad ends elsewhere than Adam.
	if a, b := adamRef(x0, constant, 0, 0.5, false), adamRef(x0, constant, 0, 0.5, true); math.Abs(a[0]-b[0])+math.Abs(a[1]-b[1]) < 0.1 {
		t.Errorf("AMSGrad reference %v too close to Adam's %v", b, a)
	}
}

// Decoupled weight decay on SGD by hand: x = 1, g = x = 1, lr 0.1, wd 0.5:
// x ← 1 − 0.1·0.5·1 = 0.95, then x ← 0.95 − 0.1·1 = 0.85 (the gradient is taken before the decay).
func TestWeightDecaySGD(t *testing.T) {
	for _, dt := range []tape.DType{tape.Float32, tape.Float64} {
		x := tape.NewVariable(1.0, tape.AsDType(dt))
		o := optim.NewSGD(0.1, optim.WeightDecay(0.5))
		o.Minimize(halfSquare(x), []*tape.Variable{x})
		if !near(x.Float(), 0.85, 1e-7) {
			t.Errorf("%v: x = %.10g, want 0.85", dt, x.Float())
		}
	}
	// Variables without a gradient are not decayed (Keras filters them first).
	x, y := tape.NewVariable(1.0), tape.NewVariable(2.0)
	optim.NewSGD(0.1, optim.WeightDecay(0.5)).ApplyGradients([]*tape.Tensor{nil, tape.Scalar(0)}, []*tape.Variable{x, y})
	if x.Float() != 1 || !near(y.Float(), 1.9, 1e-7) {
		t.Errorf("x = %v (want 1, no gradient), y = %v (want 1.9)", x.Float(), y.Float())
	}
}
