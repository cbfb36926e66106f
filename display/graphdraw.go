package display

import (
	"bytes"
	"fmt"
	"image/color"
	"sort"
	"strconv"
	"strings"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// painter draws the tape graph: once as SVG (text stays text, sized to its measured width)
// and once as PNG, from the same calls. Coordinates are pixels, y downwards.
type painter interface {
	box(x, y, w, h float64, fill, stroke string, width float64, dashed bool, title string)
	arrow(x1, y1, x2, y2 float64) // a vertical S-curve from (x1,y1) down to (x2,y2)
	text(cx, baseline float64, s string, size float64, bold bool, fill string)
}

// graphFace is the Liberation Sans face of graph text (size in pixels).
func graphFace(size float64, bold bool) *font.Face {
	f := plotFont
	if bold {
		f.Weight = xfont.WeightBold
	}
	face := font.DefaultCache.Lookup(f, vg.Length(size))
	return &face
}

// graphPictures draws the laid-out nodes as SVG and PNG (same size in pixels); with no
// nodes, it draws the message desc instead.
func graphPictures(ns []gnode, desc string) (svg string, png []byte) {
	w, h := layoutGraph(ns)
	draw := func(p painter) { drawGraph(p, ns) }
	if len(ns) == 0 {
		w, h = graphFace(12, false).Width(desc).Points()+12, 30
		draw = func(p painter) { p.text(w/2, 19, desc, 12, false, "#555555") }
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%.0f" height="%.0f" viewBox="0 0 %.0f %.0f" font-family="'Liberation Sans',Arimo,Arial,Helvetica,sans-serif" font-size="12">`+"\n", w, h, w, h)
	fmt.Fprintf(&b, "<title>%s</title>\n", escape(desc))
	fmt.Fprintf(&b, `<rect width="%.0f" height="%.0f" fill="#ffffff"/>`+"\n", w, h)
	draw(&svgPainter{&b})
	b.WriteString("</svg>\n")
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(w), vg.Length(h)), vgimg.UseDPI(72)) // 1 point = 1 pixel
	draw(&rasterPainter{c: c, h: h})
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		panic(fmt.Errorf("display: encoding the tape graph PNG: %w", err))
	}
	return b.String(), buf.Bytes()
}

// drawGraph draws arrows from inputs to ops, then the boxes with up to three lines.
func drawGraph(p painter, ns []gnode) {
	for i := range ns {
		// Spread the arrow heads of several inputs along the top of the box, in the
		// left-to-right order of their sources so that the arrows do not cross.
		slots := append([]int(nil), ns[i].inputs...)
		sort.SliceStable(slots, func(a, b int) bool { return ns[slots[a]].x < ns[slots[b]].x })
		for k, j := range slots {
			from, to := &ns[j], &ns[i]
			tx := to.x + to.w*float64(k+1)/float64(len(to.inputs)+1)
			p.arrow(from.x+from.w/2, from.y+from.h, tx, to.y)
		}
	}
	for i := range ns {
		nd := &ns[i]
		st, ok := gStyles[nd.kind]
		if !ok {
			st = gStyles["op"]
		}
		sw := 1.2
		if nd.output && len(nd.inputs) > 0 {
			sw = 2.4
		}
		p.box(nd.x, nd.y, nd.w, nd.h, st.fill, st.stroke, sw, st.dash != "", strings.TrimSpace(nd.title+" "+nd.sub+" "+nd.grad))
		ty, cx := nd.y+gPadY+11.5, nd.x+nd.w/2
		p.text(cx, ty, nd.title, 12, true, "#000000")
		for _, line := range []struct{ s, fill string }{{nd.sub, "#555555"}, {nd.grad, "#c0392b"}} {
			if line.s != "" {
				ty += gLineH
				p.text(cx, ty, line.s, 11, false, line.fill)
			}
		}
	}
}

type svgPainter struct{ b *strings.Builder }

func (p *svgPainter) box(x, y, w, h float64, fill, stroke string, width float64, dashed bool, title string) {
	dash := ""
	if dashed {
		dash = ` stroke-dasharray="4 3"`
	}
	fmt.Fprintf(p.b, `<g><title>%s</title><rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="5" fill="%s" stroke="%s" stroke-width="%.1f"%s/></g>`+"\n",
		escape(title), x, y, w, h, fill, stroke, width, dash)
}

func (p *svgPainter) arrow(x1, y1, x2, y2 float64) {
	my := (y1 + y2) / 2
	fmt.Fprintf(p.b, `<path d="M%.1f,%.1f C%.1f,%.1f %.1f,%.1f %.1f,%.1f" fill="none" stroke="#777" stroke-width="1.2"/>`, x1, y1, x1, my, x2, my, x2, y2-arrowLen)
	fmt.Fprintf(p.b, `<path d="M%.1f,%.1f L%.1f,%.1f L%.1f,%.1f z" fill="#777"/>`+"\n", x2-arrowHalfW, y2-arrowLen, x2, y2, x2+arrowHalfW, y2-arrowLen)
}

func (p *svgPainter) text(cx, baseline float64, s string, size float64, bold bool, fill string) {
	attrs := ""
	if bold {
		attrs += ` font-weight="bold"`
	}
	if size != 12 {
		attrs += ` font-size="` + strconv.FormatFloat(size, 'g', 4, 64) + `"`
	}
	if fill != "#000000" {
		attrs += ` fill="` + fill + `"`
	}
	// textLength: the line keeps the width measured in Liberation Sans in any font.
	fmt.Fprintf(p.b, `<text x="%.1f" y="%.1f" text-anchor="middle" textLength="%.1f" lengthAdjust="spacingAndGlyphs"%s>%s</text>`+"\n",
		cx, baseline, graphFace(size, bold).Width(s).Points(), attrs, escape(s))
}

// Arrow head size (pixels).
const (
	arrowLen    = 7.0
	arrowHalfW  = 3.5
	arrowStroke = 1.2
)

// rasterPainter draws on a vg canvas whose y grows upwards: y is flipped with the height.
type rasterPainter struct {
	c *vgimg.Canvas
	h float64
}

func (p *rasterPainter) pt(x, y float64) vg.Point {
	return vg.Point{X: vg.Length(x), Y: vg.Length(p.h - y)}
}

func (p *rasterPainter) box(x, y, w, h float64, fill, stroke string, width float64, dashed bool, _ string) {
	r := roundedRect(x, p.h-y-h, w, h, 5)
	p.c.SetColor(hexColor(fill))
	p.c.Fill(r)
	p.c.SetColor(hexColor(stroke))
	p.c.SetLineWidth(vg.Length(width))
	if dashed {
		p.c.SetLineDash([]vg.Length{4, 3}, 0)
	}
	p.c.Stroke(r)
	p.c.SetLineDash(nil, 0)
}

func (p *rasterPainter) arrow(x1, y1, x2, y2 float64) {
	my := (y1 + y2) / 2
	var path vg.Path
	path.Move(p.pt(x1, y1))
	path.CubeTo(p.pt(x1, my), p.pt(x2, my), p.pt(x2, y2-arrowLen))
	p.c.SetColor(hexColor("#777777"))
	p.c.SetLineWidth(arrowStroke)
	p.c.Stroke(path)
	var head vg.Path
	head.Move(p.pt(x2-arrowHalfW, y2-arrowLen))
	head.Line(p.pt(x2, y2))
	head.Line(p.pt(x2+arrowHalfW, y2-arrowLen))
	head.Close()
	p.c.Fill(head)
}

func (p *rasterPainter) text(cx, baseline float64, s string, size float64, bold bool, fill string) {
	f := graphFace(size, bold)
	p.c.SetColor(hexColor(fill))
	outlinedPNG{p.c}.FillString(*f, p.pt(cx-f.Width(s).Points()/2, baseline), s)
}

// hexColor parses "#rrggbb".
func hexColor(s string) color.Color {
	v, err := strconv.ParseUint(strings.TrimPrefix(s, "#"), 16, 32)
	if err != nil || len(s) != 7 {
		return color.Black
	}
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
}
