"""autodiff_guide.ipynb: TensorFlow's guide "Introduction to gradients and automatic
differentiation" (tensorflow.org/guide/autodiff), cell by cell in Go."""
from guides_none import NONE_CASES
from nbcells import code, md

AUTODIFF = [
    md("""
    # Introduction to gradients and automatic differentiation

    TensorFlow's guide [*Introduction to gradients and automatic differentiation*](https://www.tensorflow.org/guide/autodiff),
    cell by cell in Go on the **gotape** kernel: the same sections in the same order, printing
    what TensorFlow prints.

    ## Automatic Differentiation and Gradients

    [Automatic differentiation](https://en.wikipedia.org/wiki/Automatic_differentiation) is
    useful for implementing machine learning algorithms such as
    [backpropagation](https://en.wikipedia.org/wiki/Backpropagation) for training neural
    networks.

    In this guide, you will explore ways to compute gradients with gotape, in eager execution
    (gotape has no other kind).

    ## Setup

    The packages `tape`, `nn`, `optim`, `display` and `tapetest` are preloaded; a cell imports
    the standard library it uses.
    """),
    code("autodiff.setup", """
    import "fmt"
    """),
    md("""
    ## Computing gradients

    To differentiate automatically, gotape needs to remember what operations happen in what
    order during the *forward* pass. Then, during the *backward pass*, it traverses this list
    of operations in reverse order to compute gradients.

    ## Gradient tapes

    `tape.GradientTape` is `tf.GradientTape`: it records the operations executed while it
    records onto a "tape", then computes the gradients of a recorded computation using
    [reverse mode differentiation](https://en.wikipedia.org/wiki/Automatic_differentiation).
    Go has no `with` block: the block is a function literal passed to `Record`, and values it
    computes are declared before it. Since `tape` is the package's name, the tape is `t`.

    Here is a simple example:
    """),
    code("autodiff.first_tape", """
    x := tape.NewVariable(3.0)

    t := tape.NewGradientTape()
    var y *tape.Tensor
    t.Record(func() {
        y = x.Pow(2)
    })
    """),
    md("""
    Once you've recorded some operations, use `t.Gradient(target, source)` to calculate the
    gradient of some target (often a loss) relative to some source (often the model's
    variables). `NumpyString` is `.numpy()` as NumPy prints it:
    """),
    code("autodiff.first_gradient", """
    // dy = 2x * dx
    dy_dx := t.Gradient(y, x)
    dy_dx.NumpyString()
    """),
    md("""
    The above example uses scalars, but the tape works as easily on any tensor:
    """),
    code("autodiff.w_b", """
    w := tape.NewVariable(tape.RandomNormal([]int{3, 2}, 0, 1), tape.Name("w"))
    b := tape.NewVariable(tape.Zeros(2), tape.Name("b"))
    xs := tape.Constant([][]float64{{1., 2., 3.}})

    t = tape.NewGradientTape(tape.Persistent(true))
    var loss *tape.Tensor
    t.Record(func() {
        y = xs.MatMul(w).Add(b)
        loss = y.Pow(2).Mean()
    })
    """),
    md("""
    To get the gradient of `loss` with respect to both variables, you can pass both as sources
    to the `Gradients` method (a slice of variables; `GradientsOf` takes any mix of tensors
    and variables, `GradientMap` a map):
    """),
    code("autodiff.w_b_gradients", """
    grads := t.Gradients(loss, []*tape.Variable{w, b})
    dl_dw, dl_db := grads[0], grads[1]
    """),
    md("""
    The gradient with respect to each source has the shape of the source:
    """),
    code("autodiff.shapes", """
    fmt.Println(w.Shape())
    fmt.Println(dl_dw.Shape())
    """),
    md("""
    Here is the gradient calculation again, this time passing a map of variables:
    """),
    code("autodiff.dict", """
    my_vars := map[string]any{
        "w": w,
        "b": b,
    }

    grad := t.GradientMap(loss, my_vars)
    grad["b"]
    """),
    md("""
    ## Gradients with respect to a model

    It's common to collect variables into a layer or a model. In most cases, you will want to
    calculate gradients with respect to a model's trainable variables. Every layer of `nn`
    lists them in `TrainableVariables()`, so you can calculate these gradients in a few lines
    of code (`layer.Call(x, false)` is Keras' `layer(x)`):
    """),
    code("autodiff.layer", """
    layer := nn.Dense(2, nn.Activation("relu"))
    xl := tape.Constant([][]float64{{1., 2., 3.}})

    t = tape.NewGradientTape()
    t.Record(func() {
        // Forward pass
        y = layer.Call(xl, false)
        loss = y.Pow(2).Mean()
    })

    // Calculate gradients with respect to every trainable variable
    layerGrads := t.Gradients(loss, layer.TrainableVariables())
    """),
    code("autodiff.layer_shapes", """
    for i, v := range layer.TrainableVariables() {
        fmt.Printf("%s:0, shape: %v\\n", v.Name(), layerGrads[i].Shape())
    }
    """),
    md("""
    ## Controlling what the tape watches

    The default behavior is to record all operations after accessing a trainable variable. The
    reasons for this are:

    * The tape needs to know which operations to record in the forward pass to calculate the
      gradients in the backwards pass.
    * The tape holds references to intermediate outputs, so you don't want to record
      unnecessary operations.
    * The most common use case involves calculating the gradient of a loss with respect to all
      a model's trainable variables.

    For example, the following fails to calculate a gradient because the tensor is not
    "watched" by default, and the variable is not trainable:
    """),
    code("autodiff.watch_defaults", """
    // A trainable variable
    x0 := tape.NewVariable(3.0, tape.Name("x0"))
    // Not trainable
    x1 := tape.NewVariable(3.0, tape.Name("x1"), tape.Trainable(false))
    // Not a Variable: A variable + tensor returns a tensor.
    x2 := tape.NewVariable(2.0, tape.Name("x2")).Add(1.0)
    // Not a variable
    x3 := tape.Constant(3.0)

    t = tape.NewGradientTape()
    t.Record(func() {
        y = x0.Pow(2).Add(x1.Pow(2)).Add(x2.Pow(2))
    })

    for _, g := range t.GradientsOf([]*tape.Tensor{y}, []any{x0, x1, x2, x3}) {
        fmt.Println(g)
    }
    """),
    md("""
    You can list the variables being watched by the tape using the `WatchedVariables` method
    (TensorFlow's names end in `:0`, the output index):
    """),
    code("autodiff.watched_variables", """
    var names []string
    for _, v := range t.WatchedVariables() {
        names = append(names, v.Name()+":0")
    }
    names
    """),
    md("""
    The tape provides hooks that give the user control over what is or is not watched.

    To record gradients with respect to a tensor, you need to call `t.Watch(x)`:
    """),
    code("autodiff.watch_constant", """
    xc := tape.Constant(3.0)
    t = tape.NewGradientTape()
    t.Record(func() {
        t.Watch(xc)
        y = xc.Pow(2)
    })

    // dy = 2x * dx
    dy_dx = t.Gradient(y, xc)
    fmt.Println(dy_dx.NumpyString())
    """),
    md("""
    Conversely, to disable the default behavior of watching all variables, make the tape with
    `tape.WatchAccessedVariables(false)`. This calculation uses two variables, but only
    connects the gradient for one of the variables:
    """),
    code("autodiff.no_auto_watch", """
    x0 = tape.NewVariable(0.0)
    x1 = tape.NewVariable(10.0)

    t = tape.NewGradientTape(tape.WatchAccessedVariables(false))
    var ys *tape.Tensor
    t.Record(func() {
        t.Watch(x1)
        y0 := tape.Sin(x0)
        y1 := tape.Softplus(x1)
        y = y0.Add(y1)
        ys = tape.ReduceSum(y, nil, false)
    })
    """),
    md("""
    Since `Watch` was not called on `x0`, no gradient is computed with respect to it:
    """),
    code("autodiff.no_auto_watch_grads", """
    // dys/dx1 = exp(x1) / (1 + exp(x1)) = sigmoid(x1)
    grad = t.GradientMap(ys, map[string]any{"x0": x0, "x1": x1})

    fmt.Println("dy/dx0:", grad["x0"])
    fmt.Println("dy/dx1:", grad["x1"].NumpyString())
    """),
    md("""
    ## Intermediate results

    You can also request gradients of the output with respect to intermediate values computed
    while the tape records.
    """),
    code("autodiff.intermediate", """
    xc = tape.Constant(3.0)

    t = tape.NewGradientTape()
    var z *tape.Tensor
    t.Record(func() {
        t.Watch(xc)
        y = xc.Mul(xc)
        z = y.Mul(y)
    })

    // Use the tape to compute the gradient of z with respect to the
    // intermediate value y.
    // dz_dy = 2 * y and y = x ** 2 = 9
    fmt.Println(t.Gradient(z, y).NumpyString())
    """),
    md("""
    By default, the resources held by a tape are released as soon as `Gradient` is called. To
    compute multiple gradients over the same computation, create the tape with
    `tape.Persistent(true)`. This allows multiple calls to `Gradient`; `Release` frees the
    tape (Python's `del tape`). For example:
    """),
    code("autodiff.persistent", """
    xc = tape.Constant([]float64{1, 3.0})
    t = tape.NewGradientTape(tape.Persistent(true))
    t.Record(func() {
        t.Watch(xc)
        y = xc.Mul(xc)
        z = y.Mul(y)
    })

    fmt.Println(t.Gradient(z, xc).NumpyString()) // [4.0, 108.0] (4 * x**3 at x = [1.0, 3.0])
    fmt.Println(t.Gradient(y, xc).NumpyString()) // [2.0, 6.0] (2 * x at x = [1.0, 3.0])
    """),
    code("autodiff.release", """
    t.Release() // Drop the reference to the tape
    """),
    md("""
    ## Notes on performance

    * There is a tiny overhead associated with doing operations while a tape records. It is
      small, but you should still record only where it is required.

    * Gradient tapes use memory to store intermediate results, including inputs and outputs,
      for use during the backwards pass. With `tape.Persistent(true)` nothing is discarded
      until `Release`.

    ## Gradients of non-scalar targets

    A gradient is fundamentally an operation on a scalar.
    """),
    code("autodiff.two_targets", """
    xv := tape.NewVariable(2.0)
    t = tape.NewGradientTape(tape.Persistent(true))
    var y0, y1 *tape.Tensor
    t.Record(func() {
        y0 = xv.Pow(2)
        y1 = tape.Scalar(1).Div(xv)
    })

    fmt.Println(t.Gradient(y0, xv).NumpyString())
    fmt.Println(t.Gradient(y1, xv).NumpyString())
    """),
    md("""
    Thus, if you ask for the gradient of multiple targets, the result for each source is:

    * The gradient of the sum of the targets, or equivalently
    * The sum of the gradients of each target.
    """),
    code("autodiff.sum_of_targets", """
    xv = tape.NewVariable(2.0)
    t = tape.NewGradientTape()
    t.Record(func() {
        y0 = xv.Pow(2)
        y1 = tape.Scalar(1).Div(xv)
    })

    fmt.Println(t.GradientsOf([]*tape.Tensor{y0, y1}, []any{xv})[0].NumpyString())
    """),
    md("""
    Similarly, if the target(s) are not scalar the gradient of the sum is calculated:
    """),
    code("autodiff.vector_target", """
    xv = tape.NewVariable(2.)

    t = tape.NewGradientTape()
    t.Record(func() {
        y = xv.Mul(tape.Constant([]float64{3., 4.}))
    })

    fmt.Println(t.Gradient(y, xv).NumpyString())
    """),
    md("""
    This makes it simple to take the gradient of the sum of a collection of losses, or the
    gradient of the sum of an element-wise loss calculation.

    If you need a separate gradient for each item, refer to
    [Jacobians](advanced_autodiff_guide.ipynb#Jacobians).

    In some cases you can skip the Jacobian. For an element-wise calculation, the gradient of
    the sum gives the derivative of each element with respect to its input-element, since each
    element is independent:
    """),
    code("autodiff.sigmoid", """
    xs = tape.Linspace(-10.0, 10.0, 200+1)

    t = tape.NewGradientTape()
    t.Record(func() {
        t.Watch(xs)
        y = tape.Sigmoid(xs)
    })

    dy_dx = t.Gradient(y, xs)
    """),
    code("autodiff.sigmoid_plot", """
    display.NewPlot().Line(xs, y, "y").Line(xs, dy_dx, "dy/dx").XLabel("x")
    """),
    md("""
    ## Control flow

    Because a gradient tape records operations as they are executed, Go control flow is
    naturally handled (for example, `if` and `for` statements).

    Here a different variable is used on each branch of an `if`. The gradient only connects to
    the variable that was used:
    """),
    code("autodiff.control_flow", """
    xc = tape.Constant(1.0)

    v0 := tape.NewVariable(2.0)
    v1 := tape.NewVariable(2.0)

    t = tape.NewGradientTape(tape.Persistent(true))
    var result *tape.Tensor
    t.Record(func() {
        t.Watch(xc)
        if xc.Float() > 0.0 {
            result = v0.Value()
        } else {
            result = v1.Pow(2)
        }
    })

    dv := t.Gradients(result, []*tape.Variable{v0, v1})

    fmt.Println(dv[0])
    fmt.Println(dv[1])
    """),
    md("""
    Just remember that the control statements themselves are not differentiable, so they are
    invisible to gradient-based optimizers.

    Depending on the value of `x` in the above example, the tape either records `result = v0`
    or `result = v1**2`. The gradient with respect to `x` is always `None`.
    """),
    code("autodiff.control_flow_x", """
    dx := t.Gradient(result, xc)

    fmt.Println(dx)
    """),
] + NONE_CASES
