"""The cells of gradient_tape_explained.ipynb (seed 001), "tf.GradientTape Explained for Keras
Users" (Theiler): the tape's methods, one section each; its advanced uses (training) are in
tutorial_explained_uses.py."""
from nbcells import code, md
from tutorial_explained_uses import EXPLAINED_USES

EXPLAINED = [
    md("""
    # `tape.GradientTape` explained for Keras users

    A Go version of the article *tf.GradientTape Explained for Keras Users*: first the built-in
    methods of the gradient tape, one section each, then three "advanced uses" — linear
    regression, polynomial regression and a convolutional network on MNIST — each trained by a
    hand-written step function.

    The notebook runs on the **gotape** kernel: cells are Go, with `tape`, `optim`, `nn`, `data`
    and `display` preloaded. A recording is a closure, `t.Record(func() { ... })`, the Go form
    of `with tf.GradientTape() as t:`; values computed inside it are declared before it.
    """),
    code("explained.imports", """
    import (
        "fmt"
        "math/rand"
        "os"
        "strconv"
        "time"
    )
    """),
    md("""
    # The Basics

    A gradient tape records the operations run on the tensors it watches, and then computes the
    gradient of a result with respect to those tensors by walking the record backwards.

    ## 1.0 — Introduction

    - A tape does not track constants by default, so we tell it to, with `t.Watch(x)`.
    - Then we compute something from the watched value: here the cube, $y = x^3$. It could as
      well be a whole neural network.
    - `t.Gradient(target, source)` returns the gradient as a tensor; `NumpyString()` prints its
      value the way NumPy prints the result of `.numpy()`.

    At $x = 3$, $\\frac{dy}{dx} = 3x^2 = 27$.
    """),
    code("explained.intro", """
    x := tape.Constant(3.0)

    t := tape.NewGradientTape()
    var y *tape.Tensor
    t.Record(func() {
        t.Watch(x)
        y = x.Pow(3)
    })

    dydx := t.Gradient(y, x)
    fmt.Println(dydx.NumpyString())
    """),
    md("""
    To differentiate with respect to several values at once, give the tape a list of sources:
    `t.Gradients(y, vars)` for a list of variables (this is how a model's
    `TrainableVariables()` are trained below), or `t.GradientsOf(targets, sources)` in general.

    Unlike the original article, we can also *look at* a recording. The tape below is
    persistent, so it still holds its record after computing the gradient; as a cell's value it
    is drawn as a graph: the watched input, the power operation, and the gradient that flowed
    back to `x`.
    """),
    code("explained.intro_graph", """
    t = tape.NewGradientTape(tape.Persistent(true))
    t.Record(func() {
        t.Watch(x)
        y = x.Pow(3)
    })
    t.Gradient(y, x)
    t
    """),
    md("""
    ## 1.1 — Automatically Watching Variables

    If `x` is a trainable *variable* instead of a constant, there is no need to watch it: a tape
    watches every trainable variable that is read while it records.
    """),
    code("explained.auto_watch", """
    x := tape.NewVariable(3.0)

    t := tape.NewGradientTape()
    var y *tape.Tensor
    t.Record(func() {
        y = x.Pow(3)
    })

    dydx := t.Gradient(y, x)
    fmt.Println(dydx.NumpyString())
    """),
    md("""
    With a constant, or with a variable created with `tape.Trainable(false)`, nothing is
    watched: the gradient is nil, which prints as `None`. In Python the next line,
    `dy_dx.numpy()`, then fails; in Go, using a nil gradient as a number panics with a message
    saying what happened. We catch the panic with `tape.Try` so that the notebook goes on.
    """),
    code("explained.constant_none", """
    x := tape.Constant(3.0)

    t := tape.NewGradientTape()
    var y *tape.Tensor
    t.Record(func() {
        y = x.Pow(3)
    })

    dydx := t.Gradient(y, x)
    fmt.Println(dydx)
    fmt.Println(tape.Try(func() { fmt.Println(dydx.Float()) }))
    """),
    code("explained.untrainable_none", """
    x := tape.NewVariable(3.0, tape.Trainable(false))

    t := tape.NewGradientTape()
    var y *tape.Tensor
    t.Record(func() {
        y = x.Pow(3)
    })

    dydx := t.Gradient(y, x)
    fmt.Println(dydx)
    fmt.Println(tape.Try(func() { fmt.Println(dydx.Float()) }))
    """),
    md("""
    ## 1.2 — `WatchAccessedVariables(false)`

    To stop a tape from watching trainable variables on its own, create it with
    `tape.WatchAccessedVariables(false)`. Reading `x` is then not enough, and the gradient is
    `None`:
    """),
    code("explained.no_auto_watch", """
    x := tape.NewVariable(3.0)

    t := tape.NewGradientTape(tape.WatchAccessedVariables(false))
    var y *tape.Tensor
    t.Record(func() {
        y = x.Pow(3)
    })

    dydx := t.Gradient(y, x)
    fmt.Println(dydx)
    """),
    md("""
    This gives fine control over what is differentiated: only what we watch explicitly.
    With many trainable variables of which only some are being optimized, it protects against
    mistakes.
    """),
    code("explained.explicit_watch", """
    t := tape.NewGradientTape(tape.WatchAccessedVariables(false))
    t.Record(func() {
        t.Watch(x)
        y = x.Pow(3)
    })

    dydx := t.Gradient(y, x)
    fmt.Println(dydx.NumpyString())
    """),
    md("""
    ## 1.3 — Higher-Order Derivatives

    Nested tapes give higher-order derivatives: the outer tape records how the inner tape
    computes the first derivative, and differentiates that. For $y = x^3$ at $x = 3$:
    $\\frac{d^2y}{dx^2} = 6x = 18$.
    """),
    code("explained.second_order", """
    x := tape.NewVariable(3.0)

    tape2 := tape.NewGradientTape()
    tape1 := tape.NewGradientTape()
    var y, order1 *tape.Tensor
    tape2.Record(func() {
        tape1.Record(func() {
            y = x.Pow(3)
        })
        order1 = tape1.Gradient(y, x)
    })
    order2 := tape2.Gradient(order1, x)

    fmt.Println(order2.NumpyString())
    """),
    md("""
    Higher-order derivatives are about the only reason to compute a gradient *while* a tape is
    recording: otherwise the tape records the gradient computation as well, for nothing.

    ## 1.4 — `Persistent(true)`

    With $a = 6$, $b = 2$, $y_1 = a^2$ and $y_2 = b^3$ we would expect
    $\\frac{dy_1}{da} = 2a = 12$ and $\\frac{dy_2}{db} = 3b^2 = 12$. But a tape releases its
    record after the first gradient, so the second call fails:
    """),
    code("explained.not_persistent", """
    a := tape.NewVariable(6.0)
    b := tape.NewVariable(2.0)

    t := tape.NewGradientTape()
    var y1, y2 *tape.Tensor
    t.Record(func() {
        y1 = a.Pow(2)
        y2 = b.Pow(3)
    })

    fmt.Println(t.Gradient(y1, a).NumpyString())
    err := tape.Try(func() {
        fmt.Println(t.Gradient(y2, b).NumpyString())
    })
    fmt.Println(err)
    """),
    md("""
    With `tape.Persistent(true)` the tape keeps its record and both gradients come out as
    expected:
    """),
    code("explained.persistent", """
    t := tape.NewGradientTape(tape.Persistent(true))
    t.Record(func() {
        y1 = a.Pow(2)
        y2 = b.Pow(3)
    })

    fmt.Println(t.Gradient(y1, a).NumpyString())
    fmt.Println(t.Gradient(y2, b).NumpyString())
    t.Release()
    """),
    md("""
    ## 1.5 — `StopRecording`

    `t.StopRecording(func() { ... })` pauses the recording while the function runs (the Go
    form of `with t.stop_recording():`). Nothing computed inside is recorded, which makes it the
    right place to compute a gradient in the middle of a recording.
    """),
    code("explained.stop_recording", """
    x := tape.NewVariable(3.0)

    t := tape.NewGradientTape()
    t.Record(func() {
        y := x.Pow(3)
        t.StopRecording(func() {
            fmt.Println(t.Gradient(y, x).NumpyString())
        })
    })
    """),
    md("""
    ### 1.5.1 — several gradients in the middle of a function

    In a long function it can read better to compute each gradient right where its target is
    computed, in a stop-recording block, than to collect them all at the end. With a
    persistent tape:
    """),
    code("explained.stop_recording_twice", """
    a := tape.NewVariable(6.0)
    b := tape.NewVariable(2.0)

    t := tape.NewGradientTape(tape.Persistent(true))
    t.Record(func() {
        y1 := a.Pow(2)
        t.StopRecording(func() {
            fmt.Println(t.Gradient(y1, a).NumpyString())
        })

        y2 := b.Pow(3)
        t.StopRecording(func() {
            fmt.Println(t.Gradient(y2, b).NumpyString())
        })
    })
    t.Release()
    """),
    md("""
    ... which gives the same as computing both at the end:
    """),
    code("explained.gradients_at_end", """
    t := tape.NewGradientTape(tape.Persistent(true))
    var y1, y2 *tape.Tensor
    t.Record(func() {
        y1 = a.Pow(2)
        y2 = b.Pow(3)
    })
    fmt.Println(t.Gradient(y1, a).NumpyString())
    fmt.Println(t.Gradient(y2, b).NumpyString())
    t.Release()
    """),
    md("""
    ## 1.6 — Other Methods

    The tape has a few more methods:

    - `Jacobian`: the derivative of every element of the target with respect to every element
      of the source.
    - `BatchJacobian`: the Jacobian of each example of a batch, stacked.
    - `Reset`: forgets everything recorded so far, as if a new tape had started.
    - `WatchedVariables`: the variables the tape watches, in the order they were first watched.

    **Jacobian.** For $y = x^2$ element-wise, with $x = (1, 2, 3)$, the Jacobian is diagonal:
    $\\partial y_i / \\partial x_j = 2x_i$ if $i = j$, else 0.
    """),
    code("explained.jacobian", """
    x := tape.NewVariable([]float64{1, 2, 3})

    t := tape.NewGradientTape()
    var y *tape.Tensor
    t.Record(func() {
        y = x.Pow(2)
    })
    fmt.Println(t.Jacobian(y, x))
    """),
    md("""
    **Batch Jacobian.** A batch of two examples with two features each: the result holds one
    2×2 Jacobian per example (a full Jacobian would be 2×2×2×2, mostly zeros across examples).
    """),
    code("explained.batch_jacobian", """
    x := tape.Constant([][]float64{{1, 2}, {3, 4}})

    t := tape.NewGradientTape()
    var y *tape.Tensor
    t.Record(func() {
        t.Watch(x)
        y = x.Pow(2)
    })
    fmt.Println(t.BatchJacobian(y, x))
    """),
    md("""
    **Reset.** Everything recorded before `Reset` is forgotten: the loss below still *contains*
    $a^2$, but for the tape it is now a constant, so only $b^2$ is differentiated
    ($\\partial / \\partial b = 2b = 4$) and the gradient with respect to `a` is `None`.
    """),
    code("explained.reset", """
    a := tape.NewVariable(6.0)
    b := tape.NewVariable(2.0)

    t := tape.NewGradientTape()
    var loss *tape.Tensor
    t.Record(func() {
        loss = a.Square()
        t.Reset()
        loss = loss.Add(b.Square())
    })
    grads := t.Gradients(loss, []*tape.Variable{a, b})
    fmt.Println("d loss/da:", grads[0])
    fmt.Println("d loss/db:", grads[1])
    """),
    md("""
    **Watched variables.** Only the variables read during the recording are watched; `c` is
    never read.
    """),
    code("explained.watched_variables", """
    a := tape.NewVariable(6.0, tape.Name("a"))
    b := tape.NewVariable(2.0, tape.Name("b"))
    c := tape.NewVariable(1.0, tape.Name("c"))

    t := tape.NewGradientTape()
    var y *tape.Tensor
    t.Record(func() {
        y = a.Mul(b)
    })
    for _, v := range t.WatchedVariables() {
        fmt.Println(v)
    }
    fmt.Println(c.Name(), "was not read, so it is not watched")
    """),
] + EXPLAINED_USES
