package tape

import "gonum.org/v1/gonum/mat"

// Conversions between tensors and gonum matrices, for cells that mix tape ops with
// gonum/mat (and the gonum packages that take *mat.Dense). Both copy: tensors are immutable
// and a *mat.Dense is not.

// FromDense returns a tensor of shape (rows, cols) holding a copy of m's elements (any
// mat.Matrix: *mat.Dense, a transpose, a *mat.VecDense as a column). The dtype is Float64,
// as gonum computes, unless one is given (tape.FromDense(m, tape.Float32)).
func FromDense(m mat.Matrix, dtype ...DType) *Tensor {
	if m == nil {
		errorf("FromDense", "nil matrix")
	}
	dt := Float64
	if len(dtype) > 0 {
		dt = dtype[0]
	}
	r, c := m.Dims()
	data := make([]float64, 0, r*c)
	for i := range r {
		for j := range c {
			data = append(data, m.At(i, j))
		}
	}
	return fromFlat(dt, []int{r, c}, data)
}

// Dense returns a copy of the tensor as a *mat.Dense: a matrix keeps its shape, a vector of
// n elements becomes an n×1 column (gonum's vector convention) and a scalar a 1×1 matrix.
// Tensors of rank 3 and more, and empty ones (gonum has no zero-sized matrix), panic with *Error.
func (t *Tensor) Dense() *mat.Dense {
	mustNotNil(t, "Dense")
	r, c := 1, 1
	switch len(t.shape) {
	case 0:
	case 1:
		r = t.shape[0]
	case 2:
		r, c = t.shape[0], t.shape[1]
	default:
		errorf("Dense", "tensor of shape %s has rank %d; a matrix needs rank 2 (reshape it first)", shapeStr(t.shape), len(t.shape))
	}
	if r == 0 || c == 0 {
		errorf("Dense", "tensor of shape %s is empty; gonum has no empty matrix", shapeStr(t.shape))
	}
	return mat.NewDense(r, c, t.Floats())
}
