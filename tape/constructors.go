package tape

import (
	"math"
	"reflect"
)

// Constructors: tensors from Go values, filled tensors, ranges.

// Constant makes a tensor from a Go value: a number (float64, float32, int, int32, int64, bool),
// a slice or nested slices of them, a *Tensor or a *Variable (its value). Floats default to
// Float32 and Go ints to Int32 (int64 to Int64), like TensorFlow; dtype converts.
func Constant(v any, dtype ...DType) *Tensor {
	var t *Tensor
	switch x := v.(type) {
	case *Tensor:
		mustNotNil(x, "Constant")
		t = x
		if len(dtype) > 0 && dtype[0] != x.dtype {
			return castTensor(x, dtype[0])
		}
		return x
	case *Variable:
		t = x.Value()
		if len(dtype) > 0 && dtype[0] != t.dtype {
			return castTensor(t, dtype[0])
		}
		return t
	case float64:
		t = scalarOf(Float32, x)
	case float32:
		t = scalarOf(Float32, float64(x))
	case int:
		t = scalarOf(Int32, float64(x))
	case int32:
		t = scalarOf(Int32, float64(x))
	case int64:
		t = scalarOf(Int64, float64(x))
	case bool:
		b := 0.0
		if x {
			b = 1
		}
		t = scalarOf(Bool, b)
	case []float64:
		t = fromFlat(Float32, []int{len(x)}, x)
	case []float32:
		t = newTensor(Float32, []int{len(x)})
		copy(t.f32, x)
	default:
		t = fromReflect(v)
	}
	if len(dtype) > 0 && dtype[0] != t.dtype {
		// re-read from float64 so float64 inputs keep their precision
		if dtype[0] == Float64 {
			if d, ok := exactFloat64(v); ok {
				return d
			}
		}
		return castTensor(t, dtype[0])
	}
	return t
}

// exactFloat64 converts float64 Go data directly to a Float64 tensor (no float32 rounding).
func exactFloat64(v any) (*Tensor, bool) {
	var data []float64
	var shape []int
	ok := true
	var walk func(r reflect.Value, dim int)
	walk = func(r reflect.Value, dim int) {
		if !ok {
			return
		}
		switch r.Kind() {
		case reflect.Slice, reflect.Array:
			if dim == len(shape) {
				shape = append(shape, r.Len())
			}
			for i := 0; i < r.Len(); i++ {
				walk(r.Index(i), dim+1)
			}
		case reflect.Float64, reflect.Float32:
			data = append(data, r.Float())
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			data = append(data, float64(r.Int()))
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			data = append(data, float64(r.Uint()))
		default:
			ok = false
		}
	}
	walk(reflect.ValueOf(v), 0)
	if !ok || len(data) != numel(shape) {
		return nil, false
	}
	t := newTensor(Float64, shape)
	copy(t.f64, data)
	return t, true
}

func scalarOf(dt DType, v float64) *Tensor {
	t := newTensor(dt, nil)
	t.set(0, v)
	return t
}

func fromReflect(v any) *Tensor {
	r := reflect.ValueOf(v)
	if !r.IsValid() {
		errorf("Constant", "cannot make a tensor from nil")
	}
	var shape []int
	dt := DType(-1)
	var data []float64
	var walk func(r reflect.Value, dim int)
	walk = func(r reflect.Value, dim int) {
		for r.Kind() == reflect.Interface || r.Kind() == reflect.Pointer {
			if r.IsNil() {
				errorf("Constant", "nil element in %T", v)
			}
			if tt, ok := r.Interface().(*Tensor); ok { // nested tensors stack
				walkTensor(tt, dim, &shape, &data, &dt)
				return
			}
			r = r.Elem()
		}
		switch r.Kind() {
		case reflect.Slice, reflect.Array:
			n := r.Len()
			if dim == len(shape) {
				shape = append(shape, n)
			} else if dim > len(shape) || shape[dim] != n {
				errorf("Constant", "ragged nested sequence in %T: all rows must have the same length", v)
			}
			for i := 0; i < n; i++ {
				walk(r.Index(i), dim+1)
			}
			return
		case reflect.Float32, reflect.Float64:
			setDT(&dt, Float32, v)
			data = append(data, r.Float())
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Uint8, reflect.Uint16:
			setDT(&dt, Int32, v)
			if r.CanInt() {
				data = append(data, float64(r.Int()))
			} else {
				data = append(data, float64(r.Uint()))
			}
		case reflect.Int64, reflect.Uint, reflect.Uint32, reflect.Uint64:
			setDT(&dt, Int64, v)
			if r.CanInt() {
				data = append(data, float64(r.Int()))
			} else {
				data = append(data, float64(r.Uint()))
			}
		case reflect.Bool:
			setDT(&dt, Bool, v)
			if r.Bool() {
				data = append(data, 1)
			} else {
				data = append(data, 0)
			}
		default:
			errorf("Constant", "cannot make a tensor from %T", v)
		}
		if dim != len(shape) {
			errorf("Constant", "ragged nested sequence in %T", v)
		}
	}
	walk(r, 0)
	if dt < 0 {
		dt = Float32
	}
	if len(data) != numel(shape) {
		errorf("Constant", "ragged nested sequence in %T", v)
	}
	return fromFlat(dt, shape, data)
}

func walkTensor(t *Tensor, dim int, shape *[]int, data *[]float64, dt *DType) {
	if dim == len(*shape) {
		*shape = append(*shape, t.shape...)
	}
	if *dt < 0 {
		*dt = t.dtype
	}
	*data = append(*data, t.Floats()...)
}

func setDT(dt *DType, want DType, v any) {
	if *dt < 0 || *dt == want {
		*dt = want
		return
	}
	// mixing ints and floats gives floats, like NumPy
	if (*dt == Int32 || *dt == Int64) && want == Float32 {
		*dt = Float32
		return
	}
	if *dt == Float32 && (want == Int32 || want == Int64) {
		return
	}
	errorf("Constant", "mixed element types in %T", v)
}

// Scalar returns a float32 scalar tensor.
func Scalar(v float64) *Tensor { return scalarOf(Float32, v) }

// Ones returns a float32 tensor of ones.
func Ones(shape ...int) *Tensor { return Fill(shape, 1) }

// Zeros returns a float32 tensor of zeros.
func Zeros(shape ...int) *Tensor { return newTensor(Float32, copyShape(shape)) }

// Fill returns a float32 tensor of the given shape filled with v.
func Fill(shape []int, v float64) *Tensor { return fillDT(Float32, copyShape(shape), v) }

func fillDT(dt DType, shape []int, v float64) *Tensor {
	gen := opStart()
	t := newTensor(dt, shape)
	if dt == Float32 {
		f, d := float32(v), t.f32
		for i := range d {
			d[i] = f
		}
	} else {
		f, d := castValue(v, dt), t.f64
		for i := range d {
			d[i] = f
		}
	}
	opEnd(gen) // interrupted while it computed: no late result
	return t
}

// OnesLike returns ones with t's shape and dtype.
func OnesLike(x TensorLike) *Tensor {
	t := tensorOf(x)
	mustNotNil(t, "OnesLike")
	return fillDT(t.dtype, t.shape, 1)
}

// ZerosLike returns zeros with t's shape and dtype.
func ZerosLike(x TensorLike) *Tensor {
	t := tensorOf(x)
	mustNotNil(t, "ZerosLike")
	return fillDT(t.dtype, t.shape, 0)
}

// Range returns the float32 values start, start+delta, ... below limit (above it for delta < 0).
func Range(start, limit, delta float64) *Tensor {
	if delta == 0 {
		errorf("Range", "delta must not be 0")
	}
	n := checkCount("Range", math.Ceil((limit-start)/delta), elemBytes(Float32))
	t := newTensor(Float32, []int{n})
	for i := range t.f32 {
		t.f32[i] = float32(start + float64(i)*delta)
	}
	return t
}

// Linspace returns n evenly spaced float32 values from start to stop inclusive.
func Linspace(start, stop float64, n int) *Tensor {
	if n < 0 {
		errorf("Linspace", "n = %d < 0", n)
	}
	t := newTensor(Float32, []int{n})
	for i := range t.f32 {
		if n == 1 {
			t.f32[i] = float32(start)
			break
		}
		t.f32[i] = float32(start + (stop-start)*float64(i)/float64(n-1))
	}
	return t
}

// FromFloats makes a float32 tensor from flat data and a shape (default: a vector).
func FromFloats(data []float64, shape ...int) *Tensor {
	if len(shape) == 0 {
		shape = []int{len(data)}
	}
	if numel(shape) != len(data) {
		errorf("FromFloats", "%d values do not fill shape %s", len(data), shapeStr(shape))
	}
	return fromFlat(Float32, copyShape(shape), data)
}

// T converts anything Constant accepts to a tensor; a *Tensor is returned as is (so a
// recorded tensor stays connected) and a *Variable is read (a tracked read).
func T(v any) *Tensor {
	if t, ok := tensorOrRead(v, "T"); ok {
		return t
	}
	return Constant(v)
}

// tensorOrRead returns v itself when it is a *Tensor (a nil one panics, naming op) and its
// value when it is a *Variable (a tracked read); ok is false for anything else.
func tensorOrRead(v any, op string) (t *Tensor, ok bool) {
	switch x := v.(type) {
	case *Tensor:
		mustNotNil(x, op)
		return x, true
	case *Variable:
		return x.Value(), true
	}
	return nil, false
}

// toTensorLike converts o for a binary op with t: numbers take t's dtype (like a Python
// number in TensorFlow), tensors and variables are used as they are.
func toTensorLike(o any, like *Tensor) *Tensor {
	switch x := o.(type) { // tensorOrRead's cases inline: the hot path of every method
	case *Tensor:
		mustNotNil(x, "operand")
		return x
	case *Variable:
		return x.Value()
	case float64:
		return scalarOf(like.dtype, x)
	case float32:
		return scalarOf(like.dtype, float64(x))
	case int:
		return scalarOf(like.dtype, float64(x))
	case int32:
		return scalarOf(like.dtype, float64(x))
	case int64:
		return scalarOf(like.dtype, float64(x))
	}
	t := Constant(o)
	if t.dtype != like.dtype && like.dtype.IsFloat() && t.dtype != Bool {
		t = castTensor(t, like.dtype)
	}
	return t
}
