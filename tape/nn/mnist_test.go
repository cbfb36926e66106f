package nn_test

import (
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/data"
	"github.com/gotape/gotape/tape/nn"
	"github.com/gotape/gotape/tape/optim"

	// With -tags openblas, MatMul and Conv2D run in OpenBLAS (BenchmarkMNISTStep).
	_ "github.com/gotape/gotape/tape/openblas"
)

// trainStep is the custom training step of the MNIST notebook: per-sample categorical
// cross-entropy, gradient of its sum, Adam.
func trainStep(m *nn.Sequential, opt optim.Optimizer, x, y *tape.Tensor) float64 {
	vars := m.TrainableVariables()
	t := tape.NewGradientTape()
	var loss *tape.Tensor
	t.Record(func() { loss = nn.CategoricalCrossentropy(y, m.Call(x, true), false) })
	opt.ApplyGradients(t.Gradients(loss, vars), vars)
	return tape.ReduceMean(loss, nil, false).Float()
}

func meanLoss(m *nn.Sequential, x, y *tape.Tensor) float64 {
	return tape.ReduceMean(nn.CategoricalCrossentropy(y, m.Call(x, false), false), nil, false).Float()
}

// A few Adam steps of the notebook's model on the checked-in sample lower the loss.
func TestMNISTTrainingSample(t *testing.T) {
	ds, err := data.LoadMNIST("../data/testdata")
	if err != nil {
		t.Fatal(err)
	}
	seed := int64(1) // GOTAPE_TEST_SEED=n tries other seeds
	if s := os.Getenv("GOTAPE_TEST_SEED"); s != "" {
		seed, _ = strconv.ParseInt(s, 10, 64)
	}
	tape.SetSeed(seed)
	m := mnistModel(seed)
	opt := optim.NewAdam(0.001)
	x, y := ds.TrainImages, tape.OneHot(ds.TrainLabels, 10)
	before := meanLoss(m, x, y)
	steps := 0
	for epoch := range 4 {
		for _, b := range data.Batches(x, y, 20, data.Shuffle(int64(epoch))) {
			trainStep(m, opt, b.X, b.Y)
			steps++
		}
	}
	after := meanLoss(m, x, y)
	t.Logf("loss %.4f → %.4f after %d steps; train accuracy %.2f", before, after, steps, nn.Accuracy(ds.TrainLabels, m.Call(x, false)))
	if opt.Iterations() != steps || !(after < 0.75*before) {
		t.Errorf("loss %.4f → %.4f after %d steps (iterations %d): want a drop of at least 25%%", before, after, steps, opt.Iterations())
	}
}

// BenchmarkMNISTStep is one training step of the notebook's model at batch 128.
func BenchmarkMNISTStep(b *testing.B) {
	ds, err := data.LoadMNIST("")
	if err != nil {
		ds, err = data.LoadMNIST("../data/testdata")
		if err != nil {
			b.Fatal(err)
		}
	}
	x := tape.Slice(ds.TrainImages, []int{0, 0, 0, 0}, []int{min(128, ds.TrainImages.Shape()[0]), 28, 28, 1})
	xb := x
	for xb.Shape()[0] < 128 {
		xb = tape.Concat([]*tape.Tensor{xb, x}, 0)
	}
	xb = tape.Slice(xb, []int{0, 0, 0, 0}, []int{128, 28, 28, 1})
	yb := tape.OneHot(tape.Cast(tape.Mul(tape.ReduceSum(tape.Reshape(xb, 128, 784), []int{1}, false), tape.Scalar(0)), tape.Int32), 10)
	m := mnistModel(1)
	opt := optim.NewAdam(0.001)
	trainStep(m, opt, xb, yb)
	b.ResetTimer()
	for range b.N {
		trainStep(m, opt, xb, yb)
	}
}

// The full run of the notebook (by hand: GOTAPE_MNIST_EPOCHS=n go test -run MNISTFull
// -timeout 0 [-tags openblas] ./tape/nn): trains on the 8,000 digits, reports the time per
// epoch and the accuracy on the 2,000 held-out digits after each epoch.
func TestMNISTFull(t *testing.T) {
	epochs, _ := strconv.Atoi(os.Getenv("GOTAPE_MNIST_EPOCHS"))
	if epochs <= 0 {
		t.Skip("set GOTAPE_MNIST_EPOCHS to run the full MNIST training (minutes)")
	}
	ds, err := data.LoadMNIST("")
	if err != nil {
		t.Fatal(err)
	}
	tape.SetSeed(1)
	m := mnistModel(1)
	opt := optim.NewAdam(0.001)
	y := tape.OneHot(ds.TrainLabels, 10)
	var acc float64
	start := time.Now()
	for epoch := range epochs {
		t0 := time.Now()
		sum, n := 0.0, 0
		for _, b := range data.Batches(ds.TrainImages, y, 128, data.Shuffle(int64(epoch))) {
			sum += trainStep(m, opt, b.X, b.Y)
			n++
		}
		train := time.Since(t0)
		acc = evalAccuracy(m, ds.TestImages, ds.TestLabels)
		t.Logf("epoch %d: %d steps in %v (%.0f ms/step), mean loss %.4f, test accuracy %.4f (eval %v)",
			epoch+1, n, train.Round(time.Millisecond), float64(train.Milliseconds())/float64(n), sum/float64(n), acc,
			(time.Since(t0) - train).Round(time.Millisecond))
	}
	t.Logf("total %v, accuracy %.4f", time.Since(start).Round(time.Second), acc)
	if epochs >= 8 && acc < 0.97 {
		t.Errorf("accuracy %.4f after %d epochs, want ≥ 0.97", acc, epochs)
	}
}

// evalAccuracy predicts in batches of 500 (bounded memory) and returns the accuracy.
func evalAccuracy(m *nn.Sequential, x, labels *tape.Tensor) float64 {
	correct, n := 0.0, 0
	for _, b := range data.Batches(x, labels, 500) {
		k := b.X.Shape()[0]
		correct += nn.Accuracy(b.Y, m.Predict(b.X)) * float64(k)
		n += k
	}
	return correct / float64(n)
}
