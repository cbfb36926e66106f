package tape

import "fmt"

// DType is the element type of a Tensor.
type DType int

// The element types. Float32 is the default for floating-point values, Int32 for integers.
const (
	Float32 DType = iota
	Float64
	Int32
	Int64
	Bool
)

// String returns TensorFlow's dtype name ("float32", ...).
func (d DType) String() string {
	switch d {
	case Float32:
		return "float32"
	case Float64:
		return "float64"
	case Int32:
		return "int32"
	case Int64:
		return "int64"
	case Bool:
		return "bool"
	}
	return fmt.Sprintf("DType(%d)", int(d))
}

// IsFloat reports whether d is Float32 or Float64 (the differentiable types).
func (d DType) IsFloat() bool { return d == Float32 || d == Float64 }
