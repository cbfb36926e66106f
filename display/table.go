package display

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Table summarisation, like NumPy's: a dimension longer than its limit shows its first
// and last edge items around a "…".
const (
	TableMaxRows   = 12 // rows shown in full up to this many
	TableEdgeRows  = 5
	TableMaxCols   = 10
	TableEdgeCols  = 4
	TableMaxSlices = 6 // 2-D slices of a higher-rank tensor shown in full up to this many
	TableEdgeSlice = 2
)

// tableData is what the table renderer needs of a tensor.
type tableData struct {
	shape  []int
	dtype  string // "float32", "int32", "bool" ...
	data   []float64
	header string // caption HTML: name, shape and dtype
}

// shapeString is TF's shape form: "()", "(3,)", "(2, 3)".
func shapeString(s []int) string {
	if len(s) == 1 {
		return fmt.Sprintf("(%d,)", s[0])
	}
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = strconv.Itoa(d)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// formatValue formats one element for a table cell.
func formatValue(v float64, dtype string) string {
	switch {
	case dtype == "bool":
		if v != 0 {
			return "True"
		}
		return "False"
	case strings.HasPrefix(dtype, "int") || strings.HasPrefix(dtype, "uint"):
		return strconv.FormatInt(int64(v), 10)
	case math.IsNaN(v):
		return "nan"
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	}
	s := strconv.FormatFloat(v, 'g', 6, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}

// elide returns the indexes to show of a dimension of length n: all of them, or the
// first and last edge with -1 marking the gap.
func elide(n, limit, edge int) []int {
	var idx []int
	if n <= limit {
		for i := 0; i < n; i++ {
			idx = append(idx, i)
		}
		return idx
	}
	for i := 0; i < edge; i++ {
		idx = append(idx, i)
	}
	idx = append(idx, -1)
	for i := n - edge; i < n; i++ {
		idx = append(idx, i)
	}
	return idx
}

const (
	tableStyle   = `border-collapse:collapse;font-family:SFMono-Regular,Menlo,Consolas,'DejaVu Sans Mono',monospace;font-size:12px;margin:2px 0`
	captionStyle = `caption-side:top;text-align:left;white-space:nowrap;font-family:sans-serif;font-size:12px;color:#555;padding:2px 0`
	cellStyle    = `padding:1px 8px;text-align:right;border:1px solid #e3e3e3`
	indexStyle   = `padding:1px 6px;text-align:right;color:#999;font-weight:normal;background:#f7f7f7;border:1px solid #e3e3e3`
)

// tensorHTML renders a tensor: a scalar as its number, 1-D as one row, 2-D as a table,
// higher ranks as 2-D slices [i, j, :, :].
func tensorHTML(t tableData) string {
	var b strings.Builder
	switch len(t.shape) {
	case 0:
		v := 0.0
		if len(t.data) > 0 {
			v = t.data[0]
		}
		fmt.Fprintf(&b, `<span class="gotape-scalar" title="%s" style="font-family:monospace">%s</span>`,
			escape(stripTags(t.header)), escape(formatValue(v, t.dtype)))
		return b.String()
	case 1:
		writeTable(&b, t.header, t.data, 1, t.shape[0], t.dtype, false)
		return b.String()
	case 2:
		writeTable(&b, t.header, t.data, t.shape[0], t.shape[1], t.dtype, true)
		return b.String()
	}
	lead := t.shape[:len(t.shape)-2]
	rows, cols := t.shape[len(t.shape)-2], t.shape[len(t.shape)-1]
	fmt.Fprintf(&b, `<div class="gotape-tensor"><div style="%s">%s</div>`+
		`<div style="display:flex;flex-wrap:wrap;gap:4px 14px;align-items:flex-start">`, captionStyle, t.header)
	// Every combination of leading indexes (each dimension elided), as in NumPy.
	per := make([][]int, len(lead))
	for i, d := range lead {
		per[i] = elide(d, TableMaxSlices, TableEdgeSlice)
	}
	cur := make([]int, len(lead))
	var walk func(d int)
	walk = func(d int) {
		if d == len(lead) {
			off := 0
			for i, ix := range cur {
				off = off*lead[i] + ix
			}
			off *= rows * cols
			parts := make([]string, len(cur))
			for i, ix := range cur {
				parts[i] = strconv.Itoa(ix)
			}
			cap := "[" + strings.Join(parts, ", ") + ", :, :]"
			writeTable(&b, escape(cap), t.data[off:off+rows*cols], rows, cols, t.dtype, true)
			return
		}
		for _, ix := range per[d] {
			if ix < 0 {
				b.WriteString(`<div style="color:#999;align-self:center">…</div>`)
				continue
			}
			cur[d] = ix
			walk(d + 1)
		}
	}
	walk(0)
	b.WriteString(`</div></div>`)
	return b.String()
}

// writeTable writes a rows×cols block (row-major data) with index headers; rowIndex
// false omits the row index column (1-D tensors).
func writeTable(b *strings.Builder, caption string, data []float64, rows, cols int, dtype string, rowIndex bool) {
	ri := elide(rows, TableMaxRows, TableEdgeRows)
	ci := elide(cols, TableMaxCols, TableEdgeCols)
	fmt.Fprintf(b, `<table class="gotape-tensor" style="%s"><caption style="%s">%s</caption>`, tableStyle, captionStyle, caption)
	b.WriteString(`<thead><tr>`)
	if rowIndex {
		fmt.Fprintf(b, `<th style="%s"></th>`, indexStyle)
	}
	for _, c := range ci {
		fmt.Fprintf(b, `<th style="%s">%s</th>`, indexStyle, indexLabel(c))
	}
	b.WriteString(`</tr></thead><tbody>`)
	for _, r := range ri {
		b.WriteString(`<tr>`)
		if rowIndex {
			fmt.Fprintf(b, `<th style="%s">%s</th>`, indexStyle, indexLabel(r))
		}
		for _, c := range ci {
			cell := "…"
			switch {
			case r < 0 && c < 0:
				cell = "⋱"
			case r < 0:
				cell = "⋮"
			case c >= 0:
				cell = escape(formatValue(data[r*cols+c], dtype))
			}
			fmt.Fprintf(b, `<td style="%s">%s</td>`, cellStyle, cell)
		}
		b.WriteString(`</tr>`)
	}
	b.WriteString(`</tbody></table>`)
}

func indexLabel(i int) string {
	if i < 0 {
		return "…"
	}
	return strconv.Itoa(i)
}
