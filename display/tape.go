package display

import (
	"fmt"
	"strings"

	"github.com/gotape/gotape/tape"
)

// renderKnown fills b for the types this package renders itself and reports whether it did.
// A nil tensor is None (a missing gradient, as TensorFlow prints it); other nil pointers are
// left to Render ("<nil>").
func renderKnown(v any, b MIMEBundle) bool {
	if isNilPointer(v) {
		_, isTensor := v.(*tape.Tensor)
		if isTensor {
			b[MIMEText] = "None"
		}
		return isTensor
	}
	switch x := v.(type) {
	case *tape.Tensor:
		b[MIMEText] = x.String()
		b[MIMEHTML] = TensorHTML(x)
	case *tape.Variable:
		b[MIMEText] = x.String()
		b[MIMEHTML] = VariableHTML(x)
	case *tape.GradientTape:
		renderTape(x, b)
	case []*tape.Tensor:
		b[MIMEText] = fmt.Sprintf("%v", x)
		b[MIMEHTML] = listHTML(len(x), func(i int) string {
			return tensorOrNone(x[i], fmt.Sprintf("[%d] ", i))
		})
	case []*tape.Variable:
		b[MIMEText] = fmt.Sprintf("%v", x)
		b[MIMEHTML] = listHTML(len(x), func(i int) string {
			if x[i] == nil {
				return "<nil>"
			}
			return VariableHTML(x[i])
		})
	default:
		return false
	}
	return true
}

func tensorData(t *tape.Tensor, header string) tableData {
	return tableData{shape: t.Shape(), dtype: t.DType().String(), data: t.Floats(), header: header}
}

func shapeDType(shape []int, dt tape.DType) string {
	return "shape=" + shapeString(shape) + " dtype=" + dt.String()
}

// TensorHTML renders a tensor as an HTML table with a shape/dtype caption (a scalar as its
// number), eliding rows and columns beyond the Table limits.
func TensorHTML(t *tape.Tensor) string { return tensorOrNone(t, "") }

func tensorOrNone(t *tape.Tensor, prefix string) string {
	if t == nil {
		return `<span style="font-family:monospace">` + escape(prefix) + `None</span>`
	}
	return tensorHTML(tensorData(t, escape(prefix+"tf.Tensor "+shapeDType(t.Shape(), t.DType()))))
}

// VariableHTML renders a variable like a tensor, with its name in the caption.
func VariableHTML(v *tape.Variable) string {
	t := v.Value()
	hdr := "<b>Variable " + escape("'"+v.Name()+"'") + "</b> " + escape(shapeDType(t.Shape(), t.DType()))
	if !v.Trainable() {
		hdr += " (not trainable)"
	}
	if t.Rank() == 0 {
		return `<span style="font-family:sans-serif;font-size:12px;color:#555">` + hdr + `: </span>` + tensorHTML(tensorData(t, hdr))
	}
	return tensorHTML(tensorData(t, hdr))
}

func listHTML(n int, item func(i int) string) string {
	var b strings.Builder
	b.WriteString(`<div class="gotape-list">`)
	for i := 0; i < n; i++ {
		b.WriteString(`<div style="margin:2px 0">`)
		b.WriteString(item(i))
		b.WriteString(`</div>`)
	}
	b.WriteString(`</div>`)
	return b.String()
}

// Grads pairs gradients with the variables they belong to (as returned by
// tape.Gradients) and renders them as named tables: "∂/∂w" followed by the values.
func Grads(grads []*tape.Tensor, vars []*tape.Variable) MIMEBundle {
	var text []string
	html := listHTML(len(grads), func(i int) string {
		name := fmt.Sprintf("[%d]", i)
		if i < len(vars) && vars[i] != nil {
			name = vars[i].Name()
		}
		g := grads[i]
		if g == nil {
			text = append(text, "∂/∂"+name+" = None")
			return `<span style="font-family:sans-serif;font-size:12px;color:#555"><b>∂/∂` + escape(name) + `</b> = None</span>`
		}
		text = append(text, "∂/∂"+name+" = "+g.String())
		hdr := "<b>∂/∂" + escape(name) + "</b> " + escape(shapeDType(g.Shape(), g.DType()))
		if g.Rank() == 0 {
			return `<span style="font-family:sans-serif;font-size:12px;color:#555">` + hdr + ` = </span>` + tensorHTML(tensorData(g, hdr))
		}
		return tensorHTML(tensorData(g, hdr))
	})
	return MIMEBundle{MIMEHTML: html, MIMEText: strings.Join(text, "\n")}
}
