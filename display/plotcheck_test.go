package display

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Every string of a plot lies inside the picture (the SVG's viewBox): wide tick labels
// such as 10000 at the right edge, the rotated y label, title and legend. The SVG draws
// text as outlines, so what is checked here is what every browser shows.
func TestPlotTextInsideViewBox(t *testing.T) {
	steps := make([]float64, 10001)
	for i := range steps {
		steps[i] = 500*math.Exp(-float64(i)/2000) + 3
	}
	for _, tc := range []struct {
		name string
		p    *Plot
		want []string // strings that must be drawn
	}{
		{"long run", LinePlot(steps).Title("loss").YLabel("loss"), []string{"10000", "loss", "step", "500"}},
		{"legend right", Scatter([]float64{-3, -1, 0, 2, 5}, []float64{16, 4, -8, 3, 1}).
			Fn(func(x float64) float64 { return 2 * x }, "a long legend label").Legend("top-right").YLabel("y"),
			[]string{"a long legend label", "data", "−2"}},
		{"small", LinePlot([]float64{1e6, 2e6, 5e5}).Size(2, 1.5).LogY(), nil},
		{"negative", LinePlotXY([]float64{-12000, 0, 12000}, []float64{-0.001, 0, 0.002}).XLabel("x").YLabel("y"), []string{"x", "y"}},
	} {
		g, err := tc.p.build()
		if err != nil {
			t.Fatal(err)
		}
		w, h := vg.Length(tc.p.w)*vg.Inch, vg.Length(tc.p.h)*vg.Inch
		c := newPathSVG(w, h)
		g.Draw(draw.New(c))
		drawn := map[string]bool{}
		for _, b := range c.texts {
			drawn[b.s] = true
			const eps = 0.01
			if b.minX < -eps || b.minY < -eps || b.maxX > w.Points()+eps || b.maxY > h.Points()+eps {
				t.Errorf("%s: %q drawn at x %.1f–%.1f, y %.1f–%.1f, outside the %.0f×%.0f picture",
					tc.name, b.s, b.minX, b.maxX, b.minY, b.maxY, w.Points(), h.Points())
			}
		}
		for _, s := range tc.want {
			if !drawn[s] {
				t.Errorf("%s: %q not drawn (drawn: %v)", tc.name, s, drawn)
			}
		}
		if svg := svgDocument(c, "x"); strings.Contains(svg, "<text") {
			t.Errorf("%s: the SVG has <text> elements", tc.name)
		}
	}
}

// Ticks fall on 1, 2 or 5 times a power of ten, with labels of one precision.
func TestNiceTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		n      int
		want   string
	}{
		{-9.2, 22.5, 8, "−5 0 5 10 15 20"},
		{-500, 10500, 9, "0 2000 4000 6000 8000 10000"},
		{0.27, 2.09, 8, "0.5 1.0 1.5 2.0"},
		{-3.4, 5.4, 9, "−3 −2 −1 0 1 2 3 4 5"},
		{0.0003, 0.0011, 4, "0.0004 0.0006 0.0008 0.0010"},
	} {
		var got []string
		for _, tk := range (niceTicks{n: tc.n}).Ticks(tc.lo, tc.hi) {
			got = append(got, tk.Label)
		}
		if s := strings.Join(got, " "); s != tc.want {
			t.Errorf("ticks of [%v, %v]: %s, want %s", tc.lo, tc.hi, s, tc.want)
		}
	}
}
