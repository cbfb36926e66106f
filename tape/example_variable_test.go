package tape_test

// Examples of the Variable methods.

import (
	"fmt"

	"github.com/gotape/gotape/tape"
)

func ExampleVariable_Abs() {
	v := tape.NewVariable([]float64{-1, 0.5, 2})
	fmt.Println(v.Abs())
	// Output:
	// tf.Tensor([1.  0.5 2. ], shape=(3,), dtype=float32)
}

func ExampleVariable_Cos() {
	v := tape.NewVariable([]float64{-1, 0.5, 2})
	fmt.Println(v.Cos())
	// Output:
	// tf.Tensor([ 0.5403023   0.87758255 -0.41614684], shape=(3,), dtype=float32)
}

func ExampleVariable_Sin() {
	v := tape.NewVariable([]float64{-1, 0.5, 2})
	fmt.Println(v.Sin())
	// Output:
	// tf.Tensor([-0.84147096  0.47942555  0.9092974 ], shape=(3,), dtype=float32)
}

func ExampleVariable_Tanh() {
	v := tape.NewVariable([]float64{-1, 0.5, 2})
	fmt.Println(v.Tanh())
	// Output:
	// tf.Tensor([-0.7615942   0.46211717  0.9640276 ], shape=(3,), dtype=float32)
}

func ExampleVariable_Sigmoid() {
	v := tape.NewVariable([]float64{-1, 0.5, 2})
	fmt.Println(v.Sigmoid())
	// Output:
	// tf.Tensor([0.26894143 0.62245935 0.8807971 ], shape=(3,), dtype=float32)
}

func ExampleVariable_ReLU() {
	v := tape.NewVariable([]float64{-1, 0.5, 2})
	fmt.Println(v.ReLU())
	// Output:
	// tf.Tensor([0.  0.5 2. ], shape=(3,), dtype=float32)
}

func ExampleVariable_Neg() {
	v := tape.NewVariable([]float64{-1, 0.5, 2})
	fmt.Println(v.Neg())
	// Output:
	// tf.Tensor([ 1.  -0.5 -2. ], shape=(3,), dtype=float32)
}

func ExampleVariable_Square() {
	v := tape.NewVariable([]float64{-1, 0.5, 2})
	fmt.Println(v.Square())
	// Output:
	// tf.Tensor([1.   0.25 4.  ], shape=(3,), dtype=float32)
}

func ExampleVariable_Sum() {
	v := tape.NewVariable([]float64{-1, 0.5, 2})
	fmt.Println(v.Sum())
	// Output:
	// tf.Tensor(1.5, shape=(), dtype=float32)
}

func ExampleVariable_Mean() {
	v := tape.NewVariable([]float64{-1, 0.5, 2})
	fmt.Println(v.Mean())
	// Output:
	// tf.Tensor(0.5, shape=(), dtype=float32)
}

func ExampleVariable_Exp() {
	v := tape.NewVariable([]float64{-1, 0.5, 2})
	fmt.Println(v.Exp())
	// Output:
	// tf.Tensor([0.36787945 1.6487212  7.389056  ], shape=(3,), dtype=float32)
}

func ExampleVariable_Sqrt() {
	v := tape.NewVariable([]float64{0.25, 1, 4})
	fmt.Println(v.Sqrt())
	// Output:
	// tf.Tensor([0.5 1.  2. ], shape=(3,), dtype=float32)
}

func ExampleVariable_Log() {
	v := tape.NewVariable([]float64{0.25, 1, 4})
	fmt.Println(v.Log())
	// Output:
	// tf.Tensor([-1.3862944  0.         1.3862944], shape=(3,), dtype=float32)
}

func ExampleVariable_Add() {
	v := tape.NewVariable([]float64{-1, 0.5, 2})
	fmt.Println(v.Add(1), v.Sub(1), v.Div(2))
	// Output:
	// tf.Tensor([0.  1.5 3. ], shape=(3,), dtype=float32) tf.Tensor([-2.  -0.5  1. ], shape=(3,), dtype=float32) tf.Tensor([-0.5   0.25  1.  ], shape=(3,), dtype=float32)
}

func ExampleVariable_Sub() {
	v := tape.NewVariable([]float64{-1, 0.5, 2})
	fmt.Println(v.Sub(v))
	// Output:
	// tf.Tensor([0. 0. 0.], shape=(3,), dtype=float32)
}

func ExampleVariable_Div() {
	v := tape.NewVariable([]float64{-1, 0.5, 2})
	fmt.Println(v.Div(v))
	// Output:
	// tf.Tensor([1. 1. 1.], shape=(3,), dtype=float32)
}

func ExampleVariable_Pow() {
	v := tape.NewVariable([]float64{-1, 0.5, 2})
	fmt.Println(v.Pow(2))
	// Output:
	// tf.Tensor([1.   0.25 4.  ], shape=(3,), dtype=float32)
}

func ExampleVariable_Maximum() {
	v := tape.NewVariable([]float64{-1, 0.5, 2})
	fmt.Println(v.Maximum(0), v.Minimum(0))
	// Output:
	// tf.Tensor([0.  0.5 2. ], shape=(3,), dtype=float32) tf.Tensor([-1.  0.  0.], shape=(3,), dtype=float32)
}

func ExampleVariable_Minimum() {
	v := tape.NewVariable([]float64{-1, 0.5, 2})
	fmt.Println(v.Minimum(1))
	// Output:
	// tf.Tensor([-1.   0.5  1. ], shape=(3,), dtype=float32)
}

func ExampleVariable_MatMul() {
	w := tape.NewVariable([][]float64{{1, 2}, {3, 4}})
	fmt.Println(w.MatMul(tape.Constant([][]float64{{1}, {1}})))
	// Output:
	// tf.Tensor(
	// [[3.]
	//  [7.]], shape=(2, 1), dtype=float32)
}

func ExampleVariable_T() {
	w := tape.NewVariable([][]float64{{1, 2}, {3, 4}})
	fmt.Println(w.T())
	// Output:
	// tf.Tensor(
	// [[1. 3.]
	//  [2. 4.]], shape=(2, 2), dtype=float32)
}

func ExampleVariable_Reshape() {
	w := tape.NewVariable([][]float64{{1, 2}, {3, 4}})
	fmt.Println(w.Reshape(4))
	// Output:
	// tf.Tensor([1. 2. 3. 4.], shape=(4,), dtype=float32)
}

func ExampleVariable_AssignAdd() {
	v := tape.NewVariable(1.0)
	v.AssignAdd(2)
	fmt.Println(v)
	// Output:
	// <tf.Variable 'Variable:0' shape=() dtype=float32, numpy=3.0>
}

func ExampleVariable_AssignSub() {
	v := tape.NewVariable(1.0)
	v.AssignSub(0.25)
	fmt.Println(v)
	// Output:
	// <tf.Variable 'Variable:0' shape=() dtype=float32, numpy=0.75>
}

func ExampleVariable_At() {
	w := tape.NewVariable([][]float64{{1, 2}, {3, 4}})
	fmt.Println(w.At(0, 1))
	// Output:
	// 2
}

func ExampleVariable_DType() {
	fmt.Println(tape.NewVariable(1.0).DType(), tape.NewVariable(1).DType())
	// Output:
	// float32 int32
}

func ExampleVariable_Float() {
	fmt.Println(tape.NewVariable(0.1).Float())
	// Output:
	// 0.10000000149011612
}

func ExampleVariable_Floats() {
	fmt.Println(tape.NewVariable([]float64{0.5, 2}).Floats())
	// Output:
	// [0.5 2]
}

func ExampleVariable_Name() {
	fmt.Println(tape.NewVariable(1.0).Name(), tape.NewVariable(1.0, tape.Name("w")).Name())
	// Output:
	// Variable w
}

func ExampleVariable_Numpy() {
	fmt.Println(tape.NewVariable([]float64{0.5, 2}).Numpy())
	// Output:
	// [0.5 2]
}

func ExampleVariable_Rank() {
	fmt.Println(tape.NewVariable([][]float64{{1, 2}}).Rank())
	// Output:
	// 2
}

func ExampleVariable_Read() {
	v := tape.NewVariable(2.0)
	t := tape.NewGradientTape()
	var y *tape.Tensor
	t.Record(func() { y = v.Read().Mul(v.Read()) })
	fmt.Println(t.Gradient(y, v))
	// Output:
	// tf.Tensor(4.0, shape=(), dtype=float32)
}

func ExampleVariable_Shape() {
	fmt.Println(tape.NewVariable([][]float64{{1, 2}}).Shape())
	// Output:
	// (1, 2)
}

func ExampleVariable_Size() {
	fmt.Println(tape.NewVariable([][]float64{{1, 2}}).Size())
	// Output:
	// 2
}

func ExampleVariable_Trainable() {
	fmt.Println(tape.NewVariable(1.0).Trainable())
	// Output:
	// true
}
