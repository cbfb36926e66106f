package tape_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/tapetest"
)

// opCase is one row of the gradient-check table: an exported op applied to float64 inputs
// drawn from its domain.
type opCase struct {
	name     string // the exported function
	fn       tapetest.Func
	shapes   [][]int
	gen      func(r *rand.Rand) float64 // input domain
	noGrad   bool                       // not differentiable: the tape must give nil
	noOrder2 bool                       // skip the second-order check
	tol      float64                    // default 1e-6
	eps      float64                    // finite-difference step, default 1e-6
}

// inputs draws the row's inputs from its domain (uniform in [-2, 2) by default).
func (c opCase) inputs(rng *rand.Rand) []*tape.Tensor {
	gen := c.gen
	if gen == nil {
		gen = uniform(-2, 2)
	}
	return tapetest.RandomInputs(c.shapes, func() float64 { return gen(rng) })
}

func uniform(lo, hi float64) func(r *rand.Rand) float64 {
	return func(r *rand.Rand) float64 { return lo + (hi-lo)*r.Float64() }
}

// awayFromZero gives |x| in [0.2, 2] with a random sign (for kinks at 0).
func awayFromZero(r *rand.Rand) float64 {
	v := 0.2 + 1.8*r.Float64()
	if r.IntN(2) == 0 {
		return -v
	}
	return v
}

func i32(v ...int) *tape.Tensor { return tape.Constant(v) }

// one, two and three adapt an op or a closure to the table's tapetest.Func; X is
// tape.TensorLike for an exported op (tape.Sin) and *tape.Tensor for a closure.
func one[X any](f func(x X) *tape.Tensor) tapetest.Func {
	return func(xs []*tape.Tensor) *tape.Tensor { return f(any(xs[0]).(X)) }
}

func two[X any](f func(x, y X) *tape.Tensor) tapetest.Func {
	return func(xs []*tape.Tensor) *tape.Tensor { return f(any(xs[0]).(X), any(xs[1]).(X)) }
}

func three[X any](f func(x, y, z X) *tape.Tensor) tapetest.Func {
	return func(xs []*tape.Tensor) *tape.Tensor { return f(any(xs[0]).(X), any(xs[1]).(X), any(xs[2]).(X)) }
}

func softplusCustom(x *tape.Tensor) *tape.Tensor {
	return tape.CustomGradient("Softplus", []*tape.Tensor{x},
		func(xs []*tape.Tensor) *tape.Tensor { return tape.Log(tape.Exp(xs[0]).Add(1)) },
		func(g *tape.Tensor, xs []*tape.Tensor, y *tape.Tensor) []*tape.Tensor {
			return []*tape.Tensor{tape.Mul(g, tape.Sigmoid(xs[0]))}
		})
}

var sq = [][]int{{2, 3}}

var opTable = []opCase{
	{name: "Add", fn: two(tape.Add), shapes: [][]int{{2, 3}, {2, 3}}},
	{name: "Add", fn: two(tape.Add), shapes: [][]int{{2, 3}, {3}}},
	{name: "Add", fn: two(tape.Add), shapes: [][]int{{4, 1, 3}, {2, 1}}},
	{name: "Sub", fn: two(tape.Sub), shapes: [][]int{{2, 3}, {1, 3}}},
	{name: "Mul", fn: two(tape.Mul), shapes: [][]int{{2, 3}, {2, 3}}},
	{name: "Mul", fn: two(tape.Mul), shapes: [][]int{{}, {2, 3}}},
	{name: "Div", fn: two(tape.Div), shapes: [][]int{{2, 3}, {3}}, gen: awayFromZero},
	{name: "Neg", fn: one(tape.Neg), shapes: sq},
	{name: "Pow", fn: two(tape.Pow), shapes: [][]int{{2, 3}, {2, 3}}, gen: uniform(0.5, 2)},
	{name: "Pow", fn: two(tape.Pow), shapes: [][]int{{2, 3}, {}}, gen: uniform(0.5, 2)},
	{name: "PowScalar", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.PowScalar(x, 3) }), shapes: sq},
	{name: "PowScalar", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.PowScalar(x, -1.5) }), shapes: sq, gen: uniform(0.5, 2)},
	{name: "Square", fn: one(tape.Square), shapes: sq},
	{name: "Sqrt", fn: one(tape.Sqrt), shapes: sq, gen: uniform(0.3, 3)},
	{name: "Exp", fn: one(tape.Exp), shapes: sq},
	{name: "Log", fn: one(tape.Log), shapes: sq, gen: uniform(0.3, 3)},
	{name: "Abs", fn: one(tape.Abs), shapes: sq, gen: awayFromZero},
	{name: "Sign", fn: one(tape.Sign), shapes: sq, gen: awayFromZero},
	{name: "Sin", fn: one(tape.Sin), shapes: sq},
	{name: "Cos", fn: one(tape.Cos), shapes: sq},
	{name: "Tanh", fn: one(tape.Tanh), shapes: sq},
	{name: "Sigmoid", fn: one(tape.Sigmoid), shapes: sq},
	{name: "ReLU", fn: one(tape.ReLU), shapes: sq, gen: awayFromZero},
	{name: "Softmax", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.Softmax(x, -1) }), shapes: [][]int{{2, 4}}},
	{name: "Softmax", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.Mul(tape.Softmax(x, 0), x) }), shapes: [][]int{{3, 2}}},
	{name: "LogSoftmax", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.Mul(tape.LogSoftmax(x, 1), x) }), shapes: [][]int{{2, 4}}},
	{name: "SparseSoftmaxCrossEntropyWithLogits", fn: one(func(x *tape.Tensor) *tape.Tensor {
		return tape.Square(tape.SparseSoftmaxCrossEntropyWithLogits(i32(3, 0), x))
	}), shapes: [][]int{{2, 4}}},
	{name: "ReduceSum", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.Square(tape.ReduceSum(x, []int{1}, false)) }), shapes: [][]int{{2, 3, 2}}},
	{name: "ReduceSum", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.Mul(tape.ReduceSum(x, []int{0, 2}, true), x) }), shapes: [][]int{{2, 3, 2}}},
	{name: "ReduceMean", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.Square(tape.ReduceMean(x, []int{-1}, false)) }), shapes: [][]int{{2, 3}}},
	{name: "ReduceMean", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.Square(tape.ReduceMean(x, nil, false)) }), shapes: [][]int{{2, 3}}},
	{name: "ReduceMax", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.Square(tape.ReduceMax(x, []int{1}, true)) }), shapes: [][]int{{3, 4}}},
	{name: "ReduceMax", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.Square(tape.ReduceMax(x, nil, false)) }), shapes: [][]int{{3, 4}}},
	{name: "MatMul", fn: two(tape.MatMul), shapes: [][]int{{3, 4}, {4, 2}}},
	{name: "MatMul", fn: two(tape.MatMul), shapes: [][]int{{2, 3, 4}, {2, 4, 5}}},
	{name: "MatMul", fn: two(tape.MatMul), shapes: [][]int{{2, 3, 4}, {4, 5}}},
	{name: "MatMul", fn: two(tape.MatMul), shapes: [][]int{{3, 4}, {2, 4, 5}}},
	// vector operands run as GEMV (forward, and transposed in the gradients)
	{name: "MatMul", fn: two(tape.MatMul), shapes: [][]int{{3, 4}, {4, 1}}},
	{name: "MatMul", fn: two(tape.MatMul), shapes: [][]int{{1, 4}, {4, 3}}},
	{name: "MatMul", fn: two(tape.MatMul), shapes: [][]int{{3, 1}, {1, 4}}},
	{name: "MatMul", fn: two(tape.MatMul), shapes: [][]int{{1, 4}, {4, 1}}},
	{name: "MatMul", fn: two(tape.MatMul), shapes: [][]int{{2, 1, 4}, {4, 3}}},
	{name: "MatMul", fn: two(tape.MatMul), shapes: [][]int{{2, 3, 4}, {2, 4, 1}}},
	{name: "Reshape", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.Mul(tape.Reshape(x, 3, -1), tape.Reshape(x, 3, 2)) }), shapes: [][]int{{2, 3}}},
	{name: "ExpandDims", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.Mul(tape.ExpandDims(x, 1), x) }), shapes: [][]int{{2, 3}}},
	{name: "Squeeze", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.Square(tape.Squeeze(x)) }), shapes: [][]int{{2, 1, 3}}},
	{name: "Transpose", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.MatMul(tape.Transpose(x), x) }), shapes: [][]int{{3, 2}}},
	{name: "Transpose", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.Square(tape.Transpose(x, 2, 0, 1)) }), shapes: [][]int{{2, 3, 2}}},
	{name: "Concat", fn: func(xs []*tape.Tensor) *tape.Tensor { return tape.Square(tape.Concat(xs, 1)) }, shapes: [][]int{{2, 1}, {2, 3}, {2, 2}}},
	{name: "Stack", fn: func(xs []*tape.Tensor) *tape.Tensor { return tape.Square(tape.Stack(xs, 1)) }, shapes: [][]int{{2, 3}, {2, 3}}},
	{name: "Slice", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.Square(tape.Slice(x, []int{1, 0}, []int{2, -1})) }), shapes: [][]int{{3, 3}}},
	{name: "Slice", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.Square(tape.Slice(x, []int{0, 1}, []int{2, 2})) }), shapes: [][]int{{3, 3}}},
	{name: "Slice", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.Square(tape.Slice(x, []int{1, 1, 0}, []int{1, 2, -1})) }), shapes: [][]int{{2, 4, 2}}},
	{name: "Slice", fn: one(func(x *tape.Tensor) *tape.Tensor {
		return tape.Mul(tape.Slice(x, []int{2, 0}, []int{2, 3}), tape.Slice(x, []int{0, 0}, []int{2, 3}))
	}), shapes: [][]int{{4, 3}}},
	{name: "Gather", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.Square(tape.Gather(x, i32(2, 0, 2), 0)) }), shapes: [][]int{{3, 2}}},
	{name: "Gather", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.Square(tape.Gather(x, i32(1, 1), 1)) }), shapes: [][]int{{3, 2}}},
	{name: "OneHot", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.OneHot(tape.Cast(x, tape.Int32), 4) }), shapes: sq, gen: uniform(0, 4), noGrad: true},
	{name: "ArgMax", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.ArgMax(x, 1) }), shapes: sq, noGrad: true},
	{name: "Cast", fn: one(func(x *tape.Tensor) *tape.Tensor {
		return tape.Cast(tape.Square(tape.Cast(x, tape.Float32)), tape.Float64)
	}), shapes: sq, tol: 1e-3, eps: 1e-2},
	{name: "Maximum", fn: two(tape.Maximum), shapes: [][]int{{2, 3}, {3}}},
	{name: "Minimum", fn: two(tape.Minimum), shapes: [][]int{{2, 3}, {2, 3}}},
	{name: "Where", fn: two(func(a, b *tape.Tensor) *tape.Tensor {
		return tape.Square(tape.Where(tape.Constant([]bool{true, false, true}), a, b))
	}), shapes: [][]int{{2, 3}, {3}}},
	{name: "StopGradient", fn: one(tape.StopGradient), shapes: sq, noGrad: true},
	{name: "BroadcastTo", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.Square(tape.BroadcastTo(x, 2, 3)) }), shapes: [][]int{{3}}},
	{name: "Conv2D", fn: two(func(x, k *tape.Tensor) *tape.Tensor { return tape.Square(tape.Conv2D(x, k, 1, "VALID")) }), shapes: [][]int{{2, 5, 4, 2}, {3, 2, 2, 3}}},
	{name: "Conv2D", fn: two(func(x, k *tape.Tensor) *tape.Tensor { return tape.Square(tape.Conv2D(x, k, 2, "SAME")) }), shapes: [][]int{{1, 5, 6, 2}, {3, 3, 2, 2}}},
	{name: "MaxPool2D", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.Square(tape.MaxPool2D(x, 2, 2, "VALID")) }), shapes: [][]int{{2, 4, 4, 2}}},
	{name: "MaxPool2D", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.Square(tape.MaxPool2D(x, 3, 2, "SAME")) }), shapes: [][]int{{1, 5, 5, 1}}},
	{name: "MaxPool2D", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.Square(tape.MaxPool2D(x, 2, 1, "SAME")) }), shapes: [][]int{{2, 3, 4, 3}}},
	{name: "Conv2D", fn: two(func(x, k *tape.Tensor) *tape.Tensor { return tape.Square(tape.Conv2D(x, k, 1, "SAME")) }), shapes: [][]int{{2, 4, 3, 1}, {3, 2, 1, 1}}},
	{name: "Conv2D", fn: two(func(x, k *tape.Tensor) *tape.Tensor { return tape.Square(tape.Conv2D(x, k, 1, "VALID")) }), shapes: [][]int{{1, 3, 3, 2}, {3, 3, 2, 2}}},
	{name: "FusedConv2D", fn: three(func(x, k, b *tape.Tensor) *tape.Tensor {
		return tape.Square(tape.FusedConv2D(x, k, b, 1, "VALID", "relu"))
	}), shapes: [][]int{{2, 5, 4, 2}, {3, 2, 2, 3}, {3}}},
	{name: "FusedConv2D", fn: three(func(x, k, b *tape.Tensor) *tape.Tensor {
		return tape.Square(tape.FusedConv2D(x, k, b, 1, "VALID", "relu"))
	}), shapes: [][]int{{17, 4, 4, 1}, {2, 2, 1, 2}, {2}}},
	{name: "FusedConv2D", fn: three(func(x, k, b *tape.Tensor) *tape.Tensor {
		return tape.Square(tape.FusedConv2D(x, k, b, 2, "SAME", "relu"))
	}), shapes: [][]int{{1, 5, 6, 2}, {3, 3, 2, 2}, {2}}},
	{name: "FusedConv2D", fn: three(func(x, k, b *tape.Tensor) *tape.Tensor { return tape.Square(tape.FusedConv2D(x, k, b, 1, "VALID", "")) }), shapes: [][]int{{2, 4, 3, 2}, {2, 2, 2, 2}, {2}}},
	{name: "FusedConv2D", fn: two(func(x, k *tape.Tensor) *tape.Tensor {
		return tape.Square(tape.FusedConv2D(x, k, nil, 1, "VALID", "relu"))
	}), shapes: [][]int{{2, 4, 4, 2}, {3, 3, 2, 3}}},
	{name: "Conv2D", fn: two(func(x, k *tape.Tensor) *tape.Tensor { return tape.Square(tape.Conv2D(x, k, 1, "VALID")) }), shapes: [][]int{{18, 5, 4, 2}, {2, 3, 2, 3}}, tol: 1e-5},
	{name: "FusedConv2DMaxPool", fn: three(func(x, k, b *tape.Tensor) *tape.Tensor {
		return tape.Square(tape.FusedConv2DMaxPool(x, k, b, 1, "VALID", "relu", 2))
	}), shapes: [][]int{{2, 6, 5, 2}, {3, 2, 2, 3}, {3}}},
	{name: "FusedConv2DMaxPool", fn: three(func(x, k, b *tape.Tensor) *tape.Tensor {
		return tape.Square(tape.FusedConv2DMaxPool(x, k, b, 1, "VALID", "relu", 2))
	}), shapes: [][]int{{17, 5, 5, 1}, {2, 2, 1, 2}, {2}}},
	{name: "FusedConv2DMaxPool", fn: three(func(x, k, b *tape.Tensor) *tape.Tensor {
		return tape.Square(tape.FusedConv2DMaxPool(x, k, b, 2, "SAME", "relu", 2))
	}), shapes: [][]int{{1, 7, 6, 2}, {3, 3, 2, 2}, {2}}},
	{name: "FusedConv2DMaxPool", fn: two(func(x, k *tape.Tensor) *tape.Tensor {
		return tape.Square(tape.FusedConv2DMaxPool(x, k, nil, 1, "VALID", "", 2))
	}), shapes: [][]int{{2, 5, 5, 2}, {2, 2, 2, 2}}},
	{name: "FusedConv2DMaxPool", fn: three(func(x, k, b *tape.Tensor) *tape.Tensor {
		return tape.Square(tape.FusedConv2DMaxPool(x, k, b, 1, "VALID", "relu", 3))
	}), shapes: [][]int{{1, 9, 8, 1}, {3, 3, 1, 2}, {2}}},
	{name: "Softplus", fn: one(tape.Softplus), shapes: sq, gen: uniform(-4, 4)},
	{name: "ELU", fn: one(tape.ELU), shapes: sq, gen: awayFromZero},
	{name: "SELU", fn: one(tape.SELU), shapes: sq, gen: awayFromZero},
	{name: "GELU", fn: one(tape.GELU), shapes: sq, gen: uniform(-3, 3)},
	{name: "Swish", fn: one(tape.Swish), shapes: sq, gen: uniform(-4, 4)},
	{name: "Log1p", fn: one(tape.Log1p), shapes: sq, gen: uniform(-0.5, 2)},
	{name: "Expm1", fn: one(tape.Expm1), shapes: sq},
	{name: "Erf", fn: one(tape.Erf), shapes: sq},
	{name: "LeakyReLU", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.LeakyReLU(x, 0.2) }), shapes: sq, gen: awayFromZero},
	{name: "ClipByValue", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.Square(tape.ClipByValue(x, -1, 0.5)) }), shapes: sq},
	{name: "ClipByNorm", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.ClipByNorm(x, 1) }), shapes: sq},
	{name: "ClipByNorm", fn: one(func(x *tape.Tensor) *tape.Tensor { return tape.Square(tape.ClipByNorm(x, 100)) }), shapes: [][]int{{4}}},
	{name: "CustomGradient", fn: one(softplusCustom), shapes: sq},
	{name: "Equal", fn: two(tape.Equal), shapes: [][]int{{2, 3}, {2, 3}}, noGrad: true},
	{name: "Greater", fn: two(tape.Greater), shapes: [][]int{{2, 3}, {2, 3}}, noGrad: true},
	{name: "Less", fn: two(tape.Less), shapes: [][]int{{2, 3}, {3}}, noGrad: true},
	{name: "GreaterEqual", fn: two(tape.GreaterEqual), shapes: [][]int{{2, 3}, {2, 3}}, noGrad: true},
	{name: "LessEqual", fn: two(tape.LessEqual), shapes: [][]int{{2, 3}, {2, 3}}, noGrad: true},
}

// notOps are exported functions returning *Tensor that make tensors rather than transform them.
var notOps = map[string]string{
	"Constant": "constructor", "Scalar": "constructor", "Ones": "constructor", "Zeros": "constructor",
	"Fill": "constructor", "OnesLike": "constructor", "ZerosLike": "constructor", "Range": "constructor",
	"Linspace": "constructor", "FromFloats": "constructor", "RandomNormal": "constructor",
	"RandomUniform": "constructor", "T": "conversion", "FromFloat32s": "constructor",
	"FromFloat64s": "constructor", "FromInt32s": "constructor", "FromDense": "conversion",
	"JVP": "transform", "HVP": "transform",
}

func TestGradientTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i, c := range opTable {
		xs := c.inputs(rng)
		tol := c.tol
		if tol == 0 {
			tol = 1e-6
		}
		if c.noGrad {
			gs := tapetest.TapeGradient(c.fn, xs)
			for j, g := range gs {
				if g != nil {
					t.Errorf("row %d %s: input %d has a gradient, want nil", i, c.name, j)
				}
			}
			if _, jvp := tapetest.AccumulatorJVP(c.fn, xs, tapetest.RandomTangents(xs, rng)); jvp != nil {
				t.Errorf("row %d %s: the output has a tangent, want nil", i, c.name)
			}
			continue
		}
		eps := c.eps
		if eps == 0 {
			eps = 1e-6
		}
		if err := tapetest.CheckGradient(c.fn, xs, eps, tol); err != nil {
			t.Errorf("row %d %s %v: %v", i, c.name, c.shapes, err)
		}
		if err := tapetest.CheckVJP(c.fn, xs, rng, eps, tol); err != nil {
			t.Errorf("row %d %s %v: %v", i, c.name, c.shapes, err)
		}
		if err := tapetest.CheckJVP(c.fn, xs, rng, eps, tol); err != nil {
			t.Errorf("row %d %s %v: %v", i, c.name, c.shapes, err)
		}
		if !c.noOrder2 {
			eps2, tol2 := max(eps, 1e-5), max(tol, 1e-4)
			if err := tapetest.CheckSecondOrder(c.fn, xs, rng, eps2, tol2); err != nil {
				t.Errorf("row %d %s %v: %v", i, c.name, c.shapes, err)
			}
			if err := tapetest.CheckForwardOverReverse(c.fn, xs, rng, eps2, tol2); err != nil {
				t.Errorf("row %d %s %v: %v", i, c.name, c.shapes, err)
			}
			if err := tapetest.CheckReverseOverForward(c.fn, xs, rng, eps2, tol2); err != nil {
				t.Errorf("row %d %s %v: %v", i, c.name, c.shapes, err)
			}
		}
	}
}

// TestEveryOpHasARow fails when an exported function returning *Tensor has no table row.
func TestEveryOpHasARow(t *testing.T) {
	rows := map[string]bool{}
	for _, c := range opTable {
		rows[c.name] = true
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		file, err := parser.ParseFile(fset, f, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil || !fd.Name.IsExported() || fd.Type.Results == nil || len(fd.Type.Results.List) != 1 || len(fd.Type.Results.List[0].Names) > 1 {
				continue
			}
			star, ok := fd.Type.Results.List[0].Type.(*ast.StarExpr)
			if !ok {
				continue
			}
			if id, ok := star.X.(*ast.Ident); !ok || id.Name != "Tensor" {
				continue
			}
			found++
			name := fd.Name.Name
			if !rows[name] && notOps[name] == "" {
				t.Errorf("exported op %s has no row in opTable", name)
			}
		}
	}
	if found < 40 {
		t.Errorf("found only %d exported functions returning *Tensor; is the parser looking at the right files?", found)
	}
}

func TestJacobians(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	x := tapetest.RandomInputs([][]int{{3}}, func() float64 { return rng.Float64()*2 - 1 })[0]
	f := func(x *tape.Tensor) *tape.Tensor {
		m := tapetest.New64([]float64{1, 2, 3, 4, 5, 6}, 2, 3)
		return tape.Tanh(tape.MatMul(m, tape.Reshape(tape.Mul(x, x), 3, 1)))
	}
	if err := tapetest.CheckJacobian(f, x, 1e-6, 1e-6); err != nil {
		t.Error(err)
	}
	xb := tapetest.RandomInputs([][]int{{4, 3}}, func() float64 { return rng.Float64()*2 - 1 })[0]
	w := tapetest.RandomInputs([][]int{{3, 2}}, func() float64 { return rng.Float64()*2 - 1 })[0]
	fb := func(x *tape.Tensor) *tape.Tensor { return tape.Sigmoid(tape.MatMul(tape.Square(x), w)) }
	if err := tapetest.CheckBatchJacobian(fb, xb, 1e-6, 1e-6); err != nil {
		t.Error(err)
	}
	if err := tapetest.CheckJacobian(fb, xb, 1e-6, 1e-6); err != nil {
		t.Error(err)
	}
}

// TestGradientTableFloat32 runs every row in float32 and compares values and tape gradients
// with the float64 run (the float32 kernels, BLAS calls and rules).
func TestGradientTableFloat32(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for i, c := range opTable {
		if c.noGrad {
			continue
		}
		xs := c.inputs(rng)
		xs32 := make([]*tape.Tensor, len(xs))
		for j, x := range xs {
			xs32[j] = tape.Cast(x, tape.Float32)
			xs[j] = tape.Cast(xs32[j], tape.Float64) // the same (float32-representable) inputs
		}
		y64, y32 := c.fn(xs), c.fn(xs32)
		vs := tapetest.RandomTangents(xs, rng)
		vs32 := make([]*tape.Tensor, len(vs))
		for j, v := range vs {
			vs32[j] = tape.Cast(v, tape.Float32)
			vs[j] = tape.Cast(vs32[j], tape.Float64)
		}
		_, j64 := tapetest.AccumulatorJVP(c.fn, xs, vs)
		_, j32 := tapetest.AccumulatorJVP(c.fn, xs32, vs32)
		if (j64 == nil) != (j32 == nil) {
			t.Errorf("row %d %s: nil JVP in one dtype only", i, c.name)
		} else if j64 != nil {
			if j32.DType() != y32.DType() {
				t.Errorf("row %d %s: JVP dtype %s", i, c.name, j32.DType())
			}
			if err := closeTo(j32, j64, 1e-3); err != "" {
				t.Errorf("row %d %s JVP: %s", i, c.name, err)
			}
		}
		if c.name != "Cast" && y32.DType() != tape.Float32 {
			t.Errorf("row %d %s: float32 inputs give %s", i, c.name, y32.DType())
		}
		if err := closeTo(y32, y64, 1e-4); err != "" {
			t.Errorf("row %d %s value: %s", i, c.name, err)
		}
		g64, g32 := tapetest.TapeGradient(c.fn, xs), tapetest.TapeGradient(c.fn, xs32)
		for j := range xs {
			if (g64[j] == nil) != (g32[j] == nil) {
				t.Errorf("row %d %s input %d: nil gradient in one dtype only", i, c.name, j)
				continue
			}
			if g64[j] == nil {
				continue
			}
			if g32[j].DType() != tape.Float32 {
				t.Errorf("row %d %s input %d: gradient dtype %s", i, c.name, j, g32[j].DType())
			}
			if err := closeTo(g32[j], g64[j], 1e-3); err != "" {
				t.Errorf("row %d %s gradient %d: %s", i, c.name, j, err)
			}
		}
	}
}

func closeTo(a, b *tape.Tensor, tol float64) string {
	av, bv := a.Floats(), b.Floats()
	if len(av) != len(bv) {
		return "sizes differ"
	}
	for i := range av {
		if d := av[i] - bv[i]; d > tol*(1+abs(bv[i])) || -d > tol*(1+abs(bv[i])) {
			return "element " + itoa(i) + " differs"
		}
	}
	return ""
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

func itoa(i int) string { return strconv.Itoa(i) }
