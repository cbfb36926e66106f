package nn_test

import (
	"fmt"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/nn"
	"github.com/gotape/gotape/tape/optim"
)

// Keras' model.fit: epochs over shuffled mini-batches, one line per epoch, a History.
func ExampleSequential_Fit() {
	x := tape.Constant([][]float64{{0, 0}, {0, 1}, {1, 0}, {1, 1}, {0.2, 0.1}, {0.9, 0.8}, {0.1, 0.9}, {0.8, 0.2}})
	y := tape.Constant([][]float64{{0}, {1}, {1}, {1}, {0}, {1}, {1}, {1}}) // x0 OR x1
	model := nn.NewSequential(nn.Dense(1, nn.Activation("sigmoid"), nn.InputShape(2), nn.KernelInit(nn.GlorotUniform(1))))
	loss := func(yTrue, yPred *tape.Tensor) *tape.Tensor { return nn.BinaryCrossentropy(yTrue, yPred, false) }
	h := model.Fit(x, y, optim.NewAdam(0.3), loss, 5, 2, nn.Metrics("accuracy"), nn.ShuffleSeed(1))
	fmt.Println(len(h.Loss), h.Loss[4] < h.Loss[0])
	// Output:
	// Epoch 1/5 - loss: 0.8826 - accuracy: 0.3750
	// Epoch 2/5 - loss: 0.4723 - accuracy: 0.7500
	// Epoch 3/5 - loss: 0.4282 - accuracy: 0.7500
	// Epoch 4/5 - loss: 0.3996 - accuracy: 0.7500
	// Epoch 5/5 - loss: 0.3654 - accuracy: 0.7500
	// 5 true
}
