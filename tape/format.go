package tape

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// String prints like TensorFlow's str(): tf.Tensor(108.0, shape=(), dtype=float32), with
// NumPy's layout for arrays. A nil tensor prints "None".
func (t *Tensor) String() string {
	if t == nil {
		return "None"
	}
	return fmt.Sprintf("tf.Tensor(%s, shape=%s, dtype=%s)", numpyText(t, false), shapeStr(t.shape), t.dtype)
}

// Repr prints like TensorFlow's repr() (a notebook's bare expression):
// <tf.Tensor: shape=(), dtype=float32, numpy=6.0>.
func (t *Tensor) Repr() string {
	if t == nil {
		return "None"
	}
	return fmt.Sprintf("<tf.Tensor: shape=%s, dtype=%s, numpy=%s>", shapeStr(t.shape), t.dtype, numpyText(t, true))
}

// numpyText is TensorFlow's _numpy_text: str or repr of the NumPy value, on a new line when
// it has several lines.
func numpyText(t *Tensor, isRepr bool) string {
	var s string
	if len(t.shape) == 0 {
		s = scalarText(t.get(0), t.dtype)
	} else if isRepr {
		s = arrayRepr(t)
	} else {
		s = arrayStr(t, " ", "", 75)
	}
	if strings.Contains(s, "\n") {
		s = "\n" + s
	}
	return s
}

func bits(dt DType) int {
	if dt == Float32 {
		return 32
	}
	return 64
}

// scalarText formats a NumPy scalar (str(np.float32(x))).
func scalarText(v float64, dt DType) string {
	switch dt {
	case Bool:
		if v != 0 {
			return "True"
		}
		return "False"
	case Int32, Int64:
		return strconv.FormatInt(int64(v), 10)
	}
	if math.IsNaN(v) {
		return "nan"
	}
	if math.IsInf(v, 0) {
		if v < 0 {
			return "-inf"
		}
		return "inf"
	}
	a := math.Abs(v)
	if a == 0 || (a >= 1e-4 && a < 1e16) {
		s := strconv.FormatFloat(v, 'f', -1, bits(dt))
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	return sciTrim(strconv.FormatFloat(v, 'e', -1, bits(dt)), 2)
}

// sciTrim rewrites Go's "1.5e-05"/"1e+16" with at least minExp exponent digits.
func sciTrim(s string, minExp int) string {
	i := strings.IndexByte(s, 'e')
	mant, exp := s[:i], s[i+1:]
	sign := exp[0]
	digits := strings.TrimLeft(exp[1:], "0")
	for len(digits) < minExp {
		digits = "0" + digits
	}
	return mant + "e" + string(sign) + digits
}

// floatFormat is NumPy's FloatingFormat with precision 8, floatmode 'maxprec'.
type floatFormat struct {
	exp       bool
	bits      int
	precision int // scientific: digits after the point (fixed)
	expSize   int
	padLeft   int
	padRight  int
}

const printPrecision = 8

// positional returns the shortest digits of v with at most 8 fraction digits, trimmed to "8." form.
func positional(v float64, b int) string {
	s := strconv.FormatFloat(v, 'f', -1, b)
	if i := strings.IndexByte(s, '.'); i >= 0 && len(s)-i-1 > printPrecision {
		s = strconv.FormatFloat(v, 'f', printPrecision, b)
		s = strings.TrimRight(s, "0")
	}
	if !strings.Contains(s, ".") {
		s += "."
	}
	return s
}

// scientific returns mantissa, exponent sign and digits of v with at most 8 fraction digits.
func scientific(v float64, b int) (string, string) {
	s := strconv.FormatFloat(v, 'e', -1, b)
	i := strings.IndexByte(s, 'e')
	mant := s[:i]
	if j := strings.IndexByte(mant, '.'); j >= 0 && len(mant)-j-1 > printPrecision {
		s = strconv.FormatFloat(v, 'e', printPrecision, b)
		i = strings.IndexByte(s, 'e')
		mant = strings.TrimRight(s[:i], "0")
	}
	if !strings.Contains(mant, ".") {
		mant += "."
	}
	exp := s[i+1:]
	digits := strings.TrimLeft(exp[1:], "0")
	for len(digits) < 2 {
		digits = "0" + digits
	}
	return mant, string(exp[0]) + digits
}

func newFloatFormat(vals []float64, b int) *floatFormat {
	f := &floatFormat{bits: b}
	var finite []float64
	for _, v := range vals {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			finite = append(finite, v)
		}
	}
	maxV, minV := 0.0, math.Inf(1)
	nonzero := false
	for _, v := range finite {
		a := math.Abs(v)
		if a == 0 {
			continue
		}
		nonzero = true
		maxV = math.Max(maxV, a)
		minV = math.Min(minV, a)
	}
	if nonzero {
		if maxV >= 1e8 || minV < 0.0001 || maxV/minV > 1000 {
			f.exp = true
		}
	}
	if len(finite) > 0 {
		if f.exp {
			for _, v := range finite {
				m, e := scientific(v, b)
				j := strings.IndexByte(m, '.')
				f.padLeft = max(f.padLeft, j)
				f.precision = max(f.precision, len(m)-j-1)
				f.expSize = max(f.expSize, len(e)-1)
			}
			f.padRight = f.expSize + 2 + f.precision
		} else {
			for _, v := range finite {
				s := positional(v, b)
				j := strings.IndexByte(s, '.')
				f.padLeft = max(f.padLeft, j)
				f.padRight = max(f.padRight, len(s)-j-1)
			}
		}
	}
	if len(finite) != len(vals) {
		neginf := false
		for _, v := range vals {
			if math.IsInf(v, -1) {
				neginf = true
			}
		}
		inflen := 3
		if neginf {
			inflen = 4
		}
		off := f.padRight + 1
		f.padLeft = max(f.padLeft, 3-off, inflen-off)
	}
	return f
}

func (f *floatFormat) format(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		r := "nan"
		if math.IsInf(v, 1) {
			r = "inf"
		} else if math.IsInf(v, -1) {
			r = "-inf"
		}
		return strings.Repeat(" ", max(0, f.padLeft+f.padRight+1-len(r))) + r
	}
	if f.exp {
		// NumPy asks for at least `precision` digits: real digits of the value, not zeros
		str := strconv.FormatFloat(v, 'e', f.precision, f.bits)
		k := strings.IndexByte(str, 'e')
		m := str[:k]
		if !strings.Contains(m, ".") {
			m += "."
		}
		e := str[k+1:]
		e = e[:1] + strings.TrimLeft(e[1:], "0")
		if len(e) == 1 {
			e += "0"
		}
		j := strings.IndexByte(m, '.')
		frac := m[j+1:]
		digits := e[1:]
		for len(digits) < f.expSize {
			digits = "0" + digits
		}
		s := m[:j+1] + frac + "e" + e[:1] + digits
		return strings.Repeat(" ", max(0, f.padLeft-j)) + s
	}
	s := positional(v, f.bits)
	j := strings.IndexByte(s, '.')
	return strings.Repeat(" ", max(0, f.padLeft-j)) + s + strings.Repeat(" ", max(0, f.padRight-(len(s)-j-1)))
}

const (
	printThreshold = 1000
	edgeItems      = 3
)

// leadingTrailing returns the values NumPy formats when summarising (edge items of every axis).
func leadingTrailing(t *Tensor, summarize bool) []float64 {
	if !summarize {
		return t.Floats()
	}
	var out []float64
	st := stridesOf(t.shape)
	var walk func(dim, off int)
	walk = func(dim, off int) {
		if dim == len(t.shape) {
			out = append(out, t.get(off))
			return
		}
		n := t.shape[dim]
		for i := range n {
			if n > 2*edgeItems && i >= edgeItems && i < n-edgeItems {
				continue
			}
			walk(dim+1, off+i*st[dim])
		}
	}
	walk(0, 0)
	return out
}

// elemFormatter returns NumPy's element formatter for t.
func elemFormatter(t *Tensor, summarize bool) func(float64) string {
	data := leadingTrailing(t, summarize)
	switch t.dtype {
	case Bool:
		tr := " True"
		return func(v float64) string {
			if v != 0 {
				return tr
			}
			return "False"
		}
	case Int32, Int64:
		w := 0
		if len(data) > 0 {
			mn, mx := data[0], data[0]
			for _, v := range data {
				mn, mx = math.Min(mn, v), math.Max(mx, v)
			}
			w = max(len(strconv.FormatInt(int64(mn), 10)), len(strconv.FormatInt(int64(mx), 10)))
		}
		return func(v float64) string {
			s := strconv.FormatInt(int64(v), 10)
			return strings.Repeat(" ", max(0, w-len(s))) + s
		}
	}
	f := newFloatFormat(data, bits(t.dtype))
	return f.format
}

// arrayStr is NumPy's array2string (str uses separator " ", repr ", " and prefix "array(").
func arrayStr(t *Tensor, sep, prefix string, lineWidth int) string {
	if numel(t.shape) == 0 {
		return "[]"
	}
	summarize := numel(t.shape) > printThreshold
	ff := elemFormatter(t, summarize)
	summary := ""
	if summarize {
		summary = "..."
	}
	st := stridesOf(t.shape)
	nd := len(t.shape)
	var rec func(dim, off int, hanging string, width int) string
	rec = func(dim, off int, hanging string, width int) string {
		if dim == nd {
			return ff(t.get(off))
		}
		axesLeft := nd - dim
		nextHanging := hanging + " "
		nextWidth := width - 1
		n := t.shape[dim]
		show := summary != "" && 2*edgeItems < n
		lead, trail := 0, n
		if show {
			lead, trail = edgeItems, edgeItems
		}
		var s strings.Builder
		if axesLeft == 1 {
			elemWidth := width - max(len(strings.TrimRight(sep, " ")), 1)
			line := hanging
			ext := func(word string, w int) {
				if len(line)+len(word) > w && len(line) > len(hanging) {
					s.WriteString(strings.TrimRight(line, " "))
					s.WriteString("\n")
					line = hanging
				}
				line += word
			}
			for i := range lead {
				ext(rec(dim+1, off+i*st[dim], nextHanging, nextWidth), elemWidth)
				line += sep
			}
			if show {
				ext(summary, elemWidth)
				line += sep
			}
			for i := trail; i > 1; i-- {
				ext(rec(dim+1, off+(n-i)*st[dim], nextHanging, nextWidth), elemWidth)
				line += sep
			}
			ext(rec(dim+1, off+(n-1)*st[dim], nextHanging, nextWidth), elemWidth)
			s.WriteString(line)
		} else {
			lineSep := strings.TrimRight(sep, " ") + strings.Repeat("\n", axesLeft-1)
			for i := range lead {
				s.WriteString(hanging + rec(dim+1, off+i*st[dim], nextHanging, nextWidth) + lineSep)
			}
			if show {
				s.WriteString(hanging + summary + lineSep)
			}
			for i := trail; i > 1; i-- {
				s.WriteString(hanging + rec(dim+1, off+(n-i)*st[dim], nextHanging, nextWidth) + lineSep)
			}
			s.WriteString(hanging + rec(dim+1, off+(n-1)*st[dim], nextHanging, nextWidth))
		}
		return "[" + s.String()[len(hanging):] + "]"
	}
	return rec(0, 0, " "+strings.Repeat(" ", len(prefix)), lineWidth)
}

// arrayRepr is NumPy's repr: array([1., 2.], dtype=float32).
func arrayRepr(t *Tensor) string {
	skip := (t.dtype == Float64 || t.dtype == Int64 || t.dtype == Bool) && numel(t.shape) > 0
	suffix := ","
	if skip {
		suffix = ")"
	}
	var lst string
	if numel(t.shape) > 0 || (len(t.shape) == 1 && t.shape[0] == 0) {
		lst = arrayStr(t, ", ", "array(", 75-len(suffix))
	} else {
		lst = "[], shape=" + shapeStr(t.shape)
	}
	s := "array(" + lst + suffix
	if skip {
		return s
	}
	dts := "dtype=" + t.dtype.String() + ")"
	last := len(s) - (strings.LastIndexByte(s, '\n') + 1)
	if last+len(dts)+1 > 75 {
		return s + "\n" + strings.Repeat(" ", len("array(")) + dts
	}
	return s + " " + dts
}

// NumpyString prints the value the way Python prints t.numpy(): "27.0", "[1. 2.]".
// A nil tensor prints "None".
func (t *Tensor) NumpyString() string {
	if t == nil {
		return "None"
	}
	if len(t.shape) == 0 {
		return scalarText(t.get(0), t.dtype)
	}
	return arrayStr(t, " ", "", 75)
}
