package tape_test

import (
	"fmt"
	"os"

	"github.com/gotape/gotape/tape"
)

// The seed tutorials' cells run as notebooks whose printed outputs tests/notebooks checks
// (expectations.py); the examples here show what those cells do not.

// basic_gradient_tape 1: the gradient of (Σx)² with respect to a watched 2×2 tensor of ones.
func ExampleGradientTape_Gradient() {
	x := tape.Ones(2, 2)
	t := tape.NewGradientTape()
	var z *tape.Tensor
	t.Record(func() {
		t.Watch(x)
		y := tape.ReduceSum(x, nil, false)
		z = tape.Square(y)
	})
	fmt.Println(t.Gradient(z, x))
	// Output:
	// tf.Tensor(
	// [[8. 8.]
	//  [8. 8.]], shape=(2, 2), dtype=float32)
}

// gradient_tape_explained 1.1: trainable variables are watched automatically; constants and
// non-trainable variables are not, and their gradient is None.
func ExampleVariable_Value() {
	grad := func(x any) *tape.Tensor {
		t := tape.NewGradientTape()
		var y *tape.Tensor
		t.Record(func() { y = tape.T(x).Pow(3) })
		return t.Gradient(y, x)
	}
	fmt.Println(grad(tape.NewVariable(3.0)).NumpyString())
	fmt.Println(grad(tape.Constant(3.0)))
	g := grad(tape.NewVariable(3.0, tape.Trainable(false)))
	fmt.Println(g)
	fmt.Println(tape.Try(func() { g.Float() }))
	// Output:
	// 27.0
	// None
	// None
	// tape: Float: the tensor is None (a gradient that is not connected to the target, or a source the tape did not watch)
}

// gradient_tape_explained 1.2: with WatchAccessedVariables(false) only watched sources count.
func ExampleWatchAccessedVariables() {
	x := tape.NewVariable(3.0)
	t := tape.NewGradientTape(tape.WatchAccessedVariables(false))
	var y *tape.Tensor
	t.Record(func() { y = x.Pow(3) })
	fmt.Println(t.Gradient(y, x))
	// Output:
	// None
}

// gradient_tape_explained 1.3: second derivative of x³ at 3 with nested tapes.
func ExampleNewGradientTape_nested() {
	x := tape.NewVariable(3.0)
	outer := tape.NewGradientTape()
	var d2 *tape.Tensor
	outer.Record(func() {
		inner := tape.NewGradientTape()
		var y *tape.Tensor
		inner.Record(func() { y = x.Pow(3) })
		d1 := inner.Gradient(y, x)
		d2 = outer.Gradient(d1, x)
	})
	fmt.Println(d2.NumpyString())
	// Output:
	// 18.0
}

// gradient_tape_explained 1.4: a persistent tape gives dy1/da and dy2/db; without
// persistent the second call fails.
func ExampleGradientTape_Persistent() {
	for _, persistent := range []bool{true, false} {
		a, b := tape.NewVariable(6.0), tape.NewVariable(2.0)
		t := tape.NewGradientTape(tape.Persistent(persistent))
		var y1, y2 *tape.Tensor
		t.Record(func() {
			y1 = a.Pow(2)
			y2 = b.Pow(3)
		})
		err := tape.Try(func() {
			fmt.Println(t.Gradient(y1, a).NumpyString())
			fmt.Println(t.Gradient(y2, b).NumpyString())
		})
		fmt.Println(t.Persistent(), err)
	}
	// Output:
	// 12.0
	// 12.0
	// true <nil>
	// 12.0
	// false A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)
}

// gradient_tape_explained 1.5.1: gradients computed in stop-recording blocks inside a
// persistent tape's block are not recorded on it.
func ExampleGradientTape_StopRecording() {
	a, b := tape.NewVariable(6.0), tape.NewVariable(2.0)
	p := tape.NewGradientTape(tape.Persistent(true))
	p.Record(func() {
		y1 := a.Pow(2)
		p.StopRecording(func() { fmt.Println(p.Gradient(y1, a).NumpyString()) })
		y2 := b.Pow(3)
		p.StopRecording(func() { fmt.Println(p.Gradient(y2, b).NumpyString()) })
	})
	fmt.Println(len(p.Graph().Nodes))
	// Output:
	// 12.0
	// 12.0
	// 4
}

// gradient_tape_explained 1.6: jacobian.
func ExampleGradientTape_Jacobian() {
	x := tape.Constant([]float64{1, 2, 3})
	t := tape.NewGradientTape()
	var y *tape.Tensor
	t.Record(func() {
		t.Watch(x)
		y = x.Mul(x)
	})
	fmt.Println(t.Jacobian(y, x))
	// Output:
	// tf.Tensor(
	// [[2. 0. 0.]
	//  [0. 4. 0.]
	//  [0. 0. 6.]], shape=(3, 3), dtype=float32)
}

// gradient_tape_explained 1.6: batch_jacobian of a per-example function.
func ExampleGradientTape_BatchJacobian() {
	x := tape.Constant([][]float64{{1, 2}, {3, 4}})
	w := tape.Constant([][]float64{{1, 0, 2}, {0, 1, 1}})
	t := tape.NewGradientTape()
	var y *tape.Tensor
	t.Record(func() {
		t.Watch(x)
		y = tape.MatMul(x.Square(), w) // [2, 3]
	})
	j := t.BatchJacobian(y, x)
	fmt.Println(j.Shape())
	fmt.Println(j)
	// Output:
	// (2, 3, 2)
	// tf.Tensor(
	// [[[ 2.  0.]
	//   [ 0.  4.]
	//   [ 4.  4.]]
	//
	//  [[ 6.  0.]
	//   [ 0.  8.]
	//   [12.  8.]]], shape=(2, 3, 2), dtype=float32)
}

// gradient_tape_explained 1.6: reset clears the tape; watched_variables lists variables in
// the order they were first watched.
func ExampleGradientTape_Reset() {
	a, b := tape.NewVariable(1.0, tape.Name("a")), tape.NewVariable(2.0, tape.Name("b"))
	t := tape.NewGradientTape(tape.Persistent(true))
	var y *tape.Tensor
	t.Record(func() {
		y = b.Mul(a)
		t.Reset()
		y = a.Mul(a)
	})
	fmt.Println(t.Gradient(y, a), t.Gradient(y, b))
	for _, v := range t.WatchedVariables() {
		fmt.Println(v.Name())
	}
	// Output:
	// tf.Tensor(2.0, shape=(), dtype=float32) None
	// a
}

func ExampleGradientTape_WatchedVariables() {
	a, b := tape.NewVariable(1.0, tape.Name("a")), tape.NewVariable(2.0, tape.Name("b"))
	t := tape.NewGradientTape()
	t.Record(func() { _ = b.Mul(a) })
	for _, v := range t.WatchedVariables() {
		fmt.Println(v)
	}
	// Output:
	// <tf.Variable 'b:0' shape=() dtype=float32, numpy=2.0>
	// <tf.Variable 'a:0' shape=() dtype=float32, numpy=1.0>
}

func ExampleGradientTape_Gradients() {
	w := tape.NewVariable([]float64{1, 2})
	b := tape.NewVariable(0.5)
	x := tape.Constant([]float64{3, 4})
	t := tape.NewGradientTape()
	var loss *tape.Tensor
	t.Record(func() { loss = w.Mul(x).Sum().Add(b).Square() })
	for _, g := range t.Gradients(loss, []*tape.Variable{w, b}) {
		fmt.Println(g)
	}
	// Output:
	// tf.Tensor([69. 92.], shape=(2,), dtype=float32)
	// tf.Tensor(23.0, shape=(), dtype=float32)
}

// Several targets are summed; OutputGradients weights them; UnconnectedZero gives zeros.
func ExampleGradientTape_GradientsOf() {
	x := tape.Constant(2.0)
	u := tape.Constant(5.0)
	t := tape.NewGradientTape(tape.Persistent(true))
	var y1, y2 *tape.Tensor
	t.Record(func() {
		t.Watch(x, u)
		y1 = x.Square()
		y2 = x.Mul(3)
	})
	fmt.Println(t.GradientsOf([]*tape.Tensor{y1, y2}, []any{x})[0])
	fmt.Println(t.GradientsOf([]*tape.Tensor{y1, y2}, []any{x}, tape.OutputGradients(tape.Scalar(10), tape.Scalar(1)))[0])
	fmt.Println(t.Gradient(y1, u), t.Gradient(y1, u, tape.UnconnectedZero))
	// Output:
	// tf.Tensor(7.0, shape=(), dtype=float32)
	// tf.Tensor(43.0, shape=(), dtype=float32)
	// None tf.Tensor(0.0, shape=(), dtype=float32)
}

// Watching an integer tensor has no effect: its gradient is None.
func ExampleGradientTape_Watch_integer() {
	tape.SetWarnOutput(os.Stdout) // the kernel sends warnings to the cell's stderr
	defer tape.SetWarnOutput(nil)
	n := tape.Constant(3)
	t := tape.NewGradientTape()
	var y *tape.Tensor
	t.Record(func() {
		t.Watch(n)
		y = n.Mul(n)
	})
	fmt.Println(y, t.Gradient(y, n))
	// Output:
	// WARNING:tensorflow:The dtype of the watched tensor must be floating (e.g. tf.float32), got tf.int32
	// tf.Tensor(9, shape=(), dtype=int32) None
}

func ExampleGradientTape_Graph() {
	x := tape.NewVariable(2.0, tape.Name("x"))
	t := tape.NewGradientTape()
	var y *tape.Tensor
	t.Record(func() { y = x.Square().Add(1) })
	t.Gradient(y, x)
	for _, n := range t.Graph().Nodes {
		fmt.Println(n.ID, n.Kind, n.Op, n.Name, n.Inputs, n.Shape, n.Grad)
	}
	// Output:
	// 0 variable ReadVariable x [] [] tf.Tensor(4.0, shape=(), dtype=float32)
	// 1 op Square  [0] [] tf.Tensor(1.0, shape=(), dtype=float32)
	// 2 op Add  [1 3] [] tf.Tensor(1.0, shape=(), dtype=float32)
	// 3 constant Const  [] [] None
}

func ExampleTry() {
	err := tape.Try(func() { tape.Add(tape.Ones(2, 3), tape.Ones(4)) })
	fmt.Println(err)
	var e *tape.Error
	fmt.Println(errorsAs(err, &e), e.Op)
	// Output:
	// tape: Add: incompatible shapes (2, 3) and (4,)
	// true Add
}

func ExampleCustomGradient() {
	// A clipped gradient: the forward pass is the identity, the backward pass clips to [-1, 1].
	clipGrad := func(x *tape.Tensor) *tape.Tensor {
		return tape.CustomGradient("ClipGradient", []*tape.Tensor{x},
			func(xs []*tape.Tensor) *tape.Tensor { return xs[0] },
			func(g *tape.Tensor, xs []*tape.Tensor, y *tape.Tensor) []*tape.Tensor {
				return []*tape.Tensor{g.Maximum(-1).Minimum(1)}
			})
	}
	x := tape.Constant([]float64{0.1, 3})
	t := tape.NewGradientTape()
	var y *tape.Tensor
	t.Record(func() {
		t.Watch(x)
		y = clipGrad(x).Square()
	})
	fmt.Println(t.Gradient(y, x))
	// Output:
	// tf.Tensor([0.2 1. ], shape=(2,), dtype=float32)
}
