"""Imports beyond the preloaded packages, through jupyter_client: gonum's packages shipped with
the binary, and any pure-Go module fetched with %go get."""
import pytest

from cellout import execute, ok


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


@pytest.fixture
def module_kernel(gotape_bin, tmp_path, monkeypatch):
    """A kernel whose module directory is a fresh temporary one (GOTAPE_MODULES)."""
    from jupyter_client.manager import start_new_kernel

    moddir = tmp_path / "modules"
    monkeypatch.setenv("GOTAPE_MODULES", str(moddir))
    km, kc = start_new_kernel(kernel_name="gotape", startup_timeout=60)
    yield km, kc, moddir
    kc.stop_channels()
    if km.is_alive():
        km.shutdown_kernel(now=True)


def test_go_get_uuid_survives_restart(module_kernel):
    km, kc, moddir = module_kernel
    cell = ok(kc, "%go get github.com/google/uuid@v1.6.0", timeout=300)
    assert cell.stdout == 'github.com/google/uuid@v1.6.0 is ready: import "github.com/google/uuid"\n'
    assert "github.com/google/uuid v1.6.0" in (moddir / "go.mod").read_text()
    code = 'import "github.com/google/uuid"\nuuid.NewSHA1(uuid.NameSpaceURL, []byte("https://go.dev")).String()'
    assert ok(kc, code).result == "76d71d1b-203b-51c3-b17d-c090cb0e4e32"  # what compiled Go computes
    km.restart_kernel(now=True)
    kc.wait_for_ready(timeout=60)
    assert ok(kc, code).result == "76d71d1b-203b-51c3-b17d-c090cb0e4e32"
    assert len(ok(kc, "uuid.New().String()").result) == 36


def test_module_errors_cgo_generics_missing(module_kernel):
    km, kc, moddir = module_kernel
    cell = execute(kc, 'import "github.com/nobody/nothing"')
    assert cell.status == "error" and cell.error["evalue"].endswith(
        'cannot find package "github.com/nobody/nothing": fetch it first with %go get github.com/nobody/nothing@latest (or @VERSION)')
    # two local modules, fetched with %go get through replace directives (no network)
    src = moddir.parent / "src"
    for name, code in {"withcgo": 'package withcgo\n\n// int two() { return 2; }\nimport "C"\n\nfunc Two() int { return int(C.two()) }\n',
                       "gen": "package gen\n\nfunc Sum[T int | float64](xs ...T) T {\n\tvar s T\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}\n"}.items():
        (src / name).mkdir(parents=True)
        (src / name / "go.mod").write_text(f"module example.com/{name}\n\ngo 1.22\n")
        (src / name / f"{name}.go").write_text(code)
    moddir.mkdir()
    (moddir / "go.mod").write_text(f"module gotape.cells\n\ngo 1.22\n\nreplace example.com/withcgo => {src}/withcgo\n\n"
                                   f"replace example.com/gen => {src}/gen\n")
    cell = execute(kc, "%go get example.com/withcgo@v0.0.0")
    assert cell.status == "error" and cell.error["ename"] == "GoError", cell
    assert "package example.com/withcgo needs cgo: withcgo.go has import \"C\", and the interpreter runs pure Go only" in cell.error["evalue"]
    cell = execute(kc, 'import "example.com/withcgo"')
    assert cell.status == "error" and "needs cgo" in cell.error["evalue"] and cell.error["evalue"].startswith("cell:1:8: ")
    ok(kc, "%go get example.com/gen@v0.0.0")
    cell = execute(kc, 'import "example.com/gen"\ngen.Sum(1.5, 2)')
    assert cell.status == "error"
    assert "package example.com/gen does not work in the interpreter (it uses generics, which the interpreter supports only in part)" \
        in cell.error["evalue"], cell.error


def test_a_failed_go_get_says_why(module_kernel):
    km, kc, moddir = module_kernel
    cell = execute(kc, "%env GOPROXY=off\n%go get example.com/nothing@v1.0.0")
    assert cell.error["ename"] == "GoError" and cell.error["evalue"] == (
        "%go get example.com/nothing@v1.0.0: go: example.com/nothing@v1.0.0: module lookup disabled by GOPROXY=off (exit status 1)"), cell
    assert "module lookup disabled by GOPROXY=off" in cell.stderr  # the go command's own output, as it came
