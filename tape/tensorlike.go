package tape

// TensorLike is what the package-level ops take, as TensorFlow's ops take any tensor-like:
// a *Tensor, used as it is, or a *Variable, which the op reads as Value does (recording
// tapes watch the read, exactly as x.MatMul(w) reads w). Only tape's own types satisfy it
// (its method is unexported). Numbers and slices are not TensorLike: make them tensors
// with Constant or T, or give them to a method (x.Mul(2)).
//
// A function that wants a func(*Tensor) *Tensor (Grad, nn.ActivationFunc) takes a closure
// around an op: tape.Grad(func(x *tape.Tensor) *tape.Tensor { return tape.Tanh(x) }).
type TensorLike interface {
	tensor() *Tensor
}

func (t *Tensor) tensor() *Tensor { return t }

// tensor reads the variable (a nil *Variable reads as a nil tensor, which ops refuse).
func (v *Variable) tensor() *Tensor {
	if v == nil {
		return nil
	}
	return v.Value()
}

// tensorOf returns the tensor an op reads from x. A *Tensor, what ops get from each other
// and from gradient rules, costs one type comparison, inlined; a *Variable is read and nil
// stays nil (operandOf, out of line).
func tensorOf(x TensorLike) *Tensor {
	if t, ok := x.(*Tensor); ok {
		return t
	}
	return operandOf(x)
}

//go:noinline
func operandOf(x TensorLike) *Tensor {
	if x == nil {
		return nil
	}
	return x.tensor()
}
