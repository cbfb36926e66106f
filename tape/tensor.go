package tape

import (
	"fmt"
	"math"
	"reflect"

	"github.com/gotape/gotape/tape/internal/rawmem"
)

// Tensor is an immutable n-dimensional array. Float32 data is stored as float32 (arithmetic
// rounds like TensorFlow's float32); Float64 and the integer and bool types are stored as
// float64 (integers exactly up to 2^53, bools as 0 and 1).
// A nil *Tensor is TensorFlow's None (an unconnected gradient) and prints as "None".
type Tensor struct {
	shape []int
	dtype DType
	f32   []float32
	f64   []float64
	vr    *Variable // set on a variable's value: reads are tracked through the variable
	m0    mark      // tape marks (which tape recorded or watches this tensor)
	ms    *[]mark
	s32   [1]float32 // inline storage of scalars
	s64   [1]float64
}

func numel(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

func copyShape(s []int) []int {
	if len(s) == 0 {
		return nil
	}
	return append([]int(nil), s...)
}

// newTensor allocates a zero tensor; shape is owned by the tensor afterwards (shapes are never
// changed in place, so tensors may share them). Absurd shapes panic with *Error (see size.go).
// Its Float32 and Float64 halves are deliberate twins (every op allocates through here: each
// names its own small-tensor types, without a generic indirection).
func newTensor(dt DType, shape []int) *Tensor {
	n := checkedNumel("", shape, elemBytes(dt))
	if dt == Float32 {
		switch {
		case n == 1:
			t := &Tensor{shape: shape, dtype: dt}
			t.f32 = t.s32[:]
			return t
		case n <= 4 && n > 0:
			p := &tensorF32x4{t: Tensor{shape: shape, dtype: dt}}
			p.t.f32 = p.d[:n:n]
			return &p.t
		case n <= 16 && n > 0:
			p := &tensorF32x16{t: Tensor{shape: shape, dtype: dt}}
			p.t.f32 = p.d[:n:n]
			return &p.t
		}
		return &Tensor{shape: shape, dtype: dt, f32: make([]float32, n)}
	}
	switch {
	case n == 1:
		t := &Tensor{shape: shape, dtype: dt}
		t.f64 = t.s64[:]
		return t
	case n <= 4 && n > 0:
		p := &tensorF64x4{t: Tensor{shape: shape, dtype: dt}}
		p.t.f64 = p.d[:n:n]
		return &p.t
	case n <= 16 && n > 0:
		p := &tensorF64x16{t: Tensor{shape: shape, dtype: dt}}
		p.t.f64 = p.d[:n:n]
		return &p.t
	}
	return &Tensor{shape: shape, dtype: dt, f64: make([]float64, n)}
}

// newTensorRaw allocates a float tensor whose data is not zeroed when it is large (see
// rawmem): only for an op that writes every element before anything reads it.
func newTensorRaw(dt DType, shape []int) *Tensor {
	n := checkedNumel("", shape, elemBytes(dt))
	if n <= 16 {
		return newTensor(dt, shape)
	}
	if dt == Float32 {
		return &Tensor{shape: shape, dtype: dt, f32: rawmem.Float32s(n)}
	}
	return &Tensor{shape: shape, dtype: dt, f64: rawmem.Float64s(n)}
}

// Small tensors are allocated together with their data (one allocation instead of two).
type (
	tensorF32x4 struct {
		t Tensor
		d [4]float32
	}
	tensorF32x16 struct {
		t Tensor
		d [16]float32
	}
	tensorF64x4 struct {
		t Tensor
		d [4]float64
	}
	tensorF64x16 struct {
		t Tensor
		d [16]float64
	}
)

// view returns a new tensor sharing x's data with another shape (no copy; tensors are immutable).
func (t *Tensor) view(shape []int) *Tensor {
	return &Tensor{shape: shape, dtype: t.dtype, f32: t.f32, f64: t.f64}
}

func (t *Tensor) get(i int) float64 {
	if t.dtype == Float32 {
		return float64(t.f32[i])
	}
	return t.f64[i]
}

func (t *Tensor) set(i int, v float64) {
	if t.dtype == Float32 {
		t.f32[i] = float32(v)
	} else {
		t.f64[i] = castValue(v, t.dtype)
	}
}

func castValue(v float64, dt DType) float64 {
	switch dt {
	case Float32:
		return float64(float32(v))
	case Int32:
		if math.IsNaN(v) {
			return 0
		}
		return float64(int32(math.Trunc(v)))
	case Int64:
		if math.IsNaN(v) {
			return 0
		}
		return math.Trunc(v)
	case Bool:
		if v != 0 {
			return 1
		}
		return 0
	}
	return v
}

func fromFlat(dt DType, shape []int, data []float64) *Tensor {
	t := newTensor(dt, shape)
	if dt == Float32 {
		for i, v := range data {
			t.f32[i] = float32(v)
		}
	} else {
		for i, v := range data {
			t.f64[i] = castValue(v, dt)
		}
	}
	return t
}

func mustNotNil(t *Tensor, op string) {
	if t == nil {
		panic(&Error{Op: op, Msg: "tape: " + op + ": the tensor is None (a gradient that is not connected to the target, or a source the tape did not watch)"})
	}
}

// Shape returns a copy of the dimensions (empty for a scalar).
func (t *Tensor) Shape() TensorShape {
	mustNotNil(t, "Shape")
	return append(TensorShape{}, t.shape...)
}

// TensorShape is a tensor's dimensions. It is a []int (index it, range over it, pass it where
// a []int goes) that prints as TensorFlow prints a shape: (3, 2), (201,) or ().
type TensorShape []int

// String returns the shape as TensorFlow prints it: (3, 2).
func (s TensorShape) String() string { return shapeStr(s) }

// DType returns the element type.
func (t *Tensor) DType() DType { mustNotNil(t, "DType"); return t.dtype }

// Rank returns the number of dimensions.
func (t *Tensor) Rank() int { mustNotNil(t, "Rank"); return len(t.shape) }

// Size returns the number of elements.
func (t *Tensor) Size() int { mustNotNil(t, "Size"); return numel(t.shape) }

// Float returns the value of a tensor with one element. On nil (None) it panics with a clear *Error.
func (t *Tensor) Float() float64 {
	mustNotNil(t, "Float")
	if numel(t.shape) != 1 {
		errorf("Float", "tensor of shape %s has %d elements, want 1", shapeStr(t.shape), numel(t.shape))
	}
	return t.get(0)
}

// Floats returns a flat copy of the elements as float64.
func (t *Tensor) Floats() []float64 {
	mustNotNil(t, "Floats")
	out := make([]float64, numel(t.shape))
	if t.dtype == Float32 {
		for i, v := range t.f32 {
			out[i] = float64(v)
		}
	} else {
		copy(out, t.f64)
	}
	return out
}

// At returns the element at the given index (one index per dimension).
func (t *Tensor) At(idx ...int) float64 {
	mustNotNil(t, "At")
	if len(idx) != len(t.shape) {
		errorf("At", "%d indices for a tensor of shape %s", len(idx), shapeStr(t.shape))
	}
	off := 0
	for i, j := range idx {
		if j < 0 || j >= t.shape[i] {
			errorf("At", "index %v out of range for shape %s", idx, shapeStr(t.shape))
		}
		off = off*t.shape[i] + j
	}
	return t.get(off)
}

// Numpy returns the value as Go values, like TensorFlow's .numpy(): a scalar (float32, float64,
// int32, int64, bool) for rank 0, else nested slices ([]float32, [][]float32, ...).
func (t *Tensor) Numpy() any {
	mustNotNil(t, "Numpy")
	var et reflect.Type
	switch t.dtype {
	case Float32:
		et = reflect.TypeFor[float32]()
	case Float64:
		et = reflect.TypeFor[float64]()
	case Int32:
		et = reflect.TypeFor[int32]()
	case Int64:
		et = reflect.TypeFor[int64]()
	default:
		et = reflect.TypeFor[bool]()
	}
	elem := func(i int) reflect.Value {
		switch t.dtype {
		case Float32:
			return reflect.ValueOf(t.f32[i])
		case Float64:
			return reflect.ValueOf(t.f64[i])
		case Int32:
			return reflect.ValueOf(int32(t.f64[i]))
		case Int64:
			return reflect.ValueOf(int64(t.f64[i]))
		}
		return reflect.ValueOf(t.f64[i] != 0)
	}
	if len(t.shape) == 0 {
		return elem(0).Interface()
	}
	var build func(dim, off int) reflect.Value
	build = func(dim, off int) reflect.Value {
		typ := et
		for range len(t.shape) - dim {
			typ = reflect.SliceOf(typ)
		}
		n := t.shape[dim]
		s := reflect.MakeSlice(typ, n, n)
		stride := numel(t.shape[dim+1:])
		for i := 0; i < n; i++ {
			if dim == len(t.shape)-1 {
				s.Index(i).Set(elem(off + i))
			} else {
				s.Index(i).Set(build(dim+1, off+i*stride))
			}
		}
		return s
	}
	return build(0, 0).Interface()
}

func (t *Tensor) checkIndex(op string) {
	if t.dtype == Float32 || t.dtype == Float64 {
		errorf(op, "indices must be an integer tensor, got %s", t.dtype)
	}
}

func (t *Tensor) fmtDebug() string { return fmt.Sprintf("Tensor%s %s", shapeStr(t.shape), t.dtype) }
