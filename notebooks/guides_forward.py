"""The forward-mode section of advanced_autodiff_guide.ipynb: the examples of the
tf.autodiff.ForwardAccumulator API docs, cell by cell in Go."""
from nbcells import code, md

FORWARD = [
    md("""
    ## Forward mode: `ForwardAccumulator`

    The examples of the [`tf.autodiff.ForwardAccumulator`](https://www.tensorflow.org/api_docs/python/tf/autodiff/ForwardAccumulator)
    docs. A gradient tape computes vector-Jacobian products ("VJP"s) with reverse-mode
    autodiff (backprop); `tape.NewForwardAccumulator(primals, tangents)` computes
    Jacobian-vector products ("JVP"s) with forward mode. Reverse mode is more attractive when
    computing gradients of a scalar-valued function with respect to many inputs (e.g. a neural
    network with many parameters and a scalar loss). Forward mode works best on functions with
    many outputs and few inputs. Since it does not hold on to intermediate activations, it is
    much more memory efficient than backprop where it is applicable. Its block is
    `acc.Record(func() { ... })`, like a tape's.

    Consider a simple linear regression:
    """),
    code("forward.linear_regression", """
    xf := tape.Constant([][]float64{{2.0, 3.0}, {1.0, 4.0}})
    targets := tape.Constant([][]float64{{1.}, {-1.}})
    dense := nn.Dense(1)
    dense.Build([]int{-1, 2}, tape.Float32)

    acc := tape.NewForwardAccumulator(dense.Kernel(), tape.Constant([][]float64{{1.}, {0.}}))
    var lossF *tape.Tensor
    acc.Record(func() {
        lossF = tape.ReduceSum(dense.Call(xf, false).Sub(targets).Pow(2.), nil, false)
    })
    acc.JVP(lossF)
    """),
    md("""
    The example has two variables containing parameters, `dense.Kernel()` (2 parameters) and
    `dense.Bias()` (1 parameter). Considering the training data `x` as a constant, this means
    the Jacobian matrix for the function mapping from parameters to loss has one row and three
    columns.

    With forwardprop, we specify a length-three vector in advance which multiplies the
    Jacobian. The `primals` argument is the parameter (a tensor or a variable) we're
    specifying a vector for, and the `tangents` argument is the "vector" in Jacobian-vector
    product. If our goal is to compute the entire Jacobian matrix, forwardprop computes one
    column at a time while backprop computes one row at a time. Since the Jacobian in the
    linear regression example has only one row, backprop requires fewer invocations (the cell
    panics if the two disagree, as `np.testing.assert_allclose` raises):
    """),
    code("forward.columns", """
    lossFn := func() *tape.Tensor {
        return tape.ReduceSum(dense.Call(xf, false).Sub(targets).Pow(2.), nil, false)
    }
    var kernelFprop []*tape.Tensor
    acc = tape.NewForwardAccumulator(dense.Kernel(), tape.Constant([][]float64{{1.}, {0.}}))
    acc.Record(func() { kernelFprop = append(kernelFprop, acc.JVP(lossFn())) })
    acc = tape.NewForwardAccumulator(dense.Kernel(), tape.Constant([][]float64{{0.}, {1.}}))
    acc.Record(func() { kernelFprop = append(kernelFprop, acc.JVP(lossFn())) })
    var biasFprop *tape.Tensor
    acc = tape.NewForwardAccumulator(dense.Bias(), tape.Constant([]float64{1.}))
    acc.Record(func() { biasFprop = acc.JVP(lossFn()) })

    tp := tape.NewGradientTape()
    tp.Record(func() { lossF = lossFn() })
    kb := tp.Gradients(lossF, []*tape.Variable{dense.Kernel(), dense.Bias()})

    assertAllClose := func(a, b *tape.Tensor) {
        if d := tape.ReduceMax(tape.Abs(a.Sub(b)), nil, false).Float(); d > 1e-5*(1+tape.ReduceMax(tape.Abs(b), nil, false).Float()) {
            panic(fmt.Sprintf("not close: %v and %v", a, b))
        }
    }
    assertAllClose(kb[0], tape.Reshape(tape.Stack(kernelFprop, 0), 2, 1))
    assertAllClose(kb[1], tape.Reshape(biasFprop, 1))
    """),
    md("""
    Implicit in the `Gradients` call is a length-one vector which left-multiplies the
    Jacobian, a vector-Jacobian product.

    `acc.JVP(x)` retrieves the accumulator's JVP corresponding to the primal tensor `x`. It
    does not perform any computation. `JVP` calls can be repeated as long as `acc` is
    accessible, whether it records or not. New JVPs are only computed while it records.

    Accumulators nest: inner accumulators do not see the JVP computation of outer ones, so
    take higher-order JVPs from outer accumulators:
    """),
    code("forward.nested_inner", """
    primal := tape.Constant(1.1)
    outer := tape.NewForwardAccumulator(primal, tape.Constant(1.))
    var inner *tape.ForwardAccumulator
    var primalOut *tape.Tensor
    outer.Record(func() {
        inner = tape.NewForwardAccumulator(primal, tape.Constant(1.))
        inner.Record(func() {
            primalOut = tape.Pow(primal, tape.Constant(3.5))
        })
    })
    innerJVP := inner.JVP(primalOut)
    innerJVP // 3.5 * 1.1 ** 2.5
    """),
    code("forward.nested_outer", """
    outer.JVP(innerJVP) // 3.5 * 2.5 * 1.1 ** 1.5
    """),
    md("""
    Reversing the order in the last line to instead retrieve `inner.JVP(outer.JVP(primalOut))`
    will not work.

    Strict nesting also applies to combinations of accumulators and gradient tapes. More
    deeply nested tapes ignore the products of outer accumulators. This allows (for example)
    memory-efficient forward-over-backward computation of Hessian-vector products, where the
    inner tape would otherwise hold on to all intermediate JVPs:
    """),
    code("forward.hvp", """
    vf := tape.NewVariable([]float64{1., 2.})
    acc = tape.NewForwardAccumulator(vf,
        // The "vector" in Hessian-vector product.
        tape.Constant([]float64{1., 0.}))
    var backward *tape.Tensor
    acc.Record(func() {
        tp := tape.NewGradientTape()
        var y *tape.Tensor
        tp.Record(func() {
            y = tape.ReduceSum(vf.Pow(3.), nil, false)
        })
        backward = tp.Gradient(y, vf)
    })
    fmt.Println(backward)         // gradient from backprop
    fmt.Println(acc.JVP(backward)) // forward-over-backward Hessian-vector product
    """),
    md("""
    `tape.HVP(f, x, v)` packs this recipe for a function, and `tape.JVP(f, x, v)` is JAX's
    `jvp`; [beyond_tensorflow.ipynb](beyond_tensorflow.ipynb) uses them.
    """),
]
