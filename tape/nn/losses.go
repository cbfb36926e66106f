package nn

import (
	"math"
	"slices"

	"github.com/gotape/gotape/tape"
)

// Keras' epsilon: probabilities are clipped to [ε, 1 − ε] before taking logs.
const epsilon = 1e-7

// All losses return one value per sample: the input shape without its last axis (a vector for
// a batch of vectors). yTrue may be any numeric dtype; it is cast to yPred's.

// MeanSquaredError returns mean((yTrue − yPred)²) over the last axis.
func MeanSquaredError(yTrue, yPred *tape.Tensor) *tape.Tensor {
	yTrue = like(yTrue, yPred, "MeanSquaredError")
	return tape.ReduceMean(tape.Square(tape.Sub(yPred, yTrue)), []int{yPred.Rank() - 1}, false)
}

// MeanAbsoluteError returns mean(|yTrue − yPred|) over the last axis.
func MeanAbsoluteError(yTrue, yPred *tape.Tensor) *tape.Tensor {
	yTrue = like(yTrue, yPred, "MeanAbsoluteError")
	return tape.ReduceMean(tape.Abs(tape.Sub(yPred, yTrue)), []int{yPred.Rank() - 1}, false)
}

// CategoricalCrossentropy returns −Σ yTrue·log(p) over the last axis, for one-hot (or soft)
// targets. With fromLogits, yPred are logits and p = softmax(yPred) (computed stably with
// LogSoftmax); otherwise yPred are probabilities, renormalised to sum 1 and clipped to
// [1e-7, 1 − 1e-7] like Keras.
func CategoricalCrossentropy(yTrue, yPred *tape.Tensor, fromLogits bool) *tape.Tensor {
	yTrue = like(yTrue, yPred, "CategoricalCrossentropy")
	ax := yPred.Rank() - 1
	var logp *tape.Tensor
	if fromLogits {
		logp = tape.LogSoftmax(yPred, ax)
	} else {
		p := tape.Div(yPred, tape.ReduceSum(yPred, []int{ax}, true))
		logp = tape.Log(clip(p, epsilon, 1-epsilon))
	}
	return tape.Neg(tape.ReduceSum(tape.Mul(yTrue, logp), []int{ax}, false))
}

// SparseCategoricalCrossentropy is CategoricalCrossentropy with integer class labels: labels
// has yPred's shape without the last axis (a trailing axis of size 1 is also accepted).
func SparseCategoricalCrossentropy(labels, yPred *tape.Tensor, fromLogits bool) *tape.Tensor {
	if yPred.Rank() == 0 {
		fail("SparseCategoricalCrossentropy: predictions must have a class axis, got a scalar")
	}
	ls := labels.Shape()
	ps := yPred.Shape()
	if len(ls) == len(ps) && ls[len(ls)-1] == 1 {
		labels = tape.Reshape(labels, ls[:len(ls)-1]...)
		ls = ls[:len(ls)-1]
	}
	if !slices.Equal(ls, ps[:len(ps)-1]) {
		fail("SparseCategoricalCrossentropy: labels of shape %s do not match predictions of shape %s", shapeString(ls), shapeString(ps))
	}
	if labels.DType().IsFloat() {
		labels = tape.Cast(labels, tape.Int32)
	}
	if fromLogits {
		return tape.SparseSoftmaxCrossEntropyWithLogits(labels, yPred)
	}
	oneHot := tape.Cast(tape.OneHot(labels, ps[len(ps)-1]), yPred.DType())
	return CategoricalCrossentropy(oneHot, yPred, fromLogits)
}

// BinaryCrossentropy returns mean(−y·log p − (1 − y)·log(1 − p)) over the last axis. With
// fromLogits, p = sigmoid(yPred) computed stably; otherwise yPred are probabilities, clipped
// to [1e-7, 1 − 1e-7].
func BinaryCrossentropy(yTrue, yPred *tape.Tensor, fromLogits bool) *tape.Tensor {
	yTrue = like(yTrue, yPred, "BinaryCrossentropy")
	ax := []int{yPred.Rank() - 1}
	if yPred.Rank() == 0 {
		ax = nil
	}
	var l *tape.Tensor
	if fromLogits {
		// max(x, 0) − x·y + log(1 + e^−|x|)
		x := yPred
		l = tape.Add(tape.Sub(tape.ReLU(x), tape.Mul(x, yTrue)),
			tape.Log(tape.Add(tape.OnesLike(x), tape.Exp(tape.Neg(tape.Abs(x))))))
	} else {
		p := clip(yPred, epsilon, 1-epsilon)
		one := tape.OnesLike(p)
		l = tape.Neg(tape.Add(tape.Mul(yTrue, tape.Log(p)),
			tape.Mul(tape.Sub(one, yTrue), tape.Log(tape.Sub(one, p)))))
	}
	return tape.ReduceMean(l, ax, false)
}

// clip limits x to [lo, hi]; the gradient is 1 inside and 0 outside (as tf.clip_by_value).
func clip(x *tape.Tensor, lo, hi float64) *tape.Tensor {
	return tape.Minimum(tape.Maximum(x, tape.Constant(lo, x.DType())), tape.Constant(hi, x.DType()))
}

// like casts yTrue to yPred's dtype and checks that the shapes agree.
func like(yTrue, yPred *tape.Tensor, op string) *tape.Tensor {
	if yTrue == nil || yPred == nil {
		fail("%s: nil tensor", op)
	}
	if !slices.Equal(yTrue.Shape(), yPred.Shape()) {
		fail("%s: targets of shape %s do not match predictions of shape %s", op, shapeString(yTrue.Shape()), shapeString(yPred.Shape()))
	}
	if yTrue.DType() != yPred.DType() {
		yTrue = tape.Cast(yTrue, yPred.DType())
	}
	return yTrue
}

// Accuracy returns the fraction of correct predictions, choosing the comparison the way
// Keras' "accuracy" metric does from the shapes:
//   - yTrue has yPred's shape without the last axis (integer labels): argmax(yPred) == label;
//   - same shapes with a last axis > 1 (one-hot): argmax(yPred) == argmax(yTrue);
//   - same shapes with a last axis of 1, or scalars (binary): (yPred > 0.5) == yTrue.
func Accuracy(yTrue, yPred *tape.Tensor) float64 {
	ts, ps := yTrue.Shape(), yPred.Shape()
	t, p := yTrue.Floats(), yPred.Floats()
	switch {
	case len(ps) > 0 && len(ts) == len(ps)-1 && slices.Equal(ts, ps[:len(ps)-1]):
		k := ps[len(ps)-1]
		return fraction(len(t), func(i int) bool { return float64(argmax(p[i*k:(i+1)*k])) == t[i] })
	case slices.Equal(ts, ps) && len(ps) > 0 && ps[len(ps)-1] > 1:
		k := ps[len(ps)-1]
		return fraction(len(t)/k, func(i int) bool { return argmax(p[i*k:(i+1)*k]) == argmax(t[i*k:(i+1)*k]) })
	case slices.Equal(ts, ps):
		return fraction(len(t), func(i int) bool { return (p[i] > 0.5) == (t[i] > 0.5) })
	}
	fail("Accuracy: labels of shape %s do not fit predictions of shape %s", shapeString(ts), shapeString(ps))
	return 0
}

func fraction(n int, ok func(int) bool) float64 {
	if n == 0 {
		return math.NaN()
	}
	c := 0
	for i := range n {
		if ok(i) {
			c++
		}
	}
	return float64(c) / float64(n)
}

// argmax returns the index of the largest value (the first one on ties).
func argmax(v []float64) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}

// Predictions returns the predicted class (argmax over the last axis) of each sample.
func Predictions(yPred *tape.Tensor) []int {
	ps := yPred.Shape()
	if len(ps) == 0 {
		fail("Predictions: need a class axis, got a scalar")
	}
	k := ps[len(ps)-1]
	p := yPred.Floats()
	out := make([]int, len(p)/max(k, 1))
	for i := range out {
		out[i] = argmax(p[i*k : (i+1)*k])
	}
	return out
}
