// Package tape is gotape's differentiation core: n-dimensional tensors, variables and a
// GradientTape with TensorFlow's semantics, written in compiled Go for notebook cells.
//
// The Go form of Python's `with tf.GradientTape() as t:` block is a closure:
//
//	t := tape.NewGradientTape()
//	t.Record(func() {
//		t.Watch(x)
//		y = x.Mul(x)
//	})
//	dy := t.Gradient(y, x)
//
// Record blocks nest (outer tapes record the inner gradient computation, giving higher-order
// derivatives), StopRecording pauses a tape, persistent tapes can be asked several times.
// t.Start() … t.Stop() is the same block without a closure (cheaper in interpreted loops).
// Jacobian and BatchJacobian are vectorized: when every op on the way supports it, one
// backward pass carries a leading batch of seeds and computes many rows at once.
// Grad, ValueAndGrad, VJP and Hessian are JAX's function transforms on fresh tapes; they
// compose (Grad(Grad(f))).
//
// Tensors are immutable values: float32 by default (like TensorFlow), float64 on request, and
// int32, int64 and bool for indices and masks. Binary ops broadcast like NumPy. Every
// differentiable op records its vector-Jacobian product written with recorded ops. Printing
// follows TensorFlow's text exactly (tf.Tensor(108.0, shape=(), dtype=float32)).
//
// Misuse (shape mismatches, reusing a non-persistent tape) panics with *Error; Try turns such
// a panic into an error. So do absurd shapes: a tensor whose element count overflows int or
// whose storage exceeds the machine's memory (MemTotal or the cgroup limit) is refused
// before anything is allocated ("tape: shape [1048576 1048576] needs 4.0 TiB, more than
// the machine's memory"). Recording is not safe for concurrent use from several goroutines.
// SetContext makes every op panic with ErrInterrupted once the kernel cancels a cell.
//
// MatMul and Conv2D (im2col + GEMM) run on gonum's blas32/blas64, so importing
// tape/openblas (build tag openblas) moves them to OpenBLAS; products with a vector operand
// use GEMV. Since tensors are immutable, Reshape and contiguous Slices (x[i*b:(i+1)*b]) are
// views sharing their input's data, and ops share shape slices. Large element-wise, convolution
// and pooling work is split over GOMAXPROCS goroutines. Gradient rules skip inputs that need
// no gradient, so a layer's input gradient is not computed for data. Common ops record a
// plain gradient function (no closure), and small tensors are one allocation. FusedConv2D
// and FusedConv2DMaxPool do convolution, bias, ReLU (and pooling) image by image in cache,
// images on GOMAXPROCS goroutines with OpenBLAS single-threaded meanwhile.
//
// Package tapetest checks gradients (finite differences, VJP dot products, second order;
// tapetest.Check prints a table in a cell). Warn prints TensorFlow's warnings (SetWarnOutput).
//
// The package does not contain optimizers, layers, losses or datasets (see tape/optim,
// tape/nn, tape/data) and does not display anything richer than text (see display).
package tape
