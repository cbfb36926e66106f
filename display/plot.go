package display

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image/color"
	"math"
	"reflect"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Default plot size in inches (576×324 px at 96 DPI) and PNG resolution.
const (
	DefaultPlotWidth  = 6.0
	DefaultPlotHeight = 3.375
	PNGDPI            = 96
)

// palette is the series colour cycle (Tableau 10, as in matplotlib).
var palette = []color.RGBA{
	{0x1f, 0x77, 0xb4, 0xff}, {0xff, 0x7f, 0x0e, 0xff}, {0x2c, 0xa0, 0x2c, 0xff},
	{0xd6, 0x27, 0x28, 0xff}, {0x94, 0x67, 0xbd, 0xff}, {0x8c, 0x56, 0x4b, 0xff},
	{0xe3, 0x77, 0xc2, 0xff}, {0x7f, 0x7f, 0x7f, 0xff}, {0xbc, 0xbd, 0x22, 0xff},
	{0x17, 0xbe, 0xcf, 0xff},
}

// plotFont is the face used for all plot text: Liberation Sans, embedded in gonum/plot,
// so no system font is needed to measure or raster text.
var plotFont = font.Font{Typeface: "Liberation", Variant: "Sans"}

// Plot is a 2-D plot (gonum/plot) built with chained calls, e.g.
//
//	display.LinePlot(losses).Title("loss").XLabel("step")
//
// It renders as SVG and PNG, so a Plot as a cell's last expression, or passed to Show, is
// drawn. Data arguments (xs, ys) accept []float64, []float32, integer slices and anything
// with a Floats() []float64 method such as *tape.Tensor.
type Plot struct {
	title, xlabel, ylabel string
	logY                  bool
	legend                string
	w, h                  float64
	items                 []plotItem
	err                   error
}

type plotItem struct {
	kind   string // "line", "points", "fn"
	xs, ys []float64
	f      func(float64) float64
	from   float64 // x range of a ranged "fn"
	to     float64
	ranged bool
	label  string
	color  color.RGBA
	dashed bool
}

// NewPlot returns an empty plot of the default size.
func NewPlot() *Plot { return &Plot{w: DefaultPlotWidth, h: DefaultPlotHeight} }

// LinePlot plots ys against their index (0, 1, 2 …), e.g. a loss per step.
func LinePlot(ys any) *Plot {
	y := toFloats(ys)
	return NewPlot().Line(indexes(len(y)), y, "").XLabel("step")
}

// LinePlotXY plots ys against xs as a line.
func LinePlotXY(xs, ys any) *Plot { return NewPlot().Line(xs, ys, "") }

// Scatter plots the points (xs[i], ys[i]). Add a fitted line with Fn or Line.
func Scatter(xs, ys any) *Plot { return NewPlot().Points(xs, ys, "data") }

// Line adds a line series; a non-empty label appears in the legend.
func (p *Plot) Line(xs, ys any, label string) *Plot {
	return p.add(plotItem{kind: "line", xs: toFloats(xs), ys: toFloats(ys), label: label})
}

// Points adds a scatter series.
func (p *Plot) Points(xs, ys any, label string) *Plot {
	return p.add(plotItem{kind: "points", xs: toFloats(xs), ys: toFloats(ys), label: label})
}

// Fn adds the curve of f over the x range of the plot's data (e.g. a fitted line).
func (p *Plot) Fn(f func(x float64) float64, label string) *Plot {
	return p.add(plotItem{kind: "fn", f: f, label: label})
}

// FnRange adds the curve of f over [from, to].
func (p *Plot) FnRange(f func(x float64) float64, from, to float64, label string) *Plot {
	return p.add(plotItem{kind: "fn", f: f, from: from, to: to, ranged: true, label: label})
}

// Dashed draws the most recently added series dashed.
func (p *Plot) Dashed() *Plot {
	if n := len(p.items); n > 0 {
		p.items[n-1].dashed = true
	}
	return p
}

// Title sets the plot title.
func (p *Plot) Title(s string) *Plot { p.title = s; return p }

// XLabel sets the x-axis label.
func (p *Plot) XLabel(s string) *Plot { p.xlabel = s; return p }

// YLabel sets the y-axis label.
func (p *Plot) YLabel(s string) *Plot { p.ylabel = s; return p }

// LogY uses a logarithmic y axis (all y values must be positive).
func (p *Plot) LogY() *Plot { p.logY = true; return p }

// Legend places the legend: "top-left" (default), "top-right", "bottom-left" or
// "bottom-right".
func (p *Plot) Legend(pos string) *Plot { p.legend = pos; return p }

// Size sets the size in inches (96 px per inch in the notebook).
func (p *Plot) Size(width, height float64) *Plot { p.w, p.h = width, height; return p }

// Show displays the plot.
func (p *Plot) Show() { Show(p) }

// String is the text/plain form: what the plot shows, e.g.
// <Plot "loss": line "train" (100 points), x: step, y: loss>.
func (p *Plot) String() string {
	head := "Plot"
	if p.title != "" {
		head += fmt.Sprintf(" %q", p.title)
	}
	var parts, series []string
	for _, it := range p.items {
		s := map[string]string{"line": "line", "points": "points", "fn": "function"}[it.kind]
		if it.label != "" {
			s += fmt.Sprintf(" %q", it.label)
		}
		if it.kind != "fn" {
			s += fmt.Sprintf(" (%d points)", len(it.xs))
		}
		series = append(series, s)
	}
	if len(series) > 0 {
		parts = append(parts, strings.Join(series, ", "))
	}
	if p.xlabel != "" {
		parts = append(parts, "x: "+p.xlabel)
	}
	if p.ylabel != "" {
		parts = append(parts, "y: "+p.ylabel)
	}
	if p.logY {
		parts = append(parts, "log y")
	}
	if len(parts) == 0 {
		return "<" + head + ">"
	}
	return "<" + head + ": " + strings.Join(parts, ", ") + ">"
}

// hasData reports whether some series fixes the x range (data or a ranged function).
func (p *Plot) hasData() bool {
	for _, it := range p.items {
		if it.kind != "fn" && len(it.xs) > 0 || it.ranged {
			return true
		}
	}
	return false
}

func (p *Plot) add(it plotItem) *Plot {
	if it.kind != "fn" && len(it.xs) != len(it.ys) && p.err == nil {
		p.err = fmt.Errorf("display: plot series %q has %d x values and %d y values", it.label, len(it.xs), len(it.ys))
	}
	it.color = palette[len(p.items)%len(palette)]
	p.items = append(p.items, it)
	return p
}

// build makes the gonum plot: Tableau colours, light grid, 1-2-5 ticks, 5% margins
// around the data and a boxed legend (headroom is added so it does not cover the data).
func (p *Plot) build() (*plot.Plot, error) {
	if p.err != nil {
		return nil, p.err
	}
	if len(p.items) > 0 && !p.hasData() {
		return nil, fmt.Errorf("display: the plot has no data points to take an x range from (use FnRange)")
	}
	g := plot.New()
	styleFonts(g)
	g.Title.Text = p.title
	g.Title.Padding = vg.Points(6)
	g.X.Label.Text = p.xlabel
	g.Y.Label.Text = p.ylabel
	g.Add(plotter.NewGrid())
	lg := &legendBox{top: !strings.HasPrefix(p.legend, "bottom"), left: !strings.HasSuffix(p.legend, "right")}
	for _, it := range p.items {
		thumb, err := p.series(g, it)
		if err != nil {
			return nil, err
		}
		if it.label != "" && thumb != nil {
			lg.entries = append(lg.entries, legendEntry{it.label, thumb})
		}
	}
	pad(&g.X.Min, &g.X.Max, false)
	pad(&g.Y.Min, &g.Y.Max, p.logY)
	if n := len(lg.entries); n > 0 {
		g.Add(lg)
		if !p.logY { // headroom so the legend does not cover the data
			dataH := p.h*72 - 60 // points: the plot less title and x axis, roughly
			frac := math.Min(0.6, legendHeight(n)/dataH)
			room := frac / (1 - frac) * (g.Y.Max - g.Y.Min)
			if lg.top {
				g.Y.Max += room
			} else {
				g.Y.Min -= room
			}
		}
	}
	// About one labelled tick per inch across and two per inch up, as matplotlib's.
	g.X.Tick.Marker = niceTicks{n: min(9, max(3, int(p.w*1.5)))}
	g.Y.Tick.Marker = niceTicks{n: min(8, max(3, int(math.Round(p.h*2.5))))}
	if p.logY {
		g.Y.Scale = plot.LogScale{}
		g.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	}
	return g, nil
}

// series adds one plot item to g and returns what the legend draws for it (nil: nothing
// to draw, e.g. no finite points).
func (p *Plot) series(g *plot.Plot, it plotItem) (plot.Thumbnailer, error) {
	var dashes []vg.Length
	if it.dashed {
		dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	}
	switch it.kind {
	case "line", "points":
		xy := make(plotter.XYs, 0, len(it.xs))
		for i := range it.xs {
			if finite(it.xs[i]) && finite(it.ys[i]) && (!p.logY || it.ys[i] > 0) {
				xy = append(xy, plotter.XY{X: it.xs[i], Y: it.ys[i]})
			}
		}
		if len(xy) == 0 {
			return nil, nil
		}
		if it.kind == "points" {
			s, err := plotter.NewScatter(xy)
			if err != nil {
				return nil, fmt.Errorf("display: %w", err)
			}
			s.GlyphStyle = draw.GlyphStyle{Color: it.color, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}
			g.Add(s)
			return s, nil
		}
		l, err := plotter.NewLine(xy)
		if err != nil {
			return nil, fmt.Errorf("display: %w", err)
		}
		l.Color, l.Width, l.Dashes = it.color, vg.Points(1.5), dashes
		g.Add(l)
		return l, nil
	}
	f := plotter.NewFunction(it.f)
	f.Samples = 200
	if it.ranged {
		f.XMin, f.XMax = it.from, it.to
		// Functions have no data range of their own: widen the axes to show it.
		g.X.Min, g.X.Max = math.Min(g.X.Min, it.from), math.Max(g.X.Max, it.to)
		for k := 0; k <= 50; k++ {
			if y := it.f(it.from + (it.to-it.from)*float64(k)/50); finite(y) {
				g.Y.Min, g.Y.Max = math.Min(g.Y.Min, y), math.Max(g.Y.Max, y)
			}
		}
	}
	f.Color, f.Width, f.Dashes = it.color, vg.Points(1.5), dashes
	g.Add(f)
	return f, nil
}

// Text sizes in points (matplotlib's defaults: 12 for the title, 10 for the rest).
func styleFonts(g *plot.Plot) {
	g.Title.TextStyle.Font = font.From(plotFont, 12)
	g.X.Label.TextStyle.Font = font.From(plotFont, 10)
	g.Y.Label.TextStyle.Font = font.From(plotFont, 10)
	g.X.Tick.Label.Font = font.From(plotFont, 9)
	g.Y.Tick.Label.Font = font.From(plotFont, 9)
	g.X.Label.Padding, g.Y.Label.Padding = vg.Points(4), vg.Points(4)
}

// MIME returns the plot as SVG (text drawn as outlines) and PNG, drawn once each, and a
// text/plain line that says what the plot shows.
func (p *Plot) MIME() MIMEBundle {
	svg, png := p.pictures()
	return MIMEBundle{MIMESVG: svg, MIMEPNG: base64.StdEncoding.EncodeToString(png), MIMEText: p.String()}
}

// SVG returns the plot as an SVG document.
func (p *Plot) SVG() string { s, _ := p.pictures(); return s }

// PNG returns the plot as a PNG image at 96 DPI.
func (p *Plot) PNG() []byte { _, b := p.pictures(); return b }

func (p *Plot) pictures() (string, []byte) {
	g, err := p.build()
	if err != nil {
		return errorSVG(err), errorPNG(err)
	}
	return drawBoth(p.w, p.h, p.String(), g.Draw)
}

// rasterPNG draws a w×h inch picture at PNGDPI on a white background.
func rasterPNG(w, h float64, paint func(c draw.Canvas)) []byte {
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(w)*vg.Inch, vg.Length(h)*vg.Inch), vgimg.UseDPI(PNGDPI))
	paint(draw.New(outlinedPNG{c}))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		panic(fmt.Errorf("display: encoding PNG: %w", err))
	}
	return buf.Bytes()
}

func errorSVG(err error) string {
	return `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="24"><text x="4" y="16" fill="#c00" font-family="sans-serif" font-size="12">` +
		escape(err.Error()) + `</text></svg>`
}

func errorPNG(err error) []byte {
	g := plot.New()
	styleFonts(g)
	g.Title.Text = err.Error()
	return rasterPNG(DefaultPlotWidth, 0.5, g.Draw)
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func indexes(n int) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = float64(i)
	}
	return xs
}

// toFloats converts plot data: numeric slices and arrays, anything with Floats(), or a
// single number.
func toFloats(v any) []float64 {
	switch x := v.(type) {
	case nil:
		return nil
	case []float64:
		return append([]float64(nil), x...)
	case interface{ Floats() []float64 }:
		if isNilPointer(v) {
			return nil
		}
		return x.Floats()
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Array:
		out := make([]float64, rv.Len())
		for i := range out {
			f, ok := number(rv.Index(i))
			if !ok {
				panic(fmt.Errorf("display: cannot plot element %d of %T", i, v))
			}
			out[i] = f
		}
		return out
	}
	if f, ok := number(rv); ok {
		return []float64{f}
	}
	panic(fmt.Errorf("display: cannot plot values of type %T", v))
}

func number(rv reflect.Value) (float64, bool) {
	if rv.Kind() == reflect.Interface {
		rv = rv.Elem()
	}
	switch rv.Kind() {
	case reflect.Float32, reflect.Float64:
		return rv.Float(), true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return float64(rv.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return float64(rv.Uint()), true
	}
	return 0, false
}

// pad widens [min, max] by 5% on each side (matplotlib's margins) (multiplicatively on a log axis) so that
// points on the border are not clipped.
func pad(min, max *float64, log bool) {
	if *min > *max || math.IsInf(*min, 0) || math.IsInf(*max, 0) {
		return
	}
	if log {
		if *min > 0 {
			r := math.Pow(*max / *min, 0.05)
			*min, *max = *min/r, *max*r
		}
		return
	}
	d := 0.05 * (*max - *min)
	if d == 0 {
		d = 0.5
		if *min != 0 {
			d = 0.05 * math.Abs(*min)
		}
	}
	*min, *max = *min-d, *max+d
}
