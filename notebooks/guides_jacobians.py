"""The Jacobians section of advanced_autodiff_guide.ipynb (tensorflow.org/guide/advanced_autodiff):
Jacobians of a scalar and a tensor source, the Hessian with a Newton step, batch Jacobians."""
from nbcells import code, md

JACOBIANS = [
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
]
