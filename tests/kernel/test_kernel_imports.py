"""Imports beyond the preloaded packages, through jupyter_client: gonum's packages shipped with
the binary, and any pure-Go module fetched with %go get."""
from cellout import ok


def test_gonum_packages_import_with_no_setup(kernel):
    km, kc = kernel
    cell = ok(kc, 'import "gonum.org/v1/gonum/mat"\nm := mat.NewDense(2, 2, []float64{4, 1, 2, 3})\nmat.Trace(m) + m.At(0, 1)')
    assert cell.result == "8"
    assert ok(kc, 'import "gonum.org/v1/gonum/stat"\nstat.Variance([]float64{1, 2, 3, 4}, nil)').result == "1.6666666666666667"
    assert ok(kc, 'import "gonum.org/v1/gonum/stat/distuv"\ndistuv.Normal{Mu: 1, Sigma: 2}.Mean()').result == "1"
    assert ok(kc, 'import "gonum.org/v1/gonum/floats"\nfloats.Max([]float64{3, 9, 2})').result == "9"
    assert ok(kc, 'import "gonum.org/v1/gonum/integrate"\n'
                  'integrate.Simpsons([]float64{0, 1, 2}, []float64{0, 1, 4})').result == "2.6666666666666665"
    cell = ok(kc, 'import (\n\t"math"\n\t"gonum.org/v1/gonum/optimize"\n)\n'
                  'res, _ := optimize.Minimize(optimize.Problem{Func: func(x []float64) float64 { return (x[0]-2)*(x[0]-2) }}, '
                  '[]float64{0}, nil, &optimize.NelderMead{})\nmath.Round(res.X[0]*1000) / 1000')
    assert cell.result == "2"
    cell = ok(kc, 'import (\n\t"gonum.org/v1/plot"\n\t"gonum.org/v1/plot/plotter"\n\t"gonum.org/v1/plot/vg"\n)\n'
                  'p := plot.New()\np.Title.Text = "line"\npts := plotter.XYs{{X: 0, Y: 1}, {X: 1, Y: 3}}\n'
                  'l, _ := plotter.NewLine(pts)\np.Add(l)\np.Save(3*vg.Inch, 2*vg.Inch, os.TempDir()+"/gotape-line.png") == nil')
    assert cell.result == "true"


def test_tape_tensors_convert_to_and_from_dense(kernel):
    km, kc = kernel
    ok(kc, 'import "gonum.org/v1/gonum/mat"')
    cell = ok(kc, 'x := tape.FromDense(mat.NewDense(2, 2, []float64{1, 2, 3, 4}))\nfmt.Println(x)')
    assert cell.stdout == "tf.Tensor(\n[[1. 2.]\n [3. 4.]], shape=(2, 2), dtype=float64)\n"
    cell = ok(kc, 'var inv mat.Dense\ninv.Inverse(x.Mul(2).Dense())\nfmt.Printf("%.2f\\n", mat.Formatted(&inv))')
    assert cell.stdout == "⎡-1.00   0.50⎤\n⎣ 0.75  -0.25⎦\n"
