package display

import (
	"math"
	"strings"
	"testing"

	"github.com/gotape/gotape/tape"
)

// checkTable checks a rendered tensor or variable: its text/plain, the caption and cells of
// its HTML table, and the HTML against the golden file.
func checkTable(t *testing.T, b MIMEBundle, text, caption, wantCells, goldenFile string) {
	t.Helper()
	if b[MIMEText] != text {
		t.Errorf("text/plain = %q, want %q", b[MIMEText], text)
	}
	h := b[MIMEHTML].(string)
	if !strings.Contains(h, caption) {
		t.Errorf("caption %q missing: %s", caption, h)
	}
	if got := strings.Join(cells(h), " "); got != wantCells {
		t.Errorf("cells = %s, want %s", got, wantCells)
	}
	golden(t, goldenFile, []byte(h))
}

func TestRenderTensor(t *testing.T) {
	x := tape.Constant([][]float64{{1, 2, 3}, {4, 5, 6}})
	checkTable(t, Render(x), x.String(), "tf.Tensor shape=(2, 3) dtype=float32", "1.0 2.0 3.0 4.0 5.0 6.0", "tensor_2x3.html")

	s := Render(tape.Scalar(108))
	if s[MIMEText] != "tf.Tensor(108.0, shape=(), dtype=float32)" {
		t.Errorf("scalar text = %q", s[MIMEText])
	}
	if !strings.Contains(s[MIMEHTML].(string), ">108.0</span>") {
		t.Errorf("scalar html = %q", s[MIMEHTML])
	}
	i := Render(tape.Constant([]int{1, 2}))
	if got := strings.Join(cells(i[MIMEHTML].(string)), " "); got != "1 2" || !strings.Contains(i[MIMEHTML].(string), "dtype=int32") {
		t.Errorf("int tensor html = %q", i[MIMEHTML])
	}
	var none *tape.Tensor
	if b := Render(none); b[MIMEText] != "None" || len(b) != 1 {
		t.Errorf("nil tensor = %v", b)
	}
}

func TestRenderVariable(t *testing.T) {
	v := tape.NewVariable([]float64{1.5, -2}, tape.Name("w"))
	checkTable(t, Render(v), v.String(), "Variable &#39;w&#39;</b> shape=(2,) dtype=float32", "1.5 -2.0", "variable.html")
	sc := Render(tape.NewVariable(3.0, tape.Name("x"), tape.Trainable(false)))[MIMEHTML].(string)
	if !strings.Contains(sc, "(not trainable)") || !strings.Contains(sc, ">3.0</span>") {
		t.Errorf("scalar variable: %s", sc)
	}
}

func TestGradsAndLists(t *testing.T) {
	w := tape.NewVariable([]float64{1, 2}, tape.Name("w"))
	b0 := tape.NewVariable(0.5, tape.Name("b"))
	unused := tape.NewVariable(1.0, tape.Name("u"))
	g := tape.NewGradientTape()
	var loss *tape.Tensor
	g.Record(func() { loss = w.Value().Square().Sum().Add(b0.Value().Mul(3.0)) })
	grads := g.Gradients(loss, []*tape.Variable{w, b0, unused})
	b := Grads(grads, []*tape.Variable{w, b0, unused})
	h := b[MIMEHTML].(string)
	// d/dw Σw² = 2w = [2, 4]; d/db 3b = 3; u is unconnected.
	if got := strings.Join(cells(h), " "); got != "2.0 4.0" {
		t.Errorf("w gradient cells = %s", got)
	}
	for _, s := range []string{"∂/∂w</b> shape=(2,)", "∂/∂b</b> shape=() dtype=float32 = </span>", ">3.0</span>", "∂/∂u</b> = None"} {
		if !strings.Contains(h, s) {
			t.Errorf("Grads HTML lacks %q", s)
		}
	}
	txt := b[MIMEText].(string)
	if !strings.Contains(txt, "∂/∂u = None") || !strings.HasPrefix(txt, "∂/∂w = tf.Tensor(") {
		t.Errorf("Grads text = %q", txt)
	}
	l := Render(grads)
	if !strings.Contains(l[MIMEHTML].(string), "[2] None") || strings.Count(l[MIMEHTML].(string), "<table") != 1 {
		t.Errorf("list HTML = %s", l[MIMEHTML])
	}
	vs := Render([]*tape.Variable{w, b0})
	if strings.Count(vs[MIMEHTML].(string), "<b>Variable &#39;") != 2 {
		t.Errorf("variable list HTML = %s", vs[MIMEHTML])
	}
}

func TestFuncPlotDerivative(t *testing.T) {
	p := FuncPlot(func(x *tape.Tensor) *tape.Tensor { return x.Sin().Mul(x) }, -3, 3)
	if p.err != nil {
		t.Fatal(p.err)
	}
	if len(p.items) != 2 {
		t.Fatalf("%d series", len(p.items))
	}
	xs, f, df := p.items[0].xs, p.items[0].ys, p.items[1].ys
	if len(xs) != 200 || xs[0] != -3 || math.Abs(xs[199]-3) > 1e-6 {
		t.Fatalf("xs: %d from %v to %v", len(xs), xs[0], xs[len(xs)-1])
	}
	for i, x := range xs {
		// d/dx x·sin x = sin x + x cos x, compared with a central difference too.
		want := math.Sin(x) + x*math.Cos(x)
		h := 1e-4
		num := ((x+h)*math.Sin(x+h) - (x-h)*math.Sin(x-h)) / (2 * h)
		if math.Abs(df[i]-want) > 1e-4 || math.Abs(df[i]-num) > 1e-3 {
			t.Fatalf("f'(%v) = %v, want %v (numerical %v)", x, df[i], want, num)
		}
		if math.Abs(f[i]-x*math.Sin(x)) > 1e-5 {
			t.Fatalf("f(%v) = %v", x, f[i])
		}
	}
	golden(t, "funcplot.svg", []byte(p.SVG()))
	// A reducing f is reported in the picture.
	bad := FuncPlot(func(x *tape.Tensor) *tape.Tensor { return x.Sum() }, 0, 1)
	if bad.err == nil || !strings.Contains(bad.SVG(), "element-wise") {
		t.Errorf("reducing f: err %v", bad.err)
	}
}

func TestImageGridTensor(t *testing.T) {
	imgs := tape.FromFloats(digits(6), 6, 64) // [N, H*W] with H = W = 8
	r := ImageGrid(imgs, IntLabels([]int{0, 1, 2, 3, 4, 5}), 3)
	want := imageGrid(digits(6), 6, 8, 8, 1, []string{"0", "1", "2", "3", "4", "5"}, 3)
	if b1, b2 := r.Image().Bounds(), want.Image().Bounds(); b1 != b2 || b1.Dx() != 3*62+6 {
		t.Fatalf("bounds %v, want %v", b1, b2)
	}
	for y := 0; y < r.Image().Bounds().Dy(); y++ {
		for x := 0; x < r.Image().Bounds().Dx(); x++ {
			if pixelDiff(r.Image(), want.Image(), x, y) > 1 { // float32 rounding
				t.Fatalf("pixel (%d,%d) differs", x, y)
			}
		}
	}
	// One-hot predictions become their arg-max.
	oh := tape.Constant([][]float64{{0, 0.9, 0.1}, {0.7, 0.2, 0.1}})
	if got := strings.Join(IntLabels(oh), ","); got != "1,0" {
		t.Errorf("IntLabels(one-hot) = %s", got)
	}
}

func TestTapeGraph(t *testing.T) {
	x := tape.Constant(3.0)
	w := tape.NewVariable([]float64{1, 2}, tape.Name("w"))
	g := tape.NewGradientTape(tape.Persistent(true))
	var y *tape.Tensor
	g.Record(func() {
		g.Watch(x)
		y = x.Mul(x).Add(x.Sin()).Add(w.Value().Mul(2.0).Sum())
	})
	before := Render(g)
	if strings.Contains(before[MIMESVG].(string), "∂") {
		t.Error("gradients drawn before Gradient")
	}
	dx := g.Gradient(y, x)
	// d/dx (x² + sin x) = 2x + cos x.
	if want := 6 + math.Cos(3); math.Abs(dx.Float()-want) > 1e-5 {
		t.Fatalf("dy/dx = %v, want %v", dx.Float(), want)
	}
	b := Render(g)
	svg := b[MIMESVG].(string)
	for _, s := range []string{">Tensor = 3.0<", "watched", ">w<", ">Mul<", ">Sin<", ">Add<", ">ReduceSum<", ">2.0<",
		"∂ " + formatValue(float64(float32(6+math.Cos(3))), "float32"), "∂ 1.0"} {
		if !strings.Contains(svg, s) {
			t.Errorf("graph lacks %q", s)
		}
	}
	if b[MIMEText] != "<GradientTape persistent=true: 6 ops, 1 watched tensors, 1 variables>" {
		t.Errorf("text = %q", b[MIMEText])
	}
	golden(t, "tape.svg", []byte(svg))
	empty := Render(tape.NewGradientTape())
	if !strings.Contains(empty[MIMESVG].(string), "nothing recorded") {
		t.Errorf("empty tape SVG = %q", empty[MIMESVG])
	}
}

func TestTapeGraphTooLarge(t *testing.T) {
	x := tape.Constant(1.0)
	g := tape.NewGradientTape()
	g.Record(func() {
		g.Watch(x)
		y := x
		for i := 0; i < MaxGraphNodes; i++ {
			y = y.Add(1.0)
		}
	})
	svg := TapeSVG(g)
	if !strings.Contains(svg, "too large to draw") || len(svg) > 1000 {
		t.Errorf("large tape SVG (%d bytes): %.200s", len(svg), svg)
	}
}
