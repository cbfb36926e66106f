package optim_test

import (
	"testing"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/optim"
)

// BenchmarkAdamApply is one Adam step on the 1,199,882 float32 weights of the MNIST model.
func BenchmarkAdamApply(b *testing.B) {
	shapes := [][]int{{3, 3, 1, 32}, {32}, {3, 3, 32, 64}, {64}, {9216, 128}, {128}, {128, 10}, {10}}
	var vars []*tape.Variable
	var grads []*tape.Tensor
	for _, s := range shapes {
		vars = append(vars, tape.NewVariable(tape.RandomNormal(s, 0, 0.05)))
		grads = append(grads, tape.RandomNormal(s, 0, 1))
	}
	opt := optim.NewAdam(0.001)
	opt.ApplyGradients(grads, vars)
	b.ResetTimer()
	for range b.N {
		opt.ApplyGradients(grads, vars)
	}
}
