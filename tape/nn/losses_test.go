package nn_test

import (
	"math"
	"math/rand"
	"testing"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/nn"
	"github.com/gotape/gotape/tape/tapetest"
)

func TestLosses(t *testing.T) {
	yTrue := [][]float64{{0, 1, 0}, {0, 0, 1}}
	probs := [][]float64{{0.05, 0.95, 0}, {0.1, 0.8, 0.1}}
	yt := tape.Constant(yTrue, tape.Float64)
	yp := tape.Constant(probs, tape.Float64)
	// Keras docs: categorical_crossentropy of these → [0.0513, 2.303].
	cce := nn.CategoricalCrossentropy(yt, yp, false).Floats()
	tapetest.CloseAll(t, "cce", cce, []float64{-math.Log(0.95), -math.Log(0.1)}, 1e-12)
	// Sparse labels give the same values; a trailing axis of 1 is accepted; int labels work.
	tapetest.CloseAll(t, "sparse", nn.SparseCategoricalCrossentropy(tape.Constant([]int{1, 2}), yp, false).Floats(), cce, 1e-12)
	tapetest.CloseAll(t, "sparse [n,1]", nn.SparseCategoricalCrossentropy(tape.Constant([][]int{{1}, {2}}), yp, false).Floats(), cce, 1e-12)
	// A zero probability is clipped to 1e-7 (no infinity), and rows are renormalised.
	zero := nn.CategoricalCrossentropy(tape.Constant([][]float64{{1, 0}}, tape.Float64), tape.Constant([][]float64{{0, 2}}, tape.Float64), false).Float()
	if math.Abs(zero+math.Log(1e-7)) > 1e-9 {
		t.Errorf("clipped cce %v, want %v", zero, -math.Log(1e-7))
	}
	tapetest.CloseAll(t, "renormalised", nn.CategoricalCrossentropy(yt, tape.Mul(yp, tape.Constant(3.0, tape.Float64)), false).Floats(), cce, 1e-12)
	// From logits: log-sum-exp form, even for large logits.
	logits := [][]float64{{2, -1, 0.5}, {1000, 0, -1000}}
	lt := tape.Constant(logits, tape.Float64)
	var want []float64
	for i, row := range logits {
		m := math.Max(math.Max(row[0], row[1]), row[2])
		lse := m + math.Log(math.Exp(row[0]-m)+math.Exp(row[1]-m)+math.Exp(row[2]-m))
		s := 0.0
		for j := range row {
			s -= yTrue[i][j] * (row[j] - lse)
		}
		want = append(want, s)
	}
	tapetest.CloseAll(t, "cce logits", nn.CategoricalCrossentropy(yt, lt, true).Floats(), want, 1e-12)
	tapetest.CloseAll(t, "sparse logits", nn.SparseCategoricalCrossentropy(tape.Constant([]int{1, 2}), lt, true).Floats(), want, 1e-12)
	// Its gradient w.r.t. the logits is softmax − y.
	tp := tape.NewGradientTape()
	tp.Watch(lt)
	var l *tape.Tensor
	tp.Record(func() { l = nn.CategoricalCrossentropy(yt, lt, true) })
	g := tp.Gradient(l, lt).Floats()
	sm := tape.Softmax(lt, 1).Floats()
	for i := range g {
		if math.Abs(g[i]-(sm[i]-yTrue[i/3][i%3])) > 1e-12 {
			t.Fatalf("d cce/d logits[%d] = %v, want %v", i, g[i], sm[i]-yTrue[i/3][i%3])
		}
	}

	// MSE and MAE per sample.
	a := tape.Constant([][]float64{{1, 2}, {3, 5}}, tape.Float64)
	b := tape.Constant([][]float64{{1, 4}, {0, 5}}, tape.Float64)
	tapetest.CloseAll(t, "mse", nn.MeanSquaredError(a, b).Floats(), []float64{2, 4.5}, 1e-12)
	tapetest.CloseAll(t, "mae", nn.MeanAbsoluteError(a, b).Floats(), []float64{1, 1.5}, 1e-12)

	// Binary cross-entropy: probabilities and logits agree; Keras docs example → 0.8149 mean... per sample.
	bt := tape.Constant([][]float64{{0, 1}, {0, 0}}, tape.Float64)
	bp := tape.Constant([][]float64{{0.6, 0.4}, {0.4, 0.6}}, tape.Float64)
	bce := nn.BinaryCrossentropy(bt, bp, false).Floats()
	tapetest.CloseAll(t, "bce", bce, []float64{-(math.Log(0.4) + math.Log(0.4)) / 2, -(math.Log(0.6) + math.Log(0.4)) / 2}, 1e-6)
	logit := func(p float64) float64 { return math.Log(p / (1 - p)) }
	bl := tape.Constant([][]float64{{logit(0.6), logit(0.4)}, {logit(0.4), logit(0.6)}}, tape.Float64)
	tapetest.CloseAll(t, "bce logits", nn.BinaryCrossentropy(bt, bl, true).Floats(), bce, 1e-6)
	big := nn.BinaryCrossentropy(tape.Constant([]float64{1, 0}, tape.Float64), tape.Constant([]float64{-500, -500}, tape.Float64), true).Float()
	if math.Abs(big-250) > 1e-9 {
		t.Errorf("bce of logits −500: %v, want 250", big)
	}

	// Float32 targets for float32 predictions and int targets are cast.
	if v := nn.MeanSquaredError(tape.Constant([]int{1, 2}), tape.Constant([]float64{1, 4})).Float(); v != 2 {
		t.Errorf("mse int targets %v", v)
	}
	if err := tape.Try(func() { nn.MeanSquaredError(tape.Ones(2), tape.Ones(3)) }); err == nil {
		t.Error("mismatched shapes accepted")
	}
}

func TestLossGradientsNumerical(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	p := tape.Softmax(f64(rng, 3, 4), 1)
	yt := tape.Constant([][]float64{{0, 0, 1, 0}, {1, 0, 0, 0}, {0.5, 0.5, 0, 0}}, tape.Float64)
	sig := tape.Sigmoid(f64(rng, 3, 4))
	yb := tape.Constant([][]float64{{0, 1, 1, 0}, {1, 0, 0, 0}, {1, 1, 0, 1}}, tape.Float64)
	for name, f := range map[string]func(x *tape.Tensor) *tape.Tensor{
		"cce":        func(x *tape.Tensor) *tape.Tensor { return nn.CategoricalCrossentropy(yt, x, false) },
		"cce logits": func(x *tape.Tensor) *tape.Tensor { return nn.CategoricalCrossentropy(yt, x, true) },
		"sparse": func(x *tape.Tensor) *tape.Tensor {
			return nn.SparseCategoricalCrossentropy(tape.Constant([]int{2, 0, 1}), x, true)
		},
		"bce":        func(x *tape.Tensor) *tape.Tensor { return nn.BinaryCrossentropy(yb, x, false) },
		"bce logits": func(x *tape.Tensor) *tape.Tensor { return nn.BinaryCrossentropy(sig, x, true) },
		"mse":        func(x *tape.Tensor) *tape.Tensor { return nn.MeanSquaredError(yt, x) },
	} {
		x := p
		if name == "bce" {
			x = sig
		}
		gradCheck(t, name, f, x, nil)
	}
}

func TestAccuracy(t *testing.T) {
	pred := tape.Constant([][]float64{{0.1, 0.7, 0.2}, {0.5, 0.3, 0.2}, {0.2, 0.2, 0.6}, {0.3, 0.4, 0.3}})
	if a := nn.Accuracy(tape.Constant([]int{1, 0, 0, 1}), pred); a != 0.75 {
		t.Errorf("sparse accuracy %v, want 0.75", a)
	}
	oneHot := tape.Constant([][]float64{{0, 1, 0}, {0, 0, 1}, {0, 0, 1}, {1, 0, 0}})
	if a := nn.Accuracy(oneHot, pred); a != 0.5 {
		t.Errorf("categorical accuracy %v, want 0.5", a)
	}
	if a := nn.Accuracy(tape.Constant([][]float64{{1}, {0}, {1}}), tape.Constant([][]float64{{0.9}, {0.6}, {0.4}})); math.Abs(a-1.0/3) > 1e-12 {
		t.Errorf("binary accuracy %v, want 1/3", a)
	}
	if p := nn.Predictions(pred); p[0] != 1 || p[1] != 0 || p[2] != 2 || p[3] != 1 {
		t.Errorf("predictions %v", p)
	}
	if err := tape.Try(func() { nn.Accuracy(tape.Ones(3), pred) }); err == nil {
		t.Error("mismatched accuracy shapes accepted")
	}
}

func TestInitializers(t *testing.T) {
	stats := func(v []float64) (mean, std, lo, hi float64) {
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, x := range v {
			mean += x
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
		mean /= float64(len(v))
		for _, x := range v {
			std += (x - mean) * (x - mean)
		}
		return mean, math.Sqrt(std / float64(len(v))), lo, hi
	}
	// Glorot uniform for a 3×3×32×64 kernel: limit √(6/(288+576)).
	g := nn.GlorotUniform(1).Init([]int{3, 3, 32, 64}, tape.Float32)
	limit := math.Sqrt(6.0 / (288 + 576))
	m, s, lo, hi := stats(g.Floats())
	if g.DType() != tape.Float32 || lo < -limit || hi > limit || math.Abs(m) > 0.003 || math.Abs(s-limit/math.Sqrt(3)) > 0.002 {
		t.Errorf("glorot: mean %v std %v range [%v, %v], limit %v", m, s, lo, hi, limit)
	}
	n := nn.RandomNormal(0, 0.05, 2).Init([]int{9216, 16}, tape.Float64)
	m, s, _, _ = stats(n.Floats())
	if n.DType() != tape.Float64 || math.Abs(m) > 0.001 || math.Abs(s-0.05) > 0.001 {
		t.Errorf("normal: mean %v std %v", m, s)
	}
	// Seeded: reproducible; the unseeded form follows tape.SetSeed.
	a := nn.RandomNormal(0, 1, 42).Init([]int{5}, tape.Float32).Floats()
	b := nn.RandomNormal(0, 1, 42).Init([]int{5}, tape.Float32).Floats()
	if !equal(a, b) {
		t.Error("seeded initializers differ")
	}
	tape.SetSeed(3)
	c := nn.GlorotUniform().Init([]int{4, 4}, tape.Float32).Floats()
	tape.SetSeed(3)
	d := nn.GlorotUniform().Init([]int{4, 4}, tape.Float32).Floats()
	if !equal(c, d) {
		t.Error("unseeded initializers ignore tape.SetSeed")
	}
	if z := nn.Zeros().Init([]int{3}, tape.Float32).Floats(); !equal(z, []float64{0, 0, 0}) {
		t.Errorf("zeros %v", z)
	}
	if o := nn.Ones().Init([]int{2}, tape.Float64).Floats(); !equal(o, []float64{1, 1}) {
		t.Errorf("ones %v", o)
	}
	if c := nn.ConstantInit(2.5).Init([]int{2}, tape.Float32).Floats(); !equal(c, []float64{2.5, 2.5}) {
		t.Errorf("constant %v", c)
	}
	f := nn.InitFunc(func(shape []int) []float64 { return []float64{float64(shape[0]), float64(shape[1])} })
	if v := f.Init([]int{2, 1}, tape.Float32); !equal(v.Floats(), []float64{2, 1}) || v.Shape()[0] != 2 {
		t.Errorf("InitFunc %v %v", v.Shape(), v.Floats())
	}
	// He normal for a 400×300 kernel: stddev √(2/400).
	m, s, _, _ = stats(nn.HeNormal(4).Init([]int{400, 300}, tape.Float64).Floats())
	if math.Abs(m) > 0.001 || math.Abs(s-math.Sqrt(2.0/400)) > 0.001 {
		t.Errorf("he normal: mean %v std %v, want 0 and %v", m, s, math.Sqrt(2.0/400))
	}
	// Uniform bounds.
	_, _, lo, hi = stats(nn.RandomUniform(-0.5, 2, 6).Init([]int{1000}, tape.Float32).Floats())
	if lo < -0.5 || hi >= 2 || lo > -0.45 || hi < 1.95 {
		t.Errorf("uniform range [%v, %v], want ≈ [-0.5, 2)", lo, hi)
	}
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
