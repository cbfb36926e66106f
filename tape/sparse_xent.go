package tape

import (
	"math"
	"slices"
)

// SparseSoftmaxCrossEntropyWithLogits returns, per row of logits (classes on the last axis),
// log(Σ exp(logits)) − logits[label]: the cross-entropy of softmax(logits) against integer
// labels of logits' shape without its last axis (tf.nn.sparse_softmax_cross_entropy_with_logits).
// An out-of-range label gives a zero loss and gradient (a zero one-hot row, as OneHot makes
// it, times the log-softmax). It is one op:
// the forward keeps the softmax and the gradient is (softmax − onehot)·g, without a second
// exp; under an outer recording tape (higher-order gradients) or in forward mode the
// derivatives are composed from Softmax and OneHot, so they differentiate further.
func SparseSoftmaxCrossEntropyWithLogits(labels, logits TensorLike) *Tensor {
	const op = "SparseSoftmaxCrossEntropyWithLogits"
	y, x := tensorOf(labels), tensorOf(logits)
	mustNotNil(y, op)
	mustNotNil(x, op)
	y.checkIndex(op)
	if !x.dtype.IsFloat() {
		errorf(op, "logits must be a float tensor, got %s", x.dtype)
	}
	if len(x.shape) == 0 || !slices.Equal(y.shape, x.shape[:len(x.shape)-1]) {
		errorf(op, "labels of shape %s do not match logits of shape %s (expected the logits' shape without its last axis)",
			shapeStr(y.shape), shapeStr(x.shape))
	}
	c := x.shape[len(x.shape)-1]
	out := newTensor(x.dtype, copyShape(y.shape))
	p := newTensor(x.dtype, x.shape)
	if x.dtype == Float32 {
		sparseXent(x.f32, y.f64, c, p.f32, out.f32)
	} else {
		sparseXent(x.f64, y.f64, c, p.f64, out.f64)
	}
	if recording() {
		// d loss/dx = Σoh·softmax − oh: zero for a row without a target
		composed := func() *Tensor {
			oh := Cast(oneHot(y, c), x.dtype)
			return Sub(Mul(Softmax(x, -1), ReduceSum(oh, []int{-1}, true)), oh)
		}
		record(op, out, []*Tensor{x}, perRow, rules{
			vjp: func(_ bwArgs, g *Tensor, _ []*Tensor, _ *Tensor, dx []*Tensor) {
				if recording() || g.dtype != x.dtype || !slices.Equal(g.shape, y.shape) {
					dx[0] = Mul(composed(), ExpandDims(g, -1))
					return
				}
				d := newTensor(x.dtype, x.shape)
				if x.dtype == Float32 {
					sparseXentGrad(g.f32, p.f32, y.f64, c, d.f32)
				} else {
					sparseXentGrad(g.f64, p.f64, y.f64, c, d.f64)
				}
				dx[0] = d
			},
			jvp: func(ts, _ []*Tensor, _ *Tensor) *Tensor {
				return ReduceSum(Mul(composed(), ts[0]), []int{-1}, false)
			},
		})
	}
	return out
}

// sparseXent writes each row's softmax to p and its loss log Σ exp(x) − x[label] to loss,
// stably (shifted by the row's maximum).
func sparseXent[T float32 | float64](x []T, labels []float64, c int, p, loss []T) {
	if c == 0 {
		return // no classes: a zero loss, like the empty sum of the composed form
	}
	for r := range loss {
		xs, ps := x[r*c:(r+1)*c], p[r*c:(r+1)*c]
		m := math.Inf(-1)
		for _, v := range xs {
			m = max(m, float64(v))
		}
		s := 0.0
		for i, v := range xs {
			e := math.Exp(float64(v) - m)
			ps[i] = T(e)
			s += e
		}
		inv := 1 / s
		for i := range ps {
			ps[i] = T(float64(ps[i]) * inv)
		}
		if j := int(labels[r]); j >= 0 && j < c {
			loss[r] = T(m + math.Log(s) - float64(xs[j]))
		}
	}
}

// sparseXentGrad writes d = (p − onehot(labels))·g, row by row (d is zero, and stays zero
// for rows without a target).
func sparseXentGrad[T float32 | float64](g, p []T, labels []float64, c int, d []T) {
	for r, gv := range g {
		j := int(labels[r])
		if j < 0 || j >= c {
			continue
		}
		ps, ds := p[r*c:(r+1)*c], d[r*c:(r+1)*c]
		for i, v := range ps {
			ds[i] = v * gv
		}
		ds[j] -= gv
	}
}
