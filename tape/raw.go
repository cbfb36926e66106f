package tape

import "slices"

// Raw access for compiled code in other gotape packages (optimizers, layers, datasets) that
// works element by element. Tensors are immutable: never write into a returned slice, and do
// not change data after handing it to a From* constructor.

// FromFloat32s makes a Float32 tensor that owns data (no copy). Default shape: a vector.
func FromFloat32s(data []float32, shape ...int) *Tensor {
	s := rawShape("FromFloat32s", len(data), shape)
	return &Tensor{shape: s, dtype: Float32, f32: data}
}

// FromFloat64s makes a Float64 tensor that owns data (no copy). Default shape: a vector.
func FromFloat64s(data []float64, shape ...int) *Tensor {
	s := rawShape("FromFloat64s", len(data), shape)
	return &Tensor{shape: s, dtype: Float64, f64: data}
}

// FromInt32s makes an Int32 tensor from data (copied: integers are stored as float64).
func FromInt32s(data []int32, shape ...int) *Tensor {
	s := rawShape("FromInt32s", len(data), shape)
	t := newTensor(Int32, s)
	for i, v := range data {
		t.f64[i] = float64(v)
	}
	return t
}

func rawShape(op string, n int, shape []int) []int {
	if len(shape) == 0 {
		return []int{n}
	}
	if numel(shape) != n {
		errorf(op, "%d values do not fill shape %s", n, shapeStr(shape))
	}
	return copyShape(shape)
}

// Float32s returns the storage of a Float32 tensor (read-only, no copy), nil for other dtypes.
func (t *Tensor) Float32s() []float32 {
	mustNotNil(t, "Float32s")
	if t.dtype != Float32 {
		return nil
	}
	return t.f32
}

// Float64s returns the storage of a Float64 tensor (read-only, no copy), nil for other dtypes.
func (t *Tensor) Float64s() []float64 {
	mustNotNil(t, "Float64s")
	if t.dtype != Float64 {
		return nil
	}
	return t.f64
}

// Int32s returns a copy of an Int32 tensor's values, nil for other dtypes.
func (t *Tensor) Int32s() []int32 {
	mustNotNil(t, "Int32s")
	if t.dtype != Int32 {
		return nil
	}
	out := make([]int32, len(t.f64))
	for i, v := range t.f64 {
		out[i] = int32(v)
	}
	return out
}

// AssignTensor replaces the value with x (same shape and dtype) without copying data and
// without recording (optimizer updates).
func (v *Variable) AssignTensor(x *Tensor) {
	mustNotNil(x, "AssignTensor")
	CheckInterrupt()
	if !slices.Equal(x.shape, v.value.shape) {
		v.assignCheck("AssignTensor", x) // the shape error
	}
	AssignAll([]*Variable{v}, []*Tensor{x})
}

// AssignAll gives each vars[i] the value xs[i] (same dtype and size, taking the variable's
// shape; no copy, not recorded) as one step: every pair is checked first, then all are assigned, and an
// interrupt never stops it half-way (an optimizer checks for one before it computes xs).
func AssignAll(vars []*Variable, xs []*Tensor) {
	if len(vars) != len(xs) {
		errorf("AssignAll", "%d values for %d variables", len(xs), len(vars))
	}
	for i, v := range vars {
		x := xs[i]
		mustNotNil(x, "AssignTensor")
		if x.dtype != v.value.dtype {
			errorf("AssignTensor", "dtype %s for variable %q of dtype %s", x.dtype, v.name, v.value.dtype)
		}
		if numel(x.shape) != numel(v.value.shape) {
			v.assignCheck("AssignTensor", x) // the shape error
		}
	}
	for i, v := range vars {
		x := xs[i]
		if !slices.Equal(x.shape, v.value.shape) {
			x = x.view(v.value.shape)
		}
		v.setValue(x)
	}
}
