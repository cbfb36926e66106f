package optim

import "github.com/gotape/gotape/tape"

// Conversions between tape values and the flat slices the update kernels work on.

func floats32(t *tape.Tensor) []float32 { return toFloat32(t.Floats()) }

func toFloat32(f []float64) []float32 {
	out := make([]float32, len(f))
	for i, v := range f {
		out[i] = float32(v)
	}
	return out
}

func floats64(t *tape.Tensor) []float64 { return t.Floats() }

func assign32(v *tape.Variable, x []float32) {
	v.Assign(tape.Reshape(tape.Constant(x), v.Shape()...))
}

func assign64(v *tape.Variable, x []float64) {
	v.Assign(tape.Reshape(tape.Constant(x, tape.Float64), v.Shape()...))
}
