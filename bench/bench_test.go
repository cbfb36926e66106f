package bench

import (
	"math"
	"testing"

	"github.com/gotape/gotape/tape"
)

// Smoke tests: the workloads run and compute what they claim, at small sizes (fast).

// setSteps sets a workload's step count (*steps = n) for the rest of the test.
func setSteps(t *testing.T, steps *int, n int) {
	old := *steps
	*steps = n
	t.Cleanup(func() { *steps = old })
}

func TestScalarSmoke(t *testing.T) {
	setSteps(t, &ScalarSteps, 10)
	var r Result
	Scalar(&r, 1)
	if len(r.Samples) != 1 || r.Samples[0] <= 0 {
		t.Fatalf("samples %v", r.Samples)
	}
}

func TestLinRegConverges(t *testing.T) {
	setSteps(t, &LinRegSteps, 10000)
	var r Result
	LinReg(&r, 1)
	// The seed notebook's range after 10,000 steps.
	if r.A < 9.9 || r.A > 10.1 || r.B < 4.95 || r.B > 5.05 {
		t.Fatalf("linreg fit a=%v b=%v, want about 10 and 5", r.A, r.B)
	}
}

func TestMLPSmoke(t *testing.T) {
	var r Result
	MLPEpoch(&r, 1, 32, 320)
	if r.Steps != 10 || len(r.Samples) != 1 {
		t.Fatalf("steps %d samples %v", r.Steps, r.Samples)
	}
}

// TestJacobianHessian checks the benchmarked Jacobian and Hessian against finite differences.
func TestJacobianHessian(t *testing.T) {
	w, x := wx()
	j := Jac(w, x)
	h := Hess(w, x)
	if s := j.Shape(); len(s) != 2 || s[0] != 100 || s[1] != 100 {
		t.Fatalf("Jacobian shape %v", s)
	}
	if s := h.Shape(); len(s) != 2 || s[0] != 100 || s[1] != 100 {
		t.Fatalf("Hessian shape %v", s)
	}
	xv := x.Floats()
	wv := w.Floats()
	f := func(v []float64) []float64 { // tanh(W v) in float64
		out := make([]float64, 100)
		for i := range out {
			var s float64
			for k := range v {
				s += wv[i*100+k] * v[k]
			}
			out[i] = math.Tanh(s)
		}
		return out
	}
	grad := func(v []float64) []float64 { // d/dv sum(tanh(Wv)^2) = W^T (2 y (1-y^2))
		y := f(v)
		g := make([]float64, 100)
		for i := range y {
			c := 2 * y[i] * (1 - y[i]*y[i])
			for k := range g {
				g[k] += wv[i*100+k] * c
			}
		}
		return g
	}
	const eps = 1e-4
	for _, k := range []int{0, 37, 99} {
		xp := append([]float64(nil), xv...)
		xm := append([]float64(nil), xv...)
		xp[k] += eps
		xm[k] -= eps
		fp, fm := f(xp), f(xm)
		gp, gm := grad(xp), grad(xm)
		for i := 0; i < 100; i++ {
			if d := math.Abs(j.At(i, k) - (fp[i]-fm[i])/(2*eps)); d > 1e-3 {
				t.Fatalf("J[%d,%d] = %v, finite difference %v", i, k, j.At(i, k), (fp[i]-fm[i])/(2*eps))
			}
			if d := math.Abs(h.At(i, k) - (gp[i]-gm[i])/(2*eps)); d > 1e-3 {
				t.Fatalf("H[%d,%d] = %v, finite difference %v", i, k, h.At(i, k), (gp[i]-gm[i])/(2*eps))
			}
		}
	}
}

func TestCNNSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	var r Result
	CNNStep(&r, 1, 4)
	if len(r.Samples) == 0 {
		t.Fatal("no samples")
	}
}

// Benchmarks: `go test -run NONE -bench . ./bench` (not run by plain go test).

func BenchmarkScalar(b *testing.B) {
	x := tape.NewVariable(3.0)
	b.ReportAllocs()
	for b.Loop() {
		tp := tape.NewGradientTape()
		var y *tape.Tensor
		tp.Record(func() { y = x.Sub(4).Pow(2) })
		tp.Gradient(y, x)
	}
}

func BenchmarkLinRegStep(b *testing.B) {
	xs := tape.Range(0, 11, 1)
	ys := xs.Mul(10).Add(5)
	a, c := tape.NewVariable(0.5), tape.NewVariable(0.5)
	vars := []*tape.Variable{a, c}
	b.ReportAllocs()
	for b.Loop() {
		linRegStep(xs, ys, a, c, vars)
	}
}

func benchWorkload(b *testing.B, w Workload) {
	b.ReportAllocs()
	for b.Loop() {
		var r Result
		w(&r, 1)
	}
}

func BenchmarkMatMul32(b *testing.B) {
	tape.SetSeed(0)
	x := tape.RandomNormal([]int{1024, 1024}, 0, 1)
	for b.Loop() {
		tape.MatMul(x, x)
	}
}

func BenchmarkJacobian(b *testing.B) {
	w, x := wx()
	b.ReportAllocs()
	for b.Loop() {
		Jac(w, x)
	}
}

func BenchmarkHessian(b *testing.B) {
	w, x := wx()
	b.ReportAllocs()
	for b.Loop() {
		Hess(w, x)
	}
}

func BenchmarkMLPEpoch128(b *testing.B) { benchWorkload(b, Workloads["mlp128"]) }

func BenchmarkCNNStep(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		var r Result
		CNNStep(&r, 1, 128)
	}
}
