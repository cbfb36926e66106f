package tape_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/tapetest"
)

// composedXent is the unfused form the fused op replaces: −Σ onehot·LogSoftmax.
func composedXent(labels, x *tape.Tensor) *tape.Tensor {
	oh := tape.Cast(tape.OneHot(labels, x.Shape()[len(x.Shape())-1]), x.DType())
	return tape.Neg(tape.ReduceSum(tape.Mul(oh, tape.LogSoftmax(x, -1)), []int{-1}, false))
}

// The fused op matches the composed form in value, gradient (its own kernel), second-order
// gradient (composed rule under an outer tape) and forward mode, for both float dtypes;
// label 7 is out of range (no target term) and −1 too.
func TestSparseSoftmaxCrossEntropyMatchesComposed(t *testing.T) {
	for _, dt := range []tape.DType{tape.Float32, tape.Float64} {
		tape.SetSeed(3)
		x := tape.Cast(tape.RandomNormal([]int{4, 5}, 0, 2), dt)
		labels := tape.Constant([]int32{2, 0, 7, -1})
		w := tape.Cast(tape.Constant([]float64{1, -2, 0.5, 3}), dt)
		tol := 1e-5
		if dt == tape.Float64 {
			tol = 1e-12
		}
		loss := func(f func(l, x *tape.Tensor) *tape.Tensor) func(*tape.Tensor) *tape.Tensor {
			return func(x *tape.Tensor) *tape.Tensor { return tape.ReduceSum(tape.Mul(f(labels, x), w), nil, false) }
		}
		fused, comp := loss(func(l, x *tape.Tensor) *tape.Tensor { return tape.SparseSoftmaxCrossEntropyWithLogits(l, x) }), loss(composedXent)
		tapetest.CloseAll(t, "value", tape.SparseSoftmaxCrossEntropyWithLogits(labels, x).Float64s(), composedXent(labels, x).Float64s(), tol)
		grad := func(f func(*tape.Tensor) *tape.Tensor) []float64 {
			tp, y := watched(x, f)
			return tp.Gradient(y, x).Float64s()
		}
		tapetest.CloseAll(t, "gradient", grad(fused), grad(comp), tol)
		hess := func(f func(*tape.Tensor) *tape.Tensor) []float64 {
			outer := tape.NewGradientTape()
			var g *tape.Tensor
			outer.Record(func() {
				outer.Watch(x)
				tp, y := watched(x, f)
				g = tape.ReduceSum(tape.Square(tp.Gradient(y, x)), nil, false)
			})
			return outer.Gradient(g, x).Float64s()
		}
		tapetest.CloseAll(t, "second-order gradient", hess(fused), hess(comp), tol)
		v := tape.OnesLike(x)
		jvp := func(f func(*tape.Tensor) *tape.Tensor) []float64 {
			acc := tape.NewForwardAccumulator(x, v)
			var y *tape.Tensor
			acc.Record(func() { y = f(x) })
			return acc.JVP(y).Float64s()
		}
		tapetest.CloseAll(t, "JVP", jvp(fused), jvp(comp), tol)
	}
}

// A label shape that does not match the logits is an error in the user's terms.
func TestSparseSoftmaxCrossEntropyShapeError(t *testing.T) {
	defer func() {
		r := recover()
		if r == nil || !strings.Contains(fmt.Sprint(r), "labels of shape (3,) do not match logits of shape (4, 5)") {
			t.Fatalf("panic = %v", r)
		}
	}()
	tape.SparseSoftmaxCrossEntropyWithLogits(tape.Constant([]int32{1, 2, 3}), tape.Zeros(4, 5))
}
