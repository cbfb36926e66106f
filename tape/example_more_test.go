package tape_test

// Examples for the remaining entry points (generated once from their real output,
// then checked by hand; they are ordinary examples now).

import (
	"fmt"

	"github.com/gotape/gotape/tape"
)

func ExampleTensor_Abs() {
	x := tape.Constant([]float64{-1, 0.5, 2})
	fmt.Println(x.Abs())
	// Output:
	// tf.Tensor([1.  0.5 2. ], shape=(3,), dtype=float32)
}

func ExampleTensor_Cos() {
	x := tape.Constant([]float64{-1, 0.5, 2})
	fmt.Println(x.Cos())
	// Output:
	// tf.Tensor([ 0.5403023   0.87758255 -0.41614684], shape=(3,), dtype=float32)
}

func ExampleTensor_Sin() {
	x := tape.Constant([]float64{-1, 0.5, 2})
	fmt.Println(x.Sin())
	// Output:
	// tf.Tensor([-0.84147096  0.47942555  0.9092974 ], shape=(3,), dtype=float32)
}

func ExampleTensor_Tanh() {
	x := tape.Constant([]float64{-1, 0.5, 2})
	fmt.Println(x.Tanh())
	// Output:
	// tf.Tensor([-0.7615942   0.46211717  0.9640276 ], shape=(3,), dtype=float32)
}

func ExampleTensor_Sigmoid() {
	x := tape.Constant([]float64{-1, 0.5, 2})
	fmt.Println(x.Sigmoid())
	// Output:
	// tf.Tensor([0.26894143 0.62245935 0.8807971 ], shape=(3,), dtype=float32)
}

func ExampleTensor_ReLU() {
	x := tape.Constant([]float64{-1, 0.5, 2})
	fmt.Println(x.ReLU())
	// Output:
	// tf.Tensor([0.  0.5 2. ], shape=(3,), dtype=float32)
}

func ExampleTensor_Neg() {
	x := tape.Constant([]float64{-1, 0.5, 2})
	fmt.Println(x.Neg())
	// Output:
	// tf.Tensor([ 1.  -0.5 -2. ], shape=(3,), dtype=float32)
}

func ExampleTensor_Square() {
	x := tape.Constant([]float64{-1, 0.5, 2})
	fmt.Println(x.Square())
	// Output:
	// tf.Tensor([1.   0.25 4.  ], shape=(3,), dtype=float32)
}

func ExampleTensor_Sqrt() {
	x := tape.Constant([]float64{0.25, 1, 4})
	fmt.Println(x.Sqrt())
	// Output:
	// tf.Tensor([0.5 1.  2. ], shape=(3,), dtype=float32)
}

func ExampleTensor_Log() {
	x := tape.Constant([]float64{0.25, 1, 4})
	fmt.Println(x.Log())
	// Output:
	// tf.Tensor([-1.3862944  0.         1.3862944], shape=(3,), dtype=float32)
}

func ExampleTensor_Mean() {
	fmt.Println(tape.Constant([]float64{1, 2, 6}).Mean())
	// Output:
	// tf.Tensor(3.0, shape=(), dtype=float32)
}

func ExampleTensor_Minimum() {
	fmt.Println(tape.Constant([]float64{1, 5}).Minimum(3))
	// Output:
	// tf.Tensor([1. 3.], shape=(2,), dtype=float32)
}

func ExampleTensor_Mul() {
	x := tape.Constant([]float64{1, 2})
	fmt.Println(x.Mul(x), x.Mul(3))
	// Output:
	// tf.Tensor([1. 4.], shape=(2,), dtype=float32) tf.Tensor([3. 6.], shape=(2,), dtype=float32)
}

func ExampleTensor_Sub() {
	fmt.Println(tape.Constant([]float64{1, 2}).Sub(0.5))
	// Output:
	// tf.Tensor([0.5 1.5], shape=(2,), dtype=float32)
}

func ExampleTensor_Div() {
	fmt.Println(tape.Constant([]float64{1, 2}).Div(4))
	// Output:
	// tf.Tensor([0.25 0.5 ], shape=(2,), dtype=float32)
}

func ExampleTensor_Pow() {
	x := tape.Constant([]float64{2, 3})
	fmt.Println(x.Pow(2), x.Pow(tape.Constant([]float64{0.5, 1})))
	// Output:
	// tf.Tensor([4. 9.], shape=(2,), dtype=float32) tf.Tensor([1.4142135 3.       ], shape=(2,), dtype=float32)
}

func ExampleTensor_T() {
	fmt.Println(tape.Constant([][]float64{{1, 2, 3}}).T())
	// Output:
	// tf.Tensor(
	// [[1.]
	//  [2.]
	//  [3.]], shape=(3, 1), dtype=float32)
}

func ExampleTensor_DType() {
	fmt.Println(tape.Constant(1.5).DType(), tape.Constant(2).DType(), tape.Constant(true).DType())
	// Output:
	// float32 int32 bool
}

func ExampleTensor_Rank() {
	fmt.Println(tape.Zeros(2, 3, 4).Rank())
	// Output:
	// 3
}

func ExampleTensor_Size() {
	fmt.Println(tape.Zeros(2, 3, 4).Size())
	// Output:
	// 24
}

func ExampleTensor_Float32s() {
	fmt.Println(tape.Constant([]float64{1.5, 2}).Float32s())
	// Output:
	// [1.5 2]
}

func ExampleTensor_Float64s() {
	fmt.Println(tape.Constant([]float64{1.5, 2}, tape.Float64).Float64s())
	// Output:
	// [1.5 2]
}

func ExampleTensor_Int32s() {
	fmt.Println(tape.Constant([]int{7, 8}).Int32s())
	// Output:
	// [7 8]
}

func ExampleFromFloat64s() {
	fmt.Println(tape.FromFloat64s([]float64{1, 2, 3, 4}, 2, 2))
	// Output:
	// tf.Tensor(
	// [[1. 2.]
	//  [3. 4.]], shape=(2, 2), dtype=float64)
}

func ExampleFromInt32s() {
	fmt.Println(tape.FromInt32s([]int32{1, 2, 3}))
	// Output:
	// tf.Tensor([1 2 3], shape=(3,), dtype=int32)
}

func ExampleGreater() {
	fmt.Println(tape.Greater(tape.Constant([]float64{1, 3}), tape.Scalar(2)))
	// Output:
	// tf.Tensor([False  True], shape=(2,), dtype=bool)
}

func ExampleGreaterEqual() {
	fmt.Println(tape.GreaterEqual(tape.Constant([]float64{1, 2}), tape.Scalar(2)))
	// Output:
	// tf.Tensor([False  True], shape=(2,), dtype=bool)
}

func ExampleLess() {
	fmt.Println(tape.Less(tape.Constant([]float64{1, 3}), tape.Scalar(2)))
	// Output:
	// tf.Tensor([ True False], shape=(2,), dtype=bool)
}

func ExampleLessEqual() {
	fmt.Println(tape.LessEqual(tape.Constant([]float64{2, 3}), tape.Scalar(2)))
	// Output:
	// tf.Tensor([ True False], shape=(2,), dtype=bool)
}

func ExampleAsDType() {
	fmt.Println(tape.NewVariable(0.1, tape.AsDType(tape.Float64)))
	// Output:
	// <tf.Variable 'Variable:0' shape=() dtype=float64, numpy=0.1>
}

func ExampleName() {
	fmt.Println(tape.NewVariable(0.5, tape.Name("bias")))
	// Output:
	// <tf.Variable 'bias:0' shape=() dtype=float32, numpy=0.5>
}

func ExampleTrainable() {
	v := tape.NewVariable(3.0, tape.Trainable(false))
	t := tape.NewGradientTape()
	var y *tape.Tensor
	t.Record(func() { y = v.Square() })
	fmt.Println(v.Trainable(), t.Gradient(y, v))
	// Output:
	// false None
}

func ExampleDType_IsFloat() {
	fmt.Println(tape.Float32.IsFloat(), tape.Int32.IsFloat())
	// Output:
	// true false
}

func ExampleError_Error() {
	err := tape.Try(func() { tape.Reshape(tape.Ones(4), 3) })
	fmt.Println(err.Error())
	// Output:
	// tape: Reshape: cannot reshape a tensor of shape (4,) (4 elements) into [3]
}

func ExampleOutput() {
	fmt.Fprintln(tape.Output(), "printed by compiled gotape code")
	// Output:
	// printed by compiled gotape code
}

func ExampleOutputGradients() {
	x := tape.Constant([]float64{1, 2})
	t := tape.NewGradientTape()
	var y *tape.Tensor
	t.Record(func() {
		t.Watch(x)
		y = x.Square()
	})
	fmt.Println(t.Gradient(y, x, tape.OutputGradients(tape.Constant([]float64{10, 100}))))
	// Output:
	// tf.Tensor([ 20. 400.], shape=(2,), dtype=float32)
}
