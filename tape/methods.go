package tape

// Chainable methods. An `any` operand is a number (taking the receiver's dtype, like a Python
// number in TensorFlow), a *Tensor or a *Variable (read, so tapes watch it).

// Add returns t + o.
func (t *Tensor) Add(o any) *Tensor { return add(t, toTensorLike(o, t)) }

// Sub returns t - o.
func (t *Tensor) Sub(o any) *Tensor { return sub(t, toTensorLike(o, t)) }

// Mul returns t * o.
func (t *Tensor) Mul(o any) *Tensor { return mul(t, toTensorLike(o, t)) }

// Div returns t / o.
func (t *Tensor) Div(o any) *Tensor { return div(t, toTensorLike(o, t)) }

// Pow returns t ** o (PowScalar for a number).
func (t *Tensor) Pow(o any) *Tensor {
	if p, ok := number(o); ok {
		return PowScalar(t, p)
	}
	return Pow(t, toTensorLike(o, t))
}

// Maximum returns the element-wise maximum of t and o.
func (t *Tensor) Maximum(o any) *Tensor { return Maximum(t, toTensorLike(o, t)) }

// Minimum returns the element-wise minimum of t and o.
func (t *Tensor) Minimum(o any) *Tensor { return Minimum(t, toTensorLike(o, t)) }

// MatMul returns t · o.
func (t *Tensor) MatMul(o any) *Tensor { return matMul(t, toTensorLike(o, t)) }

// Neg returns -t.
func (t *Tensor) Neg() *Tensor { return Neg(t) }

// Square returns t².
func (t *Tensor) Square() *Tensor { return Square(t) }

// Sqrt returns √t.
func (t *Tensor) Sqrt() *Tensor { return Sqrt(t) }

// Exp returns eᵗ.
func (t *Tensor) Exp() *Tensor { return Exp(t) }

// Log returns ln t.
func (t *Tensor) Log() *Tensor { return Log(t) }

// Abs returns |t|.
func (t *Tensor) Abs() *Tensor { return Abs(t) }

// Sin returns sin t.
func (t *Tensor) Sin() *Tensor { return Sin(t) }

// Cos returns cos t.
func (t *Tensor) Cos() *Tensor { return Cos(t) }

// Tanh returns tanh t.
func (t *Tensor) Tanh() *Tensor { return Tanh(t) }

// Sigmoid returns σ(t).
func (t *Tensor) Sigmoid() *Tensor { return Sigmoid(t) }

// ReLU returns max(t, 0).
func (t *Tensor) ReLU() *Tensor { return ReLU(t) }

// Sum returns the sum of all elements.
func (t *Tensor) Sum() *Tensor { return ReduceSum(t, nil, false) }

// Mean returns the mean of all elements.
func (t *Tensor) Mean() *Tensor { return ReduceMean(t, nil, false) }

// Reshape returns t with another shape (-1 infers one dimension).
func (t *Tensor) Reshape(shape ...int) *Tensor { return Reshape(t, shape...) }

// T returns the transpose (reversed dimensions).
func (t *Tensor) T() *Tensor { return Transpose(t) }

func number(o any) (float64, bool) {
	switch x := o.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int32:
		return float64(x), true
	case int64:
		return float64(x), true
	}
	return 0, false
}

// The same methods on Variable read the variable first.

// Add returns v + o.
func (v *Variable) Add(o any) *Tensor { return v.Value().Add(o) }

// Sub returns v - o.
func (v *Variable) Sub(o any) *Tensor { return v.Value().Sub(o) }

// Mul returns v * o.
func (v *Variable) Mul(o any) *Tensor { return v.Value().Mul(o) }

// Div returns v / o.
func (v *Variable) Div(o any) *Tensor { return v.Value().Div(o) }

// Pow returns v ** o.
func (v *Variable) Pow(o any) *Tensor { return v.Value().Pow(o) }

// Maximum returns the element-wise maximum of v and o.
func (v *Variable) Maximum(o any) *Tensor { return v.Value().Maximum(o) }

// Minimum returns the element-wise minimum of v and o.
func (v *Variable) Minimum(o any) *Tensor { return v.Value().Minimum(o) }

// MatMul returns v · o.
func (v *Variable) MatMul(o any) *Tensor { return v.Value().MatMul(o) }

// Neg returns -v.
func (v *Variable) Neg() *Tensor { return Neg(v.Value()) }

// Square returns v².
func (v *Variable) Square() *Tensor { return Square(v.Value()) }

// Sqrt returns √v.
func (v *Variable) Sqrt() *Tensor { return Sqrt(v.Value()) }

// Exp returns eᵛ.
func (v *Variable) Exp() *Tensor { return Exp(v.Value()) }

// Log returns ln v.
func (v *Variable) Log() *Tensor { return Log(v.Value()) }

// Abs returns |v|.
func (v *Variable) Abs() *Tensor { return Abs(v.Value()) }

// Sin returns sin v.
func (v *Variable) Sin() *Tensor { return Sin(v.Value()) }

// Cos returns cos v.
func (v *Variable) Cos() *Tensor { return Cos(v.Value()) }

// Tanh returns tanh v.
func (v *Variable) Tanh() *Tensor { return Tanh(v.Value()) }

// Sigmoid returns σ(v).
func (v *Variable) Sigmoid() *Tensor { return Sigmoid(v.Value()) }

// ReLU returns max(v, 0).
func (v *Variable) ReLU() *Tensor { return ReLU(v.Value()) }

// Sum returns the sum of all elements.
func (v *Variable) Sum() *Tensor { return v.Value().Sum() }

// Mean returns the mean of all elements.
func (v *Variable) Mean() *Tensor { return v.Value().Mean() }

// Reshape returns the value with another shape.
func (v *Variable) Reshape(shape ...int) *Tensor { return v.Value().Reshape(shape...) }

// T returns the transposed value.
func (v *Variable) T() *Tensor { return v.Value().T() }
