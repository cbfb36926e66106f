"""beyond_tensorflow.ipynb: what TensorFlow's tape does not offer, in gotape: JAX-style function
transforms, Hessian-vector products without a Hessian, a gradient checker in a cell, and the
tape graph of a forward-over-reverse computation."""
from nbcells import code, md

BEYOND = [
    md("""
    # Beyond TensorFlow: function transforms, HVPs and gradient checks

    TensorFlow differentiates *recordings*: a tape watches tensors and answers questions about
    what it recorded. JAX differentiates *functions*: `grad(f)` is a new function, and
    transforms compose. gotape does both. This notebook shows the function transforms
    (`tape.Grad`, `ValueAndGrad`, `VJP`, `JVP`, `Hessian`, `HVP`) for any
    `func(*tape.Tensor) *tape.Tensor`, a Hessian-vector product that never builds the
    Hessian, the numerical gradient checker `tapetest.Check` used in a cell, and what a
    forward-over-reverse computation records.
    """),
    code("beyond.setup", """
    import (
        "fmt"
        "time"
    )
    """),
    md("""
    ## `Grad`: derivatives of functions, to any order

    `tape.Grad(f)` returns the function $x \\mapsto \\frac{d}{dx}\\sum f(x)$. For an
    element-wise `f` that is the derivative at every element, so a whole curve takes one
    call; `Grad(Grad(f))` is the second derivative, and so on. (tape's ops take a
    `tape.TensorLike`, a tensor or a variable, so a one-line closure makes an op such a
    function.)
    """),
    code("beyond.grad_orders", """
    f := func(x *tape.Tensor) *tape.Tensor { return tape.Tanh(x) }
    df := tape.Grad(f)
    d2f := tape.Grad(df)
    d3f := tape.Grad(d2f)

    x1 := tape.Constant(1.0)
    fmt.Println(f(x1))
    fmt.Println(df(x1))  // 1 - tanh²
    fmt.Println(d2f(x1)) // -2 tanh (1 - tanh²)
    fmt.Println(d3f(x1))
    """),
    code("beyond.grad_plot", """
    xs := tape.Linspace(-4, 4, 201)
    display.NewPlot().Line(xs, f(xs), "tanh").Line(xs, df(xs), "tanh′").
        Line(xs, d2f(xs), "tanh″").Line(xs, d3f(xs), "tanh‴").XLabel("x")
    """),
    md("""
    The same works for the activations gotape adds to TensorFlow's set (`ELU`, `SELU`,
    `GELU`, `Swish`, `Softplus`, `LeakyReLU`): each has a gradient rule and a JVP rule, so
    their derivatives come out of `Grad` too:
    """),
    code("beyond.activations", """
    p := display.NewPlot()
    for _, a := range []struct {
        name string
        op   func(tape.TensorLike) *tape.Tensor
    }{
        {"ELU′", tape.ELU}, {"SELU′", tape.SELU}, {"GELU′", tape.GELU},
        {"Swish′", tape.Swish}, {"Softplus′", tape.Softplus},
    } {
        p.Line(xs, tape.Grad(func(x *tape.Tensor) *tape.Tensor { return a.op(x) })(xs), a.name)
    }
    p.XLabel("x")
    """),
    md("""
    ## `ValueAndGrad`: the loss and its gradient in one pass

    A training step needs both; `tape.ValueAndGrad(f)` runs `f` once. Here, the squared error
    of a line through three points as a function of its two parameters:
    """),
    code("beyond.value_and_grad", """
    px := tape.Constant([]float64{0, 1, 2})
    py := tape.Constant([]float64{1, 3, 5})
    loss := func(w *tape.Tensor) *tape.Tensor { // w = (slope, intercept)
        slope := tape.Slice(w, []int{0}, []int{1})
        intercept := tape.Slice(w, []int{1}, []int{1})
        return tape.ReduceSum(tape.Square(px.Mul(slope).Add(intercept).Sub(py)), nil, false)
    }
    lossAndGrad := tape.ValueAndGrad(loss)

    w := tape.Constant([]float64{0, 0})
    for step := 0; step < 200; step++ {
        _, g := lossAndGrad(w)
        w = w.Sub(g.Mul(0.05))
    }
    l, g := lossAndGrad(w)
    fmt.Printf("slope %.4f, intercept %.4f, loss %.1e, |gradient| %.1e\\n",
        w.At(0), w.At(1), l.Float(), tape.ReduceMax(tape.Abs(g), nil, false).Float())
    """),
    md("""
    ## `VJP` and `JVP`: rows and columns of a Jacobian

    `y, vjp := tape.VJP(f, x)` evaluates `f` once and returns the *pullback* `vjp`: for a
    cotangent `u` shaped like `y` it gives $u^\\top J$, a combination of the Jacobian's rows.
    It can be called any number of times. `y, jvp := tape.JVP(f, x, v)` is forward mode: $J v$,
    a combination of its columns. For $f(x) = M x$ the Jacobian is $M$:
    """),
    code("beyond.vjp_jvp", """
    m := tape.Constant([][]float64{{1, 2}, {3, 4}, {5, 6}})
    lin := func(x *tape.Tensor) *tape.Tensor { return tape.Reshape(tape.MatMul(m, tape.Reshape(x, 2, 1)), 3) }
    x2 := tape.Constant([]float64{1, 1})

    y, vjp := tape.VJP(lin, x2)
    fmt.Println("y:       ", y)
    fmt.Println("row 0:   ", vjp(tape.Constant([]float64{1, 0, 0})))
    fmt.Println("row 2:   ", vjp(tape.Constant([]float64{0, 0, 1})))
    _, col1 := tape.JVP(lin, x2, tape.Constant([]float64{0, 1}))
    fmt.Println("column 1:", col1)
    """),
    md("""
    ## `Hessian` and `HVP`

    `tape.Hessian(f)` is the Jacobian of `Grad(f)`. For Rosenbrock's function
    $f(a, b) = (1 - a)^2 + 100\\,(b - a^2)^2$ at its minimum $(1, 1)$ the Hessian is
    $\\begin{pmatrix} 802 & -400 \\\\ -400 & 200 \\end{pmatrix}$:
    """),
    code("beyond.hessian", """
    rosenbrock := func(x *tape.Tensor) *tape.Tensor {
        a := tape.Slice(x, []int{0}, []int{1})
        b := tape.Slice(x, []int{1}, []int{1})
        one := tape.Scalar(1)
        return tape.ReduceSum(tape.Square(one.Sub(a)).Add(tape.Square(b.Sub(a.Square())).Mul(100)), nil, false)
    }
    tape.Hessian(rosenbrock)(tape.Constant([]float64{1, 1}))
    """),
    md("""
    A Newton step needs $H^{-1} g$, and iterative solvers (conjugate gradients) only need
    products $H v$. `tape.HVP(f, x, v)` computes $H v$ forward over reverse: the JVP of the
    gradient, one forward and one backward pass, never the $n \\times n$ matrix. For a
    function of 300 variables the Hessian has 90,000 entries; the product needs one pass:
    """),
    code("beyond.hvp", """
    n := 300
    energy := func(x *tape.Tensor) *tape.Tensor { // Σ softplus(x_i)·x_i² + Σ x_i x_{i+1}
        a := tape.Slice(x, []int{0}, []int{n - 1})
        b := tape.Slice(x, []int{1}, []int{n - 1})
        return tape.ReduceSum(tape.Softplus(x).Mul(x.Square()), nil, false).Add(tape.ReduceSum(a.Mul(b), nil, false))
    }
    xe := tape.Cast(tape.Linspace(-1, 1, n), tape.Float64)
    ve := tape.Cast(tape.Sin(tape.Linspace(0, 10, n)), tape.Float64)

    start := time.Now()
    hFull := tape.Hessian(energy)(xe)
    viaHessian := tape.Reshape(tape.MatMul(hFull, tape.Reshape(ve, n, 1)), n)
    tHessian := time.Since(start)

    start = time.Now()
    hv := tape.HVP(energy, xe, ve)
    tHVP := time.Since(start)

    diff := tape.ReduceMax(tape.Abs(hv.Sub(viaHessian)), nil, false).Float()
    fmt.Println("Hessian:", hFull.Shape(), " HVP:", hv.Shape())
    fmt.Printf("max |HVP - H·v| = %.1e\\n", diff)
    fmt.Printf("Hessian then product: %v, HVP: %v\\n", tHessian.Round(time.Millisecond), tHVP.Round(time.Millisecond))
    """),
    md("""
    ## Checking a gradient in a cell

    A custom gradient is code, and code has bugs. `tapetest.Check(f, x)` compares the tape's
    gradient of $\\sum f(x)$ with central finite differences element by element (in float64)
    and prints the table; it returns the largest relative error. Here the stable `log1pexp`
    of the advanced guide, checked at a few points:
    """),
    code("beyond.check_ok", """
    // log1pexpWith is log(1 + eˣ) with its derivative given by dydx, in terms of e = eˣ.
    log1pexpWith := func(dydx func(e *tape.Tensor) *tape.Tensor) func(*tape.Tensor) *tape.Tensor {
        return func(x *tape.Tensor) *tape.Tensor {
            e := tape.Exp(x)
            return tape.CustomGradient("Log1pexp", []*tape.Tensor{x},
                func(xs []*tape.Tensor) *tape.Tensor { return tape.Log(e.Add(1)) },
                func(g *tape.Tensor, xs []*tape.Tensor, y *tape.Tensor) []*tape.Tensor {
                    return []*tape.Tensor{g.Mul(dydx(e))}
                })
        }
    }
    log1pexp := log1pexpWith(func(e *tape.Tensor) *tape.Tensor {
        one := tape.OnesLike(e)
        return one.Sub(one.Div(e.Add(1)))
    })
    tapetest.Check(log1pexp, tape.Constant([]float64{-3, -0.5, 0, 2, 10}))
    """),
    md("""
    And the same function with a slip in its gradient (`1/(1+e)` instead of `1 - 1/(1+e)`):
    the table shows at once which elements are wrong.
    """),
    code("beyond.check_wrong", """
    wrongLog1pexp := log1pexpWith(func(e *tape.Tensor) *tape.Tensor {
        return tape.OnesLike(e).Div(e.Add(1))
    })
    tapetest.Check(wrongLog1pexp, tape.Constant([]float64{-3, -0.5, 0, 2, 10}))
    """),
    md("""
    ## What a forward-over-reverse computation records

    A tape displayed as a cell's result draws the ops it recorded. Recording `tape.HVP` on an
    outer tape shows the three layers of the computation: the forward ops of $f$, the ops of
    its gradient (written with recorded ops, which is what makes higher orders work), and the
    tangent ops the forward accumulator added to push $v$ through the gradient. The outer
    tape can differentiate all of it: here $f(x) = \\sum x^3$, $Hv = 6\\,x \\odot v$, and
    the gradient of $\\sum Hv$ is $6v$.
    """),
    code("beyond.graph", """
    cubes := func(x *tape.Tensor) *tape.Tensor { return tape.ReduceSum(x.Mul(x).Mul(x), nil, false) }
    xg := tape.Constant([]float64{1, 2})
    vg := tape.Constant([]float64{1, 0})

    outer := tape.NewGradientTape()
    var hvg, sumHv *tape.Tensor
    outer.Record(func() {
        outer.Watch(xg)
        hvg = tape.HVP(cubes, xg, vg)
        sumHv = tape.ReduceSum(hvg, nil, false)
    })
    fmt.Println("Hv:", hvg)
    fmt.Println("d(ΣHv)/dx:", outer.Gradient(sumHv, xg))
    """),
    code("beyond.graph_show", """
    outer
    """),
]
