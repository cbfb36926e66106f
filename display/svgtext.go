package display

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// pathSVG is a vg canvas that writes SVG with every string drawn as the filled outlines of
// its glyphs (Liberation Sans, embedded in gonum/plot), so a figure looks the same in every
// browser, with or without that font: no fallback font with other widths, nothing clipped.
// It also keeps, for tests, the box of every string in picture coordinates.
type pathSVG struct {
	*vgsvg.Canvas
	m     affine   // current transform (vg coordinates: y grows upwards)
	stack []affine // saved by Push
	texts []textBox
}

// textBox is where one string was drawn, in picture coordinates (y upwards).
type textBox struct {
	s                      string
	minX, minY, maxX, maxY float64
}

// affine is the transform x' = a·x + c·y + e, y' = b·x + d·y + f.
type affine struct{ a, b, c, d, e, f float64 }

var identity = affine{a: 1, d: 1}

func (m affine) apply(x, y float64) (float64, float64) {
	return m.a*x + m.c*y + m.e, m.b*x + m.d*y + m.f
}

// then returns m followed by n applied in m's coordinates (m·n).
func (m affine) then(n affine) affine {
	return affine{
		a: m.a*n.a + m.c*n.b, b: m.b*n.a + m.d*n.b,
		c: m.a*n.c + m.c*n.d, d: m.b*n.c + m.d*n.d,
		e: m.a*n.e + m.c*n.f + m.e, f: m.b*n.e + m.d*n.f + m.f,
	}
}

func newPathSVG(w, h vg.Length) *pathSVG {
	return &pathSVG{Canvas: vgsvg.New(w, h), m: identity}
}

func (c *pathSVG) Push() { c.stack = append(c.stack, c.m); c.Canvas.Push() }

func (c *pathSVG) Pop() {
	c.m, c.stack = c.stack[len(c.stack)-1], c.stack[:len(c.stack)-1]
	c.Canvas.Pop()
}

func (c *pathSVG) Translate(pt vg.Point) {
	c.m = c.m.then(affine{a: 1, d: 1, e: pt.X.Points(), f: pt.Y.Points()})
	c.Canvas.Translate(pt)
}

func (c *pathSVG) Rotate(rad float64) {
	s, co := math.Sincos(rad)
	c.m = c.m.then(affine{a: co, b: s, c: -s, d: co})
	c.Canvas.Rotate(rad)
}

func (c *pathSVG) Scale(x, y float64) {
	c.m = c.m.then(affine{a: x, d: y})
	c.Canvas.Scale(x, y)
}

// FillString draws str as one path of glyph outlines with its baseline starting at pt.
func (c *pathSVG) FillString(f font.Face, pt vg.Point, str string) {
	p, minX, minY, maxX, maxY := glyphPath(f, pt, str)
	c.Canvas.Fill(p)
	box := textBox{s: str, minX: math.Inf(1), minY: math.Inf(1), maxX: math.Inf(-1), maxY: math.Inf(-1)}
	for _, corner := range [][2]float64{{minX, minY}, {minX, maxY}, {maxX, minY}, {maxX, maxY}} {
		x, y := c.m.apply(corner[0], corner[1])
		box.minX, box.maxX = math.Min(box.minX, x), math.Max(box.maxX, x)
		box.minY, box.maxY = math.Min(box.minY, y), math.Max(box.maxY, y)
	}
	c.texts = append(c.texts, box)
}

// outlinedPNG is a raster canvas that fills the same glyph outlines as pathSVG, so PNG and
// SVG set text alike (the rasteriser's own text drawing kerns some pairs wrongly, "tT").
type outlinedPNG struct{ *vgimg.Canvas }

func (c outlinedPNG) FillString(f font.Face, pt vg.Point, str string) {
	p, _, _, _, _ := glyphPath(f, pt, str)
	c.Canvas.Fill(p)
}

// glyphPath returns the outlines of str set in f from the baseline point pt, and the
// bounds of the outlines (in points).
func glyphPath(f font.Face, pt vg.Point, str string) (p vg.Path, minX, minY, maxX, maxY float64) {
	var (
		buf   sfnt.Buffer
		upem  = fixed.Int26_6(f.Face.UnitsPerEm()) // coordinates in font units, as Face.Width
		scale = f.Font.Size.Points() / float64(upem)
		x     = 0.0 // pen position in font units
		prev  sfnt.GlyphIndex
	)
	minX, minY, maxX, maxY = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	at := func(q fixed.Point26_6) vg.Point {
		// Glyph y grows downwards; vg's y upwards.
		px, py := pt.X.Points()+(x+float64(q.X))*scale, pt.Y.Points()-float64(q.Y)*scale
		minX, maxX = math.Min(minX, px), math.Max(maxX, px)
		minY, maxY = math.Min(minY, py), math.Max(maxY, py)
		return vg.Point{X: vg.Length(px), Y: vg.Length(py)}
	}
	for i, r := range str {
		idx, err := f.Face.GlyphIndex(&buf, r)
		if err != nil {
			continue
		}
		if i > 0 {
			if k, err := f.Face.Kern(&buf, prev, idx, upem, 0); err == nil {
				x += float64(k)
			} else if !errors.Is(err, sfnt.ErrNotFound) {
				panic(fmt.Errorf("display: kerning %q: %v", str, err))
			}
		}
		segs, err := f.Face.LoadGlyph(&buf, idx, upem, nil)
		if err == nil {
			for _, s := range segs {
				switch s.Op {
				case sfnt.SegmentOpMoveTo:
					closePath(&p)
					p.Move(at(s.Args[0]))
				case sfnt.SegmentOpLineTo:
					p.Line(at(s.Args[0]))
				case sfnt.SegmentOpQuadTo:
					p.QuadTo(at(s.Args[0]), at(s.Args[1]))
				case sfnt.SegmentOpCubeTo:
					p.CubeTo(at(s.Args[0]), at(s.Args[1]), at(s.Args[2]))
				}
			}
			closePath(&p)
		}
		if adv, err := f.Face.GlyphAdvance(&buf, idx, upem, 0); err == nil {
			x += float64(adv)
		}
		prev = idx
	}
	if math.IsInf(minX, 1) { // blank text
		minX, maxX, minY, maxY = pt.X.Points(), pt.X.Points(), pt.Y.Points(), pt.Y.Points()
	}
	return p, minX, minY, maxX, maxY
}

// closePath closes the open contour of p, if any.
func closePath(p *vg.Path) {
	if n := len(*p); n > 0 && (*p)[n-1].Type != vg.CloseComp {
		p.Close()
	}
}

// svgDocument finishes c as an SVG document that can be inlined in HTML: no XML prelude,
// and a <title> (what the picture is, for screen readers and searches in the notebook).
func svgDocument(c *pathSVG, title string) string {
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return errorSVG(err)
	}
	s := buf.String()
	if i := strings.Index(s, "<svg"); i > 0 {
		s = s[i:]
	}
	if j := strings.Index(s, ">"); j > 0 && title != "" {
		s = s[:j+1] + "\n<title>" + escape(title) + "</title>" + s[j+1:]
	}
	return s
}

// drawBoth draws a picture of w×h inches twice, as SVG (text as outlines) and as PNG at
// PNGDPI, with the same drawing function.
func drawBoth(w, h float64, title string, paint func(c draw.Canvas)) (svg string, png []byte) {
	sc := newPathSVG(vg.Length(w)*vg.Inch, vg.Length(h)*vg.Inch)
	paint(draw.New(sc))
	return svgDocument(sc, title), rasterPNG(w, h, paint)
}
