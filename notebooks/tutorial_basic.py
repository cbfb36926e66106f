"""The cells of basic_gradient_tape.ipynb (seed 002): the DeepLearning.AI lab "Basic Gradient
Tape"."""
from nbcells import code, md

BASIC = [
    md("""
    # Basic Gradient Tape

    A Go twin of the DeepLearning.AI lab *Basic Gradient Tape*: the same steps, run by the
    **gotape** kernel. Every code cell is Go; the packages `tape` (tensors, variables,
    gradient tapes), `optim`, `nn`, `data` and `display` are already loaded, so a cell only
    imports the standard library it uses.

    TensorFlow records operations inside a `with tf.GradientTape() as t:` block. Go has no
    `with`, so gotape records what runs inside a function literal:

    ```go
    t := tape.NewGradientTape()
    t.Record(func() {
        // operations here are recorded
    })
    ```

    A value computed inside the closure and used after it must be declared before it
    (`var y *tape.Tensor`), because `:=` inside the closure would make a new, local variable.
    """),
    code("basic.imports", """
    import "fmt"
    """),
    md("""
    ## Gradient Tape Usage

    `x` is a 2×2 tensor of ones. A constant is not tracked by default, so we ask the tape to
    `Watch` it. Inside the recording we sum the elements, $y = \\sum x_{ij} = 4$, and square
    the sum, $z = y^2$. The gradient of $z$ with respect to each element of $x$ is
    $2y \\cdot 1 = 8$.
    """),
    code("basic.ones", """
    x := tape.Ones(2, 2)

    t := tape.NewGradientTape()
    var y, z *tape.Tensor
    t.Record(func() {
        // Record the operations performed on x: a constant must be watched explicitly
        t.Watch(x)

        // y is the sum of the elements of x
        y = tape.ReduceSum(x, nil, false)

        // z is the square of y
        z = tape.Square(y)
    })

    // The derivative of z with respect to the original input tensor x
    dzdx := t.Gradient(z, x)
    fmt.Println(dzdx)
    """),
    md("""
    `fmt.Println` prints a tensor exactly as TensorFlow's `print` does. A tensor left as the
    last expression of a cell is the cell's *result*, and the notebook shows it as a table
    as well:
    """),
    code("basic.ones_result", """
    dzdx
    """),
    md("""
    ## Gradient tape expires after one use, by default

    To compute several gradients from one recording, the tape must be *persistent*. By default
    it is not (`tape.Persistent(false)`): it frees what it recorded as soon as one gradient
    has been computed.

    Here $y = x \\cdot x$ and $z = y \\cdot y = x^4$, so at $x = 3$:
    $\\frac{dz}{dx} = 4x^3 = 108$.
    """),
    code("basic.x4", """
    x := tape.Constant(3.0)

    t := tape.NewGradientTape()
    var y, z *tape.Tensor
    t.Record(func() {
        t.Watch(x)
        y = x.Mul(x)
        z = y.Mul(y)
    })

    // z = x^4, dz/dx = 4*x^3 at x = 3 --> 108.0
    dzdx := t.Gradient(z, x)
    fmt.Println(dzdx)
    """),
    md("""
    Asking the expired tape for a second gradient is a mistake, and gotape reports it with
    TensorFlow's message. Misuse of the tape *panics* (the Go counterpart of raising);
    `tape.Try` runs a function and returns such a panic as an `error`, the way Python's
    `try`/`except` catches the `RuntimeError`.
    """),
    code("basic.expired", """
    // If you try to compute dy/dx after the gradient tape has expired:
    err := tape.Try(func() {
        dydx := t.Gradient(y, x) // 6.0
        fmt.Println(dydx)
    })
    if err != nil {
        fmt.Println(err)
    }
    """),
    md("""
    A persistent tape keeps its recording, so we can ask it for as many gradients as we like.
    """),
    code("basic.persistent", """
    // To use the tape several times, make it persistent
    x := tape.Constant(3.0)

    t := tape.NewGradientTape(tape.Persistent(true))
    var y, z *tape.Tensor
    t.Record(func() {
        t.Watch(x)
        y = x.Mul(x)
        z = y.Mul(y)
    })

    dzdx := t.Gradient(z, x)
    fmt.Println(dzdx)
    """),
    md("""
    The same tape now gives $\\frac{dy}{dx} = 2x = 6$. As the last expression of the cell, the
    gradient is shown as the cell's result:
    """),
    code("basic.persistent_dy", """
    t.Gradient(y, x)
    """),
    md("""
    Something the original lab cannot show: the tape itself. A tape as a cell's value draws the
    operations it recorded, from the watched input `x` through both multiplications, with the
    gradients computed so far.
    """),
    code("basic.graph", """
    t
    """),
    md("""
    Python frees a persistent tape with `del t`. In Go we say so explicitly: `Release` drops
    the recording (and any later use of the tape is an error).
    """),
    code("basic.release", """
    t.Release()
    """),
    md("""
    ## Nested Gradient tapes

    A gradient is itself computed with recorded operations, so an outer tape can record the
    work of an inner tape and differentiate again: a second derivative.

    With the variable $x = 1$ and $y = x^3$: $\\frac{dy}{dx} = 3x^2 = 3$ and
    $\\frac{d^2y}{dx^2} = 6x = 6$. A trainable `Variable` is watched automatically, so no
    `Watch` call is needed.

    **Acceptable indentation of the first gradient calculation**

    The first gradient (`dydx`) must be computed while the outer tape is still recording —
    in Go, inside the outer closure.
    """),
    code("basic.nested_ok", """
    x := tape.NewVariable(1.0)

    tape2 := tape.NewGradientTape()
    tape1 := tape.NewGradientTape()
    var y, dydx, d2ydx2 *tape.Tensor
    tape2.Record(func() {
        tape1.Record(func() {
            y = x.Mul(x).Mul(x)
        })
        dydx = tape1.Gradient(y, x)
    })
    d2ydx2 = tape2.Gradient(dydx, x)

    fmt.Println(dydx)
    fmt.Println(d2ydx2)
    """),
    md("""
    ### Where not to put the first gradient calculation

    If the first gradient is computed *after* the outer recording has ended, the outer tape
    never sees how `dydx` was computed. For the outer tape `dydx` is an unrelated constant, so
    there is no gradient: gotape returns a nil tensor, which prints as `None`, as in Python.
    """),
    code("basic.nested_outside", """
    x := tape.NewVariable(1.0)

    tape2 := tape.NewGradientTape()
    tape1 := tape.NewGradientTape()
    var y *tape.Tensor
    tape2.Record(func() {
        tape1.Record(func() {
            y = x.Mul(x).Mul(x)
        })
    })

    // The first gradient is computed outside the outer recording,
    // so the outer tape does not see it
    dydx := tape1.Gradient(y, x)

    // ... and the second-order gradient is nil (None)
    d2ydx2 := tape2.Gradient(dydx, x)

    fmt.Println(dydx)
    fmt.Println(d2ydx2)
    """),
    md("""
    Notice how `d2ydx2` is now `None`. Making both tapes persistent does not help: persistence
    keeps what a tape recorded, but the outer tape still recorded nothing of the first gradient.
    """),
    code("basic.nested_outside_persistent", """
    x := tape.NewVariable(1.0)

    tape2 := tape.NewGradientTape(tape.Persistent(true))
    tape1 := tape.NewGradientTape(tape.Persistent(true))
    var y *tape.Tensor
    tape2.Record(func() {
        tape1.Record(func() {
            y = x.Mul(x).Mul(x)
        })
    })
    dydx := tape1.Gradient(y, x)
    d2ydx2 := tape2.Gradient(dydx, x)

    fmt.Println(dydx)
    fmt.Println(d2ydx2)
    """),
    md("""
    ## Proper indentation for the second gradient calculation

    The second gradient can be computed at the same depth as the first one or anywhere
    *outside* it — inside the inner closure, inside the outer closure, or after both — as long
    as the first gradient was computed while the outer tape was recording. All three give 3
    and 6.
    """),
    code("basic.second_inner", """
    x := tape.NewVariable(1.0)

    tape2 := tape.NewGradientTape()
    tape1 := tape.NewGradientTape()
    var y, dydx, d2ydx2 *tape.Tensor
    tape2.Record(func() {
        tape1.Record(func() {
            y = x.Mul(x).Mul(x)
            dydx = tape1.Gradient(y, x)
            // this is acceptable
            d2ydx2 = tape2.Gradient(dydx, x)
        })
    })

    fmt.Println(dydx)
    fmt.Println(d2ydx2)
    """),
    code("basic.second_outer", """
    x := tape.NewVariable(1.0)

    tape2 := tape.NewGradientTape()
    tape1 := tape.NewGradientTape()
    var y, dydx, d2ydx2 *tape.Tensor
    tape2.Record(func() {
        tape1.Record(func() {
            y = x.Mul(x).Mul(x)
            dydx = tape1.Gradient(y, x)
        })
        // this is also acceptable
        d2ydx2 = tape2.Gradient(dydx, x)
    })

    fmt.Println(dydx)
    fmt.Println(d2ydx2)
    """),
    code("basic.second_after", """
    x := tape.NewVariable(1.0)

    tape2 := tape.NewGradientTape()
    tape1 := tape.NewGradientTape()
    var y, dydx *tape.Tensor
    tape2.Record(func() {
        tape1.Record(func() {
            y = x.Mul(x).Mul(x)
            dydx = tape1.Gradient(y, x)
        })
    })
    // this is also acceptable
    d2ydx2 := tape2.Gradient(dydx, x)

    fmt.Println(dydx)
    fmt.Println(d2ydx2)
    """),
    md("""
    ## Seeing the derivatives

    Tapes work on whole tensors, not just scalars. Watching 101 points between −2 and 2 at
    once, the nested tapes give $y = x^3$, its first derivative $3x^2$ and its second
    derivative $6x$ at every point (the gradient of an element-wise function is element-wise),
    which we plot together.
    """),
    code("basic.plot", """
    xs := tape.Linspace(-2, 2, 101)

    outer := tape.NewGradientTape()
    inner := tape.NewGradientTape()
    var ys, dy *tape.Tensor
    outer.Record(func() {
        outer.Watch(xs)
        inner.Record(func() {
            inner.Watch(xs)
            ys = xs.Pow(3)
        })
        dy = inner.Gradient(ys, xs)
    })
    d2y := outer.Gradient(dy, xs)

    display.NewPlot().
        Line(xs, ys, "y = x³").
        Line(xs, dy, "dy/dx = 3x²").
        Line(xs, d2y, "d²y/dx² = 6x").Dashed().
        Title("x³ and its derivatives, computed by nested tapes").
        XLabel("x")
    """),
]
