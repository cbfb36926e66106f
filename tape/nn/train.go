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
func TrainStep(model Layer, opt GradientApplier, loss func(yTrue, yPred *tape.Tensor) *tape.Tensor, x, y *tape.Tensor) float64 {
	t := tape.NewGradientTape()
	var l *tape.Tensor
	t.Record(func() { l = loss(y, model.Call(x, true)) })
	vars := model.TrainableVariables()
	opt.ApplyGradients(t.Gradients(l, vars), vars)
	return tape.ReduceMean(l, nil, false).Float()
}
