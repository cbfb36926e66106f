package tape

import (
	"math/rand/v2"
	"sync"
)

var (
	rngMu sync.Mutex
	rng   = rand.New(rand.NewPCG(0x9e3779b97f4a7c15, 42))
)

// SetSeed reseeds the global source used by RandomNormal and RandomUniform.
func SetSeed(seed int64) {
	rngMu.Lock()
	rng = rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
	rngMu.Unlock()
}

// NewRand returns a seeded source for code that wants its own stream.
func NewRand(seed int64) *rand.Rand {
	return rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
}

// RandomNormal returns float32 samples of N(mean, stddev²) from the global source.
func RandomNormal(shape []int, mean, stddev float64) *Tensor {
	defer opEnd(opStart()) // interrupted while it computed: no late result
	t := newTensor(Float32, copyShape(shape))
	rngMu.Lock()
	for i := range t.f32 {
		t.f32[i] = float32(mean + stddev*rng.NormFloat64())
	}
	rngMu.Unlock()
	return t
}

// RandomUniform returns float32 samples of U[min, max) from the global source.
func RandomUniform(shape []int, min, max float64) *Tensor {
	defer opEnd(opStart()) // interrupted while it computed: no late result
	t := newTensor(Float32, copyShape(shape))
	rngMu.Lock()
	for i := range t.f32 {
		t.f32[i] = float32(min + (max-min)*rng.Float64())
	}
	rngMu.Unlock()
	return t
}
