package display

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"reflect"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
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

// String is the text/plain form.
func (p *Plot) String() string {
	if p.title != "" {
		return fmt.Sprintf("<Plot %q>", p.title)
	}
	return "<Plot>"
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

// build makes the gonum plot.
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
	g.X.Label.Text = p.xlabel
	g.Y.Label.Text = p.ylabel
	if p.logY {
		g.Y.Scale = plot.LogScale{}
		g.Y.Tick.Marker = plot.LogTicks{Prec: -1}
	}
	g.Add(plotter.NewGrid())
	legend, entries := false, 0
	for _, it := range p.items {
		var thumb plot.Thumbnailer
		switch it.kind {
		case "line", "points":
			xy := make(plotter.XYs, 0, len(it.xs))
			for i := range it.xs {
				if !finite(it.xs[i]) || !finite(it.ys[i]) || (p.logY && it.ys[i] <= 0) {
					continue
				}
				xy = append(xy, plotter.XY{X: it.xs[i], Y: it.ys[i]})
			}
			if len(xy) == 0 {
				continue
			}
			if it.kind == "line" {
				l, err := plotter.NewLine(xy)
				if err != nil {
					return nil, fmt.Errorf("display: %w", err)
				}
				l.Color, l.Width = it.color, vg.Points(1.5)
				if it.dashed {
					l.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
				}
				g.Add(l)
				thumb = l
			} else {
				s, err := plotter.NewScatter(xy)
				if err != nil {
					return nil, fmt.Errorf("display: %w", err)
				}
				s.GlyphStyle = draw.GlyphStyle{Color: it.color, Radius: vg.Points(2.2), Shape: draw.CircleGlyph{}}
				g.Add(s)
				thumb = s
			}
		case "fn":
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
			f.Color, f.Width = it.color, vg.Points(1.5)
			if it.dashed {
				f.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
			}
			g.Add(f)
			thumb = f
		}
		if it.label != "" && thumb != nil {
			g.Legend.Add(it.label, thumb)
			legend = true
			entries++
		}
	}
	if legend {
		g.Legend.Top = !strings.HasPrefix(p.legend, "bottom")
		g.Legend.Left = !strings.HasSuffix(p.legend, "right")
		g.Legend.XOffs, g.Legend.YOffs = vg.Points(8), vg.Points(-4)
		if !g.Legend.Left {
			g.Legend.XOffs = -g.Legend.XOffs
		}
		if !g.Legend.Top {
			g.Legend.YOffs = -g.Legend.YOffs
		}
	}
	pad(&g.X.Min, &g.X.Max, false)
	pad(&g.Y.Min, &g.Y.Max, p.logY)
	if legend && !p.logY { // headroom so the legend does not cover the data
		room := 0.09 * float64(entries) * (g.Y.Max - g.Y.Min)
		if g.Legend.Top {
			g.Y.Max += room
		} else {
			g.Y.Min -= room
		}
	}
	g.X.Tick.Marker = shortTicks{g.X.Tick.Marker}
	g.Y.Tick.Marker = shortTicks{g.Y.Tick.Marker}
	return g, nil
}

func styleFonts(g *plot.Plot) {
	g.Title.TextStyle.Font = font.From(plotFont, 12)
	g.X.Label.TextStyle.Font = font.From(plotFont, 11)
	g.Y.Label.TextStyle.Font = font.From(plotFont, 11)
	g.X.Tick.Label.Font = font.From(plotFont, 9)
	g.Y.Tick.Label.Font = font.From(plotFont, 9)
	g.Legend.TextStyle.Font = font.From(plotFont, 10)
}

// SVG returns the plot as an SVG document.
func (p *Plot) SVG() string {
	g, err := p.build()
	if err != nil {
		return errorSVG(err)
	}
	return plotSVG(g, p.w, p.h)
}

// PNG returns the plot as a PNG image at 96 DPI.
func (p *Plot) PNG() []byte {
	g, err := p.build()
	if err != nil {
		return errorPNG(err)
	}
	return plotPNG(g, p.w, p.h)
}

func plotSVG(g *plot.Plot, w, h float64) string {
	c := vgsvg.New(vg.Length(w)*vg.Inch, vg.Length(h)*vg.Inch)
	g.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return errorSVG(err)
	}
	return fixSVG(buf.String())
}

func plotPNG(g *plot.Plot, w, h float64) []byte {
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(w)*vg.Inch, vg.Length(h)*vg.Inch), vgimg.UseDPI(PNGDPI))
	g.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		panic(fmt.Errorf("display: encoding plot PNG: %w", err))
	}
	return buf.Bytes()
}

// fixSVG drops the XML prelude (so the SVG can be inlined in HTML) and gives the
// Liberation fonts, which browsers may lack, metric-compatible fallbacks.
func fixSVG(s string) string {
	if i := strings.Index(s, "<svg"); i > 0 {
		s = s[i:]
	}
	s = strings.ReplaceAll(s, "font-family:Liberation Sans;", "font-family:'Liberation Sans',Arimo,Arial,Helvetica,sans-serif;")
	s = strings.ReplaceAll(s, "font-family:Liberation Serif;", "font-family:'Liberation Serif',Tinos,'Times New Roman',serif;")
	return s
}

func errorSVG(err error) string {
	return `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="24"><text x="4" y="16" fill="#c00" font-family="sans-serif" font-size="12">` +
		escape(err.Error()) + `</text></svg>`
}

func errorPNG(err error) []byte {
	g := plot.New()
	styleFonts(g)
	g.Title.Text = err.Error()
	return plotPNG(g, DefaultPlotWidth, 0.5)
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
	if f, ok := valueFloats(v); ok {
		return f
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

// pad widens [min, max] by 3% on each side (multiplicatively on a log axis) so that
// points on the border are not clipped.
func pad(min, max *float64, log bool) {
	if *min > *max || math.IsInf(*min, 0) || math.IsInf(*max, 0) {
		return
	}
	if log {
		if *min > 0 {
			r := math.Pow(*max / *min, 0.03)
			*min, *max = *min/r, *max*r
		}
		return
	}
	d := 0.03 * (*max - *min)
	if d == 0 {
		d = 0.5
		if *min != 0 {
			d = 0.05 * math.Abs(*min)
		}
	}
	*min, *max = *min-d, *max+d
}

// shortTicks relabels ticks with the shortest decimal form ("250" rather than "250.00").
type shortTicks struct{ m plot.Ticker }

func (s shortTicks) Ticks(min, max float64) []plot.Tick {
	ts := s.m.Ticks(min, max)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = strconv.FormatFloat(ts[i].Value, 'g', 6, 64)
		}
	}
	return ts
}
