package display

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// niceTicks places at most n+1 labelled ticks at multiples of 1, 2 or 5 times a power of
// ten (matplotlib's choice), all labelled with the same number of decimals: 0, 0.5, 1.0 …
type niceTicks struct{ n int }

func (t niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || !finite(lo) || !finite(hi) {
		return []plot.Tick{{Value: lo, Label: strconv.FormatFloat(lo, 'g', 6, 64)}}
	}
	step := niceStep((hi - lo) / float64(t.n))
	var ts []plot.Tick
	for k := math.Ceil(lo/step - 1e-9); k*step <= hi+step*1e-9; k++ {
		v := k * step
		ts = append(ts, plot.Tick{Value: v, Label: tickLabel(v, step)})
	}
	return ts
}

// niceStep is the smallest of 1, 2, 5 × 10^k that is at least raw.
func niceStep(raw float64) float64 {
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5} {
		if m*mag >= raw*(1-1e-9) {
			return m * mag
		}
	}
	return 10 * mag
}

// tickLabel formats v with as many decimals as the step needs ("0.5", "10000", "−2"); very
// large or very small numbers in %g form.
func tickLabel(v, step float64) string {
	if math.Abs(v) < step*1e-9 {
		v = 0
	}
	s := strconv.FormatFloat(v, 'g', 6, 64)
	if math.Abs(v) < 1e6 && step >= 1e-4 {
		decimals := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
		s = strconv.FormatFloat(v, 'f', decimals, 64)
	}
	return strings.Replace(s, "-", "−", 1) // a minus sign, not a hyphen
}

// legendHeight is the height of the legend box and its margin, in points.
func legendHeight(entries int) float64 {
	return 2*legendPad + legendRowH*float64(entries) + 2*legendMargin
}

// legendBox draws the legend as matplotlib does: in a corner of the data area, inside a
// padded box with a light border and an almost opaque white background.
type legendBox struct {
	top, left bool
	entries   []legendEntry
}

type legendEntry struct {
	label string
	thumb plot.Thumbnailer
}

// Legend geometry in points.
const (
	legendFontSize = 9
	legendMargin   = 6  // between the box and the axes
	legendPad      = 5  // inside the box
	legendThumbW   = 22 // line sample
	legendGap      = 6  // between the sample and the label
	legendRowH     = 14 // one entry
)

// Plot implements plot.Plotter; it is added after the data so it is drawn on top.
func (l *legendBox) Plot(c draw.Canvas, _ *plot.Plot) {
	face := font.DefaultCache.Lookup(plotFont, legendFontSize)
	textW := 0.0
	for _, e := range l.entries {
		textW = math.Max(textW, face.Width(e.label).Points())
	}
	w := 2*legendPad + legendThumbW + legendGap + textW
	h := 2*legendPad + legendRowH*float64(len(l.entries))
	x := c.Min.X.Points() + legendMargin
	if !l.left {
		x = c.Max.X.Points() - legendMargin - w
	}
	y := c.Max.Y.Points() - legendMargin - h // lower edge (y grows upwards)
	if !l.top {
		y = c.Min.Y.Points() + legendMargin
	}
	box := roundedRect(x, y, w, h, 3)
	c.SetColor(color.NRGBA{0xff, 0xff, 0xff, 0xd9})
	c.Fill(box)
	c.SetLineStyle(draw.LineStyle{Color: color.RGBA{0xcc, 0xcc, 0xcc, 0xff}, Width: vg.Points(0.8)})
	c.Stroke(box)
	ext := face.Extents()
	for i, e := range l.entries {
		rowTop := y + h - legendPad - legendRowH*float64(i)
		row := vg.Rectangle{
			Min: vg.Point{X: vg.Length(x + legendPad), Y: vg.Length(rowTop - legendRowH)},
			Max: vg.Point{X: vg.Length(x + legendPad + legendThumbW), Y: vg.Length(rowTop)},
		}
		e.thumb.Thumbnail(&draw.Canvas{Canvas: c.Canvas, Rectangle: row})
		baseline := rowTop - legendRowH/2 - (ext.Ascent.Points()-ext.Descent.Points())/2
		c.SetColor(color.Black)
		c.FillString(face, vg.Point{X: vg.Length(x + legendPad + legendThumbW + legendGap), Y: vg.Length(baseline)}, e.label)
	}
}

// roundedRect is the outline of the rectangle with lower-left corner (x, y), in points,
// with corners rounded by r.
func roundedRect(x, y, w, h, r float64) vg.Path {
	var p vg.Path
	pt := func(x, y float64) vg.Point { return vg.Point{X: vg.Length(x), Y: vg.Length(y)} }
	p.Move(pt(x+r, y))
	p.Line(pt(x+w-r, y))
	p.Arc(pt(x+w-r, y+r), vg.Length(r), -math.Pi/2, math.Pi/2)
	p.Line(pt(x+w, y+h-r))
	p.Arc(pt(x+w-r, y+h-r), vg.Length(r), 0, math.Pi/2)
	p.Line(pt(x+r, y+h))
	p.Arc(pt(x+r, y+h-r), vg.Length(r), math.Pi/2, math.Pi/2)
	p.Line(pt(x, y+r))
	p.Arc(pt(x+r, y+r), vg.Length(r), math.Pi, math.Pi/2)
	p.Close()
	return p
}
