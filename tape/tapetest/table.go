package tapetest

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/gotape/gotape/tape"
)

// checkRows is how many elements Check lists before it elides the middle of the table.
const checkRows = 12

// Check compares, for a function of one tensor, the tape's gradient of Σ f(x) with central
// finite differences, element by element, in float64 (x is converted; f must accept float64
// tensors). It prints a table of both gradients and their relative error
// |analytic − numerical| / max(1, |analytic|, |numerical|) to tape.Output() (the cell's output
// in a notebook) and returns the largest relative error: about 1e-9 when the gradient rule is
// right, far larger when it is not.
func Check(f func(*tape.Tensor) *tape.Tensor, x *tape.Tensor) float64 {
	const eps = 1e-6
	x64 := tape.Cast(x, tape.Float64)
	ff := func(xs []*tape.Tensor) *tape.Tensor { return f(xs[0]) }
	analytic := tape.Grad(f)(x64)
	numeric := NumericGradient(ff, []*tape.Tensor{x64}, eps)[0]
	return writeCheck(tape.Output(), x.Shape(), analytic.Floats(), numeric.Floats(), eps)
}

func writeCheck(w io.Writer, shape []int, a, n []float64, eps float64) float64 {
	var b strings.Builder
	fmt.Fprintf(&b, "%-10s %16s %16s %12s\n", "element", "analytic", "numerical", "rel. error")
	worst := 0.0
	for i := range a {
		e := math.Abs(a[i]-n[i]) / max(1, math.Abs(a[i]), math.Abs(n[i]))
		if math.IsNaN(e) || e > worst || math.IsNaN(worst) {
			worst = e
		}
		if len(a) > checkRows && i == checkRows/2 {
			fmt.Fprintf(&b, "%-10s\n", fmt.Sprintf("… %d more", len(a)-checkRows))
		}
		if len(a) > checkRows && i >= checkRows/2 && i < len(a)-checkRows/2 {
			continue
		}
		fmt.Fprintf(&b, "%-10s %16.9g %16.9g %12.3g\n", index(i, shape), a[i], n[i], e)
	}
	fmt.Fprintf(&b, "max relative error %.3g over %d elements (float64, central differences, eps %g)\n", worst, len(a), eps)
	io.WriteString(w, b.String())
	return worst
}

// index prints flat index i of shape as TensorFlow's tuple: (1, 2), or () for a scalar.
func index(i int, shape []int) string {
	if len(shape) == 0 {
		return "()"
	}
	idx := make([]string, len(shape))
	for k := len(shape) - 1; k >= 0; k-- {
		idx[k] = fmt.Sprint(i % shape[k])
		i /= shape[k]
	}
	if len(idx) == 1 {
		return "(" + idx[0] + ",)"
	}
	return "(" + strings.Join(idx, ", ") + ")"
}
