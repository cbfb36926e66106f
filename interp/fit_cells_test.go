package interp

import (
	"regexp"
	"strings"
	"testing"
)

// Fit, schedules and AdamW from cells: a compiled loss (nn.MeanSquaredError) and an interpreted
// closure are both accepted as Fit's loss, and an interpreted function becomes a Schedule
// through optim.ScheduleFunc.
func TestFitFromCells(t *testing.T) {
	e := New()
	setup := `xs := [][]float64{}
ys := [][]float64{}
for i := range 32 {
	a, b := float64(i%8)/4-1, float64(i/8)/2-0.9
	xs = append(xs, []float64{a, b})
	if a+b > 0 { ys = append(ys, []float64{1}) } else { ys = append(ys, []float64{0}) }
}
x, y := tape.Constant(xs), tape.Constant(ys)
newModel := func() *nn.Sequential {
	return nn.NewSequential(nn.Dense(1, nn.Activation("sigmoid"), nn.InputShape(2), nn.KernelInit(nn.GlorotUniform(1))))
}
len(xs)`
	if r := run(t, e, setup); r.err != nil || r.result != "32" {
		t.Fatalf("setup: %+v %q", r.err, r.result)
	}
	epochLine := regexp.MustCompile(`(?m)^Epoch 3/3 - loss: \d\.\d{4}( - accuracy: \d\.\d{4})?$`)
	for _, c := range []struct{ name, code string }{
		{"compiled loss", `h := newModel().Fit(x, y, optim.NewSGD(0.5), nn.MeanSquaredError, 3, 8, nn.ShuffleSeed(1))
h.Loss[2] < h.Loss[0]`},
		{"closure loss", `bce := func(yt, yp *tape.Tensor) *tape.Tensor { return nn.BinaryCrossentropy(yt, yp, false) }
h := newModel().Fit(x, y, optim.NewSGD(0.5), bce, 3, 8, nn.Metrics("accuracy"), nn.ShuffleSeed(1))
h.Loss[2] < h.Loss[0] && len(h.Accuracy) == 3`},
		{"inline closure, AdamW, AMSGrad, schedule func", `steps := 0
sched := optim.ScheduleFunc(func(step int) float64 { steps++; return 0.1 / float64(1+step/4) })
opt := optim.NewAdamW(0, optim.AMSGrad(true), optim.LearningRateSchedule(sched))
h := newModel().Fit(x, y, opt, func(yt, yp *tape.Tensor) *tape.Tensor { return nn.BinaryCrossentropy(yt, yp, false) }, 3, 8, nn.Metrics("accuracy"))
h.Loss[2] < h.Loss[0] && steps >= 12 && opt.Iterations() == 12 && opt.LearningRate() == 0.1/4`},
		{"built-in schedule", `opt := optim.NewSGD(0, optim.Momentum(0.9), optim.WeightDecay(0.01), optim.LearningRateSchedule(optim.ExponentialDecay(0.5, 4, 0.5, true)))
h := newModel().Fit(x, y, opt, nn.MeanSquaredError, 3, 8, nn.ShuffleSeed(2))
h.Loss[2] < h.Loss[0] && opt.LearningRate() == 0.5*0.125`},
	} {
		r := run(t, e, c.code)
		t.Logf("%s:\n%s", c.name, r.rec.out())
		if r.err != nil {
			t.Errorf("%s: %s: %s\n%s", c.name, r.err.Name, r.err.Value, strings.Join(r.err.Traceback, "\n"))
			continue
		}
		if r.result != "true" {
			t.Errorf("%s: result %q, want true; output:\n%s", c.name, r.result, r.rec.out())
		}
		if out := r.rec.out(); strings.Count(out, "\n") != 3 || !epochLine.MatchString(out) || !strings.HasPrefix(out, "Epoch 1/3 - loss: ") {
			t.Errorf("%s: output %q: want 3 epoch lines", c.name, out)
		}
	}
}
