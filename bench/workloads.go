package bench

import (
	"math/rand"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/nn"
	_ "github.com/gotape/gotape/tape/openblas" // OpenBLAS with -tags openblas
	"github.com/gotape/gotape/tape/optim"
)

// Result is one measurement of one workload, in the JSON form bench/report.py reads.
type Result struct {
	Impl     string    `json:"impl"`
	Workload string    `json:"workload"`
	Threads  int       `json:"threads"`
	Seconds  float64   `json:"seconds"` // median of Samples, in the workload's unit
	Samples  []float64 `json:"samples"`
	// Process CPU time (user+sys, all threads) of each sample, in the same unit: on a loaded
	// machine it shows what wall time hides.
	CPUSamples []float64 `json:"cpu_samples,omitempty"`
	CPUSeconds float64   `json:"cpu_seconds,omitempty"` // median of CPUSamples
	// Extra figures: steps, fitted values, memory.
	Steps              int     `json:"steps,omitempty"`
	A                  float64 `json:"a,omitempty"`
	B                  float64 `json:"b,omitempty"`
	RSSBeforeKB        int     `json:"rss_before_kb,omitempty"`
	PeakRSSKB          int     `json:"peak_rss_kb,omitempty"`
	RSSGrowthKBPerStep float64 `json:"rss_growth_kb_per_step,omitempty"`
	// The same over the second half of the samples (after the GC heap goal is reached).
	RSSGrowthLateKBPerStep float64 `json:"rss_growth_late_kb_per_step"`
	// Go heap in use after a forced GC, before and after the measured epochs.
	LiveHeapBeforeKB int `json:"live_heap_before_kb,omitempty"`
	LiveHeapAfterKB  int `json:"live_heap_after_kb,omitempty"`
}

func liveHeapKB() int {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int(m.HeapAlloc / 1024)
}

// Workload runs reps measured repetitions (after a warm-up) and fills r.Samples (seconds).
type Workload func(r *Result, reps int)

// CPUTimes collects the process CPU time of each sample timed takes (nil: not collected).
var CPUTimes *[]float64

// CPUSeconds returns the process's user+sys CPU time so far.
func CPUSeconds() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// Workloads maps the names shared with bench/torch_bench.py to their gotape versions.
var Workloads = map[string]Workload{
	"scalar":   Scalar,
	"linreg":   LinReg,
	"mlp32":    func(r *Result, reps int) { MLPEpoch(r, reps, 32, 60000) },
	"mlp128":   func(r *Result, reps int) { MLPEpoch(r, reps, 128, 60000) },
	"matmul32": func(r *Result, reps int) { MatMul(r, reps, tape.Float32) },
	"matmul64": func(r *Result, reps int) { MatMul(r, reps, tape.Float64) },
	"jacobian": Jacobian,
	"hessian":  Hessian,
	"cnn":      func(r *Result, reps int) { CNNStep(r, reps, 128) },
}

func timed(reps, warmup int, f func()) []float64 {
	for i := 0; i < warmup; i++ {
		f()
	}
	out := make([]float64, reps)
	for i := range out {
		t, c := time.Now(), CPUSeconds()
		f()
		out[i] = time.Since(t).Seconds()
		if CPUTimes != nil {
			*CPUTimes = append(*CPUTimes, CPUSeconds()-c)
		}
	}
	return out
}

// RSSKB reads a field (VmRSS, VmHWM) of /proc/self/status in kB; 0 when unavailable.
func RSSKB(field string) int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, field+":"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				n, _ := strconv.Atoi(f[0])
				return n
			}
		}
	}
	return 0
}

// ScalarSteps is the number of (x-4)^2 forward+backward steps per sample of Scalar.
var ScalarSteps = 200000

// Scalar times (x-4)^2 forward and backward on a float32 scalar variable; seconds per step.
func Scalar(r *Result, reps int) {
	x := tape.NewVariable(3.0)
	n := ScalarSteps
	var g *tape.Tensor
	s := timed(reps, 1, func() {
		for i := 0; i < n; i++ {
			tp := tape.NewGradientTape()
			var y *tape.Tensor
			tp.Record(func() { y = x.Sub(4).Pow(2) })
			g = tp.Gradient(y, x)
		}
	})
	if g.Float() != -2 {
		panic("bench: scalar gradient is not -2")
	}
	for i := range s {
		s[i] /= float64(n)
	}
	if CPUTimes != nil {
		for i := range *CPUTimes {
			(*CPUTimes)[i] /= float64(n)
		}
	}
	r.Samples, r.Steps = s, n
}

// LinRegSteps is the number of gradient steps of LinReg.
var LinRegSteps = 100000

// LinReg is the seed linear regression: x = 0..10, y = 10x+5, loss |y-(a*x+b)| (not reduced),
// p -= 0.001*grad; seconds per LinRegSteps steps.
func LinReg(r *Result, reps int) {
	xs := tape.Range(0, 11, 1)
	ys := xs.Mul(10).Add(5)
	rng := rand.New(rand.NewSource(0))
	var a, b *tape.Variable
	r.Samples = timed(reps, 0, func() {
		a = tape.NewVariable(rng.Float64())
		b = tape.NewVariable(rng.Float64())
		vars := []*tape.Variable{a, b}
		for i := 0; i < LinRegSteps; i++ {
			linRegStep(xs, ys, a, b, vars)
		}
	})
	r.Steps, r.A, r.B = LinRegSteps, a.Float(), b.Float()
}

// linRegStep is one step of the seed linear regression: loss = |ys − (a·xs + b)| (not
// reduced), p −= 0.001·∂loss/∂p for vars = [a, b].
func linRegStep(xs, ys *tape.Tensor, a, b *tape.Variable, vars []*tape.Variable) {
	tp := tape.NewGradientTape()
	var loss *tape.Tensor
	tp.Record(func() { loss = ys.Sub(a.Mul(xs).Add(b)).Abs() })
	gs := tp.Gradients(loss, vars)
	a.AssignSub(gs[0].Mul(0.001))
	b.AssignSub(gs[1].Mul(0.001))
}

// MLPEpoch trains a 784-128(relu)-10 MLP with Adam(1e-3) and softmax cross-entropy (from
// logits, integer labels, mean over the batch) for one epoch over n random float32 samples,
// in batches gathered from a fresh random permutation each epoch (as real training loops
// shuffle); seconds per epoch. It also records RSS: before the epoch, peak, and growth per step.
func MLPEpoch(r *Result, reps, batch, n int) {
	tape.SetSeed(0)
	X := tape.RandomNormal([]int{n, 784}, 0, 1)
	rng := rand.New(rand.NewSource(0))
	Y := randomLabels(rng, n)
	model := nn.NewSequential(
		nn.Dense(128, nn.Activation("relu"), nn.InputShape(784)),
		nn.Dense(10),
	)
	opt := optim.NewAdam(1e-3)
	var vars []*tape.Variable
	steps := n / batch
	perm := tape.Constant(rng.Perm(n))
	step := func(i int) {
		idx := tape.Slice(perm, []int{i * batch}, []int{batch})
		xb, yb := tape.Gather(X, idx, 0), tape.Gather(Y, idx, 0)
		trainStep(model, opt, &vars, xb, func(pred *tape.Tensor) *tape.Tensor {
			return nn.SparseCategoricalCrossentropy(yb, pred, true)
		})
	}
	for i := 0; i < 5; i++ {
		step(i)
	}
	r.LiveHeapBeforeKB = liveHeapKB()
	r.RSSBeforeKB = RSSKB("VmRSS")
	var rss []int
	r.Samples = timed(reps, 0, func() {
		perm = tape.Constant(rng.Perm(n))
		for i := 0; i < steps; i++ {
			step(i)
			if i%100 == 99 {
				rss = append(rss, RSSKB("VmRSS"))
			}
		}
	})
	r.Steps = steps
	r.PeakRSSKB = RSSKB("VmHWM")
	r.LiveHeapAfterKB = liveHeapKB()
	runtime.KeepAlive(X)
	runtime.KeepAlive(Y)
	runtime.KeepAlive(model)
	runtime.KeepAlive(opt)
	if len(rss) > 1 {
		r.RSSGrowthKBPerStep = float64(rss[len(rss)-1]-rss[0]) / float64(100*(len(rss)-1))
		h := len(rss) / 2
		if len(rss)-1 > h {
			r.RSSGrowthLateKBPerStep = float64(rss[len(rss)-1]-rss[h]) / float64(100*(len(rss)-1-h))
		}
	}
}

// MatMul times a 1024x1024 by 1024x1024 product (forward only); seconds per product.
func MatMul(r *Result, reps int, dt tape.DType) {
	tape.SetSeed(0)
	a := tape.Cast(tape.RandomNormal([]int{1024, 1024}, 0, 1), dt)
	b := tape.Cast(tape.RandomNormal([]int{1024, 1024}, 0, 1), dt)
	r.Samples = timed(max(reps, 10), 1, func() { tape.MatMul(a, b) })
}

func wx() (*tape.Tensor, *tape.Tensor) {
	tape.SetSeed(0)
	return tape.RandomNormal([]int{100, 100}, 0, 0.1), tape.RandomNormal([]int{100}, 0, 1)
}

// f100 is f(x) = tanh(W x) for a 100-vector x.
func f100(w, x *tape.Tensor) *tape.Tensor {
	return tape.Tanh(tape.Reshape(tape.MatMul(w, tape.Reshape(x, 100, 1)), 100))
}

// Jacobian times the 100x100 Jacobian of f(x) = tanh(W x); seconds per Jacobian.
func Jacobian(r *Result, reps int) { timedWX(r, reps, Jac) }

// Jac returns the Jacobian of tanh(W x) at x.
func Jac(w, x *tape.Tensor) *tape.Tensor {
	tp := tape.NewGradientTape()
	tp.Watch(x)
	var y *tape.Tensor
	tp.Record(func() { y = f100(w, x) })
	return tp.Jacobian(y, x)
}

// Hessian times the 100x100 Hessian of g(x) = sum(tanh(W x)^2) (nested tapes, Jacobian of the
// gradient); seconds per Hessian.
func Hessian(r *Result, reps int) { timedWX(r, reps, Hess) }

// timedWX times f at wx()'s W and x, at least 20 times.
func timedWX(r *Result, reps int, f func(w, x *tape.Tensor) *tape.Tensor) {
	w, x := wx()
	r.Samples = timed(max(reps, 20), 1, func() { f(w, x) })
}

// Hess returns the Hessian of sum(tanh(W x)^2) at x (nested tapes: the Jacobian of the gradient).
func Hess(w, x *tape.Tensor) *tape.Tensor {
	return tape.Hessian(func(v *tape.Tensor) *tape.Tensor { return tape.ReduceSum(tape.Square(f100(w, v)), nil, false) })(x)
}

// NewCNN builds the seed CNN without dropout: Conv2D 32 3x3 relu, Conv2D 64 3x3 relu,
// MaxPool 2, Flatten, Dense 128 relu, Dense 10 softmax; RandomNormal(0, 0.05) kernels.
func NewCNN() *nn.Sequential {
	k := func(seed int64) nn.LayerOption { return nn.KernelInit(nn.RandomNormal(0, 0.05, seed)) }
	return nn.NewSequential(
		nn.Conv2D(32, 3, nn.Activation("relu"), nn.InputShape(28, 28, 1), k(1)),
		nn.Conv2D(64, 3, nn.Activation("relu"), k(2)),
		nn.MaxPool2D(2),
		nn.Flatten(),
		nn.Dense(128, nn.Activation("relu"), k(3)),
		nn.Dense(10, nn.Activation("softmax"), k(4)),
	)
}

// CNNSamples is the size of CNNStep's data set (50 batches of 128 per permutation).
var CNNSamples = 6400

// CNNStep times one training step (forward, tape gradient, Adam) of the seed CNN on a batch
// gathered from a random permutation of CNNSamples random images; seconds per step.
func CNNStep(r *Result, reps, batch int) {
	tape.SetSeed(0)
	n := CNNSamples
	X := tape.RandomUniform([]int{n, 28, 28, 1}, 0, 1)
	rng := rand.New(rand.NewSource(0))
	Y := randomLabels(rng, n)
	model := NewCNN()
	opt := optim.NewAdam(1e-3)
	var vars []*tape.Variable
	perm, k := tape.Constant(rng.Perm(n)), 0
	step := func() {
		if k == n/batch {
			perm, k = tape.Constant(rng.Perm(n)), 0
		}
		idx := tape.Slice(perm, []int{k * batch}, []int{batch})
		k++
		x := tape.Gather(X, idx, 0)
		y := tape.OneHot(tape.Gather(Y, idx, 0), 10)
		trainStep(model, opt, &vars, x, func(pred *tape.Tensor) *tape.Tensor {
			return nn.CategoricalCrossentropy(y, pred, false)
		})
	}
	r.Samples = timed(max(reps, 10), 2, step)
}

// randomLabels returns n class labels in [0, 10) drawn from rng.
func randomLabels(rng *rand.Rand, n int) *tape.Tensor {
	labels := make([]int, n)
	for i := range labels {
		labels[i] = rng.Intn(10)
	}
	return tape.Constant(labels)
}

// trainStep takes one optimizer step on the batch mean of loss(model(x)) (training mode),
// with the tape gradient; *vars holds the model's variables, collected at the first step.
func trainStep(model *nn.Sequential, opt optim.Optimizer, vars *[]*tape.Variable, x *tape.Tensor, loss func(pred *tape.Tensor) *tape.Tensor) {
	tp := tape.NewGradientTape()
	var l *tape.Tensor
	tp.Record(func() { l = tape.ReduceMean(loss(model.Call(x, true)), nil, false) })
	if *vars == nil {
		*vars = model.TrainableVariables()
	}
	opt.ApplyGradients(tp.Gradients(l, *vars), *vars)
}
