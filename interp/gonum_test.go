package interp

import (
	"strings"
	"testing"
)

// gonum's packages come with the binary (symbol tables): cells import them with no set-up
// and call them at compiled speed; tape tensors convert to and from *mat.Dense.
func TestGonumImports(t *testing.T) {
	e := New()
	steps := []struct{ code, want string }{
		{"import \"gonum.org/v1/gonum/mat\"\nm := mat.NewDense(2, 2, []float64{1, 2, 3, 4})\nmat.Det(m)", "-2"},
		{"import \"gonum.org/v1/gonum/floats\"\nfloats.Sum([]float64{1, 2, 3.5})", "6.5"},
		{"import \"gonum.org/v1/gonum/stat\"\nstat.Mean([]float64{1, 2, 3, 6}, nil)", "3"},
		{"import \"gonum.org/v1/gonum/stat/distuv\"\ndistuv.UnitNormal.CDF(0)", "0.5"},
		{"import \"gonum.org/v1/gonum/integrate\"\nintegrate.Trapezoidal([]float64{0, 1, 2}, []float64{0, 1, 2})", "2"},
		{"import \"gonum.org/v1/gonum/optimize\"\n" +
			"res, err := optimize.Minimize(optimize.Problem{Func: func(x []float64) float64 { return (x[0]-3)*(x[0]-3) + 1 }}, []float64{0}, nil, &optimize.NelderMead{})\n" +
			"err == nil && res.F < 1.0001", "true"},
		{"tape.FromDense(m)", "<tf.Tensor: shape=(2, 2), dtype=float64, numpy=\narray([[1., 2.],\n       [3., 4.]])>"},
		{"mat.Formatted(tape.Constant([][]float64{{1, 2}, {3, 4}}).Dense().T())", "⎡1  3⎤\n⎣2  4⎦"},
		{"import (\n\t\"gonum.org/v1/plot\"\n\t\"gonum.org/v1/plot/plotter\"\n\t\"gonum.org/v1/plot/vg\"\n)\n" +
			"p := plot.New()\nl, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})\np.Add(l)\n" +
			"w, _ := p.WriterTo(2*vg.Inch, 2*vg.Inch, \"svg\")\nvar sb strings.Builder\nw.WriteTo(&sb)\nstrings.HasPrefix(sb.String(), \"<?xml\")", "true"},
	}
	for i, s := range steps {
		if strings.Contains(s.code, "strings.") {
			run(t, e, `import "strings"`)
		}
		r := run(t, e, s.code)
		if r.err != nil {
			t.Fatalf("step %d %q: %s: %s", i, s.code, r.err.Name, r.err.Value)
		}
		if r.result != s.want {
			t.Errorf("step %d %q: result %q, want %q", i, s.code, r.result, s.want)
		}
	}
}
