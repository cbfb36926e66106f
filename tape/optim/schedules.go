package optim

import (
	"fmt"
	"math"
)

// Schedule is a learning-rate schedule, like keras.optimizers.schedules.LearningRateSchedule:
// LearningRate(step) is the rate of the step whose 0-based index is step. An optimizer made
// with the LearningRateSchedule option evaluates it at its Iterations() before every step, so
// the first step uses LearningRate(0).
type Schedule interface {
	LearningRate(step int) float64
}

// LearningRateSchedule makes an optimizer take its learning rate from s (Keras'
// learning_rate=schedule): step k (counted by Iterations, 0-based, one per ApplyGradients or
// Minimize) uses s.LearningRate(k). The lr argument of the constructor is then unused (pass 0),
// LearningRate() reports the rate of the next step, and SetLearningRate panics.
func LearningRateSchedule(s Schedule) Option { return func(c *config) { c.schedule = s } }

// ScheduleFunc makes a Schedule of a function of the step, for schedules written in a cell:
//
//	optim.NewSGD(0, optim.LearningRateSchedule(optim.ScheduleFunc(func(step int) float64 {
//		return 0.1 / float64(1+step/100)
//	})))
func ScheduleFunc(f func(step int) float64) Schedule {
	if f == nil {
		fail("ScheduleFunc: nil function")
	}
	return scheduleFunc(f)
}

type scheduleFunc func(step int) float64

func (f scheduleFunc) LearningRate(step int) float64 { return f(step) }

func (f scheduleFunc) String() string { return "ScheduleFunc" }

// ExponentialDecay is keras.optimizers.schedules.ExponentialDecay:
// initial · decayRate^(step/decaySteps), with the exponent floored when staircase is true.
func ExponentialDecay(initial float64, decaySteps int, decayRate float64, staircase bool) Schedule {
	return newRateDecay("ExponentialDecay", initial, decaySteps, decayRate, staircase,
		func(initial, rate, p float64) float64 { return initial * math.Pow(rate, p) })
}

// InverseTimeDecay is keras.optimizers.schedules.InverseTimeDecay:
// initial / (1 + decayRate·step/decaySteps), with step/decaySteps floored when staircase is true.
func InverseTimeDecay(initial float64, decaySteps int, decayRate float64, staircase bool) Schedule {
	return newRateDecay("InverseTimeDecay", initial, decaySteps, decayRate, staircase,
		func(initial, rate, p float64) float64 { return initial / (1 + rate*p) })
}

// rateDecay is a schedule of Keras' (initial, decay_steps, decay_rate, staircase) family: the
// rate at step is f(initial, decayRate, progress), progress = step/decaySteps (floored with
// staircase).
type rateDecay struct {
	name       string
	initial    float64
	decaySteps int
	decayRate  float64
	staircase  bool
	f          func(initial, rate, progress float64) float64
}

func newRateDecay(name string, initial float64, decaySteps int, decayRate float64, staircase bool, f func(initial, rate, progress float64) float64) Schedule {
	checkDecaySteps(name, decaySteps)
	return &rateDecay{name, initial, decaySteps, decayRate, staircase, f}
}

func (s *rateDecay) LearningRate(step int) float64 {
	return s.f(s.initial, s.decayRate, progress(step, s.decaySteps, s.staircase))
}

func (s *rateDecay) String() string {
	return fmt.Sprintf("%s(initial_learning_rate=%v, decay_steps=%d, decay_rate=%v, staircase=%v)",
		s.name, s.initial, s.decaySteps, s.decayRate, s.staircase)
}

// CosineDecay is keras.optimizers.schedules.CosineDecay without warmup: with
// s = min(step, decaySteps), initial · ((1 − alpha)·½(1 + cos(π·s/decaySteps)) + alpha), which
// falls from initial to alpha·initial over decaySteps steps and then stays there.
func CosineDecay(initial float64, decaySteps int, alpha float64) Schedule {
	checkDecaySteps("CosineDecay", decaySteps)
	return &cosineDecay{initial, decaySteps, alpha}
}

type cosineDecay struct {
	initial    float64
	decaySteps int
	alpha      float64
}

func (s *cosineDecay) LearningRate(step int) float64 {
	frac := float64(min(step, s.decaySteps)) / float64(s.decaySteps)
	cos := 0.5 * (1 + math.Cos(math.Pi*frac))
	return s.initial * ((1-s.alpha)*cos + s.alpha)
}

func (s *cosineDecay) String() string {
	return fmt.Sprintf("CosineDecay(initial_learning_rate=%v, decay_steps=%d, alpha=%v)", s.initial, s.decaySteps, s.alpha)
}

// PiecewiseConstantDecay is keras.optimizers.schedules.PiecewiseConstantDecay: values[0] while
// step ≤ boundaries[0], values[i] while boundaries[i−1] < step ≤ boundaries[i], and the last
// value after the last boundary. values must have one element more than boundaries, and the
// boundaries must increase.
func PiecewiseConstantDecay(boundaries []int, values []float64) Schedule {
	if len(boundaries) != len(values)-1 {
		fail("PiecewiseConstantDecay: The length of boundaries should be 1 less than the length of values. Received: boundaries=%v of length %d, and values=%v of length %d.",
			boundaries, len(boundaries), values, len(values))
	}
	for i := 1; i < len(boundaries); i++ {
		if boundaries[i] <= boundaries[i-1] {
			fail("PiecewiseConstantDecay: boundaries must be strictly increasing, got %v", boundaries)
		}
	}
	return &piecewiseConstant{append([]int(nil), boundaries...), append([]float64(nil), values...)}
}

type piecewiseConstant struct {
	boundaries []int
	values     []float64
}

func (s *piecewiseConstant) LearningRate(step int) float64 {
	for i, b := range s.boundaries {
		if step <= b {
			return s.values[i]
		}
	}
	return s.values[len(s.values)-1]
}

func (s *piecewiseConstant) String() string {
	return fmt.Sprintf("PiecewiseConstantDecay(boundaries=%v, values=%v)", s.boundaries, s.values)
}

// progress is step/decaySteps, floored for staircase schedules.
func progress(step, decaySteps int, staircase bool) float64 {
	p := float64(step) / float64(decaySteps)
	if staircase {
		p = math.Floor(p)
	}
	return p
}

func checkDecaySteps(name string, n int) {
	if n <= 0 {
		fail("%s: Argument `decay_steps` must be > 0. Received: decay_steps=%d", name, n)
	}
}

// stepLearningRate is the learning rate of the step about to be taken: the schedule's value at
// Iterations(), checked, or the constant rate.
func (b *base) stepLearningRate() float64 {
	s := b.cfg.schedule
	if s == nil {
		return b.lr
	}
	lr := s.LearningRate(b.iterations)
	if lr < 0 || math.IsNaN(lr) || math.IsInf(lr, 0) {
		fail("%s: the learning-rate schedule gave %v at step %d; want a finite rate ≥ 0", b.name, lr, b.iterations)
	}
	return lr
}
