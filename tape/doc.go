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
//
// Tensors are immutable values: float32 by default (like TensorFlow), float64 on request, and
// int32, int64 and bool for indices and masks. Binary ops broadcast like NumPy. Every
// differentiable op records its vector-Jacobian product written with recorded ops. Printing
// follows TensorFlow's text exactly (tf.Tensor(108.0, shape=(), dtype=float32)).
//
// Misuse (shape mismatches, reusing a non-persistent tape) panics with *Error; Try turns such
// a panic into an error. Recording is not safe for concurrent use from several goroutines.
// SetContext makes every op panic with ErrInterrupted once the kernel cancels a cell.
//
// MatMul and Conv2D (im2col + GEMM) run on gonum's blas32/blas64, so importing
// tape/openblas (build tag openblas) moves them to OpenBLAS. Large element-wise, convolution
// and pooling work is split over GOMAXPROCS goroutines. Gradient rules skip inputs that need
// no gradient, so a layer's input gradient is not computed for data.
//
// Package tapetest checks gradients (finite differences, VJP dot products, second order).
//
// The package does not contain optimizers, layers, losses or datasets (see tape/optim,
// tape/nn, tape/data) and does not display anything richer than text (see display).
package tape
