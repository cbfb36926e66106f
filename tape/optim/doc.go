// Package optim holds the optimizers of gotape: SGD (with momentum and Nesterov), Adam (and
// AdamW), RMSprop and Adagrad, with the update rules, defaults and clipping options of Keras 3,
// and Keras' learning-rate schedules.
//
// An optimizer updates variables in place from gradients: ApplyGradients(grads, vars) is
// Keras' apply_gradients(zip(grads, vars)); Minimize(loss, vars) records loss() on a fresh
// GradientTape, takes the gradients and applies them. The per-element update runs in compiled
// Go in the variable's own precision (a float32 variable follows float32 arithmetic, like
// TensorFlow), with the optimizer state (moments, accumulators) kept per variable. Steps check
// tape.CheckInterrupt, so an interrupted notebook cell stops between steps, and a step is all
// or nothing: it checks before it changes anything, then updates the state and assigns every
// variable at once (tape.AssignAll), so an interrupt never leaves some variables updated.
//
// Every optimizer takes the options LearningRateSchedule (ExponentialDecay, InverseTimeDecay,
// CosineDecay, PiecewiseConstantDecay, or any function through ScheduleFunc; the optimizer's
// iteration count picks the rate) and WeightDecay (Keras 3's decoupled x ← x − lr·wd·x before
// the update); Adam also takes AMSGrad, and NewAdamW is Adam with weight decay 0.004.
//
// It does not do EMA, gradient accumulation, warmup or restarts in the schedules,
// exclude_from_weight_decay, or mixed precision.
package optim
