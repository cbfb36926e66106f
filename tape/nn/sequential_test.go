package nn_test

import (
	"strings"
	"testing"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/nn"
	"github.com/gotape/gotape/tape/optim"
	"github.com/gotape/gotape/tape/tapetest"
)

// mnistModel is the model of the MNIST section of the GradientTape notebook.
func mnistModel(seed int64) *nn.Sequential {
	k := func(s int64) nn.LayerOption { return nn.KernelInit(nn.RandomNormal(0, 0.05, seed+s)) }
	return nn.NewSequential(
		nn.Conv2D(32, 3, nn.Activation("relu"), k(1), nn.BiasInit(nn.Zeros()), nn.InputShape(28, 28, 1)),
		nn.Conv2D(64, 3, nn.Activation("relu"), k(2)),
		nn.MaxPool2D(2),
		nn.Dropout(0.25),
		nn.Flatten(),
		nn.Dense(128, nn.Activation("relu"), k(3)),
		nn.Dropout(0.5),
		nn.Dense(10, nn.Activation("softmax"), k(4)),
	)
}

func TestSummary(t *testing.T) {
	m := mnistModel(0)
	// Keras' summary of this model: 320 + 18,496 + 1,179,776 + 1,290 = 1,199,882 weights.
	if n := m.CountParams(); n != 1199882 {
		t.Errorf("CountParams = %d, want 1199882", n)
	}
	s := m.Summary()
	for _, want := range []string{
		"(None, 26, 26, 32)", "(None, 24, 24, 64)", "(None, 12, 12, 64)", "(None, 9216)", "(None, 128)", "(None, 10)",
		"Conv2D", "MaxPooling2D", "Dropout", "Flatten", "Dense", "18496", "1179776",
		"Total params: 1,199,882", "Trainable params: 1,199,882", "Non-trainable params: 0",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
	if m.String() != s {
		t.Error("String() is not the summary")
	}
	h := m.HTML()
	if !strings.HasPrefix(h, "<table") || !strings.Contains(h, "<td style=\"text-align:left\">(None, 9216)</td>") || !strings.Contains(h, "1,199,882") {
		t.Errorf("HTML summary:\n%s", h)
	}
	if got := len(m.TrainableVariables()); got != 8 {
		t.Errorf("%d trainable variables, want 8", got)
	}
	// A model without an input shape is built by its first call; the summary then has shapes.
	u := nn.NewSequential()
	u.Add(nn.Dense(4))
	u.Add(nn.Dense(2, nn.UseBias(false)))
	if s := u.Summary(); !strings.Contains(s, "unbuilt") || !strings.Contains(s, "?") {
		t.Errorf("unbuilt summary:\n%s", s)
	}
	y := u.Call(tape.Ones(3, 5), true)
	if got := y.Shape(); len(got) != 2 || got[0] != 3 || got[1] != 2 {
		t.Errorf("output shape %v", got)
	}
	if s := u.Summary(); !strings.Contains(s, "(None, 4)") || !strings.Contains(s, "Total params: 32") {
		t.Errorf("built summary:\n%s", s)
	}
	// Layer names are unique per kind, like Keras.
	a, b := nn.Dense(1), nn.Dense(1)
	if a.Name() == b.Name() || !strings.HasPrefix(b.Name(), "dense") {
		t.Errorf("names %q %q", a.Name(), b.Name())
	}
}

func TestPredictBatches(t *testing.T) {
	m := nn.NewSequential(nn.Dense(3, nn.Activation("softmax"), nn.KernelInit(nn.GlorotUniform(1))))
	x := tape.Reshape(tape.Range(0, 2*(nn.PredictBatchSize+10), 1), nn.PredictBatchSize+10, 2)
	x = tape.Div(x, tape.Scalar(100))
	p := m.Predict(x)
	want := m.Call(x, false)
	if got := p.Shape(); got[0] != nn.PredictBatchSize+10 || got[1] != 3 {
		t.Fatalf("Predict shape %v", got)
	}
	tapetest.CloseAll(t, "Predict", p.Floats(), want.Floats(), 1e-6)
}

// TrainStep does what the hand-written step of the notebook does.
func TestTrainStep(t *testing.T) {
	build := func() *nn.Sequential {
		return nn.NewSequential(nn.Dense(4, nn.Activation("relu"), nn.KernelInit(nn.GlorotUniform(3))),
			nn.Dropout(0.5, nn.Seed(4)), nn.Dense(3, nn.Activation("softmax"), nn.KernelInit(nn.GlorotUniform(5))))
	}
	x := tape.Constant([][]float64{{1, 2}, {0, -1}, {3, 0.5}})
	y := tape.OneHot(tape.Constant([]int{0, 2, 1}), 3)
	a, b := build(), build()
	oa, ob := optim.NewAdam(0.01), optim.NewAdam(0.01)
	cce := func(y, p *tape.Tensor) *tape.Tensor { return nn.CategoricalCrossentropy(y, p, false) }
	for range 5 {
		la := nn.TrainStep(a, oa, cce, x, y)
		tp := tape.NewGradientTape()
		var l *tape.Tensor
		tp.Record(func() { l = cce(y, b.Call(x, true)) })
		vars := b.TrainableVariables()
		ob.ApplyGradients(tp.Gradients(l, vars), vars)
		if lb := l.Mean().Float(); la != lb {
			t.Fatalf("TrainStep loss %v, hand-written step %v", la, lb)
		}
	}
	for i, v := range a.TrainableVariables() {
		if !equal(v.Floats(), b.TrainableVariables()[i].Floats()) {
			t.Fatalf("variable %d differs", i)
		}
	}
	if oa.Iterations() != 5 {
		t.Errorf("iterations %d", oa.Iterations())
	}
}
