package nn_test

import (
	"fmt"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/nn"
	"github.com/gotape/gotape/tape/optim"
)

func ExampleSequential_Summary() {
	m := nn.NewSequential(
		nn.Conv2D(8, 3, nn.Activation("relu"), nn.InputShape(28, 28, 1), nn.Name("conv")),
		nn.MaxPool2D(2, nn.Name("pool")),
		nn.Flatten(nn.Name("flatten")),
		nn.Dense(10, nn.Activation("softmax"), nn.Name("out")),
	)
	m.SetName("small")
	fmt.Print(m.Summary())
	// Output:
	// Model: "small"
	// _________________________________________________________________
	//  Layer (type)                Output Shape              Param #
	// =================================================================
	//  conv (Conv2D)               (None, 26, 26, 8)         80
	//
	//  pool (MaxPooling2D)         (None, 13, 13, 8)         0
	//
	//  flatten (Flatten)           (None, 1352)              0
	//
	//  out (Dense)                 (None, 10)                13530
	// =================================================================
	// Total params: 13,610
	// Trainable params: 13,610
	// Non-trainable params: 0
	// _________________________________________________________________
}

func ExampleCategoricalCrossentropy() {
	yTrue := tape.Constant([][]float64{{0, 1, 0}, {0, 0, 1}})
	yPred := tape.Constant([][]float64{{0.05, 0.95, 0}, {0.1, 0.8, 0.1}})
	loss := nn.CategoricalCrossentropy(yTrue, yPred, false)
	fmt.Printf("%.4f\n", loss.Floats())
	fmt.Printf("%.4f\n", loss.Mean().Float())
	// Output:
	// [0.0513 2.3026]
	// 1.1769
}

// A custom training step, as in the MNIST notebook: the loss per sample is recorded on a
// tape, its gradient (of the sum) w.r.t. the model's variables is applied by Adam.
func Example_trainingStep() {
	tape.SetSeed(0)
	m := nn.NewSequential(
		nn.Dense(8, nn.Activation("tanh"), nn.KernelInit(nn.GlorotUniform(1))),
		nn.Dense(2, nn.Activation("softmax"), nn.KernelInit(nn.GlorotUniform(2))),
	)
	opt := optim.NewAdam(0.05)
	x := tape.Constant([][]float64{{0, 0}, {0, 1}, {1, 0}, {1, 1}})
	labels := tape.Constant([]int{0, 1, 1, 0}) // XOR
	y := tape.OneHot(labels, 2)
	for range 200 {
		t := tape.NewGradientTape()
		var loss *tape.Tensor
		t.Record(func() { loss = nn.CategoricalCrossentropy(y, m.Call(x, true), false) })
		vars := m.TrainableVariables() // after the first call: layers create their weights then
		opt.ApplyGradients(t.Gradients(loss, vars), vars)
	}
	fmt.Println("predictions:", nn.Predictions(m.Call(x, false)))
	fmt.Println("accuracy:", nn.Accuracy(labels, m.Call(x, false)))
	// Output:
	// predictions: [0 1 1 0]
	// accuracy: 1
}
