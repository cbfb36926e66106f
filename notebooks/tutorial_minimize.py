"""The cells of minimize_vs_gradient_tape.ipynb (seed 000), "From minimize to tf.GradientTape"
(Ernst): Minimize, then an explicit tape and ApplyGradients."""
from nbcells import code, md

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
