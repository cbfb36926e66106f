"""advanced_autodiff_guide.ipynb: TensorFlow's guide "Advanced automatic differentiation"
(tensorflow.org/guide/advanced_autodiff) cell by cell in Go, with the log1pexp example of the
tf.custom_gradient docs; its Jacobians section is in guides_jacobians.py, and the examples of
the tf.autodiff.ForwardAccumulator docs that end it in guides_forward.py."""
from guides_forward import FORWARD
from guides_jacobians import JACOBIANS
from nbcells import code, md

ADVANCED = [
    md("""
    # Advanced automatic differentiation

    TensorFlow's guide [*Advanced automatic differentiation*](https://www.tensorflow.org/guide/advanced_autodiff),
    cell by cell in Go on the **gotape** kernel, with two more examples from TensorFlow's API
    docs: the numerically stable `log1pexp` of
    [`tf.custom_gradient`](https://www.tensorflow.org/api_docs/python/tf/custom_gradient) and
    forward mode with
    [`tf.autodiff.ForwardAccumulator`](https://www.tensorflow.org/api_docs/python/tf/autodiff/ForwardAccumulator).

    The [Introduction to gradients and automatic differentiation](autodiff_guide.ipynb) guide
    includes everything required to calculate gradients. This guide focuses on deeper, less
    common features of the gradient tape.

    ## Setup

    The pictures are drawn in Go (image/png) and shown with `display.HTML`.
    """),
    code("advanced.setup", """
    import (
        "bytes"
        "encoding/base64"
        "fmt"
        "image"
        "image/color"
        "image/png"

        "gonum.org/v1/gonum/mat"
    )
    """),
    md("""
    ## Controlling gradient recording

    In the [automatic differentiation guide](autodiff_guide.ipynb) you saw how to control which
    variables and tensors are watched by the tape while building the gradient calculation.

    The tape also has methods to manipulate the recording.

    ### Stop recording

    If you wish to stop recording gradients, you can use `t.StopRecording` to temporarily
    suspend recording.

    This may be useful to reduce overhead if you do not wish to differentiate a complicated
    operation in the middle of your model. This could include calculating a metric or an
    intermediate result:
    """),
    code("advanced.stop_recording", """
    x := tape.NewVariable(2.0)
    y := tape.NewVariable(3.0)

    t := tape.NewGradientTape()
    var z *tape.Tensor
    t.Record(func() {
        x_sq := x.Mul(x)
        var y_sq *tape.Tensor
        t.StopRecording(func() {
            y_sq = y.Mul(y)
        })
        z = x_sq.Add(y_sq)
    })

    grad := t.GradientMap(z, map[string]any{"x": x, "y": y})

    fmt.Println("dz/dx:", grad["x"]) // 2*x => 4
    fmt.Println("dz/dy:", grad["y"])
    """),
    md("""
    ### Reset/start recording from scratch

    If you wish to start over entirely, use `t.Reset()`. Simply leaving the `Record` block and
    starting a new one is usually easier to read, but you can use `Reset` when leaving the
    block is difficult or impossible.
    """),
    code("advanced.reset", """
    x = tape.NewVariable(2.0)
    y = tape.NewVariable(3.0)
    reset := true

    t = tape.NewGradientTape()
    t.Record(func() {
        y_sq := y.Mul(y)
        if reset {
            // Throw out all the tape recorded so far.
            t.Reset()
        }
        z = x.Mul(x).Add(y_sq)
    })

    grad = t.GradientMap(z, map[string]any{"x": x, "y": y})

    fmt.Println("dz/dx:", grad["x"]) // 2*x => 4
    fmt.Println("dz/dy:", grad["y"])
    """),
    md("""
    ## Stop gradient flow with precision

    In contrast to the global tape controls above, the `tape.StopGradient` function is much
    more precise. It can be used to stop gradients from flowing along a particular path,
    without needing access to the tape itself:
    """),
    code("advanced.stop_gradient", """
    x = tape.NewVariable(2.0)
    y = tape.NewVariable(3.0)

    t = tape.NewGradientTape()
    t.Record(func() {
        y_sq := y.Pow(2)
        z = x.Pow(2).Add(tape.StopGradient(y_sq))
    })

    grad = t.GradientMap(z, map[string]any{"x": x, "y": y})

    fmt.Println("dz/dx:", grad["x"]) // 2*x => 4
    fmt.Println("dz/dy:", grad["y"])
    """),
    md("""
    ## Custom gradients

    In some cases, you may want to control exactly how gradients are calculated rather than
    using the default. These situations include:

    1. There is no defined gradient for a new op you are writing.
    2. The default calculations are numerically unstable.
    3. You wish to cache an expensive computation from the forward pass.
    4. You want to modify a value (for example, using `tape.ClipByValue`) without modifying
       the gradient.

    `tape.CustomGradient(name, inputs, forward, grad)` is `tf.custom_gradient`: `forward`
    runs unrecorded, and the tape records one op whose vector-Jacobian product is `grad`.

    Here is an example that applies `tape.ClipByNorm` to the intermediate gradient:
    """),
    code("advanced.clip_gradients", """
    // Establish an identity operation, but clip during the gradient pass.
    clipGradients := func(y *tape.Tensor) *tape.Tensor {
        return tape.CustomGradient("ClipGradients", []*tape.Tensor{y},
            func(xs []*tape.Tensor) *tape.Tensor { return xs[0] },
            func(dy *tape.Tensor, xs []*tape.Tensor, out *tape.Tensor) []*tape.Tensor {
                return []*tape.Tensor{tape.ClipByNorm(dy, 0.5)}
            })
    }

    v := tape.NewVariable(2.0)
    t = tape.NewGradientTape()
    var output *tape.Tensor
    t.Record(func() {
        output = clipGradients(v.Mul(v))
    })
    fmt.Println(t.Gradient(output, v)) // calls "backward", which clips 4 to 2
    """),
    md("""
    The `tf.custom_gradient` docs give an example of the second case. $\\log(1 + e^x)$ occurs
    in cross entropies and log likelihoods; written naively, its gradient at $x = 100$ is NaN
    in float32, because $e^{100}$ overflows to $\\infty$ and the chain rule multiplies
    $\\frac{1}{1 + e^x} = 0$ by $e^x = \\infty$:
    """),
    code("advanced.log1pexp_naive", """
    log1pexp := func(x *tape.Tensor) *tape.Tensor {
        return tape.Log(tape.Exp(x).Add(1))
    }

    x100 := tape.Constant(100.)
    t = tape.NewGradientTape()
    var y100 *tape.Tensor
    t.Record(func() {
        t.Watch(x100)
        y100 = log1pexp(x100)
    })
    fmt.Println(t.Gradient(y100, x100)) // NaN
    """),
    md("""
    The gradient expression can be analytically simplified to provide numerical stability:
    $\\frac{d}{dx}\\log(1 + e^x) = 1 - \\frac{1}{1 + e^x}$.
    """),
    code("advanced.log1pexp_custom", """
    log1pexp = func(x *tape.Tensor) *tape.Tensor {
        e := tape.Exp(x)
        return tape.CustomGradient("Log1pexp", []*tape.Tensor{x},
            func(xs []*tape.Tensor) *tape.Tensor { return tape.Log(e.Add(1)) },
            func(upstream *tape.Tensor, xs []*tape.Tensor, y *tape.Tensor) []*tape.Tensor {
                return []*tape.Tensor{upstream.Mul(tape.Scalar(1).Sub(tape.Scalar(1).Div(e.Add(1))))}
            })
    }

    t = tape.NewGradientTape()
    t.Record(func() {
        t.Watch(x100)
        y100 = log1pexp(x100)
    })
    fmt.Println(t.Gradient(y100, x100))
    """),
    md("""
    With this definition, the gradient at $x = 100$ is correctly evaluated as 1.0 (the value is
    still $\\infty$). gotape's `tape.Softplus` is the same function computed stably as
    $\\max(x, 0) + \\log(1 + e^{-|x|})$, with the gradient $\\sigma(x)$:
    """),
    code("advanced.softplus", """
    t = tape.NewGradientTape()
    t.Record(func() {
        t.Watch(x100)
        y100 = tape.Softplus(x100)
    })
    fmt.Println(y100)
    fmt.Println(t.Gradient(y100, x100))
    """),
    md("""
    ### Custom gradients in SavedModel

    TensorFlow can save custom gradients into a SavedModel
    (`tf.saved_model.SaveOptions(experimental_custom_gradients=True)`). gotape has no
    SavedModel: a custom gradient is Go code, saved with the notebook.

    ## Multiple tapes

    Multiple tapes interact seamlessly.

    For example, here each tape watches a different set of tensors (`with tape0, tape1:` is
    one `Record` block inside the other):
    """),
    code("advanced.multiple_tapes", """
    x0 := tape.Constant(0.0)
    x1 := tape.Constant(0.0)

    tape0 := tape.NewGradientTape()
    tape1 := tape.NewGradientTape()
    var ys *tape.Tensor
    tape0.Record(func() {
        tape1.Record(func() {
            tape0.Watch(x0)
            tape1.Watch(x1)

            y0 := tape.Sin(x0)
            y1 := tape.Sigmoid(x1)

            y := y0.Add(y1)

            ys = tape.ReduceSum(y, nil, false)
        })
    })
    """),
    code("advanced.tape0", """
    tape0.Gradient(ys, x0).NumpyString() // cos(x) => 1.0
    """),
    code("advanced.tape1", """
    tape1.Gradient(ys, x1).NumpyString() // sigmoid(x1)*(1-sigmoid(x1)) => 0.25
    """),
    md("""
    ### Higher-order gradients

    Operations inside of a `Record` block are recorded for automatic differentiation. If
    gradients are computed in that block, then the gradient computation is recorded as well.
    As a result, the exact same API works for higher-order gradients as well.

    For example:
    """),
    code("advanced.higher_order", """
    x = tape.NewVariable(1.0) // Create a variable initialized to 1.0

    t2 := tape.NewGradientTape()
    var dy_dx *tape.Tensor
    t2.Record(func() {
        t1 := tape.NewGradientTape()
        var y *tape.Tensor
        t1.Record(func() {
            y = x.Mul(x).Mul(x)
        })

        // Compute the gradient inside the outer `t2` block
        // which means the gradient computation is differentiable as well.
        dy_dx = t1.Gradient(y, x)
    })
    d2y_dx2 := t2.Gradient(dy_dx, x)

    fmt.Println("dy_dx:", dy_dx.NumpyString())     // 3 * x**2 => 3.0
    fmt.Println("d2y_dx2:", d2y_dx2.NumpyString()) // 6 * x => 6.0
    """),
    md("""
    While that does give you the second derivative of a _scalar_ function, this pattern does
    not generalize to produce a Hessian matrix, since `Gradient` only computes the gradient of
    a scalar. To construct a [Hessian matrix](https://en.wikipedia.org/wiki/Hessian_matrix), go
    to the [Hessian example](#Example:-Hessian) under the [Jacobian section](#Jacobians).

    "Nested calls to `Gradient`" is a good pattern when you are calculating a scalar from a
    gradient, and then the resulting scalar acts as a source for a second gradient
    calculation, as in the following example.

    #### Example: Input gradient regularization

    Many models are susceptible to "adversarial examples". This collection of techniques
    modifies the model's input to confuse the model's output. The simplest implementation
    takes a single step along the gradient of the output with respect to the input; the
    "input gradient".

    One technique to increase robustness to adversarial examples is
    [input gradient regularization](https://arxiv.org/abs/1905.11468) (Finlay & Oberman,
    2019), which attempts to minimize the magnitude of the input gradient. If the input
    gradient is small, then the change in the output should be small too.

    Below is a naive implementation of input gradient regularization. The implementation is:

    1. Calculate the gradient of the output with respect to the input using an inner tape.
    2. Calculate the magnitude of that input gradient.
    3. Calculate the gradient of that magnitude with respect to the model.
    """),
    code("advanced.igr_setup", """
    xr := tape.RandomNormal([]int{7, 5}, 0, 1)

    layer := nn.Dense(10, nn.Activation("relu"))
    """),
    code("advanced.igr", """
    t2 = tape.NewGradientTape()
    var g1_mag *tape.Tensor
    t2.Record(func() {
        // The inner tape only takes the gradient with respect to the input,
        // not the variables.
        t1 := tape.NewGradientTape(tape.WatchAccessedVariables(false))
        var out *tape.Tensor
        t1.Record(func() {
            t1.Watch(xr)
            y := layer.Call(xr, false)
            out = tape.ReduceSum(layer.Call(xr, false).Pow(2), nil, false)
        })
        // 1. Calculate the input gradient.
        g1 := t1.Gradient(out, xr)
        // 2. Calculate the magnitude of the input gradient.
        g1_mag = tape.Sqrt(tape.ReduceSum(tape.Square(g1), nil, false))
    })

    // 3. Calculate the gradient of the magnitude with respect to the model.
    dg1_mag := t2.Gradients(g1_mag, layer.TrainableVariables())
    """),
    code("advanced.igr_shapes", """
    var shapes []tape.TensorShape
    for _, v := range dg1_mag {
        shapes = append(shapes, v.Shape())
    }
    shapes
    """),
] + JACOBIANS + FORWARD
