package tape_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/gotape/gotape/tape"
)

func ExampleAdd() {
	fmt.Println(tape.Add(tape.Ones(2, 2), tape.Constant([]float64{1, 2})))
	// Output:
	// tf.Tensor(
	// [[2. 3.]
	//  [2. 3.]], shape=(2, 2), dtype=float32)
}

func ExampleSub() {
	fmt.Println(tape.Sub(tape.Constant(5.0), tape.Constant([]float64{1, 2})))
	// Output:
	// tf.Tensor([4. 3.], shape=(2,), dtype=float32)
}

func ExampleMul() {
	fmt.Println(tape.Mul(tape.Constant([]float64{1, 2}), tape.Constant([][]float64{{3}, {4}})))
	// Output:
	// tf.Tensor(
	// [[3. 6.]
	//  [4. 8.]], shape=(2, 2), dtype=float32)
}

func ExampleDiv() {
	fmt.Println(tape.Div(tape.Constant(1.0), tape.Constant(3.0)))
	// Output:
	// tf.Tensor(0.33333334, shape=(), dtype=float32)
}

func ExampleNeg() {
	fmt.Println(tape.Neg(tape.Constant(2)))
	// Output:
	// tf.Tensor(-2, shape=(), dtype=int32)
}

func ExamplePow() {
	fmt.Println(tape.Pow(tape.Constant([]float64{2, 3}), tape.Constant([]float64{3, 2})))
	// Output:
	// tf.Tensor([8. 9.], shape=(2,), dtype=float32)
}

func ExamplePowScalar() {
	fmt.Println(tape.PowScalar(tape.Constant(4.0), 0.5))
	// Output:
	// tf.Tensor(2.0, shape=(), dtype=float32)
}

func ExampleSquare() {
	fmt.Println(tape.Square(tape.Constant(-3.0)))
	// Output:
	// tf.Tensor(9.0, shape=(), dtype=float32)
}

func ExampleSqrt() {
	fmt.Println(tape.Sqrt(tape.Constant(2.0)))
	// Output:
	// tf.Tensor(1.4142135, shape=(), dtype=float32)
}

func ExampleExp() {
	fmt.Println(tape.Exp(tape.Constant([]float64{0, 1}, tape.Float64)))
	// Output:
	// tf.Tensor([1.         2.71828183], shape=(2,), dtype=float64)
}

func ExampleLog() {
	fmt.Println(tape.Log(tape.Constant(1.0)))
	// Output:
	// tf.Tensor(0.0, shape=(), dtype=float32)
}

func ExampleAbs() {
	x := tape.Constant([]float64{-2, 0, 3})
	t := tape.NewGradientTape()
	t.Watch(x)
	var y *tape.Tensor
	t.Record(func() { y = tape.Abs(x) })
	fmt.Println(y, t.Gradient(y, x))
	// Output:
	// tf.Tensor([2. 0. 3.], shape=(3,), dtype=float32) tf.Tensor([-1.  0.  1.], shape=(3,), dtype=float32)
}

func ExampleSign() {
	fmt.Println(tape.Sign(tape.Constant([]float64{-2, 0, 3})))
	// Output:
	// tf.Tensor([-1.  0.  1.], shape=(3,), dtype=float32)
}

func ExampleSin() {
	fmt.Println(tape.Sin(tape.Constant(0.0)), tape.Cos(tape.Constant(0.0)))
	// Output:
	// tf.Tensor(0.0, shape=(), dtype=float32) tf.Tensor(1.0, shape=(), dtype=float32)
}

func ExampleCos() {
	fmt.Println(tape.Cos(tape.Constant(3.14159265358979, tape.Float64)))
	// Output:
	// tf.Tensor(-1.0, shape=(), dtype=float64)
}

func ExampleTanh() {
	fmt.Println(tape.Tanh(tape.Constant([]float64{-1, 0, 1})))
	// Output:
	// tf.Tensor([-0.7615942  0.         0.7615942], shape=(3,), dtype=float32)
}

func ExampleSigmoid() {
	fmt.Println(tape.Sigmoid(tape.Constant([]float64{0, 100})))
	// Output:
	// tf.Tensor([0.5 1. ], shape=(2,), dtype=float32)
}

func ExampleReLU() {
	fmt.Println(tape.ReLU(tape.Constant([]float64{-1, 2})))
	// Output:
	// tf.Tensor([0. 2.], shape=(2,), dtype=float32)
}

func ExampleSoftmax() {
	fmt.Println(tape.Softmax(tape.Constant([]float64{1, 2, 3}), -1))
	// Output:
	// tf.Tensor([0.09003057 0.24472848 0.66524094], shape=(3,), dtype=float32)
}

func ExampleLogSoftmax() {
	fmt.Println(tape.LogSoftmax(tape.Constant([]float64{1, 2, 3}), -1))
	// Output:
	// tf.Tensor([-2.407606   -1.407606   -0.40760598], shape=(3,), dtype=float32)
}

func ExampleReduceSum() {
	x := tape.Constant([][]float64{{1, 2}, {3, 4}})
	fmt.Println(tape.ReduceSum(x, []int{0}, false), tape.ReduceSum(x, []int{1}, true).Shape())
	// Output:
	// tf.Tensor([4. 6.], shape=(2,), dtype=float32) (2, 1)
}

func ExampleReduceMean() {
	fmt.Println(tape.ReduceMean(tape.Constant([][]float64{{1, 2}, {3, 4}}), []int{-1}, false))
	// Output:
	// tf.Tensor([1.5 3.5], shape=(2,), dtype=float32)
}

func ExampleReduceMax() {
	fmt.Println(tape.ReduceMax(tape.Constant([][]float64{{1, 5}, {3, 4}}), []int{1}, false))
	// Output:
	// tf.Tensor([5. 4.], shape=(2,), dtype=float32)
}

func ExampleMatMul() {
	a := tape.Ones(2, 3, 4) // a batch of two 3×4 matrices
	b := tape.Ones(4, 5)
	fmt.Println(tape.MatMul(a, b).Shape())
	// Output:
	// (2, 3, 5)
}

func ExampleReshape() {
	fmt.Println(tape.Reshape(tape.Range(0, 4, 1), 2, 2))
	// Output:
	// tf.Tensor(
	// [[0. 1.]
	//  [2. 3.]], shape=(2, 2), dtype=float32)
}

func ExampleExpandDims() {
	fmt.Println(tape.ExpandDims(tape.Zeros(2, 3), 0).Shape())
	// Output:
	// (1, 2, 3)
}

func ExampleSqueeze() {
	fmt.Println(tape.Squeeze(tape.Zeros(1, 2, 1)).Shape())
	// Output:
	// (2,)
}

func ExampleTranspose() {
	fmt.Println(tape.Transpose(tape.Zeros(2, 3, 4), 1, 2, 0).Shape())
	fmt.Println(tape.Transpose(tape.Constant([][]float64{{1, 2}})))
	// Output:
	// (3, 4, 2)
	// tf.Tensor(
	// [[1.]
	//  [2.]], shape=(2, 1), dtype=float32)
}

func ExampleConcat() {
	fmt.Println(tape.Concat([]*tape.Tensor{tape.Ones(1, 2), tape.Zeros(1, 2)}, 0))
	// Output:
	// tf.Tensor(
	// [[1. 1.]
	//  [0. 0.]], shape=(2, 2), dtype=float32)
}

func ExampleStack() {
	fmt.Println(tape.Stack([]*tape.Tensor{tape.Constant([]float64{1, 2}), tape.Constant([]float64{3, 4})}, 1))
	// Output:
	// tf.Tensor(
	// [[1. 3.]
	//  [2. 4.]], shape=(2, 2), dtype=float32)
}

func ExampleSlice() {
	x := tape.Reshape(tape.Range(0, 9, 1), 3, 3)
	fmt.Println(tape.Slice(x, []int{1, 1}, []int{2, -1}))
	// Output:
	// tf.Tensor(
	// [[4. 5.]
	//  [7. 8.]], shape=(2, 2), dtype=float32)
}

func ExampleGather() {
	x := tape.Constant([]float64{10, 20, 30})
	fmt.Println(tape.Gather(x, tape.Constant([]int{2, 0, 2}), 0))
	// Output:
	// tf.Tensor([30. 10. 30.], shape=(3,), dtype=float32)
}

func ExampleOneHot() {
	fmt.Println(tape.OneHot(tape.Constant([]int{0, 2}), 3))
	// Output:
	// tf.Tensor(
	// [[1. 0. 0.]
	//  [0. 0. 1.]], shape=(2, 3), dtype=float32)
}

func ExampleArgMax() {
	fmt.Println(tape.ArgMax(tape.Constant([][]float64{{1, 5, 2}, {7, 0, 1}}), 1))
	// Output:
	// tf.Tensor([1 0], shape=(2,), dtype=int64)
}

func ExampleCast() {
	fmt.Println(tape.Cast(tape.Constant([]float64{1.7, -1.7}), tape.Int32))
	// Output:
	// tf.Tensor([ 1 -1], shape=(2,), dtype=int32)
}

func ExampleMaximum() {
	fmt.Println(tape.Maximum(tape.Constant([]float64{1, 5}), tape.Constant(3.0)))
	// Output:
	// tf.Tensor([3. 5.], shape=(2,), dtype=float32)
}

func ExampleMinimum() {
	fmt.Println(tape.Minimum(tape.Constant([]float64{1, 5}), tape.Constant(3.0)))
	// Output:
	// tf.Tensor([1. 3.], shape=(2,), dtype=float32)
}

func ExampleWhere() {
	x := tape.Constant([]float64{-1, 2, -3})
	fmt.Println(tape.Where(tape.Greater(x, tape.Scalar(0)), x, tape.ZerosLike(x)))
	// Output:
	// tf.Tensor([0. 2. 0.], shape=(3,), dtype=float32)
}

func ExampleEqual() {
	a, b := tape.Constant([]int{1, 2, 3}), tape.Constant([]int{1, 0, 3})
	fmt.Println(tape.Equal(a, b), tape.Greater(a, b), tape.Less(a, b), tape.GreaterEqual(a, b), tape.LessEqual(a, b))
	// Output:
	// tf.Tensor([ True False  True], shape=(3,), dtype=bool) tf.Tensor([False  True False], shape=(3,), dtype=bool) tf.Tensor([False False False], shape=(3,), dtype=bool) tf.Tensor([ True  True  True], shape=(3,), dtype=bool) tf.Tensor([ True False  True], shape=(3,), dtype=bool)
}

func ExampleStopGradient() {
	x := tape.Constant(3.0)
	t := tape.NewGradientTape()
	var y *tape.Tensor
	t.Record(func() {
		t.Watch(x)
		y = tape.Mul(x, tape.StopGradient(x)) // d/dx treats the second factor as a constant
	})
	fmt.Println(t.Gradient(y, x))
	// Output:
	// tf.Tensor(3.0, shape=(), dtype=float32)
}

func ExampleBroadcastTo() {
	fmt.Println(tape.BroadcastTo(tape.Constant([]float64{1, 2}), 2, 2))
	// Output:
	// tf.Tensor(
	// [[1. 2.]
	//  [1. 2.]], shape=(2, 2), dtype=float32)
}

func ExampleConv2D() {
	x := tape.Reshape(tape.Range(1, 10, 1), 1, 3, 3, 1) // one 3×3 image, one channel
	k := tape.Ones(2, 2, 1, 1)                          // a 2×2 box filter
	fmt.Println(tape.Reshape(tape.Conv2D(x, k, 1, "VALID"), 2, 2))
	fmt.Println(tape.Conv2D(x, k, 2, "SAME").Shape())
	// Output:
	// tf.Tensor(
	// [[12. 16.]
	//  [24. 28.]], shape=(2, 2), dtype=float32)
	// (1, 2, 2, 1)
}

func ExampleMaxPool2D() {
	x := tape.Reshape(tape.Range(1, 17, 1), 1, 4, 4, 1)
	fmt.Println(tape.Reshape(tape.MaxPool2D(x, 2, 2, "VALID"), 2, 2))
	// Output:
	// tf.Tensor(
	// [[ 6.  8.]
	//  [14. 16.]], shape=(2, 2), dtype=float32)
}

func ExampleSetContext() {
	ctx, cancel := context.WithCancel(context.Background())
	tape.SetContext(ctx)
	cancel()
	err := tape.Try(func() {
		for {
			tape.CheckInterrupt() // a long loop stops here
		}
	})
	fmt.Println(err, err == tape.ErrInterrupted)
	fmt.Println(tape.Try(func() { tape.Add(tape.Ones(1), tape.Ones(1)) }))
	tape.SetContext(context.Background())
	fmt.Println(tape.Try(func() { tape.Add(tape.Ones(1), tape.Ones(1)) }))
	// Output:
	// tape: interrupted true
	// tape: interrupted
	// <nil>
}

func ExampleCheckInterrupt() {
	tape.SetContext(context.Background())
	tape.CheckInterrupt() // does nothing unless the context is done
	fmt.Println("ok")
	// Output:
	// ok
}

func ExampleSetOutput() {
	var b strings.Builder
	tape.SetOutput(&b)
	fmt.Fprint(tape.Output(), "hello")
	tape.SetOutput(nil)
	fmt.Println(b.String(), tape.Output() == os.Stdout)
	// Output:
	// hello true
}

func ExampleGradientTape_Release() {
	t := tape.NewGradientTape(tape.Persistent(true))
	t.Release()
	fmt.Println(tape.Try(func() { t.Record(func() {}) }))
	x := tape.Scalar(3)
	fmt.Println(tape.Try(func() { t.Gradient(x, x) }))
	// Output:
	// tape: Record: the tape was released
	// tape: Gradient: the tape was released
}

func ExampleFromFloat32s() {
	x := tape.FromFloat32s([]float32{1, 2, 3, 4}, 2, 2)
	fmt.Println(x.Float32s(), x.Float64s() == nil)
	fmt.Println(tape.FromFloat64s([]float64{0.5}).Float64s())
	fmt.Println(tape.FromInt32s([]int32{3, 4}).Int32s())
	// Output:
	// [1 2 3 4] true
	// [0.5]
	// [3 4]
}

func ExampleVariable_AssignTensor() {
	v := tape.NewVariable([]float64{1, 2})
	v.AssignTensor(tape.FromFloat32s([]float32{3, 4}))
	fmt.Println(v)
	// Output:
	// <tf.Variable 'Variable:0' shape=(2,) dtype=float32, numpy=array([3., 4.], dtype=float32)>
}

func ExampleErrorf() {
	err := tape.Try(func() { panic(tape.Errorf("nn: Dense: %d units", -1)) })
	fmt.Println(err)
	// Output:
	// nn: Dense: -1 units
}
