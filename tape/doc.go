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
// Forward mode: a ForwardAccumulator (tf.autodiff.ForwardAccumulator) is given primals and
// tangents and, while it records (acc.Record(func() { ... }) or acc.Start() … acc.Stop()),
// carries each op's output tangent beside its value; acc.JVP(y) reads it. Accumulators and
// tapes nest both ways (forward over reverse gives Hessian-vector products, reverse over
// forward differentiates a JVP). JVP(f, x, v) and HVP(f, x, v) are the function forms.
//
// The package-level ops take a TensorLike, a *Tensor or a *Variable (read as Value reads it,
// so tapes watch it), as TensorFlow's ops take any tensor-like; methods take numbers too.
// Only tape's types are TensorLike (its method is unexported), so a wrong operand is a compile
// error, and ops handed a *Tensor, as ops and gradient rules hand each other, pay one type
// comparison for it (tensorOf).
//
// Tensors are immutable values: float32 by default (like TensorFlow), float64 on request, and
// int32, int64 and bool for indices and masks. Binary ops broadcast like NumPy; Shape
// returns a TensorShape, a []int that prints as TensorFlow prints shapes: (3, 2). Printing
// follows TensorFlow's text exactly (tf.Tensor(108.0, shape=(), dtype=float32)).
//
// How an op is written (the pattern to follow for a new one): it computes its value, then,
// when recording() says a tape or accumulator listens, calls record — the one recording
// function — with its inputs, whether its VJP handles a batch of gradients (batched or
// perRow: an explicit argument) and its rules: a VJP (reverse mode) and a JVP (forward mode)
// written with recorded ops, so they can be differentiated again, or for an element-wise op
// of one input only its derivative d. The rules sit beside the op's forward computation.
// A rule gets what it needs as arguments (bwArgs: which inputs want a gradient, the batch
// size); the only package state on the way is the stack of recording tapes and accumulators
// (record.go). Ops are grouped by family: elementwise.go (kernels in
// elementwise_kernels.go), reduce.go, shape.go and shape_slice.go, matmul.go, conv*.go;
// record.go, backward.go, forward.go and jacobian.go are the machinery. Every exported op
// has a row in gradcheck_test.go's table, which checks its VJP and JVP against finite
// differences, to second order both ways, in float64 and float32; an op without a row, or
// without a JVP rule, fails it.
//
// Misuse (shape mismatches, reusing a non-persistent tape) panics with *Error; Try turns such
// a panic into an error. So do absurd shapes: a tensor whose element count overflows int or
// whose storage exceeds the machine's memory (MemTotal, or the memory limit of the process's
// own cgroup, found through /proc/self/cgroup, v1 or v2, as JupyterHub sets per user) is
// refused before anything is allocated ("tape: shape [1048576 1048576] needs 4.0 TiB, more
// than the machine's memory"). Recording is not safe for concurrent use from several
// goroutines. SetContext makes every op panic with ErrInterrupted once the kernel cancels a
// cell; an op and an optimizer step are all or nothing: an op interrupted while it computes
// panics at its end instead of returning a late result (interrupt.go).
//
// MatMul and Conv2D (im2col + GEMM) run on gonum's blas32/blas64, so importing
// tape/openblas (build tag openblas) moves them to OpenBLAS; products with a vector operand
// use GEMV. Since tensors are immutable, Reshape and contiguous Slices (x[i*b:(i+1)*b]) are
// views sharing their input's data, and ops share shape slices. Large element-wise, convolution
// and pooling work is split over GOMAXPROCS goroutines. Gradient rules skip inputs that need
// no gradient, so a layer's input gradient is not computed for data. Common ops record
// plain rule functions (no closure to allocate), and small tensors are one allocation. FusedConv2D
// and FusedConv2DMaxPool do convolution, bias, ReLU (and pooling) image by image in cache,
// images on GOMAXPROCS goroutines with OpenBLAS single-threaded meanwhile.
//
// Package tapetest checks gradients (finite differences, VJP dot products, second order;
// tapetest.Check prints a table in a cell). Warn prints TensorFlow's warnings (SetWarnOutput).
//
// The package does not contain optimizers, layers, losses or datasets (see tape/optim,
// tape/nn, tape/data) and does not display anything richer than text (see display).
package tape
