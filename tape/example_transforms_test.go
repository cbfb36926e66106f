package tape_test

import (
	"fmt"

	"github.com/gotape/gotape/tape"
)

func cube(x *tape.Tensor) *tape.Tensor { return x.Mul(x).Mul(x) }

func ExampleGrad() {
	x := tape.Constant(2.0)
	fmt.Println(tape.Grad(cube)(x))                       // 3x²
	fmt.Println(tape.Grad(tape.Grad(cube))(x))            // 6x
	fmt.Println(tape.Grad(tape.Grad(tape.Grad(cube)))(x)) // 6
	// Output:
	// tf.Tensor(12.0, shape=(), dtype=float32)
	// tf.Tensor(12.0, shape=(), dtype=float32)
	// tf.Tensor(6.0, shape=(), dtype=float32)
}

func ExampleValueAndGrad() {
	sin := func(x *tape.Tensor) *tape.Tensor { return tape.Sin(x) } // an op's operand is a TensorLike
	y, g := tape.ValueAndGrad(sin)(tape.Constant([]float64{0, 1}))
	fmt.Println(y)
	fmt.Println(g)
	// Output:
	// tf.Tensor([0.         0.84147096], shape=(2,), dtype=float32)
	// tf.Tensor([1.        0.5403023], shape=(2,), dtype=float32)
}

func ExampleVJP() {
	m := tape.Constant([][]float64{{1, 2}, {3, 4}, {5, 6}})
	f := func(x *tape.Tensor) *tape.Tensor { return tape.MatMul(m, tape.Reshape(x, 2, 1)) }
	y, vjp := tape.VJP(f, tape.Constant([]float64{1, 1}))
	fmt.Println(y)
	fmt.Println(vjp(tape.Constant([][]float64{{1}, {0}, {0}}))) // the first row of m
	fmt.Println(vjp(tape.Constant([][]float64{{0}, {0}, {1}}))) // the last row
	// Output:
	// tf.Tensor(
	// [[ 3.]
	//  [ 7.]
	//  [11.]], shape=(3, 1), dtype=float32)
	// tf.Tensor([1. 2.], shape=(2,), dtype=float32)
	// tf.Tensor([5. 6.], shape=(2,), dtype=float32)
}

func ExampleHessian() {
	f := func(x *tape.Tensor) *tape.Tensor { // x0²·x1 + x1³
		x0, x1 := tape.Slice(x, []int{0}, []int{1}), tape.Slice(x, []int{1}, []int{1})
		return tape.ReduceSum(x0.Square().Mul(x1).Add(cube(x1)), nil, false)
	}
	fmt.Println(tape.Hessian(f)(tape.Constant([]float64{1, 2})))
	// Output:
	// tf.Tensor(
	// [[ 4.  2.]
	//  [ 2. 12.]], shape=(2, 2), dtype=float32)
}

func ExampleGradientTape_GradientMap() {
	x := tape.NewVariable(2.0, tape.Name("x"))
	y := tape.NewVariable(3.0, tape.Name("y"))
	t := tape.NewGradientTape()
	var z *tape.Tensor
	t.Record(func() {
		xSq := x.Mul(x)
		var ySq *tape.Tensor
		t.StopRecording(func() { ySq = y.Mul(y) })
		z = xSq.Add(ySq)
	})
	grad := t.GradientMap(z, map[string]any{"x": x, "y": y})
	fmt.Println("dz/dx:", grad["x"])
	fmt.Println("dz/dy:", grad["y"])
	// Output:
	// dz/dx: tf.Tensor(4.0, shape=(), dtype=float32)
	// dz/dy: None
}

func ExampleUsePfor() {
	x := tape.Constant([]float64{1, 2, 3})
	t := tape.NewGradientTape(tape.Persistent(true))
	var y *tape.Tensor
	t.Record(func() {
		t.Watch(x)
		y = x.Square()
	})
	fmt.Println(t.Jacobian(y, x, tape.UsePfor(false)))               // one backward pass per row
	fmt.Println(t.Jacobian(y, tape.Constant(1.0)))                   // not connected
	fmt.Println(t.Jacobian(y, tape.Scalar(1), tape.UnconnectedZero)) // zeros of shape y+source
	// Output:
	// tf.Tensor(
	// [[2. 0. 0.]
	//  [0. 4. 0.]
	//  [0. 0. 6.]], shape=(3, 3), dtype=float32)
	// None
	// tf.Tensor([0. 0. 0.], shape=(3,), dtype=float32)
}
