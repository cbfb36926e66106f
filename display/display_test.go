package display

import (
	"bytes"
	"encoding/base64"
	"errors"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/gotape/gotape/tape"
	"gonum.org/v1/plot/font"
)

// message is one published output.
type message struct {
	b      MIMEBundle
	id     string
	update bool
	clear  bool
	wait   bool
}

type recorder struct{ msgs []message }

func (r *recorder) Publish(b MIMEBundle, id string, update bool) {
	r.msgs = append(r.msgs, message{b: b, id: id, update: update})
}
func (r *recorder) Clear(wait bool) { r.msgs = append(r.msgs, message{clear: true, wait: wait}) }

// record installs a recorder for the duration of the test.
func record(t *testing.T) *recorder {
	r := &recorder{}
	SetPublisher(r)
	t.Cleanup(func() { SetPublisher(nil) })
	return r
}

type htmlThing struct{}

func (htmlThing) HTML() string   { return "<b>hi</b>" }
func (htmlThing) String() string { return "hi" }

type allThing struct{}

func (allThing) Markdown() string { return "*md*" }
func (allThing) LaTeX() string    { return "$x^2$" }
func (allThing) SVG() string      { return "<svg/>" }
func (allThing) PNG() []byte      { return []byte{1, 2, 3} }
func (allThing) JPEG() []byte     { return []byte{4, 5} }
func (allThing) JSON() any        { return map[string]int{"a": 1} }

type mimeThing struct{}

func (mimeThing) MIME() MIMEBundle { return MIMEBundle{"text/x-custom": "c"} }

func TestRenderInterfaces(t *testing.T) {
	b := Render(htmlThing{})
	if b[MIMEHTML] != "<b>hi</b>" || b[MIMEText] != "hi" || len(b) != 2 {
		t.Errorf("HTMLer bundle = %v", b)
	}
	b = Render(allThing{})
	want := MIMEBundle{
		MIMEMarkdown: "*md*", MIMELaTeX: "$x^2$", MIMESVG: "<svg/>",
		MIMEPNG: base64.StdEncoding.EncodeToString([]byte{1, 2, 3}), MIMEJPEG: "BAU=",
	}
	for k, v := range want {
		if b[k] != v {
			t.Errorf("%s = %v, want %v", k, b[k], v)
		}
	}
	if m, ok := b[MIMEJSON].(map[string]int); !ok || m["a"] != 1 {
		t.Errorf("JSON = %#v", b[MIMEJSON])
	}
	if b[MIMEText] != "{}" {
		t.Errorf("text/plain = %q, want fmt %%v of the struct", b[MIMEText])
	}
	b = Render(mimeThing{})
	if b["text/x-custom"] != "c" || b[MIMEText] != "{}" {
		t.Errorf("MIMEer bundle = %v", b)
	}
	orig := MIMEBundle{MIMEHTML: "x", MIMEText: "y"}
	b = Render(orig)
	b[MIMEHTML] = "changed"
	if orig[MIMEHTML] != "x" {
		t.Error("Render(MIMEBundle) did not copy")
	}
}

func TestRenderPlain(t *testing.T) {
	var nilHTML *htmlPtr
	tests := []struct {
		v    any
		want string
	}{
		{nil, "<nil>"},
		{42, "42"},
		{3.5, "3.5"},
		{"s", "s"},
		{[]float64{1, 2}, "[1 2]"},
		{errors.New("boom"), "boom"},
		{time.Duration(1500) * time.Millisecond, "1.5s"},
		{nilHTML, "<nil>"},
		{(*tape.Tensor)(nil), "None"}, // a missing gradient, as TensorFlow prints it
		{(*tape.Variable)(nil), "<nil>"},
		{(*tape.GradientTape)(nil), "<nil>"},
	}
	for _, tc := range tests {
		b := Render(tc.v)
		if b[MIMEText] != tc.want {
			t.Errorf("Render(%#v)[text/plain] = %q, want %q", tc.v, b[MIMEText], tc.want)
		}
	}
}

type htmlPtr struct{ s string }

func (h *htmlPtr) String() string { return h.s }

func TestRenderImage(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 3, 2))
	img.SetGray(1, 1, color.Gray{200})
	b := Render(img)
	if b[MIMEText] != "<image 3x2>" {
		t.Errorf("text/plain = %q", b[MIMEText])
	}
	raw, err := base64.StdEncoding.DecodeString(b[MIMEPNG].(string))
	if err != nil {
		t.Fatal(err)
	}
	back, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if g := color.GrayModel.Convert(back.At(1, 1)).(color.Gray); g.Y != 200 {
		t.Errorf("pixel = %d, want 200", g.Y)
	}
}

func TestExplicitCalls(t *testing.T) {
	r := record(t)
	HTML("<p>a &amp; <b>b</b></p>")
	Markdown("# T")
	LaTeX(`\int x`)
	LaTeX(`$y$`)
	SVG("<svg></svg>")
	var buf bytes.Buffer
	png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 4, 5)))
	PNG(buf.Bytes())
	JPEG([]byte("not a jpeg"))
	JSON(map[string]any{"k": []int{1}})
	Image(image.NewGray(image.Rect(0, 0, 2, 2)))
	Show(1, "two")
	checks := []struct{ mime, data, text string }{
		{MIMEHTML, "<p>a &amp; <b>b</b></p>", "a & b"},
		{MIMEMarkdown, "# T", "# T"},
		{MIMELaTeX, `$$\int x$$`, `$$\int x$$`},
		{MIMELaTeX, `$y$`, `$y$`},
		{MIMESVG, "<svg></svg>", "<SVG image>"},
		{MIMEPNG, base64.StdEncoding.EncodeToString(buf.Bytes()), "<PNG image 4x5>"},
		{MIMEJPEG, base64.StdEncoding.EncodeToString([]byte("not a jpeg")), "<JPEG image>"},
		{MIMEJSON, "", "{\n  \"k\": [\n    1\n  ]\n}"},
		{MIMEPNG, "", "<PNG image 2x2>"},
		{MIMEText, "1", "1"},
		{MIMEText, "two", "two"},
	}
	if len(r.msgs) != len(checks) {
		t.Fatalf("%d messages, want %d", len(r.msgs), len(checks))
	}
	for i, c := range checks {
		m := r.msgs[i]
		if m.update || m.id != "" {
			t.Errorf("msg %d: update=%v id=%q", i, m.update, m.id)
		}
		if c.data != "" && m.b[c.mime] != c.data {
			t.Errorf("msg %d: %s = %q, want %q", i, c.mime, m.b[c.mime], c.data)
		}
		if _, ok := m.b[c.mime]; !ok {
			t.Errorf("msg %d: no %s in %v", i, c.mime, m.b)
		}
		if m.b[MIMEText] != c.text {
			t.Errorf("msg %d: text/plain = %q, want %q", i, m.b[MIMEText], c.text)
		}
	}
}

func TestDisplayIDs(t *testing.T) {
	r := record(t)
	id := NewDisplayID()
	if id2 := NewDisplayID(); id2 == id || !strings.HasPrefix(id, "gotape-") {
		t.Errorf("IDs %q %q", id, id2)
	}
	ShowWithID("a", id)
	Update("b", id)
	ClearOutput(true)
	ClearOutput(false)
	want := []message{
		{b: MIMEBundle{MIMEText: "a"}, id: id},
		{b: MIMEBundle{MIMEText: "b"}, id: id, update: true},
		{clear: true, wait: true},
		{clear: true},
	}
	if len(r.msgs) != len(want) {
		t.Fatalf("got %d messages", len(r.msgs))
	}
	for i, w := range want {
		g := r.msgs[i]
		if g.id != w.id || g.update != w.update || g.clear != w.clear || g.wait != w.wait || g.b[MIMEText] != w.b[MIMEText] {
			t.Errorf("msg %d = %+v, want %+v", i, g, w)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("Update without an ID did not panic")
		}
	}()
	Update("x", "")
}

func TestDefaultPublisherWritesText(t *testing.T) {
	var buf bytes.Buffer
	SetPublisher(TextPublisher{W: &buf})
	defer SetPublisher(nil)
	Show(htmlThing{})
	HTML("<i>x</i>")
	if got := buf.String(); got != "hi\nx\n" {
		t.Errorf("got %q", got)
	}
}

func TestDownsample(t *testing.T) {
	ys := make([]float64, 1000)
	for i := range ys {
		ys[i] = float64(i)
	}
	xs, out := downsample(ys, 100)
	if len(xs) != 100 || len(out) != 100 {
		t.Fatalf("len %d %d", len(xs), len(out))
	}
	// Bucket i holds 10i … 10i+9: mean 10i+4.5, at step (1-based) 10i+5.5.
	for i := range out {
		if out[i] != float64(10*i)+4.5 || xs[i] != float64(10*i)+5.5 {
			t.Fatalf("bucket %d = (%v, %v)", i, xs[i], out[i])
		}
	}
}

func TestToFloats(t *testing.T) {
	tests := []struct {
		v    any
		want []float64
	}{
		{[]float64{1, 2}, []float64{1, 2}},
		{[]float32{0.5}, []float64{0.5}},
		{[]int{3, 4}, []float64{3, 4}},
		{[2]int64{5, 6}, []float64{5, 6}},
		{[]any{1, 2.5}, []float64{1, 2.5}},
		{7, []float64{7}},
		{floatser{9}, []float64{9}},
	}
	for _, tc := range tests {
		got := toFloats(tc.v)
		if len(got) != len(tc.want) {
			t.Errorf("toFloats(%v) = %v", tc.v, got)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("toFloats(%v) = %v", tc.v, got)
			}
		}
	}
}

type floatser struct{ v float64 }

func (f floatser) Floats() []float64 { return []float64{f.v} }

func TestPlotGolden(t *testing.T) {
	var losses []float64
	for i := 0; i < 200; i++ {
		losses = append(losses, 2*math.Exp(-float64(i)/40)+0.1)
	}
	line := LinePlot(losses).Title("loss").YLabel("loss")
	golden(t, "lineplot.svg", []byte(line.SVG()))
	golden(t, "lineplot.png", line.PNG())
	xs := []float64{0, 1, 2, 3, 4, 5}
	ys := []float64{5.2, 14.9, 25.1, 34.8, 45.3, 54.9}
	sc := Scatter(xs, ys).Fn(func(x float64) float64 { return 10*x + 5 }, "y ≈ 10x + 5").Title("linear regression")
	golden(t, "scatter.svg", []byte(sc.SVG()))
	golden(t, "scatter.png", sc.PNG())
	lg := LinePlot(losses).LogY()
	golden(t, "logplot.svg", []byte(lg.SVG()))

	b := Render(sc)
	if !strings.HasPrefix(b[MIMESVG].(string), "<svg") || b[MIMEPNG] == nil || b[MIMEText] != `<Plot "linear regression": points "data" (6 points), function "y ≈ 10x + 5">` {
		t.Errorf("plot bundle: text %q, svg %.20q", b[MIMEText], b[MIMESVG])
	}
	if strings.Contains(b[MIMESVG].(string), "<text") {
		t.Error("SVG plot text is not drawn as outlines: a browser without the font draws it otherwise")
	}
	// A length mismatch is reported in the picture, not as a panic.
	bad := LinePlotXY([]float64{1, 2}, []float64{1})
	if s := bad.SVG(); !strings.Contains(s, "2 x values and 1 y values") {
		t.Errorf("mismatch SVG = %q", s)
	}
}

func TestPlotPNGSize(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(LinePlot([]float64{1, 3, 2}).Size(4, 2).PNG()))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 4*PNGDPI || b.Dy() != 2*PNGDPI {
		t.Errorf("PNG size %v, want %dx%d", b, 4*PNGDPI, 2*PNGDPI)
	}
}

// digits returns n synthetic 8×8 "images": a bar at column i%8 with value i/n.
func digits(n int) []float64 {
	d := make([]float64, n*64)
	for i := 0; i < n; i++ {
		for y := 0; y < 8; y++ {
			d[i*64+y*8+i%8] = float64(i+1) / float64(n)
		}
	}
	return d
}

func TestImageGridGolden(t *testing.T) {
	r := imageGrid(digits(6), 6, 8, 8, 1, []string{"0", "1", "2", "3", "4", "five"}, 4)
	img := r.Image()
	// 8×8 images are magnified 7 times: 4 columns of 56+6 px plus a gap; 2 rows of
	// 56+16+6 px plus a gap.
	if b := img.Bounds(); b.Dx() != 4*62+6 || b.Dy() != 2*78+6 {
		t.Errorf("grid size %v", b)
	}
	// Image 5 (row 1, col 1) has its bar at column 5 with value 1: black; elsewhere white.
	at := func(x, y int) uint8 { return color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y }
	ox, oy := 6+62, 6+78
	if v := at(ox+5*7, oy+3*7); v != 0 {
		t.Errorf("bar pixel = %d, want 0 (black)", v)
	}
	if v := at(ox+4*7, oy+3*7); v != 255 {
		t.Errorf("background pixel = %d, want 255", v)
	}
	// Image 0 has value 1/6 on [0,1]: grey 255-43.
	if v := at(6, 6); v != 255-43 {
		t.Errorf("image 0 pixel = %d, want %d", v, 255-43)
	}
	if r.String() != "<ImageGrid 6 images 254x162>" {
		t.Errorf("String = %q", r.String())
	}
	golden(t, "imagegrid.png", r.PNG())
	if b := Render(r); b[MIMEPNG] == nil || b[MIMESVG] != nil {
		t.Errorf("grid bundle keys %v", b)
	}
}

func TestGridShape(t *testing.T) {
	tests := []struct {
		shape      []int
		n, h, w, c int
	}{
		{[]int{10, 784}, 10, 28, 28, 1},
		{[]int{10, 28, 28}, 10, 28, 28, 1},
		{[]int{10, 28, 28, 1}, 10, 28, 28, 1},
		{[]int{2, 8, 8, 3}, 2, 8, 8, 3},
		{[]int{28, 28}, 1, 28, 28, 1},
		{[]int{28, 28, 1}, 1, 28, 28, 1},
	}
	for _, tc := range tests {
		n, h, w, c, err := gridShape(tc.shape)
		if err != nil || n != tc.n || h != tc.h || w != tc.w || c != tc.c {
			t.Errorf("gridShape(%v) = %d %d %d %d %v", tc.shape, n, h, w, c, err)
		}
	}
	if _, _, _, _, err := gridShape([]int{2, 3, 4, 5}); err == nil {
		t.Error("no error for [2 3 4 5]")
	}
}

func TestValueRange(t *testing.T) {
	for _, tc := range []struct {
		data   []float64
		lo, hi float64
	}{
		{[]float64{0, 0.5, 1}, 0, 1},
		{[]float64{0, 200}, 0, 255},
		{[]float64{-1, 1}, -1, 1},
		{[]float64{3, 300}, 3, 300},
	} {
		if lo, hi := valueRange(tc.data); lo != tc.lo || hi != tc.hi {
			t.Errorf("valueRange(%v) = %v, %v", tc.data, lo, hi)
		}
	}
}

func TestBundlesGolden(t *testing.T) {
	r := record(t)
	HTML("<p>x</p>")
	Markdown("**bold**")
	LaTeX(`\sum_i x_i`)
	JSON([]any{1, "two", map[string]any{"three": 3.0}})
	SVG(`<svg xmlns="http://www.w3.org/2000/svg"/>`)
	var out []MIMEBundle
	for _, m := range r.msgs {
		out = append(out, m.b)
	}
	golden(t, "bundles.json", []byte(jsonText(out)+"\n"))
}

// The plot font is compiled into gonum/plot: text is drawn without any system font.
func TestPlotFontEmbedded(t *testing.T) {
	if !font.DefaultCache.Has(plotFont) {
		t.Fatal("Liberation Sans is not in gonum/plot's embedded font cache")
	}
	img, err := png.Decode(bytes.NewReader(NewPlot().Title("TITLE TEXT").Size(3, 1).PNG()))
	if err != nil {
		t.Fatal(err)
	}
	// The title is centred at the top: some of its pixels are dark.
	dark := 0
	b := img.Bounds()
	for y := 0; y < 20; y++ {
		for x := b.Dx() / 4; x < 3*b.Dx()/4; x++ {
			if c := color.GrayModel.Convert(img.At(x, y)).(color.Gray); c.Y < 100 {
				dark++
			}
		}
	}
	if dark < 50 {
		t.Errorf("title drew %d dark pixels", dark)
	}
}

func TestFnRange(t *testing.T) {
	p := NewPlot().FnRange(math.Sin, 0, 2*math.Pi, "sin")
	g, err := p.build()
	if err != nil {
		t.Fatal(err)
	}
	// The axes hold [0, 2π] × [-1, 1] (plus padding).
	if g.X.Min > 0 || g.X.Max < 2*math.Pi || g.Y.Min > -0.99 || g.Y.Max < 0.99 {
		t.Errorf("axes x [%v, %v] y [%v, %v]", g.X.Min, g.X.Max, g.Y.Min, g.Y.Max)
	}
	if s := NewPlot().Fn(math.Sin, "sin").SVG(); !strings.Contains(s, "no data points") {
		t.Errorf("Fn without data: %.100s", s)
	}
}
