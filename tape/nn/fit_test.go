package nn_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/nn"
	"github.com/gotape/gotape/tape/optim"
)

// separable is n points of [−1, 1]² labelled 1 when x0 + x1 > 0, from a fixed seed.
func separable(n int, seed int64) (x, y *tape.Tensor) {
	r := tape.NewRand(seed)
	xs, ys := make([][]float64, n), make([][]float64, n)
	for i := range n {
		a, b := 2*r.Float64()-1, 2*r.Float64()-1
		xs[i] = []float64{a, b}
		ys[i] = []float64{0}
		if a+b > 0 {
			ys[i][0] = 1
		}
	}
	return tape.Constant(xs), tape.Constant(ys)
}

func bce(y, p *tape.Tensor) *tape.Tensor { return nn.BinaryCrossentropy(y, p, false) }

func fitSeparable(t *testing.T, opts ...nn.FitOption) (*nn.History, string, *nn.Sequential) {
	t.Helper()
	x, y := separable(64, 7)
	m := nn.NewSequential(nn.Dense(1, nn.Activation("sigmoid"), nn.InputShape(2), nn.KernelInit(nn.GlorotUniform(1))))
	var out bytes.Buffer
	h := m.Fit(x, y, optim.NewSGD(0.5), bce, 8, 8, append([]nn.FitOption{nn.Metrics("accuracy"), nn.FitOutput(&out)}, opts...)...)
	return h, out.String(), m
}

// Fit learns a separable problem: the loss falls every epoch and the accuracy ends high; the
// same seeds give the same history and output.
func TestFitSeparable(t *testing.T) {
	h, out, _ := fitSeparable(t, nn.ShuffleSeed(3))
	if len(h.Loss) != 8 || len(h.Accuracy) != 8 || h.ValLoss != nil || h.ValAccuracy != nil {
		t.Fatalf("history %+v: want 8 losses and accuracies, no validation", h)
	}
	for e := 1; e < len(h.Loss); e++ {
		if !(h.Loss[e] < h.Loss[e-1]) {
			t.Errorf("loss rose at epoch %d: %v", e+1, h.Loss)
		}
	}
	if !(h.Loss[7] < 0.5*h.Loss[0]) || h.Accuracy[7] < 0.95 {
		t.Errorf("loss %v, accuracy %v: want the loss halved and accuracy ≥ 0.95", h.Loss, h.Accuracy)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	re := regexp.MustCompile(`^Epoch (\d)/8 - loss: (\d\.\d{4}) - accuracy: (\d\.\d{4})$`)
	if len(lines) != 8 {
		t.Fatalf("output %q: want 8 lines", out)
	}
	for e, l := range lines {
		m := re.FindStringSubmatch(l)
		if m == nil || m[1] != fmt.Sprint(e+1) || m[2] != fmt.Sprintf("%.4f", h.Loss[e]) || m[3] != fmt.Sprintf("%.4f", h.Accuracy[e]) {
			t.Errorf("line %d %q does not match %v / history %v %v", e, l, re, h.Loss[e], h.Accuracy[e])
		}
	}
	h2, out2, _ := fitSeparable(t, nn.ShuffleSeed(3))
	if !slices.Equal(h.Loss, h2.Loss) || !slices.Equal(h.Accuracy, h2.Accuracy) || out != out2 {
		t.Errorf("same seeds, different runs:\n%v\n%v", h.Loss, h2.Loss)
	}
	h3, _, _ := fitSeparable(t, nn.ShuffleSeed(4))
	if slices.Equal(h.Loss, h3.Loss) {
		t.Errorf("another shuffle seed gave the same history %v", h3.Loss)
	}
	// Without ShuffleSeed the order comes from tape's global source: tape.SetSeed repeats it.
	tape.SetSeed(11)
	h4, _, _ := fitSeparable(t)
	tape.SetSeed(11)
	h5, _, _ := fitSeparable(t)
	if !slices.Equal(h4.Loss, h5.Loss) {
		t.Errorf("tape.SetSeed does not fix Fit's shuffling: %v vs %v", h4.Loss, h5.Loss)
	}
}

// Exact values: a linear model w·x with w = 0, MSE on x = 1..4, y = 1, 1, 1, 5 (per-sample losses
// 1, 1, 1, 25 at w = 0, mean 7).
func TestFitExactValues(t *testing.T) {
	x := tape.Constant([][]float64{{1}, {2}, {3}, {4}})
	y := tape.Constant([][]float64{{1}, {1}, {1}, {5}})
	linear := func() *nn.Sequential {
		return nn.NewSequential(nn.Dense(1, nn.UseBias(false), nn.KernelInit(nn.Zeros()), nn.InputShape(1)))
	}
	// The epoch loss is the sample-weighted mean over batches of 3 and 1: (3·1 + 25)/4 = 7, not
	// the mean of the batch means (13). With lr 0 nothing moves.
	var out bytes.Buffer
	h := linear().Fit(x, y, optim.NewSGD(0), nn.MeanSquaredError, 2, 3, nn.Shuffle(false), nn.FitOutput(&out))
	if !slices.Equal(h.Loss, []float64{7, 7}) || out.String() != "Epoch 1/2 - loss: 7.0000\nEpoch 2/2 - loss: 7.0000\n" {
		t.Errorf("loss %v, output %q; want [7 7]", h.Loss, out.String())
	}
	if s := h.String(); s != "{loss: [7 7]}" {
		t.Errorf("History.String() = %q", s)
	}
	// Values of magnitude ≤ 1e-3 print in e-notation, as in Keras' progress bar.
	out.Reset()
	linear().Fit(x, tape.ZerosLike(y), optim.NewSGD(0.1), nn.MeanSquaredError, 1, 4, nn.FitOutput(&out))
	if out.String() != "Epoch 1/1 - loss: 0.0000e+00\n" {
		t.Errorf("zero loss printed as %q", out.String())
	}
	// One full batch per epoch, SGD 0.04: the gradient of the mean loss is
	// −2·(1·1 + 2·1 + 3·1 + 4·5)/4 = −13, so w = 0.52; epoch 2 sees the losses (1 − 0.52x)² …:
	// (0.2304 + 0.0016 + 0.3136 + 8.5264)/4 = 2.268. Validation on the same data after epoch 1
	// sees the same weight (2.268); after epoch 2 it must equal the loss of Predict.
	m := linear()
	h = m.Fit(x, y, optim.NewSGD(0.04), nn.MeanSquaredError, 2, 4, nn.ValidationData(x, y), nn.Verbose(0))
	if !near(h.Loss[0], 7, 1e-6) || !near(h.Loss[1], 2.268, 1e-5) || !near(h.ValLoss[0], 2.268, 1e-5) {
		t.Errorf("loss %v, val_loss %v; want [7 2.268], val_loss[0] 2.268", h.Loss, h.ValLoss)
	}
	if want := nn.MeanSquaredError(y, m.Predict(x)).Mean().Float(); h.ValLoss[1] != want || h.ValAccuracy != nil {
		t.Errorf("val_loss %v, want %v at the final weights; val accuracy %v", h.ValLoss, want, h.ValAccuracy)
	}
	// Same data shuffled and batched by 1: still one update per sample, Iterations counts them.
	o := optim.NewSGD(0)
	linear().Fit(x, y, o, nn.MeanSquaredError, 3, 1, nn.Verbose(0))
	if o.Iterations() != 12 {
		t.Errorf("iterations %d, want 12", o.Iterations())
	}
}

// With validation data and accuracy, the line has all four logs; the default output is
// tape.Output(); an optimizer's schedule advances once per batch.
func TestFitValidationAndOutput(t *testing.T) {
	x, y := separable(40, 1)
	vx, vy := separable(20, 2)
	var buf bytes.Buffer
	tape.SetOutput(&buf)
	defer tape.SetOutput(nil)
	m := nn.NewSequential(nn.Dense(1, nn.Activation("sigmoid"), nn.KernelInit(nn.GlorotUniform(2))))
	var steps []int
	o := optim.NewAdam(0, optim.LearningRateSchedule(optim.ScheduleFunc(func(s int) float64 { steps = append(steps, s); return 0.1 })))
	h := m.Fit(x, y, o, bce, 2, 16, nn.ValidationData(vx, vy), nn.Metrics("acc"), nn.ShuffleSeed(1))
	re := regexp.MustCompile(`^Epoch 1/2 - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}\nEpoch 2/2 - `)
	if !re.MatchString(buf.String()) {
		t.Errorf("output %q does not match %v", buf.String(), re)
	}
	if len(h.ValLoss) != 2 || len(h.ValAccuracy) != 2 || h.ValAccuracy[1] != nn.Accuracy(vy, m.Predict(vx)) {
		t.Errorf("history %+v", h)
	}
	if !slices.Equal(steps, []int{0, 1, 2, 3, 4, 5}) { // 3 batches (16, 16, 8) per epoch
		t.Errorf("schedule evaluated at %v, want steps 0..5", steps)
	}
}

func TestFitMisuseAndInterrupt(t *testing.T) {
	x, y := separable(8, 1)
	m := nn.NewSequential(nn.Dense(1, nn.Activation("sigmoid")))
	sgd := optim.NewSGD(0.1)
	for _, tc := range []struct {
		name, want string
		f          func()
	}{
		{"metric", `unknown metric "f1"`, func() { m.Fit(x, y, sgd, bce, 1, 4, nn.Metrics("f1")) }},
		{"rows", "same number of samples", func() { m.Fit(x, tape.Ones(3, 1), sgd, bce, 1, 4) }},
		{"epochs", "epochs must be ≥ 0", func() { m.Fit(x, y, sgd, bce, -1, 4) }},
		{"batch", "batch size must be positive", func() { m.Fit(x, y, sgd, bce, 1, -4) }},
		{"loss", "loss function must not be nil", func() { m.Fit(x, y, sgd, nil, 1, 4) }},
		{"nil loss value", "the loss function returned nil", func() {
			m.Fit(x, y, sgd, func(_, _ *tape.Tensor) *tape.Tensor { return nil }, 1, 4, nn.Verbose(0))
		}},
	} {
		err := tape.Try(tc.f)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "nn: ") {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	// Zero epochs: an empty history, nothing printed.
	var out bytes.Buffer
	if h := m.Fit(x, y, sgd, bce, 0, 0, nn.FitOutput(&out)); len(h.Loss) != 0 || out.Len() != 0 {
		t.Errorf("0 epochs: %+v %q", h, out.String())
	}
	// An interrupted context stops Fit with ErrInterrupted.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tape.SetContext(ctx)
	err := tape.Try(func() { m.Fit(x, y, sgd, bce, 100, 1, nn.Verbose(0)) })
	tape.SetContext(context.Background())
	if err != tape.ErrInterrupted {
		t.Errorf("interrupted Fit: %v, want ErrInterrupted", err)
	}
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }
