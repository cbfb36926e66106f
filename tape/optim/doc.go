// Package optim holds the optimizers of gotape: SGD (with momentum and Nesterov), Adam,
// RMSprop and Adagrad, with the update rules, defaults and clipping options of Keras 3.
//
// An optimizer updates variables in place from gradients: ApplyGradients(grads, vars) is
// Keras' apply_gradients(zip(grads, vars)); Minimize(loss, vars) records loss() on a fresh
// GradientTape, takes the gradients and applies them. The per-element update runs in compiled
// Go in the variable's own precision (a float32 variable follows float32 arithmetic, like
// TensorFlow), with the optimizer state (moments, accumulators) kept per variable. Steps check
// tape.CheckInterrupt, so an interrupted notebook cell stops between steps.
//
// It does not do learning-rate schedules, weight decay, AMSGrad, EMA or mixed precision.
package optim
