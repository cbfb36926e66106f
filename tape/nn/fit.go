package nn

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/gotape/gotape/tape"
	"github.com/gotape/gotape/tape/data"
)

// History is what Fit returns: Keras' History.history with one value per epoch in each field.
type History struct {
	Loss        []float64 // mean training loss over the epoch's samples
	Accuracy    []float64 // training accuracy, with Metrics("accuracy")
	ValLoss     []float64 // loss on the validation data, with ValidationData
	ValAccuracy []float64 // accuracy on the validation data, with both
}

// FitOption configures Fit.
type FitOption func(*fitConfig)

type fitConfig struct {
	accuracy   bool
	valX, valY *tape.Tensor
	noShuffle  bool
	seed       *int64
	verbose    int
	out        io.Writer
}

// Metrics adds metrics to Fit's history and epoch lines, by Keras name: "accuracy" (or "acc",
// computed by Accuracy on the training-mode predictions of each batch).
func Metrics(names ...string) FitOption {
	return func(c *fitConfig) {
		for _, n := range names {
			switch n {
			case "accuracy", "acc":
				c.accuracy = true
			default:
				fail("Fit: unknown metric %q (gotape has \"accuracy\")", n)
			}
		}
	}
}

// ValidationData makes Fit evaluate the loss (and metrics) on (x, y) after every epoch, with
// training = false, like Keras' validation_data.
func ValidationData(x, y *tape.Tensor) FitOption {
	return func(c *fitConfig) { c.valX, c.valY = x, y }
}

// Shuffle(false) makes Fit visit the samples in order; by default it shuffles them every epoch,
// like Keras.
func Shuffle(on bool) FitOption { return func(c *fitConfig) { c.noShuffle = !on } }

// ShuffleSeed fixes Fit's shuffling (epoch e uses the order of seed + e). Without it the seed
// is drawn from tape's global source, so tape.SetSeed also makes Fit reproducible.
func ShuffleSeed(seed int64) FitOption { return func(c *fitConfig) { c.seed = &seed } }

// Verbose sets what Fit prints: 0 nothing, 1 (the default) one line per epoch.
func Verbose(level int) FitOption { return func(c *fitConfig) { c.verbose = level } }

// FitOutput sets where Fit prints its epoch lines (default tape.Output(): os.Stdout, or the
// cell's output in the notebook).
func FitOutput(w io.Writer) FitOption { return func(c *fitConfig) { c.out = w } }

// DefaultBatchSize is the batch size Fit uses when given 0 (Keras' default).
const DefaultBatchSize = 32

// checkFit panics, in the user's terms, when Fit's arguments cannot make a training run.
func checkFit(x, y *tape.Tensor, opt GradientApplier, loss func(yTrue, yPred *tape.Tensor) *tape.Tensor, epochs, batchSize int, c *fitConfig) {
	switch {
	case x == nil || y == nil:
		fail("Fit: x and y must not be nil")
	case x.Rank() == 0 || y.Rank() == 0 || x.Shape()[0] != y.Shape()[0]:
		fail("Fit: x of shape %s and y of shape %s must have the same number of samples (first dimension)", shapeString(x.Shape()), shapeString(y.Shape()))
	case x.Shape()[0] == 0:
		fail("Fit: no samples")
	case opt == nil || loss == nil:
		fail("Fit: the optimizer and the loss function must not be nil")
	case epochs < 0:
		fail("Fit: epochs must be ≥ 0, got %d", epochs)
	case batchSize < 0:
		fail("Fit: batch size must be positive, got %d", batchSize)
	case (c.valX == nil) != (c.valY == nil):
		fail("Fit: ValidationData needs both x and y")
	}
}

// Fit trains the model on the samples x and targets y, like Keras' model.fit: for each of
// epochs epochs it shuffles the samples, cuts them into batches of batchSize rows (the last may
// be smaller; 0 means DefaultBatchSize) and takes one training step per batch with opt and loss
// (a per-sample loss such as MeanSquaredError, or a closure around CategoricalCrossentropy).
// Like Keras, and unlike TrainStep, a step applies the gradient of the batch's mean loss. After
// each epoch it records the sample-weighted mean of the batch losses (and metrics) in the
// returned History and prints a line such as
//
//	Epoch 1/5 - loss: 0.1234 - accuracy: 0.9700
//
// Options: Metrics, ValidationData, Shuffle, ShuffleSeed, Verbose, FitOutput. It checks
// tape.CheckInterrupt between steps, so an interrupted cell stops.
func (m *Sequential) Fit(x, y *tape.Tensor, opt GradientApplier, loss func(yTrue, yPred *tape.Tensor) *tape.Tensor, epochs, batchSize int, opts ...FitOption) *History {
	c := fitConfig{verbose: 1}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	checkFit(x, y, opt, loss, epochs, batchSize, &c)
	if batchSize == 0 {
		batchSize = DefaultBatchSize
	}
	out := c.out
	if out == nil {
		out = tape.Output()
	}
	seed := int64(0)
	if c.seed != nil {
		seed = *c.seed
	} else if !c.noShuffle {
		seed = int64(tape.RandomUniform(nil, 0, 1<<24).Float())
	}
	h := &History{}
	for e := range epochs {
		var bopts []data.BatchOption
		if !c.noShuffle {
			bopts = append(bopts, data.Shuffle(seed+int64(e)))
		}
		var sumLoss, sumAcc float64
		n := 0
		for _, b := range data.Batches(x, y, batchSize, bopts...) {
			tape.CheckInterrupt()
			l, pred := trainStep(m, opt, loss, b.X, b.Y, true)
			rows := b.X.Shape()[0]
			sumLoss += l * float64(rows)
			if c.accuracy {
				sumAcc += Accuracy(b.Y, pred) * float64(rows)
			}
			n += rows
		}
		h.Loss = append(h.Loss, sumLoss/float64(n))
		logs := []string{"loss", fmtLog(h.Loss[e])}
		if c.accuracy {
			h.Accuracy = append(h.Accuracy, sumAcc/float64(n))
			logs = append(logs, "accuracy", fmtLog(h.Accuracy[e]))
		}
		if c.valX != nil {
			tape.CheckInterrupt()
			pred := m.Predict(c.valX)
			h.ValLoss = append(h.ValLoss, tape.ReduceMean(loss(c.valY, pred), nil, false).Float())
			logs = append(logs, "val_loss", fmtLog(h.ValLoss[e]))
			if c.accuracy {
				h.ValAccuracy = append(h.ValAccuracy, Accuracy(c.valY, pred))
				logs = append(logs, "val_accuracy", fmtLog(h.ValAccuracy[e]))
			}
		}
		if c.verbose > 0 {
			var line strings.Builder
			fmt.Fprintf(&line, "Epoch %d/%d", e+1, epochs)
			for i := 0; i < len(logs); i += 2 {
				fmt.Fprintf(&line, " - %s: %s", logs[i], logs[i+1])
			}
			fmt.Fprintln(out, line.String())
		}
	}
	return h
}

// fmtLog formats a logged value as Keras' progress bar does: 4 decimals, or 4 significant
// digits in e-notation for values of magnitude at most 1e-3.
func fmtLog(v float64) string {
	if math.Abs(v) > 1e-3 || math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Sprintf("%.4f", v)
	}
	return fmt.Sprintf("%.4e", v)
}

// String shows the recorded values like Keras' history.history: {loss: [...], accuracy: [...]}
// (the metrics that were not recorded are left out).
func (h *History) String() string {
	var parts []string
	for _, f := range []struct {
		name string
		v    []float64
	}{{"loss", h.Loss}, {"accuracy", h.Accuracy}, {"val_loss", h.ValLoss}, {"val_accuracy", h.ValAccuracy}} {
		if f.v != nil {
			parts = append(parts, fmt.Sprintf("%s: %v", f.name, f.v))
		}
	}
	return "{" + strings.Join(parts, ", ") + "}"
}
