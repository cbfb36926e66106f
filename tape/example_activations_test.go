package tape_test

import (
	"fmt"

	"github.com/gotape/gotape/tape"
)

var acts = tape.Constant([]float64{-1, 0, 1})

func ExampleSoftplus() {
	fmt.Println(tape.Softplus(acts))
	fmt.Println(tape.Softplus(tape.Constant(100.0))) // no overflow
	// Output:
	// tf.Tensor([0.3132617 0.6931472 1.3132616], shape=(3,), dtype=float32)
	// tf.Tensor(100.0, shape=(), dtype=float32)
}

func ExampleELU() {
	fmt.Println(tape.ELU(acts))
	// Output:
	// tf.Tensor([-0.63212055  0.          1.        ], shape=(3,), dtype=float32)
}

func ExampleSELU() {
	fmt.Println(tape.SELU(acts))
	// Output:
	// tf.Tensor([-1.1113307  0.         1.050701 ], shape=(3,), dtype=float32)
}

func ExampleGELU() {
	fmt.Println(tape.GELU(acts))
	// Output:
	// tf.Tensor([-0.15865526  0.          0.8413448 ], shape=(3,), dtype=float32)
}

func ExampleSwish() {
	fmt.Println(tape.Swish(acts))
	// Output:
	// tf.Tensor([-0.26894143  0.          0.7310586 ], shape=(3,), dtype=float32)
}

func ExampleLeakyReLU() {
	fmt.Println(tape.LeakyReLU(acts, 0.2))
	// Output:
	// tf.Tensor([-0.2  0.   1. ], shape=(3,), dtype=float32)
}

func ExampleLog1p() {
	fmt.Println(tape.Log1p(tape.Constant([]float64{1e-10, 1}, tape.Float64)))
	// Output:
	// tf.Tensor([1.00000000e-10 6.93147181e-01], shape=(2,), dtype=float64)
}

func ExampleExpm1() {
	fmt.Println(tape.Expm1(tape.Constant([]float64{1e-10, 1}, tape.Float64)))
	// Output:
	// tf.Tensor([1.00000000e-10 1.71828183e+00], shape=(2,), dtype=float64)
}

func ExampleErf() {
	fmt.Println(tape.Erf(acts))
	// Output:
	// tf.Tensor([-0.8427008  0.         0.8427008], shape=(3,), dtype=float32)
}

func ExampleClipByValue() {
	x := tape.Constant([]float64{-2, 0.5, 3})
	t := tape.NewGradientTape()
	t.Watch(x)
	var y *tape.Tensor
	t.Record(func() { y = tape.ClipByValue(x, -1, 1) })
	fmt.Println(y)
	fmt.Println(t.Gradient(y, x))
	// Output:
	// tf.Tensor([-1.   0.5  1. ], shape=(3,), dtype=float32)
	// tf.Tensor([0. 1. 0.], shape=(3,), dtype=float32)
}

func ExampleClipByNorm() {
	fmt.Println(tape.ClipByNorm(tape.Constant([]float64{3, 4}), 1))
	fmt.Println(tape.ClipByNorm(tape.Constant([]float64{3, 4}), 10))
	// Output:
	// tf.Tensor([0.6 0.8], shape=(2,), dtype=float32)
	// tf.Tensor([3. 4.], shape=(2,), dtype=float32)
}
