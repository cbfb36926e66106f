package tape

import (
	"fmt"
	"slices"
)

// Variable is a mutable tensor holder, like tf.Variable. Reading it (Value, or any method)
// inside a recording tape makes the tape watch it when it is trainable, unless the tape was
// made with WatchAccessedVariables(false).
type Variable struct {
	name       string
	trainable  bool
	value      *Tensor
	constraint func(*Tensor) *Tensor
}

// VarOption configures NewVariable.
type VarOption func(*varConfig)

type varConfig struct {
	name       string
	trainable  bool
	dtype      DType
	hasDType   bool
	constraint func(*Tensor) *Tensor
}

// Name sets a variable's name (default "Variable"); it prints as 'name:0'.
func Name(name string) VarOption { return func(c *varConfig) { c.name = name } }

// Trainable(false) makes a variable that tapes do not watch automatically.
func Trainable(on bool) VarOption { return func(c *varConfig) { c.trainable = on } }

// AsDType sets the variable's dtype (e.g. Float64).
func AsDType(d DType) VarOption { return func(c *varConfig) { c.dtype, c.hasDType = d, true } }

// Constraint sets a function that optimizers apply to the variable's value after each update
// (Keras' constraint, e.g. func(w *tape.Tensor) *tape.Tensor { return tape.ClipByValue(w, 0, 1) }).
// It must return a tensor of the variable's shape.
func Constraint(f func(*Tensor) *Tensor) VarOption {
	return func(c *varConfig) { c.constraint = f }
}

// NewVariable makes a variable from anything Constant accepts.
func NewVariable(v any, opts ...VarOption) *Variable {
	c := varConfig{name: "Variable", trainable: true}
	for _, o := range opts {
		o(&c)
	}
	var t *Tensor
	if c.hasDType {
		t = Constant(v, c.dtype)
	} else {
		t = Constant(v)
	}
	vr := &Variable{name: c.name, trainable: c.trainable, constraint: c.constraint}
	vr.setValue(t)
	return vr
}

func (v *Variable) setValue(t *Tensor) {
	nv := t.view(t.shape)
	if len(nv.f32) == 1 { // keep scalars inline
		nv.s32[0] = nv.f32[0]
		nv.f32 = nv.s32[:]
	} else if len(nv.f64) == 1 {
		nv.s64[0] = nv.f64[0]
		nv.f64 = nv.s64[:]
	}
	nv.vr = v
	v.value = nv
}

// setFresh stores a tensor nobody else holds (no copy).
func (v *Variable) setFresh(t *Tensor) {
	if t.vr != nil || t.m0.tape != nil || t.ms != nil {
		v.setValue(t)
		return
	}
	t.vr = v
	v.value = t
}

// Value reads the variable; recording tapes watch the read (see Variable).
func (v *Variable) Value() *Tensor {
	if v.trainable {
		for _, tp := range tapeStack {
			if tp.watchAccessed {
				tp.watchVar(v)
			}
		}
	}
	return v.value
}

// Read is Value.
func (v *Variable) Read() *Tensor { return v.Value() }

func (v *Variable) assignCheck(op string, x *Tensor) *Tensor {
	if !slices.Equal(x.shape, v.value.shape) {
		errorf(op, "cannot assign a value of shape %s to variable %q of shape %s",
			shapeStr(x.shape), v.name, shapeStr(v.value.shape))
	}
	if x.dtype != v.value.dtype {
		x = castTensor(x, v.value.dtype)
	}
	return x
}

// Assign sets the value (a number, slice, *Tensor or *Variable of the same shape) and returns
// the variable.
func (v *Variable) Assign(x any) *Variable {
	CheckInterrupt()
	v.setValue(v.assignCheck("Assign", toTensorLike(x, v.value)))
	return v
}

// AssignAdd adds x to the value (not recorded, like TensorFlow) and returns the variable.
func (v *Variable) AssignAdd(x any) *Variable {
	CheckInterrupt()
	d := toTensorLike(x, v.value)
	v.setFresh(v.assignCheck("AssignAdd", binaryValue("AssignAdd", v.value, d, opAdd)))
	return v
}

// AssignSub subtracts x from the value and returns the variable.
func (v *Variable) AssignSub(x any) *Variable {
	CheckInterrupt()
	d := toTensorLike(x, v.value)
	v.setFresh(v.assignCheck("AssignSub", binaryValue("AssignSub", v.value, d, opSub)))
	return v
}

// HasConstraint reports whether the variable was made with a Constraint.
func (v *Variable) HasConstraint() bool { return v.constraint != nil }

// ApplyConstraint replaces the value by constraint(value), without recording; optimizers call
// it after each update. Without a Constraint it does nothing.
func (v *Variable) ApplyConstraint() {
	if v.constraint == nil {
		return
	}
	var c *Tensor
	withoutTapes(func() { c = v.constraint(v.value) })
	if c == nil {
		errorf("Constraint", "the constraint of variable %q returned nil", v.name)
	}
	v.setValue(v.assignCheck("Constraint", c))
}

// Name returns the variable's name.
func (v *Variable) Name() string { return v.name }

// Trainable reports whether tapes watch the variable automatically.
func (v *Variable) Trainable() bool { return v.trainable }

// Shape returns the dimensions.
func (v *Variable) Shape() TensorShape { return v.value.Shape() }

// DType returns the element type.
func (v *Variable) DType() DType { return v.value.dtype }

// Size returns the number of elements.
func (v *Variable) Size() int { return v.value.Size() }

// Rank returns the number of dimensions.
func (v *Variable) Rank() int { return v.value.Rank() }

// Float returns the value of a one-element variable.
func (v *Variable) Float() float64 { return v.value.Float() }

// Floats returns a flat copy of the values.
func (v *Variable) Floats() []float64 { return v.value.Floats() }

// Numpy returns the value as Go values (see Tensor.Numpy).
func (v *Variable) Numpy() any { return v.value.Numpy() }

// At returns one element.
func (v *Variable) At(idx ...int) float64 { return v.value.At(idx...) }

// Repr is TensorFlow's repr() of a variable, the same as its str (String).
func (v *Variable) Repr() string { return v.String() }

// String prints like TensorFlow: <tf.Variable 'Variable:0' shape=() dtype=float32, numpy=1.0>.
func (v *Variable) String() string {
	if v == nil {
		return "None"
	}
	return fmt.Sprintf("<tf.Variable '%s:0' shape=%s dtype=%s, numpy=%s>",
		v.name, shapeStr(v.value.shape), v.value.dtype, numpyText(v.value, true))
}
