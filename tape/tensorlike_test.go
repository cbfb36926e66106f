package tape_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/tapetest"
)

// v1, v2 and v3 adapt an op of TensorLike operands to a row of variableOps.
func v1(f func(x tape.TensorLike) *tape.Tensor) func([]tape.TensorLike) *tape.Tensor {
	return func(xs []tape.TensorLike) *tape.Tensor { return f(xs[0]) }
}

func v2(f func(x, y tape.TensorLike) *tape.Tensor) func([]tape.TensorLike) *tape.Tensor {
	return func(xs []tape.TensorLike) *tape.Tensor { return f(xs[0], xs[1]) }
}

func v3(f func(x, y, z tape.TensorLike) *tape.Tensor) func([]tape.TensorLike) *tape.Tensor {
	return func(xs []tape.TensorLike) *tape.Tensor { return f(xs[0], xs[1], xs[2]) }
}

// variableOps gives every differentiable op of opTable its operands as *tape.Variable
// (tape.TensorLike), with no Value() call: TestOpsGivenVariables checks the gradient with
// respect to the variables against central differences.
var variableOps = []struct {
	name   string
	f      func(xs []tape.TensorLike) *tape.Tensor
	shapes [][]int
	gen    func(r *rand.Rand) float64
}{
	{"Add", v2(tape.Add), [][]int{{2, 3}, {3}}, nil},
	{"Sub", v2(tape.Sub), [][]int{{2, 3}, {1, 3}}, nil},
	{"Mul", v2(tape.Mul), [][]int{{}, {2, 3}}, nil},
	{"Div", v2(tape.Div), [][]int{{2, 3}, {3}}, awayFromZero},
	{"Pow", v2(tape.Pow), [][]int{{2, 3}, {}}, uniform(0.5, 2)},
	{"Maximum", v2(tape.Maximum), [][]int{{2, 3}, {3}}, nil},
	{"Minimum", v2(tape.Minimum), [][]int{{2, 3}, {2, 3}}, nil},
	{"MatMul", v2(tape.MatMul), [][]int{{3, 4}, {4, 2}}, nil},
	{"Neg", v1(tape.Neg), sq, nil},
	{"Square", v1(tape.Square), sq, nil},
	{"Sqrt", v1(tape.Sqrt), sq, uniform(0.3, 3)},
	{"Exp", v1(tape.Exp), sq, nil},
	{"Log", v1(tape.Log), sq, uniform(0.3, 3)},
	{"Abs", v1(tape.Abs), sq, awayFromZero},
	{"Sign", v1(tape.Sign), sq, awayFromZero},
	{"Sin", v1(tape.Sin), sq, nil},
	{"Cos", v1(tape.Cos), sq, nil},
	{"Tanh", v1(tape.Tanh), sq, nil},
	{"Sigmoid", v1(tape.Sigmoid), sq, nil},
	{"ReLU", v1(tape.ReLU), sq, awayFromZero},
	{"Softplus", v1(tape.Softplus), sq, nil},
	{"ELU", v1(tape.ELU), sq, awayFromZero},
	{"SELU", v1(tape.SELU), sq, awayFromZero},
	{"GELU", v1(tape.GELU), sq, nil},
	{"Swish", v1(tape.Swish), sq, nil},
	{"Log1p", v1(tape.Log1p), sq, uniform(-0.5, 2)},
	{"Expm1", v1(tape.Expm1), sq, nil},
	{"Erf", v1(tape.Erf), sq, nil},
	{"PowScalar", v1(func(x tape.TensorLike) *tape.Tensor { return tape.PowScalar(x, 3) }), sq, nil},
	{"LeakyReLU", v1(func(x tape.TensorLike) *tape.Tensor { return tape.LeakyReLU(x, 0.2) }), sq, awayFromZero},
	{"ClipByValue", v1(func(x tape.TensorLike) *tape.Tensor { return tape.Square(tape.ClipByValue(x, -1, 0.5)) }), sq, nil},
	{"ClipByNorm", v1(func(x tape.TensorLike) *tape.Tensor { return tape.ClipByNorm(x, 1) }), sq, nil},
	{"Softmax", v1(func(x tape.TensorLike) *tape.Tensor { return tape.Mul(tape.Softmax(x, 0), x) }), [][]int{{3, 2}}, nil},
	{"LogSoftmax", v1(func(x tape.TensorLike) *tape.Tensor { return tape.Mul(tape.LogSoftmax(x, 1), x) }), [][]int{{2, 4}}, nil},
	{"SparseSoftmaxCrossEntropyWithLogits", v1(func(x tape.TensorLike) *tape.Tensor {
		return tape.Square(tape.SparseSoftmaxCrossEntropyWithLogits(i32(3, 0), x))
	}), [][]int{{2, 4}}, nil},
	{"ReduceSum", v1(func(x tape.TensorLike) *tape.Tensor { return tape.Square(tape.ReduceSum(x, []int{1}, false)) }), [][]int{{2, 3, 2}}, nil},
	{"ReduceMean", v1(func(x tape.TensorLike) *tape.Tensor { return tape.Square(tape.ReduceMean(x, []int{-1}, false)) }), sq, nil},
	{"ReduceMax", v1(func(x tape.TensorLike) *tape.Tensor { return tape.Square(tape.ReduceMax(x, []int{1}, true)) }), [][]int{{3, 4}}, nil},
	{"Reshape", v1(func(x tape.TensorLike) *tape.Tensor { return tape.Mul(tape.Reshape(x, 3, -1), tape.Reshape(x, 3, 2)) }), sq, nil},
	{"ExpandDims", v1(func(x tape.TensorLike) *tape.Tensor { return tape.Mul(tape.ExpandDims(x, 1), x) }), sq, nil},
	{"Squeeze", v1(func(x tape.TensorLike) *tape.Tensor { return tape.Square(tape.Squeeze(x)) }), [][]int{{2, 1, 3}}, nil},
	{"Transpose", v1(func(x tape.TensorLike) *tape.Tensor { return tape.MatMul(tape.Transpose(x), x) }), [][]int{{3, 2}}, nil},
	{"BroadcastTo", v1(func(x tape.TensorLike) *tape.Tensor { return tape.Square(tape.BroadcastTo(x, 2, 3)) }), [][]int{{3}}, nil},
	{"Slice", v1(func(x tape.TensorLike) *tape.Tensor { return tape.Square(tape.Slice(x, []int{1, 0}, []int{2, -1})) }), [][]int{{3, 3}}, nil},
	{"Gather", v1(func(x tape.TensorLike) *tape.Tensor { return tape.Square(tape.Gather(x, i32(2, 0, 2), 0)) }), [][]int{{3, 2}}, nil},
	{"Cast", v1(func(x tape.TensorLike) *tape.Tensor { return tape.Square(tape.Cast(x, tape.Float64)) }), sq, nil},
	{"Where", v2(func(a, b tape.TensorLike) *tape.Tensor {
		return tape.Square(tape.Where(tape.Constant([]bool{true, false, true}), a, b))
	}), [][]int{{2, 3}, {3}}, nil},
	{"Conv2D", v2(func(x, k tape.TensorLike) *tape.Tensor { return tape.Square(tape.Conv2D(x, k, 1, "SAME")) }), [][]int{{2, 4, 3, 1}, {3, 2, 1, 1}}, nil},
	{"MaxPool2D", v1(func(x tape.TensorLike) *tape.Tensor { return tape.Square(tape.MaxPool2D(x, 2, 2, "VALID")) }), [][]int{{2, 4, 4, 2}}, nil},
	{"FusedConv2D", v3(func(x, k, b tape.TensorLike) *tape.Tensor {
		return tape.Square(tape.FusedConv2D(x, k, b, 1, "VALID", "relu"))
	}), [][]int{{2, 5, 4, 2}, {3, 2, 2, 3}, {3}}, nil},
	{"FusedConv2DMaxPool", v3(func(x, k, b tape.TensorLike) *tape.Tensor {
		return tape.Square(tape.FusedConv2DMaxPool(x, k, b, 1, "VALID", "relu", 2))
	}), [][]int{{2, 6, 5, 2}, {3, 2, 2, 3}, {3}}, nil},
}

// likes returns ts as operands.
func likes[T tape.TensorLike](ts []T) []tape.TensorLike {
	out := make([]tape.TensorLike, len(ts))
	for i, t := range ts {
		out[i] = t
	}
	return out
}

// maxDiff returns max |a - b| (a nil a counts as zeros).
func maxDiff(a, b *tape.Tensor) float64 {
	if a == nil {
		a = tape.ZerosLike(b)
	}
	return tape.ReduceMax(tape.Abs(tape.Sub(a, b)), nil, false).Float()
}

// TestOpsGivenVariables: an op given *tape.Variable operands reads them as x.MatMul(w) does,
// so the tape's gradient with respect to the variables is the numerical one.
func TestOpsGivenVariables(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, c := range variableOps {
		gen := c.gen
		if gen == nil {
			gen = uniform(-2, 2)
		}
		xs := tapetest.RandomInputs(c.shapes, func() float64 { return gen(rng) })
		vs := make([]*tape.Variable, len(xs))
		for i, x := range xs {
			vs[i] = tape.NewVariable(x)
		}
		tp := tape.NewGradientTape()
		var y *tape.Tensor
		tp.Record(func() { y = c.f(likes(vs)) })
		got := tp.Gradients(y, vs)
		want := tapetest.NumericGradient(func(ts []*tape.Tensor) *tape.Tensor { return c.f(likes(ts)) }, xs, 1e-6)
		for i := range xs {
			if d := maxDiff(got[i], want[i]); !(d < 1e-5) {
				t.Errorf("%s %v: variable %d: gradient %v, numeric %v (max diff %.3g)", c.name, c.shapes, i, got[i], want[i], d)
			}
		}
	}
}

// TestEveryOpTakesVariables fails when a differentiable op of opTable has no variableOps row.
func TestEveryOpTakesVariables(t *testing.T) {
	have := map[string]bool{}
	for _, c := range variableOps {
		have[c.name] = true
	}
	for _, c := range opTable {
		switch c.name {
		case "Concat", "Stack", "CustomGradient": // their inputs are a []*Tensor
			continue
		}
		if !c.noGrad && !have[c.name] {
			t.Errorf("op %s has no row in variableOps", c.name)
		}
	}
}

// TestVariableOperandIsReadLikeAMethod: a variable given to an op is watched exactly when
// the method form watches it (trainable, on a tape that watches accessed variables).
func TestVariableOperandIsReadLikeAMethod(t *testing.T) {
	x := tape.Constant([][]float64{{1, 2}})
	for _, c := range []struct {
		name      string
		trainable bool
		opts      []tape.TapeOption
		want      string // the gradient with respect to w, "<nil>" when not watched
	}{
		{"trainable", true, nil, "[1 2]"},
		{"not trainable", false, nil, "<nil>"},
		{"tape watches no accessed variables", true, []tape.TapeOption{tape.WatchAccessedVariables(false)}, "<nil>"},
	} {
		for form, f := range map[string]func(w *tape.Variable) *tape.Tensor{
			"tape.MatMul(x, w)": func(w *tape.Variable) *tape.Tensor { return tape.MatMul(x, w) },
			"x.MatMul(w)":       func(w *tape.Variable) *tape.Tensor { return x.MatMul(w) },
		} {
			w := tape.NewVariable([][]float64{{3}, {4}}, tape.Trainable(c.trainable))
			tp := tape.NewGradientTape(c.opts...)
			var y *tape.Tensor
			tp.Record(func() { y = f(w) })
			got := "<nil>"
			if g := tp.Gradients(y, []*tape.Variable{w})[0]; g != nil {
				got = fmt.Sprint(g.Floats())
			}
			if got != c.want {
				t.Errorf("%s, %s: gradient %s, want %s", c.name, form, got, c.want)
			}
		}
	}
}
