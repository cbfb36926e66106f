package optim_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/optim"
)

// halfSquare is loss = v²/2, whose gradient is v.
func halfSquare(v *tape.Variable) func() *tape.Tensor {
	return func() *tape.Tensor { return v.Square().Div(2) }
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// Test vectors of the Keras documentation and hand-derived single steps.
func TestStepVectors(t *testing.T) {
	for _, tc := range []struct {
		name  string
		opt   func() optim.Optimizer
		x0    float64
		steps int
		want  float64
	}{
		// keras.optimizers.RMSprop docstring: 10 → 9.683772 (= 10 − 0.1·10/√10; ExampleNewRMSprop).
		{"RMSprop", func() optim.Optimizer { return optim.NewRMSprop(0.1) }, 10, 1, 10 - 1/math.Sqrt(10)},
		// SGD docstring: 1 → 0.9; with momentum 0.9 the steps are −0.1 then −0.18: 0.72.
		{"SGD", func() optim.Optimizer { return optim.NewSGD(0.1) }, 1, 1, 0.9},
		{"SGD momentum", func() optim.Optimizer { return optim.NewSGD(0.1, optim.Momentum(0.9)) }, 1, 2, 0.72},
		// Nesterov: m = −0.1·1 = −0.1; x = 1 − 0.1 + 0.9·(−0.1) = 0.81.
		{"SGD nesterov", func() optim.Optimizer { return optim.NewSGD(0.1, optim.Momentum(0.9), optim.Nesterov(true)) }, 1, 1, 0.81},
		// Adagrad: a = 0.1 + 10² ; x = 10 − 0.1·10/√100.1.
		{"Adagrad", func() optim.Optimizer { return optim.NewAdagrad(0.1) }, 10, 1, 10 - 1/math.Sqrt(100.1)},
		// Adam, first step of any gradient: lr·sign(g) (m/√v = g/|g|): 10 → 9.99.
		{"Adam", func() optim.Optimizer { return optim.NewAdam(0.01) }, 10, 1, 9.99},
		// RMSprop with momentum 0.5, two steps: Δ1 = 0.1·10/√10 = 0.31623, x = 9.68377;
		// a = 0.9·10 + 0.1·9.68377² = 18.3774, Δ2 = 0.1·9.68377/√18.3774 + 0.5·Δ1.
		{"RMSprop momentum", func() optim.Optimizer { return optim.NewRMSprop(0.1, optim.Momentum(0.5)) }, 10, 2,
			func() float64 {
				d1 := 0.1 * 10 / math.Sqrt(10)
				x := 10 - d1
				a := 0.9*10 + 0.1*x*x
				return x - (0.1*x/math.Sqrt(a) + 0.5*d1)
			}()},
	} {
		for _, dt := range []tape.DType{tape.Float32, tape.Float64} {
			v := tape.NewVariable(tc.x0, tape.AsDType(dt))
			o := tc.opt()
			for range tc.steps {
				o.Minimize(halfSquare(v), []*tape.Variable{v})
			}
			if tc.name == "Adam" { // Adam on (x−4)², the minimize notebook
				v.Assign(tape.Constant(tc.x0, dt))
				o = tc.opt()
				o.Minimize(func() *tape.Tensor { return v.Sub(4).Square() }, []*tape.Variable{v})
			}
			tol := 1e-7 // the expectations leave out ε = 1e-7
			if dt == tape.Float32 {
				tol = 2e-6
			}
			if got := v.Float(); !near(got, tc.want, tol) {
				t.Errorf("%s %v: after %d steps x = %.9g, want %.9g", tc.name, dt, tc.steps, got, tc.want)
			}
			if v.DType() != dt {
				t.Errorf("%s: variable dtype changed to %v", tc.name, v.DType())
			}
			if o.Iterations() != tc.steps {
				t.Errorf("%s: Iterations() = %d, want %d", tc.name, o.Iterations(), tc.steps)
			}
		}
	}
}

// Adam's update against a float64 transcription of the Keras formula over many steps, on a
// vector variable with a different gradient per element.
func TestAdamMatchesFormula(t *testing.T) {
	x0 := []float64{1, -2, 3, 0.5}
	v := tape.NewVariable(x0, tape.AsDType(tape.Float64))
	o := optim.NewAdam(0.05, optim.Beta1(0.8), optim.Beta2(0.99), optim.Epsilon(1e-3))
	x := append([]float64(nil), x0...)
	m, s := make([]float64, 4), make([]float64, 4)
	for step := 1; step <= 50; step++ {
		// loss = Σ x³/3 + x  → g = x² + 1
		o.Minimize(func() *tape.Tensor { return v.Pow(3).Div(3).Add(v).Sum() }, []*tape.Variable{v})
		for i := range x {
			g := x[i]*x[i] + 1
			m[i] = 0.8*m[i] + 0.2*g
			s[i] = 0.99*s[i] + 0.01*g*g
			alpha := 0.05 * math.Sqrt(1-math.Pow(0.99, float64(step))) / (1 - math.Pow(0.8, float64(step)))
			x[i] -= alpha * m[i] / (math.Sqrt(s[i]) + 1e-3)
		}
	}
	for i, got := range v.Floats() {
		if !near(got, x[i], 1e-10) {
			t.Errorf("x[%d] = %.12g, want %.12g", i, got, x[i])
		}
	}
}

func TestRMSpropCenteredAndAdagradMatchFormula(t *testing.T) {
	v := tape.NewVariable([]float64{2, -1}, tape.AsDType(tape.Float64))
	w := tape.NewVariable([]float64{2, -1}, tape.AsDType(tape.Float64))
	r := optim.NewRMSprop(0.01, optim.Centered(true), optim.Rho(0.8), optim.Momentum(0.3))
	a := optim.NewAdagrad(0.2, optim.InitialAccumulator(0.5))
	x, y := []float64{2, -1}, []float64{2, -1}
	va, mg, mom := make([]float64, 2), make([]float64, 2), make([]float64, 2)
	acc := []float64{0.5, 0.5}
	for range 20 {
		r.Minimize(func() *tape.Tensor { return v.Square().Sum() }, []*tape.Variable{v}) // g = 2x
		a.Minimize(func() *tape.Tensor { return w.Square().Sum() }, []*tape.Variable{w})
		for i := range x {
			g := 2 * x[i]
			va[i] = 0.8*va[i] + 0.2*g*g
			mg[i] = 0.8*mg[i] + 0.2*g
			mom[i] = 0.3*mom[i] + 0.01*g/math.Sqrt(va[i]-mg[i]*mg[i]+1e-7)
			x[i] -= mom[i]
			h := 2 * y[i]
			acc[i] += h * h
			y[i] -= 0.2 * h / math.Sqrt(acc[i]+1e-7)
		}
	}
	for i := range x {
		if got := v.Floats()[i]; !near(got, x[i], 1e-10) {
			t.Errorf("RMSprop x[%d] = %.12g, want %.12g", i, got, x[i])
		}
		if got := w.Floats()[i]; !near(got, y[i], 1e-10) {
			t.Errorf("Adagrad x[%d] = %.12g, want %.12g", i, got, y[i])
		}
	}
}

func TestClipping(t *testing.T) {
	g1 := tape.Constant([]float64{3, 4}, tape.Float64)
	g2 := tape.Constant([]float64{0, 12}, tape.Float64)
	for _, tc := range []struct {
		name   string
		opt    optim.Option
		w1, w2 []float64 // update (−Δx) with SGD lr 1
	}{
		{"none", nil, []float64{3, 4}, []float64{0, 12}},
		{"clipvalue", optim.ClipValue(3.5), []float64{3, 3.5}, []float64{0, 3.5}},
		{"clipnorm", optim.ClipNorm(1), []float64{0.6, 0.8}, []float64{0, 1}},
		{"global_clipnorm", optim.GlobalClipNorm(6.5), []float64{1.5, 2}, []float64{0, 6}}, // norm 13
	} {
		a := tape.NewVariable([]float64{0, 0}, tape.AsDType(tape.Float64))
		b := tape.NewVariable([]float64{0, 0}, tape.AsDType(tape.Float64))
		optim.NewSGD(1, tc.opt).ApplyGradients([]*tape.Tensor{g1, g2}, []*tape.Variable{a, b})
		for i := range 2 {
			if got := -a.Floats()[i]; !near(got, tc.w1[i], 1e-12) {
				t.Errorf("%s: Δa[%d] = %g, want %g", tc.name, i, got, tc.w1[i])
			}
			if got := -b.Floats()[i]; !near(got, tc.w2[i], 1e-12) {
				t.Errorf("%s: Δb[%d] = %g, want %g", tc.name, i, got, tc.w2[i])
			}
		}
	}
}

func TestMisuse(t *testing.T) {
	x := tape.NewVariable(1.0)
	y := tape.NewVariable(2.0)
	for _, tc := range []struct {
		name, want string
		f          func()
	}{
		{"two clips", "only one of clipnorm", func() { optim.NewSGD(1, optim.ClipNorm(1), optim.ClipValue(1)) }},
		{"count", "2 gradients for 1 variables", func() {
			optim.NewSGD(1).ApplyGradients([]*tape.Tensor{tape.Scalar(1), tape.Scalar(1)}, []*tape.Variable{x})
		}},
		{"all nil", "No gradients provided for any variable", func() {
			optim.NewAdam(1).ApplyGradients([]*tape.Tensor{nil}, []*tape.Variable{x})
		}},
		{"unconnected loss", "No gradients provided", func() {
			optim.NewAdam(1).Minimize(func() *tape.Tensor { return tape.Scalar(3) }, []*tape.Variable{x})
		}},
		{"shape", "does not match variable", func() {
			optim.NewSGD(1).ApplyGradients([]*tape.Tensor{tape.Ones(2)}, []*tape.Variable{x})
		}},
		{"int variable", "only float32 and float64", func() {
			optim.NewSGD(1).ApplyGradients([]*tape.Tensor{tape.Constant(1)}, []*tape.Variable{tape.NewVariable(1)})
		}},
	} {
		err := tape.Try(tc.f)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "optim: ") {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
	// A nil gradient leaves its variable alone; the others are updated.
	o := optim.NewSGD(0.5)
	o.ApplyGradients([]*tape.Tensor{nil, tape.Scalar(1)}, []*tape.Variable{x, y})
	if x.Float() != 1 || y.Float() != 1.5 || o.Iterations() != 1 {
		t.Errorf("nil gradient: x = %v, y = %v, iterations %d; want 1, 1.5, 1", x.Float(), y.Float(), o.Iterations())
	}
}

func TestInterrupt(t *testing.T) {
	x := tape.NewVariable(1.0)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tape.SetContext(ctx) // already done: interrupted at once
	defer tape.SetContext(nil)
	err := tape.Try(func() { optim.NewSGD(1).ApplyGradients([]*tape.Tensor{tape.Scalar(1)}, []*tape.Variable{x}) })
	if err != tape.ErrInterrupted || x.Float() != 1 {
		t.Fatalf("after cancel: err %v, x %v; want ErrInterrupted and x unchanged", err, x.Float())
	}
}

// The minimize run of the "minimize vs GradientTape" notebook: Adam(0.01) on (x − 4)² from
// 10, stopping when a step changes x by less than 1e-8; step takes one optimizer step on loss.
func runMinimize(step func(opt *optim.Adam, loss func() *tape.Tensor, x *tape.Variable), print func(string)) (iter int, val float64, stoppedByTol bool) {
	x := tape.NewVariable(0.0)
	opt := optim.NewAdam(0.01)
	loss := func() *tape.Tensor { return x.Sub(4).Pow(2) }
	x.Assign(10.0)
	for {
		before := x.Float()
		step(opt, loss, x)
		err := math.Abs(x.Float() - before)
		print(fmt.Sprintf("Iteration: %d Val: %f Error: %f", opt.Iterations(), x.Float(), err))
		if err < 1e-8 {
			print(fmt.Sprintf("stopping at err=%v<%v", err, 1e-8))
			return opt.Iterations(), x.Float(), true
		}
		if opt.Iterations() >= 10000 {
			print("stopping at max_iter=10000")
			return opt.Iterations(), x.Float(), false
		}
	}
}

// minimizeStep is the notebook's opt.minimize(loss, [x]).
func minimizeStep(opt *optim.Adam, loss func() *tape.Tensor, x *tape.Variable) {
	opt.Minimize(loss, []*tape.Variable{x})
}

func TestMinimizeRun(t *testing.T) {
	var lines []string
	iter, val, ok := runMinimize(minimizeStep, func(s string) { lines = append(lines, s) })
	if lines[0] != "Iteration: 1 Val: 9.990000 Error: 0.010000" {
		t.Errorf("first line %q", lines[0])
	}
	last := lines[len(lines)-1]
	if !ok || !strings.HasPrefix(last, "stopping at err=") || !strings.HasSuffix(last, "<1e-08") {
		t.Errorf("last line %q, want stopping at err=…<1e-08", last)
	}
	if iter < 2000 || iter > 2800 || math.Abs(val-4) >= 1e-3 {
		t.Errorf("stopped at iteration %d with x = %v; want 2000–2800 and |x − 4| < 1e-3", iter, val)
	}
	t.Logf("stopped at iteration %d, x = %.7g (%s)", iter, val, last)
}

// The same run with an explicit tape and ApplyGradients follows the same trajectory.
func TestTapeApplyGradientsSameTrajectory(t *testing.T) {
	var a, b []string
	runMinimize(minimizeStep, func(s string) { a = append(a, s) })
	runMinimize(func(opt *optim.Adam, loss func() *tape.Tensor, x *tape.Variable) {
		tp := tape.NewGradientTape()
		var y *tape.Tensor
		tp.Record(func() { y = loss() })
		vars := []*tape.Variable{x}
		opt.ApplyGradients(tp.Gradients(y, vars), vars)
	}, func(s string) { b = append(b, s) })
	if len(a) != len(b) {
		t.Fatalf("minimize ran %d lines, tape+ApplyGradients %d", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("line %d differs: %q vs %q", i, a[i], b[i])
		}
	}
}

// The update is out of place: a tensor holding a variable's old value never changes.
func TestApplyGradientsLeavesOldValue(t *testing.T) {
	opts := map[string]func() optim.Optimizer{
		"SGD":      func() optim.Optimizer { return optim.NewSGD(0.1) },
		"Nesterov": func() optim.Optimizer { return optim.NewSGD(0.1, optim.Momentum(0.9), optim.Nesterov(true)) },
		"Adam":     func() optim.Optimizer { return optim.NewAdam(0.1) },
		"AMSGrad":  func() optim.Optimizer { return optim.NewAdam(0.1, optim.AMSGrad(true)) },
		"AdamW":    func() optim.Optimizer { return optim.NewAdamW(0.1) },
		"RMSprop":  func() optim.Optimizer { return optim.NewRMSprop(0.1, optim.Centered(true), optim.Momentum(0.5)) },
		"Adagrad":  func() optim.Optimizer { return optim.NewAdagrad(0.1) },
	}
	for name, mk := range opts {
		for _, dt := range []tape.DType{tape.Float32, tape.Float64} {
			v := tape.NewVariable(tape.Constant([]float64{1, -2, 3, 4, 5}, dt))
			o := mk()
			for range 2 {
				old := v.Value()
				before := old.Floats()
				o.ApplyGradients([]*tape.Tensor{tape.Constant([]float64{0.5, 1, -1, 2, 0.25}, dt)}, []*tape.Variable{v})
				if after := old.Floats(); fmt.Sprint(after) != fmt.Sprint(before) {
					t.Fatalf("%s %v: the old value tensor changed from %v to %v", name, dt, before, after)
				}
				if fmt.Sprint(v.Floats()) == fmt.Sprint(before) {
					t.Fatalf("%s %v: the variable did not change", name, dt)
				}
			}
		}
	}
}

// An interrupt that arrives during a step leaves every variable updated or none (the issue's
// reproduction: 40 variables, interrupts at random moments of a training loop), and the
// optimizer's iteration count says how many steps were applied.
func TestInterruptedStepIsAllOrNothing(t *testing.T) {
	defer tape.SetContext(nil)
	for try := range 20 {
		vars := make([]*tape.Variable, 40)
		grads := make([]*tape.Tensor, 40)
		for i := range vars {
			vars[i] = tape.NewVariable(tape.Zeros(2000))
			grads[i] = tape.Fill([]int{2000}, -1)
		}
		opt := optim.NewAdam(0.5)
		ctx, cancel := context.WithCancel(context.Background())
		tape.SetContext(ctx)
		time.AfterFunc(time.Duration(try)*300*time.Microsecond, cancel)
		err := tape.Try(func() {
			for {
				opt.ApplyGradients(grads, vars)
			}
		})
		tape.SetContext(nil)
		if err != tape.ErrInterrupted {
			t.Fatalf("try %d: %v, want ErrInterrupted", try, err)
		}
		want := vars[0].At(0)
		if opt.Iterations() == 0 && want != 0 {
			t.Fatalf("try %d: no iteration counted but x = %v", try, want)
		}
		for i, v := range vars {
			if got := v.At(0); got != want || v.At(1999) != want {
				t.Fatalf("try %d: variable %d is %v, variable 0 is %v after %d steps: a half-applied step", try, i, got, want, opt.Iterations())
			}
		}
		if err := tape.Try(func() { opt.ApplyGradients(grads, vars) }); err != nil || vars[39].At(0) == want {
			t.Fatalf("try %d: the next step after the interrupt: %v", try, err)
		}
	}
}
