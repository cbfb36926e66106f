package display

import (
	"encoding/base64"
	"fmt"
	"image/color"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Colours of the progress bar: running, finished every step, stopped before the end
// (Done early or interrupted: not a "done" green).
const (
	barRunning  = "#1f77b4"
	barComplete = "#2ca02c"
	barStopped  = "#7f7f7f"
	barTrack    = "#e6e6e6"
)

// barColour is the colour of the bar's filled part.
func (p *Progress) barColour() string {
	switch {
	case p.done && p.fraction() >= 1:
		return barComplete
	case p.done:
		return barStopped
	}
	return barRunning
}

// final reports whether the view shows its last picture: Done, or the last step drawn.
func (p *Progress) final() bool { return p.done || p.total > 0 && p.steps >= p.total }

// Final picture geometry (points; the picture is figW wide).
const (
	figW     = 6.0 // inches
	figCurve = 2.2 // inches, the loss curve
	figLine  = 16.0
	figBarW  = 300.0
	figBarH  = 9.0
)

// figureBundle is the final picture as a figure: SVG (text as outlines) and PNG of the
// caption, bar, status line and loss curve, so that a front end that drops HTML with SVG
// (an untrusted notebook) still shows it; text/plain says what it is.
func (p *Progress) figureBundle() MIMEBundle {
	top := figLine*2 + 8
	if p.caption != "" {
		top += figLine
	}
	h := top / 72
	var curve *Plot
	if len(p.losses) > 1 {
		curve = p.curvePlot(figW, figCurve)
		h += figCurve
	}
	g, err := curve.buildOrNil()
	if err != nil {
		curve = nil
	}
	text := p.String()
	if n := len(p.losses); n > 0 {
		text += fmt.Sprintf("\nloss curve: %d steps, %s → %s", n, formatLoss(p.losses[0]), formatLoss(p.losses[n-1]))
	}
	svg, png := drawBoth(figW, h, text, func(c draw.Canvas) {
		c.SetColor(color.White)
		c.Fill(c.Rectangle.Path())
		y := c.Max.Y.Points() - 4
		if p.caption != "" {
			y -= figLine
			fillText(c, 11, true, "#000000", 6, y+4, p.caption)
		}
		y -= figLine
		frac := p.fraction()
		c.SetColor(hexColor(barTrack))
		c.Fill(roundedRect(6, y+2, figBarW, figBarH, 2))
		if frac > 0 {
			c.SetColor(hexColor(p.barColour()))
			c.Fill(roundedRect(6, y+2, max(figBarW*frac, 4), figBarH, 2))
		}
		fillText(c, 10, false, "#000000", 6+figBarW+8, y+3, fmt.Sprintf("%.0f%%", 100*frac))
		y -= figLine
		fillText(c, 10, false, "#333333", 6, y+4, p.status())
		if g != nil {
			g.Draw(draw.Crop(c, 0, 0, 0, vg.Length(y-c.Max.Y.Points()-4)))
		}
	})
	return MIMEBundle{MIMESVG: svg, MIMEPNG: base64.StdEncoding.EncodeToString(png), MIMEText: text}
}

// buildOrNil builds p's gonum plot; a nil Plot has none.
func (p *Plot) buildOrNil() (g interface{ Draw(draw.Canvas) }, err error) {
	if p == nil {
		return nil, nil
	}
	pl, err := p.build()
	if err != nil {
		return nil, err
	}
	return pl, nil
}

// fillText draws s in Liberation Sans from the baseline point (x, y), in points.
func fillText(c draw.Canvas, size float64, bold bool, fill string, x, y float64, s string) {
	f := plotFont
	if bold {
		f.Weight = xfont.WeightBold
	}
	c.SetColor(hexColor(fill))
	c.FillString(font.DefaultCache.Lookup(f, vg.Length(size)), vg.Point{X: vg.Length(x), Y: vg.Length(y)}, s)
}
