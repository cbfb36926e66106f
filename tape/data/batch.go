package data

import (
	"fmt"

	"github.com/gotape/gotape/tape"
)

// Batch is one mini-batch: X holds rows of the images (or any inputs), Y the matching rows of
// the labels (nil when no labels were given).
type Batch struct {
	X, Y *tape.Tensor
}

// BatchOption configures Batches.
type BatchOption func(*batchConfig)

type batchConfig struct {
	shuffle bool
	seed    uint64
	drop    bool
}

// Shuffle visits the rows in a random order fixed by seed (use a different seed per epoch,
// e.g. the epoch number, for a new order each epoch).
func Shuffle(seed int64) BatchOption {
	return func(c *batchConfig) { c.shuffle, c.seed = true, uint64(seed) }
}

// DropRemainder leaves out the last batch when it is smaller than the batch size.
func DropRemainder() BatchOption { return func(c *batchConfig) { c.drop = true } }

// Batches cuts x (and y, whose first dimension must match; y may be nil) along the first
// dimension into batches of size rows; the last batch holds the remaining rows unless
// DropRemainder is given. Without Shuffle the rows keep their order.
func Batches(x, y *tape.Tensor, size int, opts ...BatchOption) []Batch {
	var c batchConfig
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if x == nil || x.Rank() == 0 {
		panic(fmt.Errorf("data: Batches needs a tensor with a batch dimension, got %v", x))
	}
	if size <= 0 {
		panic(fmt.Errorf("data: Batches: batch size must be positive, got %d", size))
	}
	n := x.Shape()[0]
	if y != nil && (y.Rank() == 0 || y.Shape()[0] != n) {
		panic(fmt.Errorf("data: Batches: x has %d rows but y has shape %v", n, y.Shape()))
	}
	order := identity(n)
	if c.shuffle {
		order = permutation(n, c.seed^0x5bd1e995)
	}
	var out []Batch
	for lo := 0; lo < n; lo += size {
		tape.CheckInterrupt()
		hi := min(lo+size, n)
		if hi-lo < size && c.drop {
			break
		}
		var b Batch
		if c.shuffle {
			idx := tape.Constant(order[lo:hi], tape.Int32)
			b.X = tape.Gather(x, idx, 0)
			if y != nil {
				b.Y = tape.Gather(y, idx, 0)
			}
		} else {
			b.X = rows(x, lo, hi)
			if y != nil {
				b.Y = rows(y, lo, hi)
			}
		}
		out = append(out, b)
	}
	return out
}

// rows returns x[lo:hi] along the first dimension.
func rows(x *tape.Tensor, lo, hi int) *tape.Tensor {
	begin := make([]int, x.Rank())
	size := x.Shape()
	begin[0], size[0] = lo, hi-lo
	return tape.Slice(x, begin, size)
}

// Head returns a data set with the first nTrain training and nTest test examples (all when a
// count is larger or negative) — handy for short test runs.
func (d *Dataset) Head(nTrain, nTest int) *Dataset {
	out := *d
	out.TrainImages, out.TrainLabels = head(d.TrainImages, nTrain), head(d.TrainLabels, nTrain)
	out.TestImages, out.TestLabels = head(d.TestImages, nTest), head(d.TestLabels, nTest)
	return &out
}

func head(t *tape.Tensor, n int) *tape.Tensor {
	if t == nil || n < 0 || n >= t.Shape()[0] {
		return t
	}
	return rows(t, 0, n)
}
