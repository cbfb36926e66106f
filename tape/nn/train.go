package nn

import "github.com/gotape/gotape/tape"

// GradientApplier is what TrainStep needs of an optimizer (every optimizer of tape/optim).
type GradientApplier interface {
	ApplyGradients(grads []*tape.Tensor, vars []*tape.Variable)
}

// TrainStep is one step of the usual custom training loop: it records
// loss(y, model.Call(x, true)) on a new GradientTape, applies the gradient of its sum with
// respect to model.TrainableVariables() with opt, and returns the mean loss. loss is a
// per-sample loss such as
//
//	func(y, p *tape.Tensor) *tape.Tensor { return nn.CategoricalCrossentropy(y, p, false) }
//
// Sequential.Fit runs it over the batches of a data set for some epochs.
func TrainStep(model Layer, opt GradientApplier, loss func(yTrue, yPred *tape.Tensor) *tape.Tensor, x, y *tape.Tensor) float64 {
	l, _ := trainStep(model, opt, loss, x, y, false)
	return l
}

// trainStep is TrainStep that also returns the (training-mode) predictions; with mean it
// applies the gradient of the mean loss instead of the sum (Keras' fit).
func trainStep(model Layer, opt GradientApplier, loss func(yTrue, yPred *tape.Tensor) *tape.Tensor, x, y *tape.Tensor, mean bool) (float64, *tape.Tensor) {
	t := tape.NewGradientTape()
	var l, target, p *tape.Tensor
	t.Record(func() {
		p = model.Call(x, true)
		l = loss(y, p)
		if l != nil && mean {
			target = tape.ReduceMean(l, nil, false)
		}
	})
	if l == nil {
		fail("the loss function returned nil")
	}
	if target == nil {
		target = l
	}
	vars := model.TrainableVariables()
	opt.ApplyGradients(t.Gradients(target, vars), vars)
	return tape.ReduceMean(l, nil, false).Float(), p
}
