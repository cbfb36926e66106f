package tape_test

import (
	"fmt"

	"github.com/gotape/gotape/tape"
)

func ExampleConstant() {
	fmt.Println(tape.Constant(3.0))
	fmt.Println(tape.Constant([][]float64{{1, 2}, {3, 4}}))
	fmt.Println(tape.Constant([]int{1, 2, 3}))
	fmt.Println(tape.Constant([]float64{0.1, 0.2}, tape.Float64))
	fmt.Println(tape.Constant([]bool{true, false}))
	// Output:
	// tf.Tensor(3.0, shape=(), dtype=float32)
	// tf.Tensor(
	// [[1. 2.]
	//  [3. 4.]], shape=(2, 2), dtype=float32)
	// tf.Tensor([1 2 3], shape=(3,), dtype=int32)
	// tf.Tensor([0.1 0.2], shape=(2,), dtype=float64)
	// tf.Tensor([ True False], shape=(2,), dtype=bool)
}

func ExampleScalar() {
	fmt.Println(tape.Scalar(0.1).Float())
	// Output:
	// 0.10000000149011612
}

func ExampleOnes() {
	fmt.Println(tape.Ones(2, 3))
	// Output:
	// tf.Tensor(
	// [[1. 1. 1.]
	//  [1. 1. 1.]], shape=(2, 3), dtype=float32)
}

func ExampleZeros() {
	fmt.Println(tape.Zeros(3))
	// Output:
	// tf.Tensor([0. 0. 0.], shape=(3,), dtype=float32)
}

func ExampleFill() {
	fmt.Println(tape.Fill([]int{2}, 7.5))
	// Output:
	// tf.Tensor([7.5 7.5], shape=(2,), dtype=float32)
}

func ExampleOnesLike() {
	fmt.Println(tape.OnesLike(tape.Constant([]int{4, 5})))
	// Output:
	// tf.Tensor([1 1], shape=(2,), dtype=int32)
}

func ExampleZerosLike() {
	fmt.Println(tape.ZerosLike(tape.Constant([]float64{4, 5}, tape.Float64)))
	// Output:
	// tf.Tensor([0. 0.], shape=(2,), dtype=float64)
}

func ExampleRange() {
	fmt.Println(tape.Range(0, 11, 1))
	// Output:
	// tf.Tensor([ 0.  1.  2.  3.  4.  5.  6.  7.  8.  9. 10.], shape=(11,), dtype=float32)
}

func ExampleLinspace() {
	fmt.Println(tape.Linspace(0, 1, 5))
	// Output:
	// tf.Tensor([0.   0.25 0.5  0.75 1.  ], shape=(5,), dtype=float32)
}

func ExampleFromFloats() {
	fmt.Println(tape.FromFloats([]float64{1, 2, 3, 4, 5, 6}, 3, 2))
	// Output:
	// tf.Tensor(
	// [[1. 2.]
	//  [3. 4.]
	//  [5. 6.]], shape=(3, 2), dtype=float32)
}

func ExampleRandomNormal() {
	tape.SetSeed(1)
	a := tape.RandomNormal([]int{1000}, 5, 2)
	tape.SetSeed(1)
	b := tape.RandomNormal([]int{1000}, 5, 2)
	mean := a.Mean().Float()
	fmt.Println(a.Shape(), mean > 4.8 && mean < 5.2, tape.Cast(tape.Equal(a, b), tape.Float32).Sum().Float() == 1000)
	// Output:
	// (1000,) true true
}

func ExampleRandomUniform() {
	tape.SetSeed(2)
	u := tape.RandomUniform([]int{2, 500}, -1, 1)
	fmt.Println(u.Shape(), tape.ReduceMax(u.Neg(), nil, false).Float() <= 1, tape.ReduceMax(u, nil, false).Float() < 1)
	// Output:
	// (2, 500) true true
}

func ExampleSetSeed() {
	tape.SetSeed(42)
	a := tape.RandomUniform([]int{3}, 0, 1).Floats()
	tape.SetSeed(42)
	b := tape.RandomUniform([]int{3}, 0, 1).Floats()
	fmt.Println(fmt.Sprint(a) == fmt.Sprint(b))
	// Output:
	// true
}

func ExampleNewRand() {
	r1, r2 := tape.NewRand(5), tape.NewRand(5)
	fmt.Println(r1.Float64() == r2.Float64())
	// Output:
	// true
}

func ExampleT() {
	v := tape.NewVariable(2.0)
	fmt.Println(tape.T(v), tape.T([]float64{1, 2}))
	// Output:
	// tf.Tensor(2.0, shape=(), dtype=float32) tf.Tensor([1. 2.], shape=(2,), dtype=float32)
}

func ExampleTensor_Shape() {
	x := tape.Zeros(2, 3)
	fmt.Println(x.Shape(), x.Rank(), x.Size(), x.DType())
	// Output:
	// (2, 3) 2 6 float32
}

func ExampleTensor_Float() {
	fmt.Println(tape.Constant(2.5).Float())
	// Output:
	// 2.5
}

func ExampleTensor_Floats() {
	fmt.Println(tape.Constant([][]float64{{1, 2}, {3, 4}}).Floats())
	// Output:
	// [1 2 3 4]
}

func ExampleTensor_Numpy() {
	m := tape.Constant([][]float64{{1, 2}, {3, 4}}).Numpy().([][]float32)
	fmt.Println(m, tape.Constant(7).Numpy())
	// Output:
	// [[1 2] [3 4]] 7
}

func ExampleTensor_At() {
	fmt.Println(tape.Constant([][]float64{{1, 2}, {3, 4}}).At(1, 0))
	// Output:
	// 3
}

func ExampleTensor_String() {
	fmt.Println(tape.Constant(108.0))
	var none *tape.Tensor
	fmt.Println(none)
	// Output:
	// tf.Tensor(108.0, shape=(), dtype=float32)
	// None
}

func ExampleTensor_Repr() {
	fmt.Println(tape.Constant([]float64{1, 2}).Repr())
	// Output:
	// <tf.Tensor: shape=(2,), dtype=float32, numpy=array([1., 2.], dtype=float32)>
}

func ExampleTensor_NumpyString() {
	fmt.Println(tape.Constant(27.0).NumpyString(), tape.Constant([]float64{1, 2.5}).NumpyString())
	// Output:
	// 27.0 [1.  2.5]
}

func ExampleTensor_Add() {
	x := tape.Constant([]float64{1, 2})
	fmt.Println(x.Add(1).Mul(x).Sub(0.5).Div(2).Pow(2))
	// Output:
	// tf.Tensor([0.5625 7.5625], shape=(2,), dtype=float32)
}

func ExampleTensor_Maximum() {
	x := tape.Constant([]float64{-1, 2})
	fmt.Println(x.Maximum(0), x.Minimum(0), x.Neg(), x.Abs(), x.Square())
	// Output:
	// tf.Tensor([0. 2.], shape=(2,), dtype=float32) tf.Tensor([-1.  0.], shape=(2,), dtype=float32) tf.Tensor([ 1. -2.], shape=(2,), dtype=float32) tf.Tensor([1. 2.], shape=(2,), dtype=float32) tf.Tensor([1. 4.], shape=(2,), dtype=float32)
}

func ExampleTensor_Exp() {
	x := tape.Constant(1.0)
	fmt.Println(x.Exp(), x.Log(), x.Sqrt(), x.Sin(), x.Cos(), x.Tanh(), x.Sigmoid(), x.ReLU())
	// Output:
	// tf.Tensor(2.7182817, shape=(), dtype=float32) tf.Tensor(0.0, shape=(), dtype=float32) tf.Tensor(1.0, shape=(), dtype=float32) tf.Tensor(0.84147096, shape=(), dtype=float32) tf.Tensor(0.5403023, shape=(), dtype=float32) tf.Tensor(0.7615942, shape=(), dtype=float32) tf.Tensor(0.7310586, shape=(), dtype=float32) tf.Tensor(1.0, shape=(), dtype=float32)
}

func ExampleTensor_Sum() {
	x := tape.Constant([][]float64{{1, 2}, {3, 4}})
	fmt.Println(x.Sum(), x.Mean())
	// Output:
	// tf.Tensor(10.0, shape=(), dtype=float32) tf.Tensor(2.5, shape=(), dtype=float32)
}

func ExampleTensor_MatMul() {
	a := tape.Constant([][]float64{{1, 2}, {3, 4}})
	fmt.Println(a.MatMul(a.T()))
	// Output:
	// tf.Tensor(
	// [[ 5. 11.]
	//  [11. 25.]], shape=(2, 2), dtype=float32)
}

func ExampleTensor_Reshape() {
	fmt.Println(tape.Range(0, 6, 1).Reshape(2, -1))
	// Output:
	// tf.Tensor(
	// [[0. 1. 2.]
	//  [3. 4. 5.]], shape=(2, 3), dtype=float32)
}

func ExampleNewVariable() {
	fmt.Println(tape.NewVariable(1.0))
	fmt.Println(tape.NewVariable([]float64{1, 2}, tape.Name("w"), tape.Trainable(false), tape.AsDType(tape.Float64)))
	// Output:
	// <tf.Variable 'Variable:0' shape=() dtype=float32, numpy=1.0>
	// <tf.Variable 'w:0' shape=(2,) dtype=float64, numpy=array([1., 2.])>
}

func ExampleVariable_Assign() {
	v := tape.NewVariable([]float64{1, 2})
	v.Assign([]float64{5, 6})
	v.AssignAdd(1)
	v.AssignSub(tape.Constant([]float64{0.5, 0.25}))
	fmt.Println(v.Numpy(), v.Shape(), v.DType(), v.Trainable(), v.Name())
	fmt.Println(tape.Try(func() { v.Assign([]float64{1, 2, 3}) }))
	// Output:
	// [5.5 6.75] (2,) float32 true Variable
	// tape: Assign: cannot assign a value of shape (3,) to variable "Variable" of shape (2,)
}

func ExampleVariable_Mul() {
	x := tape.NewVariable(3.0)
	fmt.Println(x.Mul(x).Add(1).Float(), x.Pow(2).Float(), x.Square().Sqrt().Float())
	// Output:
	// 10 9 3
}

func ExampleVariable_String() {
	fmt.Println(tape.NewVariable([][]float64{{1, 2}, {3, 4}}))
	// Output:
	// <tf.Variable 'Variable:0' shape=(2, 2) dtype=float32, numpy=
	// array([[1., 2.],
	//        [3., 4.]], dtype=float32)>
}

func ExampleDType_String() {
	fmt.Println(tape.Float32, tape.Float64, tape.Int32, tape.Int64, tape.Bool, tape.Float64.IsFloat())
	// Output:
	// float32 float64 int32 int64 bool true
}
