package nn

import (
	"math"
	"math/rand/v2"
	"sync"

	"github.com/gotape/gotape/tape"
)

// Initializer makes the starting value of a weight tensor of a given shape and dtype.
type Initializer interface {
	Init(shape []int, dtype tape.DType) *tape.Tensor
}

// InitFunc makes an Initializer of a function returning float64 values for a shape.
func InitFunc(f func(shape []int) []float64) Initializer { return initFunc(f) }

type initFunc func(shape []int) []float64

func (f initFunc) Init(shape []int, dt tape.DType) *tape.Tensor {
	return fromValues(f(shape), shape, dt)
}

func fromValues(v []float64, shape []int, dt tape.DType) *tape.Tensor {
	if len(v) != size(shape) {
		fail("initializer returned %d values for shape %v", len(v), shape)
	}
	if dt == tape.Float64 {
		return tape.Reshape(tape.FromFloat64s(v), shape...)
	}
	return tape.FromFloats(v, shape...)
}

// source is a random source: its own seeded generator, or tape's global one (tape.SetSeed).
type source struct {
	mu  sync.Mutex
	rng *rand.Rand // nil: tape's global source
}

func newSource(seed []int64) *source {
	if len(seed) > 0 {
		return &source{rng: tape.NewRand(seed[0])}
	}
	return &source{}
}

func (s *source) normal(shape []int, mean, std float64) []float64 {
	return s.draw(shape, func() *tape.Tensor { return tape.RandomNormal(shape, mean, std) },
		func(r *rand.Rand) float64 { return mean + std*r.NormFloat64() })
}

func (s *source) uniform(shape []int, lo, hi float64) []float64 {
	return s.draw(shape, func() *tape.Tensor { return tape.RandomUniform(shape, lo, hi) },
		func(r *rand.Rand) float64 { return lo + (hi-lo)*r.Float64() })
}

// draw returns global()'s values without a seed, else one(rng) for every element.
func (s *source) draw(shape []int, global func() *tape.Tensor, one func(r *rand.Rand) float64) []float64 {
	if s.rng == nil {
		return global().Floats()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	v := make([]float64, size(shape))
	for i := range v {
		v[i] = one(s.rng)
	}
	return v
}

// drawn is an initializer whose values are drawn from src by draw, for the shape asked.
type drawn struct {
	src  *source
	draw func(s *source, shape []int) []float64
}

func (d *drawn) Init(shape []int, dt tape.DType) *tape.Tensor {
	return fromValues(d.draw(d.src, shape), shape, dt)
}

// RandomNormal draws weights from N(mean, stddev²). With a seed the values are reproducible
// (each use draws the next values of that seed's sequence); without one they come from
// tape's global source, which tape.SetSeed seeds.
func RandomNormal(mean, stddev float64, seed ...int64) Initializer {
	return &drawn{newSource(seed), func(s *source, shape []int) []float64 { return s.normal(shape, mean, stddev) }}
}

// RandomUniform draws weights uniformly from [min, max) (seed as RandomNormal).
func RandomUniform(min, max float64, seed ...int64) Initializer {
	return &drawn{newSource(seed), func(s *source, shape []int) []float64 { return s.uniform(shape, min, max) }}
}

// GlorotUniform (Keras' default kernel initialiser) draws uniformly from [−l, l] with
// l = √(6 / (fan_in + fan_out)) (seed as RandomNormal).
func GlorotUniform(seed ...int64) Initializer {
	return &drawn{newSource(seed), func(s *source, shape []int) []float64 {
		in, out := fans(shape)
		l := math.Sqrt(6 / math.Max(1, in+out))
		return s.uniform(shape, -l, l)
	}}
}

// HeNormal draws from a normal distribution with stddev √(2 / fan_in) (untruncated).
func HeNormal(seed ...int64) Initializer {
	return &drawn{newSource(seed), func(s *source, shape []int) []float64 {
		in, _ := fans(shape)
		return s.normal(shape, 0, math.Sqrt(2/math.Max(1, in)))
	}}
}

// fans returns Keras' fan_in and fan_out: a dense kernel [in, out] has fan_in = in; a
// convolution kernel [kh, kw, in, out] has fan_in = kh·kw·in and fan_out = kh·kw·out.
func fans(shape []int) (float64, float64) {
	switch len(shape) {
	case 0:
		return 1, 1
	case 1:
		return float64(shape[0]), float64(shape[0])
	}
	rf := float64(size(shape[:len(shape)-2]))
	return float64(shape[len(shape)-2]) * rf, float64(shape[len(shape)-1]) * rf
}

type constInit float64

func (c constInit) Init(shape []int, dt tape.DType) *tape.Tensor {
	v := make([]float64, size(shape))
	for i := range v {
		v[i] = float64(c)
	}
	return fromValues(v, shape, dt)
}

// Zeros initialises to 0 (Keras' default bias initialiser).
func Zeros() Initializer { return constInit(0) }

// Ones initialises to 1.
func Ones() Initializer { return constInit(1) }

// ConstantInit initialises every weight to v.
func ConstantInit(v float64) Initializer { return constInit(v) }

func size(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}
