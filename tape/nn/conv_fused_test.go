package nn_test

import (
	"math/rand"
	"testing"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/nn"
	"github.com/gotape/gotape/tape/tapetest"
)

// TestSequentialFusesConvPool checks that a Sequential model, which runs Conv2D followed by
// MaxPool2D as one fused op, gives the values and gradients of the layers called one by one.
func TestSequentialFusesConvPool(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for _, act := range []string{"relu", "linear", "tanh"} {
		for _, pool := range []nn.Layer{nn.MaxPool2D(2), nn.MaxPool2D(3), nn.MaxPool2D(2, nn.Strides(1)), nn.MaxPool2D(2, nn.Padding("same"))} {
			m := nn.NewSequential(
				nn.Conv2D(4, 3, nn.Activation("relu"), nn.BiasInit(nn.RandomUniform(-0.5, 0.5, 1))),
				nn.Conv2D(5, 2, nn.Activation(act), nn.BiasInit(nn.RandomUniform(-0.5, 0.5, 2))),
				pool,
				nn.Flatten(),
			)
			x := f64(rng, 3, 9, 10, 2)
			tp := tape.NewGradientTape(tape.Persistent(true))
			var fused, ref, lf, lr *tape.Tensor
			tp.Record(func() {
				fused = m.Call(x, true)
				ref = x
				for _, l := range m.Layers() {
					ref = l.Call(ref, true)
				}
				lf = tape.ReduceSum(tape.Square(fused), nil, false)
				lr = tape.ReduceSum(tape.Square(ref), nil, false)
			})
			tapetest.CloseAll(t, act+" value", fused.Floats(), ref.Floats(), 1e-12)
			vars := m.TrainableVariables()
			gf, gr := tp.Gradients(lf, vars), tp.Gradients(lr, vars)
			for i := range vars {
				tapetest.CloseAll(t, act+" gradient of "+vars[i].Name(), gf[i].Floats(), gr[i].Floats(), 1e-10)
			}
		}
	}
}
