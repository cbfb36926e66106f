package tape_test

import (
	"testing"

	"github.com/gotape/gotape/tape"
)

// BenchmarkScalarOp is one recorded scalar op (x*x) plus its backward pass, with a new tape
// each time: the cost a notebook cell pays per tiny step.
func BenchmarkScalarOp(b *testing.B) {
	x := tape.NewVariable(3.0)
	benchGradient(b, x, func() *tape.Tensor { return x.Mul(x) })
}

// BenchmarkScalarChain records 100 scalar ops then runs backward; ns/op is per 100 ops.
func BenchmarkScalarChain(b *testing.B) {
	x := tape.NewVariable(0.5)
	benchGradient(b, x, func() *tape.Tensor {
		y := x.Value()
		for range 50 {
			y = y.Mul(x).Add(0.25)
		}
		return y
	})
}

// benchGradient times recording f on a new tape and its gradient with respect to x.
func benchGradient(b *testing.B, x *tape.Variable, f func() *tape.Tensor) {
	b.ReportAllocs()
	for b.Loop() {
		tp := tape.NewGradientTape()
		var y *tape.Tensor
		tp.Record(func() { y = f() })
		if tp.Gradient(y, x) == nil {
			b.Fatal("nil gradient")
		}
	}
}

type linReg struct {
	x, y *tape.Tensor
	a, b *tape.Variable
	vars []*tape.Variable
}

func newLinReg() *linReg {
	x := tape.Range(0, 11, 1)
	y := x.Mul(10).Add(5)
	a, b := tape.NewVariable(0.3), tape.NewVariable(0.7)
	return &linReg{x: x, y: y, a: a, b: b, vars: []*tape.Variable{a, b}}
}

// step is the seed's linear-regression step: loss = |y - (a·x + b)| (not reduced),
// p -= 0.001·grad.
func (l *linReg) step() {
	tp := tape.NewGradientTape()
	var loss *tape.Tensor
	tp.Record(func() {
		loss = tape.Abs(l.y.Sub(l.a.Mul(l.x).Add(l.b)))
	})
	g := tp.Gradients(loss, l.vars)
	l.a.AssignSub(g[0].Mul(0.001))
	l.b.AssignSub(g[1].Mul(0.001))
}

func BenchmarkLinearRegressionStep(b *testing.B) {
	l := newLinReg()
	b.ReportAllocs()
	for b.Loop() {
		l.step()
	}
}

func TestLinearRegressionConverges(t *testing.T) {
	l := newLinReg()
	for range 10000 {
		l.step()
	}
	a, c := l.a.Float(), l.b.Float()
	if a < 9.9 || a > 10.1 || c < 4.95 || c > 5.05 {
		t.Errorf("after 10000 steps y ≈ %vx + %v, want a in [9.9, 10.1], b in [4.95, 5.05]", a, c)
	}
}

type mlp struct {
	x, y           *tape.Tensor
	w1, b1, w2, b2 *tape.Variable
	vars           []*tape.Variable
}

func newMLP(batch int) *mlp {
	tape.SetSeed(7)
	m := &mlp{
		x:  tape.RandomUniform([]int{batch, 784}, 0, 1),
		w1: tape.NewVariable(tape.RandomNormal([]int{784, 128}, 0, 0.05)),
		b1: tape.NewVariable(tape.Zeros(128)),
		w2: tape.NewVariable(tape.RandomNormal([]int{128, 10}, 0, 0.05)),
		b2: tape.NewVariable(tape.Zeros(10)),
	}
	labels := make([]int, batch)
	for i := range labels {
		labels[i] = i % 10
	}
	m.y = tape.OneHot(tape.Constant(labels), 10)
	m.vars = []*tape.Variable{m.w1, m.b1, m.w2, m.b2}
	return m
}

// step: relu(x·W1 + b1)·W2 + b2, softmax cross-entropy (mean), plain SGD with lr 0.1.
func (m *mlp) step() float64 {
	tp := tape.NewGradientTape()
	var loss *tape.Tensor
	tp.Record(func() {
		h := tape.ReLU(tape.Add(tape.MatMul(m.x, m.w1.Value()), m.b1.Value()))
		logits := tape.Add(tape.MatMul(h, m.w2.Value()), m.b2.Value())
		ce := tape.Neg(tape.ReduceSum(tape.Mul(m.y, tape.LogSoftmax(logits, -1)), []int{1}, false))
		loss = tape.ReduceMean(ce, nil, false)
	})
	gs := tp.Gradients(loss, m.vars)
	for i, v := range m.vars {
		v.AssignSub(gs[i].Mul(0.1))
	}
	return loss.Float()
}

func BenchmarkMLPStep(b *testing.B) {
	m := newMLP(128)
	b.ReportAllocs()
	for b.Loop() {
		m.step()
	}
}

func TestMLPLearns(t *testing.T) {
	m := newMLP(32)
	first := m.step()
	var last float64
	for range 30 {
		last = m.step()
	}
	if !(last < first*0.5) {
		t.Errorf("MLP loss %v -> %v: did not halve in 30 SGD steps on a fixed batch", first, last)
	}
}

// BenchmarkConvStep is the convolutional part of the MNIST model at batch 32: two 3×3
// convolutions (32 and 64 filters), ReLU, 2×2 max pooling, forward and backward.
func BenchmarkConvStep(b *testing.B) {
	tape.SetSeed(3)
	x := tape.RandomUniform([]int{32, 28, 28, 1}, 0, 1)
	k1 := tape.NewVariable(tape.RandomNormal([]int{3, 3, 1, 32}, 0, 0.05))
	k2 := tape.NewVariable(tape.RandomNormal([]int{3, 3, 32, 64}, 0, 0.05))
	vars := []*tape.Variable{k1, k2}
	b.ReportAllocs()
	for b.Loop() {
		tp := tape.NewGradientTape()
		var loss *tape.Tensor
		tp.Record(func() {
			h := tape.ReLU(tape.Conv2D(x, k1.Value(), 1, "VALID"))
			h = tape.ReLU(tape.Conv2D(h, k2.Value(), 1, "VALID"))
			h = tape.MaxPool2D(h, 2, 2, "VALID")
			loss = tape.ReduceMean(tape.Square(h), nil, false)
		})
		gs := tp.Gradients(loss, vars)
		if gs[1] == nil {
			b.Fatal("nil gradient")
		}
	}
}

// BenchmarkJacobian100 is the Jacobian of tanh(W·x) for a 100×100 W and a [100, 1] x:
// 100 backward passes of matrix-vector products (GEMV).
func BenchmarkJacobian100(b *testing.B) {
	tape.SetSeed(5)
	w := tape.RandomNormal([]int{100, 100}, 0, 0.1)
	x := tape.RandomNormal([]int{100, 1}, 0, 1)
	b.ReportAllocs()
	for b.Loop() {
		tp, y := watched(x, func(x *tape.Tensor) *tape.Tensor { return tape.Tanh(tape.MatMul(w, x)) })
		if j := tp.Jacobian(y, x); j == nil {
			b.Fatal("nil Jacobian")
		}
	}
}

// BenchmarkSliceBatches takes the 469 mini-batches of 128 rows of a [60000, 784] float32
// tensor (one MNIST epoch of x[i*b:(i+1)*b]).
func BenchmarkSliceBatches(b *testing.B) {
	x := tape.Zeros(60000, 784)
	b.ReportAllocs()
	for b.Loop() {
		for lo := 0; lo < 60000; lo += 128 {
			n := min(128, 60000-lo)
			if s := tape.Slice(x, []int{lo, 0}, []int{n, -1}); s.Size() != n*784 {
				b.Fatal("bad slice")
			}
		}
	}
}

// BenchmarkMaxPool is 2×2 max pooling of a [32, 24, 24, 64] float32 batch, forward and backward.
func BenchmarkMaxPool(b *testing.B) {
	benchBatchGradient(b, func(x *tape.Tensor) *tape.Tensor { return tape.MaxPool2D(x, 2, 2, "VALID") })
}

// BenchmarkReLU is ReLU of a [32, 24, 24, 64] float32 batch, forward and backward.
func BenchmarkReLU(b *testing.B) {
	benchBatchGradient(b, func(x *tape.Tensor) *tape.Tensor { return tape.ReLU(x) })
}

// benchBatchGradient times f of a [32, 24, 24, 64] float32 batch (seed 9), forward and backward.
func benchBatchGradient(b *testing.B, f func(x *tape.Tensor) *tape.Tensor) {
	tape.SetSeed(9)
	x := tape.RandomNormal([]int{32, 24, 24, 64}, 0, 1)
	b.ReportAllocs()
	for b.Loop() {
		tp, y := watched(x, f)
		if tp.Gradient(y, x) == nil {
			b.Fatal("nil gradient")
		}
	}
}

// BenchmarkGatherBatch gathers a shuffled mini-batch of 128 rows of a [60000, 784] tensor.
func BenchmarkGatherBatch(b *testing.B) {
	x := tape.Zeros(60000, 784)
	idx := make([]int, 128)
	for i := range idx {
		idx[i] = (i * 7919) % 60000
	}
	ix := tape.Constant(idx)
	b.ReportAllocs()
	for b.Loop() {
		if g := tape.Gather(x, ix, 0); g.Size() != 128*784 {
			b.Fatal("bad gather")
		}
	}
}
