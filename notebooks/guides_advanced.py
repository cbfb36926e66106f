"""advanced_autodiff_guide.ipynb: TensorFlow's guide "Advanced automatic differentiation"
(tensorflow.org/guide/advanced_autodiff) cell by cell in Go, with the log1pexp example of the
tf.custom_gradient docs and the examples of the tf.autodiff.ForwardAccumulator docs
(guides_forward.py)."""
from guides_forward import FORWARD
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
    md("""
    ## Jacobians

    All the previous examples took the gradients of a scalar target with respect to some
    source tensor(s).

    The [Jacobian matrix](https://en.wikipedia.org/wiki/Jacobian_matrix_and_determinant)
    represents the gradients of a vector valued function. Each row contains the gradient of
    one of the vector's elements.

    The `t.Jacobian` method allows you to efficiently calculate a Jacobian matrix: it is
    vectorized like TensorFlow's `experimental_use_pfor=True` (one backward pass computes many
    rows; `tape.UsePfor(false)` runs one pass per row).

    Note that:

    * Like `Gradient`: The source can be a tensor or a variable.
    * Unlike `GradientsOf`: The target must be a single tensor.

    ### Scalar source

    As a first example, here is the Jacobian of a vector-target with respect to a
    scalar-source.
    """),
    code("advanced.scalar_source", """
    xl := tape.Linspace(-10.0, 10.0, 200+1)
    delta := tape.NewVariable(0.0)

    t = tape.NewGradientTape()
    var yl *tape.Tensor
    t.Record(func() {
        yl = tape.Sigmoid(xl.Add(delta))
    })

    dy_dx = t.Jacobian(yl, delta)
    """),
    md("""
    When you take the Jacobian with respect to a scalar the result has the shape of the
    **target**, and gives the gradient of the each element with respect to the source:
    """),
    code("advanced.scalar_source_shapes", """
    fmt.Println(yl.Shape())
    fmt.Println(dy_dx.Shape())
    """),
    code("advanced.scalar_source_plot", """
    display.NewPlot().Line(xl, yl, "y").Line(xl, dy_dx, "dy/dx").XLabel("x")
    """),
    md("""
    ### Tensor source

    Whether the input is scalar or tensor, `t.Jacobian` efficiently calculates the gradient of
    each element of the source with respect to each element of the target(s).

    For example, the output of this layer has a shape of `(7, 10)`:
    """),
    code("advanced.tensor_source", """
    xr = tape.RandomNormal([]int{7, 5}, 0, 1)
    layer = nn.Dense(10, nn.Activation("relu"))

    t = tape.NewGradientTape(tape.Persistent(true))
    t.Record(func() {
        yl = layer.Call(xr, false)
    })

    yl.Shape()
    """),
    md("""
    And the layer's kernel's shape is `(5, 10)`:
    """),
    code("advanced.kernel_shape", """
    layer.Kernel().Shape()
    """),
    md("""
    The shape of the Jacobian of the output with respect to the kernel is those two shapes
    concatenated together:
    """),
    code("advanced.kernel_jacobian", """
    j := t.Jacobian(yl, layer.Kernel())
    j.Shape()
    """),
    md("""
    If you sum over the target's dimensions, you're left with the gradient of the sum that
    would have been calculated by `Gradient`:
    """),
    code("advanced.kernel_jacobian_sum", """
    g := t.Gradient(yl, layer.Kernel())
    fmt.Println("g.shape:", g.Shape())

    j_sum := tape.ReduceSum(j, []int{0, 1}, false)
    d := tape.ReduceMax(tape.Abs(g.Sub(j_sum)), nil, false)
    if d.Float() >= 1e-3 {
        panic("the Jacobian does not sum to the gradient")
    }
    fmt.Println("delta:", d.NumpyString())
    """),
    md("""
    #### Example: Hessian

    The tape has no method for a [Hessian matrix](https://en.wikipedia.org/wiki/Hessian_matrix)
    but it's possible to build one using `Jacobian` (and `tape.Hessian(f)` does it for a
    function, see [beyond_tensorflow.ipynb](beyond_tensorflow.ipynb)).

    Note: The Hessian matrix contains `N**2` parameters. For this and other reasons it is not
    practical for most models. This example is included more as a demonstration of how to use
    `Jacobian`, and is not an endorsement of direct Hessian-based optimization. A
    Hessian-vector product can be calculated efficiently with nested tapes, and is a much more
    efficient approach to second-order optimization.
    """),
    code("advanced.hessian", """
    xh := tape.RandomNormal([]int{7, 5}, 0, 1)
    layer1 := nn.Dense(8, nn.Activation("relu"))
    layer2 := nn.Dense(6, nn.Activation("relu"))

    t2 = tape.NewGradientTape()
    var gh *tape.Tensor
    t2.Record(func() {
        t1 := tape.NewGradientTape()
        var loss *tape.Tensor
        t1.Record(func() {
            xh := layer1.Call(xh, false)
            xh = layer2.Call(xh, false)
            loss = xh.Pow(2).Mean()
        })

        gh = t1.Gradient(loss, layer1.Kernel())
    })

    h := t2.Jacobian(gh, layer1.Kernel())
    """),
    code("advanced.hessian_shapes", """
    fmt.Printf("layer.kernel.shape: %v\\n", layer1.Kernel().Shape())
    fmt.Printf("h.shape: %v\\n", h.Shape())
    """),
    md("""
    To use this Hessian for a
    [Newton's method](https://en.wikipedia.org/wiki/Newton%27s_method_in_optimization) step,
    you would first flatten out its axes into a matrix, and flatten out the gradient into a
    vector:
    """),
    code("advanced.hessian_flatten", """
    n_params := layer1.Kernel().Size()

    g_vec := tape.Reshape(gh, n_params, 1)
    h_mat := tape.Reshape(h, n_params, n_params)
    """),
    md("""
    The Hessian matrix should be symmetric (blue below zero, red above, white at zero):
    """),
    code("advanced.imshow", """
    // seismic maps v in [-1, 1] to blue (-1), white (0) and red (1).
    func seismic(v float64) color.RGBA {
        if v != v { // NaN
            return color.RGBA{0, 0, 0, 255}
        }
        if v < -1 {
            v = -1
        }
        if v > 1 {
            v = 1
        }
        if v < 0 {
            w := uint8(255 * (1 + v))
            return color.RGBA{w, w, 255, 255}
        }
        w := uint8(255 * (1 - v))
        return color.RGBA{255, w, w, 255}
    }

    // imshowZeroCenter shows a matrix as an image centred on zero, one pixel per element
    // scaled up, with a caption (matplotlib's imshow with vmin=-lim, vmax=lim).
    func imshowZeroCenter(m *tape.Tensor, title string) {
        s := m.Shape()
        lim := tape.ReduceMax(tape.Abs(m), nil, false).Float()
        if lim == 0 {
            lim = 1
        }
        img := image.NewRGBA(image.Rect(0, 0, s[1], s[0]))
        for i, v := range m.Floats() {
            img.Set(i%s[1], i/s[1], seismic(v/lim))
        }
        var buf bytes.Buffer
        png.Encode(&buf, img)
        scale := 400 / s[0]
        if s[1] > s[0] {
            scale = 400 / s[1]
        }
        if scale < 4 {
            scale = 4
        }
        display.HTML(fmt.Sprintf(`<figure><img width="%d" height="%d" style="image-rendering: pixelated" `+
            `src="data:image/png;base64,%s"><figcaption>%s (|max| = %.3g)</figcaption></figure>`,
            s[1]*scale, s[0]*scale, base64.StdEncoding.EncodeToString(buf.Bytes()), title, lim))
    }
    """),
    code("advanced.imshow_hessian", """
    imshowZeroCenter(h_mat, "The Hessian of the loss with respect to layer1's kernel")
    """),
    md("""
    The Newton's method update step is shown below (`tf.eye(n)*eps` and `tf.linalg.solve` come
    from gonum's `mat`: `Tensor.Dense` and `tape.FromDense` convert):
    """),
    code("advanced.eye", """
    eps := 1e-3
    diag := make([]float64, h_mat.Shape()[0])
    for i := range diag {
        diag[i] = eps
    }
    eye_eps := tape.FromDense(mat.NewDiagDense(len(diag), diag), tape.Float32)
    """),
    md("""
    Note: [Don't actually invert the matrix](https://www.johndcook.com/blog/2010/01/19/dont-invert-that-matrix/).
    """),
    code("advanced.newton", """
    // X(k+1) = X(k) - (∇²f(X(k)))^-1 @ ∇f(X(k))
    // h_mat = ∇²f(X(k))
    // g_vec = ∇f(X(k))
    var update mat.Dense
    _ = update.Solve(h_mat.Add(eye_eps).Dense(), g_vec.Dense())

    // Reshape the update and apply it to the variable.
    _ = layer1.Kernel().AssignSub(tape.Reshape(tape.FromDense(&update, tape.Float32), layer1.Kernel().Shape()...))
    """),
    md("""
    While this is relatively simple for a single variable, applying this to a non-trivial
    model would require careful concatenation and slicing to produce a full Hessian across
    multiple variables.

    ### Batch Jacobian

    In some cases, you want to take the Jacobian of each of a stack of targets with respect to
    a stack of sources, where the Jacobians for each target-source pair are independent.

    For example, here the input `x` is shaped `(batch, ins)` and the output `y` is shaped
    `(batch, outs)`:
    """),
    code("advanced.batch_setup", """
    xb := tape.RandomNormal([]int{7, 5}, 0, 1)

    layer1 = nn.Dense(8, nn.Activation("elu"))
    layer2 = nn.Dense(6, nn.Activation("elu"))

    t = tape.NewGradientTape(tape.Persistent(true), tape.WatchAccessedVariables(false))
    var yb *tape.Tensor
    t.Record(func() {
        t.Watch(xb)
        yb = layer1.Call(xb, false)
        yb = layer2.Call(yb, false)
    })

    yb.Shape()
    """),
    md("""
    The full Jacobian of `y` with respect to `x` has a shape of `(batch, outs, batch, ins)`,
    even if you only want `(batch, outs, ins)`:
    """),
    code("advanced.batch_full", """
    j = t.Jacobian(yb, xb)
    j.Shape()
    """),
    md("""
    If the gradients of each item in the stack are independent, then every `(batch, batch)`
    slice of this tensor is a diagonal matrix:
    """),
    code("advanced.batch_slice", """
    imshowZeroCenter(tape.Reshape(tape.Slice(j, []int{0, 0, 0, 0}, []int{7, 1, 7, 1}), 7, 7), "A (batch, batch) slice")
    """),
    code("advanced.batch_patches", """
    func plotAsPatches(j *tape.Tensor, title string) {
        // Reorder axes so the diagonals will each form a contiguous patch.
        j = tape.Transpose(j, 1, 0, 3, 2)
        // Pad in between each patch.
        lim := tape.ReduceMax(tape.Abs(j), nil, false).Float()
        s := j.Shape()
        j = tape.Concat([]*tape.Tensor{tape.Fill([]int{s[0], 1, s[2], s[3]}, -lim), j,
            tape.Fill([]int{s[0], 1, s[2], s[3]}, -lim)}, 1)
        s = j.Shape()
        j = tape.Concat([]*tape.Tensor{tape.Fill([]int{s[0], s[1], s[2], 1}, -lim), j,
            tape.Fill([]int{s[0], s[1], s[2], 1}, -lim)}, 3)
        // Reshape to form a single image.
        s = j.Shape()
        imshowZeroCenter(tape.Reshape(j, s[0]*s[1], s[2]*s[3]), title)
    }

    plotAsPatches(j, "All (batch, batch) slices are diagonal")
    """),
    md("""
    To get the desired result, you can sum over the duplicate `batch` dimension, or else
    select the diagonals (`tf.einsum('bxby->bxy', j)`; here a `Gather` of the diagonal
    entries):
    """),
    code("advanced.batch_sum_select", """
    j_sum = tape.ReduceSum(j, []int{2}, false)
    fmt.Println(j_sum.Shape())

    diagonal := make([]int, 7)
    for i := range diagonal {
        diagonal[i] = i * (7 + 1)
    }
    jt := tape.Reshape(tape.Transpose(j, 0, 2, 1, 3), 7*7, 6, 5)
    j_select := tape.Gather(jt, tape.Constant(diagonal), 0)
    fmt.Println(j_select.Shape())
    """),
    md("""
    It would be much more efficient to do the calculation without the extra dimension in the
    first place. The `t.BatchJacobian` method does exactly that:
    """),
    code("advanced.batch_jacobian", """
    jb := t.BatchJacobian(yb, xb)
    jb.Shape()
    """),
    code("advanced.batch_error", """
    batchErr := tape.ReduceMax(tape.Abs(jb.Sub(j_sum)), nil, false)
    if batchErr.Float() >= 1e-3 {
        panic("BatchJacobian differs from the summed Jacobian")
    }
    fmt.Println(batchErr.NumpyString())
    """),
    md("""
    Caution: `BatchJacobian` only verifies that the first dimension of the source and target
    match. It doesn't check that the gradients are actually independent. It's up to you to
    make sure you only use `BatchJacobian` where it makes sense. For example, adding a batch
    normalization (Keras' `BatchNormalization` in training mode, written here with tape ops)
    destroys the independence, since it normalizes across the `batch` dimension:
    """),
    code("advanced.batch_norm", """
    xb = tape.RandomNormal([]int{7, 5}, 0, 1)

    layer1 = nn.Dense(8, nn.Activation("elu"))
    // bn normalizes each feature over the batch (gamma 1, beta 0, Keras' epsilon 0.001).
    bn := func(y *tape.Tensor) *tape.Tensor {
        mean := tape.ReduceMean(y, []int{0}, true)
        variance := tape.ReduceMean(tape.Square(y.Sub(mean)), []int{0}, true)
        return y.Sub(mean).Div(tape.Sqrt(variance.Add(1e-3)))
    }
    layer2 = nn.Dense(6, nn.Activation("elu"))

    t = tape.NewGradientTape(tape.Persistent(true), tape.WatchAccessedVariables(false))
    t.Record(func() {
        t.Watch(xb)
        yb = layer1.Call(xb, false)
        yb = bn(yb)
        yb = layer2.Call(yb, false)
    })

    j = t.Jacobian(yb, xb)
    fmt.Printf("j.shape: %v\\n", j.Shape())
    """),
    code("advanced.batch_norm_patches", """
    plotAsPatches(j, "These slices are not diagonal. Don't use BatchJacobian")
    """),
    md("""
    In this case, `BatchJacobian` still runs and returns _something_ with the expected shape,
    but its contents have an unclear meaning:
    """),
    code("advanced.batch_norm_jacobian", """
    jb = t.BatchJacobian(yb, xb)
    fmt.Printf("jb.shape: %v\\n", jb.Shape())
    """),
] + FORWARD
