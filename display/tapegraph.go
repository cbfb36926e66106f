package display

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"github.com/gotape/gotape/tape"
)

// renderTape fills b for a gradient tape: a summary and the graph of its operations as
// SVG and PNG (the PNG is what a front end shows when it does not trust the notebook).
func renderTape(t *tape.GradientTape, b MIMEBundle) {
	b[MIMEText] = tapeText(t)
	svg, png := tapePictures(t)
	b[MIMESVG], b[MIMEPNG] = svg, base64.StdEncoding.EncodeToString(png)
}

// scalarValue formats a size-1 tensor's value ("" otherwise).
func scalarValue(t *tape.Tensor) string {
	if t == nil || t.Size() != 1 {
		return ""
	}
	return formatValue(t.Floats()[0], t.DType().String())
}

// MaxGraphNodes bounds the size of a tape TapeSVG draws.
const MaxGraphNodes = 300

// TapeSVG draws the operations recorded on t as a top-down graph: sources (watched
// tensors, highlighted, and variables, named) at the top, each op as a box with its output
// shape, arrows from inputs to ops, and after Gradient the gradient of every node.
func TapeSVG(t *tape.GradientTape) string { s, _ := tapePictures(t); return s }

// TapePNG draws the same graph as TapeSVG as a PNG image.
func TapePNG(t *tape.GradientTape) []byte { _, b := tapePictures(t); return b }

func tapePictures(t *tape.GradientTape) (string, []byte) {
	g := t.Graph()
	if g == nil || len(g.Nodes) == 0 {
		return graphPictures(nil, "empty GradientTape (nothing recorded)")
	}
	if len(g.Nodes) > MaxGraphNodes {
		return graphPictures(nil, fmt.Sprintf("GradientTape with %d nodes: too large to draw (limit %d)", len(g.Nodes), MaxGraphNodes))
	}
	index := make(map[int]int, len(g.Nodes))
	for i, n := range g.Nodes {
		index[n.ID] = i
	}
	ns := make([]gnode, len(g.Nodes))
	for i, n := range g.Nodes {
		sub := shapeString(n.Shape) + " " + n.DType.String()
		title := n.Op
		switch n.Kind {
		case "watched":
			title = n.Name
			if title == "" {
				title = "Tensor"
			}
			sub += " · watched"
		case "variable":
			title = n.Name
			if title == "" {
				title = "Variable"
			}
		case "constant":
			if title == "" || title == "Const" {
				title = "const"
			}
		}
		if v := scalarValue(n.Value); v != "" {
			switch n.Kind {
			case "constant":
				title = v
			case "watched", "variable":
				title += " = " + v
			}
		}
		ns[i] = gnode{title: title, sub: sub, kind: n.Kind, grad: gradLabel(n.Grad)}
		for _, in := range n.Inputs {
			if j, ok := index[in]; ok {
				ns[i].inputs = append(ns[i].inputs, j)
			}
		}
	}
	return graphPictures(ns, "graph of "+tapeText(t))
}

// gradLabel is a short form of a gradient: "∂ 6.0", "∂ [0.5, 1.0, …]" ("" for none).
func gradLabel(g *tape.Tensor) string {
	if g == nil {
		return ""
	}
	dt := g.DType().String()
	vals := g.Floats()
	if g.Rank() == 0 && len(vals) == 1 {
		return "∂ " + formatValue(vals[0], dt)
	}
	const show = 2
	parts := []string{}
	for i, v := range vals {
		if i == show {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, shortValue(v, dt))
	}
	return "∂ [" + strings.Join(parts, ", ") + "]"
}

func tapeText(t *tape.GradientTape) string {
	g := t.Graph()
	ops, watched, vars := 0, 0, 0
	if g != nil {
		for _, n := range g.Nodes {
			switch n.Kind {
			case "op":
				ops++
			case "watched":
				watched++
			case "variable":
				vars++
			}
		}
	}
	return fmt.Sprintf("<GradientTape persistent=%v: %d ops, %d watched tensors, %d variables>", t.Persistent(), ops, watched, vars)
}

// shortValue formats an element with 4 significant digits (graph labels).
func shortValue(v float64, dtype string) string {
	if strings.HasPrefix(dtype, "float") && finite(v) {
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
	return formatValue(v, dtype)
}
