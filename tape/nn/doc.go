// Package nn holds neural-network building blocks on top of package tape, modelled on Keras:
// layers (Dense, Conv2D, MaxPool2D, Dropout, Flatten), the Sequential model with a Keras-style
// summary, weight initialisers (RandomNormal, RandomUniform, GlorotUniform, Zeros, Ones),
// losses (mean squared error, categorical, sparse categorical and binary cross-entropy) and
// the accuracy metric.
//
// Layers create their variables on first use (or when a Sequential model is built with an
// input shape), in the dtype of their first input (float32 normally, float64 for gradient
// checks). Images are NHWC (batch, height, width, channels) and convolution kernels HWIO, as in
// Keras. Losses return one value per sample (like keras.losses.categorical_crossentropy);
// call .Mean() for the batch mean, or pass them to tape.Gradient as they are (a non-scalar
// target's gradient is the gradient of its sum).
//
// Training loops are written by the user with tape.GradientTape and an optimizer of
// tape/optim (see the package example); TrainStep is that step in one call. Sequential.Fit is
// Keras' model.fit: epochs over shuffled mini-batches (tape/data's Batches), a History of the
// per-epoch loss (and accuracy, and validation values), one printed line per epoch. There are no
// callbacks (early stopping, checkpoints), no saving of weights, no batch normalisation or
// recurrent layers.
package nn
