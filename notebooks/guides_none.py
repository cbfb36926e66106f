"""The second half of autodiff_guide.ipynb (tensorflow.org/guide/autodiff): the cases where a
gradient is None, ops without gradient, zeros instead of None."""
from nbcells import code, md

NONE_CASES = [
    md("""
    ## Cases where gradient returns `None`

    When a target is not connected to a source, gradient will return `None` (a nil tensor,
    printed `None`).
    """),
    code("autodiff.unconnected", """
    xv = tape.NewVariable(2.)
    yv := tape.NewVariable(3.)

    t = tape.NewGradientTape()
    t.Record(func() {
        z = yv.Mul(yv)
    })
    fmt.Println(t.Gradient(z, xv))
    """),
    md("""
    Here `z` is obviously not connected to `x`, but there are several less-obvious ways that a
    gradient can be disconnected.

    ### 1. Replaced a variable with a tensor

    In the section on ["controlling what the tape watches"](#Controlling-what-the-tape-watches)
    you saw that the tape will automatically watch a variable but not a tensor.

    One common error in Python is to inadvertently replace a `tf.Variable` with a `tf.Tensor`,
    instead of using `Variable.assign` to update the variable. Go's types make that
    replacement a compile error unless the variable is declared as `any`, as here:
    """),
    code("autodiff.replaced_variable", """
    var xa any = tape.NewVariable(2.0)

    for epoch := 0; epoch < 2; epoch++ {
        t := tape.NewGradientTape()
        var y *tape.Tensor
        t.Record(func() {
            switch v := xa.(type) {
            case *tape.Variable:
                y = v.Add(1)
            case *tape.Tensor:
                y = v.Add(1)
            }
        })

        fmt.Printf("%T : %v\\n", xa, t.GradientsOf([]*tape.Tensor{y}, []any{xa})[0])
        xa = y // This should be `x.AssignAdd(1)`
    }
    """),
    md("""
    ### 2. Did calculations outside of gotape

    The tape can't record the gradient path if the calculation exits gotape's ops. For
    example, a mean computed with a Go loop:
    """),
    code("autodiff.outside", """
    xm := tape.NewVariable([][]float64{{1.0, 2.0},
        {3.0, 4.0}}, tape.AsDType(tape.Float32))

    t = tape.NewGradientTape()
    t.Record(func() {
        x2 := xm.Pow(2)

        // This step is calculated in plain Go
        v := x2.Floats()
        mean := []float64{(v[0] + v[2]) / 2, (v[1] + v[3]) / 2}

        // Like most ops, ReduceMean takes a new constant tensor made from the Go values
        y = tape.ReduceMean(tape.Constant(mean), []int{0}, false)
    })

    fmt.Println(t.Gradient(y, xm))
    """),
    md("""
    ### 3. Took gradients through an integer

    Integers are not differentiable. If a calculation path uses these data types there will be
    no gradient.

    It's easy to accidentally create an integer constant or variable if you don't specify the
    dtype: `tape.Constant(10)` is an `int32` tensor. The tape warns on the cell's stderr, as
    TensorFlow does:
    """),
    code("autodiff.integer", """
    xi := tape.Constant(10)

    g := tape.NewGradientTape()
    g.Record(func() {
        g.Watch(xi)
        y = xi.Mul(xi)
    })

    fmt.Println(g.Gradient(y, xi))
    """),
    md("""
    gotape doesn't automatically cast between types, so, in practice, you'll often get a type
    error instead of a missing gradient.

    ### 4. Took gradients through a stateful object

    State stops gradients. When you read from a stateful object, the tape can only observe the
    current state, not the history that lead to it.

    A tensor is immutable. You can't change a tensor once it's created. It has a _value_, but
    no _state_. All the operations discussed so far are also stateless: the output of a
    `MatMul` only depends on its inputs.

    A variable has internal state—its value. When you use the variable, the state is read.
    It's normal to calculate a gradient with respect to a variable, but the variable's state
    blocks gradient calculations from going farther back. For example:
    """),
    code("autodiff.stateful", """
    x0 = tape.NewVariable(3.0)
    x1 = tape.NewVariable(0.0)

    t = tape.NewGradientTape()
    t.Record(func() {
        // Update x1 = x1 + x0.
        x1.AssignAdd(x0)
        // The tape starts recording from x1.
        y = x1.Pow(2) // y = (x1 + x0)**2
    })

    // This doesn't work.
    fmt.Println(t.Gradient(y, x0)) // dy/dx0 = 2*(x1 + x0)
    """),
    md("""
    ## No gradient registered

    In TensorFlow some operations are **registered as being non-differentiable** and return
    `None`; others have **no gradient registered**, and the tape throws an error when a
    gradient goes through them: the guide's example is `tf.image.adjust_contrast`, whose
    `AdjustContrastv2` op has no gradient (`LookupError: gradient registry has no entry for:
    AdjustContrastv2`).

    In gotape every float op has a gradient rule (a test fails when one lacks it), and ops
    without a gradient (comparisons, `ArgMax`, `OneHot`) give `None`. Written with tape ops,
    adjust_contrast, $(x - \\bar x)\\,\\delta + \\bar x$ with the mean over height and width,
    is differentiable:
    """),
    code("autodiff.no_gradient_registered", """
    image := tape.NewVariable([][][]float64{{{0.5, 0.0, 0.0}}})
    delta := tape.NewVariable(0.1)

    adjustContrast := func(img, d *tape.Tensor) *tape.Tensor {
        mean := tape.ReduceMean(img, []int{0, 1}, true)
        return img.Sub(mean).Mul(d).Add(mean)
    }

    t = tape.NewGradientTape()
    var newImage *tape.Tensor
    t.Record(func() {
        newImage = adjustContrast(image.Value(), delta.Value())
    })

    for _, g := range t.Gradients(newImage, []*tape.Variable{image, delta}) {
        fmt.Println(g)
    }
    """),
    md("""
    ## Zeros instead of None

    In some cases it would be convenient to get 0 instead of `None` for unconnected gradients.
    You can decide what to return when you have unconnected gradients using the
    `tape.UnconnectedZero` option (`unconnected_gradients=tf.UnconnectedGradients.ZERO`):
    """),
    code("autodiff.zeros", """
    xv = tape.NewVariable([]float64{2., 2.})
    yv = tape.NewVariable(3.)

    t = tape.NewGradientTape()
    t.Record(func() {
        z = yv.Pow(2)
    })
    fmt.Println(t.Gradient(z, xv, tape.UnconnectedZero))
    """),
]
