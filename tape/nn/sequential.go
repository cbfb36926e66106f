package nn

import (
	"fmt"
	"html"
	"strings"

	"github.com/gotape/gotape/tape"
)

// Sequential is a stack of layers applied one after the other, like keras.Sequential.
type Sequential struct {
	name    string
	layers  []Layer
	inShape []int      // shape of the first input (batch dimension −1), nil until known
	dtype   tape.DType // dtype of the first input
}

// NewSequential returns a model made of layers (more can be added with Add). If the first
// layer has an InputShape option the model is built at once.
func NewSequential(layers ...Layer) *Sequential {
	m := &Sequential{name: autoName("sequential")}
	for _, l := range layers {
		m.Add(l)
	}
	return m
}

// Add appends a layer.
func (m *Sequential) Add(l Layer) {
	if l == nil {
		fail("%s: Add: nil layer", m.name)
	}
	m.layers = append(m.layers, l)
	if len(m.layers) == 1 {
		if in := declaredInput(l); in != nil {
			m.Build(in...)
		}
	} else if m.inShape != nil {
		m.build(m.inShape, m.dtype)
	}
}

func declaredInput(l Layer) []int {
	var c *layerConfig
	switch x := l.(type) {
	case *DenseLayer:
		c = &x.cfg
	case *Conv2DLayer:
		c = &x.cfg
	case *MaxPool2DLayer:
		c = &x.cfg
	case *DropoutLayer:
		c = &x.cfg
	case *FlattenLayer:
		c = &x.cfg
	}
	if c == nil {
		return nil
	}
	return c.inputShape
}

// SetName renames the model (shown by Summary).
func (m *Sequential) SetName(name string) { m.name = name }

// Layers returns the model's layers.
func (m *Sequential) Layers() []Layer { return append([]Layer(nil), m.layers...) }

// Name returns the model's name ("sequential", "sequential_1", ...).
func (m *Sequential) Name() string { return m.name }

// Build creates the variables of all layers for samples of the given shape (no batch
// dimension), in float32.
func (m *Sequential) Build(sampleShape ...int) {
	m.build(append([]int{-1}, sampleShape...), tape.Float32)
}

func (m *Sequential) build(in []int, dt tape.DType) {
	m.inShape, m.dtype = append([]int(nil), in...), dt
	s := in
	for _, l := range m.layers {
		if b, ok := l.(Builder); ok {
			b.Build(s, dt)
		}
		s = l.OutputShape(s)
	}
}

// Call applies the layers in order to the batch x; training is passed to every layer. A
// Conv2D layer (ReLU or linear activation) followed by a MaxPool2D layer with
// non-overlapping, unpadded windows runs as one op, tape.FusedConv2DMaxPool: same values and
// gradients, without storing the full-size activation.
func (m *Sequential) Call(x *tape.Tensor, training bool) *tape.Tensor {
	if len(m.layers) == 0 {
		fail("%s: the model has no layers", m.name)
	}
	if m.inShape == nil {
		s := x.Shape()
		if len(s) > 0 {
			s[0] = -1
		}
		m.inShape, m.dtype = s, x.DType()
	}
	for i := 0; i < len(m.layers); i++ {
		tape.CheckInterrupt()
		l := m.layers[i]
		// A convolution followed by max pooling runs as one op (the full-size activation is
		// never stored).
		if c, ok := l.(*Conv2DLayer); ok && i+1 < len(m.layers) {
			if p, ok := m.layers[i+1].(*MaxPool2DLayer); ok {
				if y := c.callPooled(x, p); y != nil {
					x = y
					i++
					continue
				}
			}
		}
		x = l.Call(x, training)
	}
	return x
}

// PredictBatchSize is the number of samples Predict runs at once.
const PredictBatchSize = 256

// Predict is Call with training = false, run PredictBatchSize samples at a time (so that a
// large test set does not need the memory of all its activations at once).
func (m *Sequential) Predict(x *tape.Tensor) *tape.Tensor {
	s := x.Shape()
	if len(s) == 0 || s[0] <= PredictBatchSize {
		return m.Call(x, false)
	}
	var outs []*tape.Tensor
	for lo := 0; lo < s[0]; lo += PredictBatchSize {
		begin := make([]int, len(s))
		size := append([]int(nil), s...)
		begin[0], size[0] = lo, min(PredictBatchSize, s[0]-lo)
		outs = append(outs, m.Call(tape.Slice(x, begin, size), false))
	}
	return tape.Concat(outs, 0)
}

// OutputShape maps an input shape through all layers.
func (m *Sequential) OutputShape(in []int) []int {
	for _, l := range m.layers {
		in = l.OutputShape(in)
	}
	return in
}

// TrainableVariables returns the variables of all layers, in layer order.
func (m *Sequential) TrainableVariables() []*tape.Variable {
	var out []*tape.Variable
	for _, l := range m.layers {
		out = append(out, l.TrainableVariables()...)
	}
	return out
}

// CountParams returns the number of weights of the built layers.
func (m *Sequential) CountParams() int {
	n := 0
	for _, v := range m.TrainableVariables() {
		n += v.Size()
	}
	return n
}

type summaryRow struct{ name, shape, params string }

func (m *Sequential) rows() ([]summaryRow, int) {
	var rows []summaryRow
	s := m.inShape
	total := 0
	for _, l := range m.layers {
		if s != nil {
			s = l.OutputShape(s)
		}
		p := 0
		for _, v := range l.TrainableVariables() {
			p += v.Size()
		}
		total += p
		params := fmt.Sprint(p)
		if b, ok := l.(Builder); ok && !b.Built() {
			params = "0 (unbuilt)"
		}
		rows = append(rows, summaryRow{fmt.Sprintf("%s (%s)", l.Name(), typeName(l)), shapeString(s), params})
	}
	return rows, total
}

func typeName(l Layer) string {
	switch l.(type) {
	case *DenseLayer:
		return "Dense"
	case *Conv2DLayer:
		return "Conv2D"
	case *MaxPool2DLayer:
		return "MaxPooling2D"
	case *DropoutLayer:
		return "Dropout"
	case *FlattenLayer:
		return "Flatten"
	case *Sequential:
		return "Sequential"
	}
	return strings.TrimPrefix(fmt.Sprintf("%T", l), "*")
}

// Summary returns the Keras-style table of layers, output shapes and parameter counts.
func (m *Sequential) Summary() string {
	rows, total := m.rows()
	w1, w2 := 28, 26 // Keras' column widths, widened for long names
	for _, r := range rows {
		w1, w2 = max(w1, len([]rune(r.name))+1), max(w2, len(r.shape)+1)
	}
	var b strings.Builder
	line := func(c byte) { b.WriteString(strings.Repeat(string(c), w1+w2+11) + "\n") }
	row := func(name, shape, params string) {
		b.WriteString(strings.TrimRight(fmt.Sprintf(" %-*s%-*s%s", w1, name, w2, shape, params), " ") + "\n")
	}
	fmt.Fprintf(&b, "Model: %q\n", m.name)
	line('_')
	row("Layer (type)", "Output Shape", "Param #")
	line('=')
	for i, r := range rows {
		row(r.name, r.shape, r.params)
		if i < len(rows)-1 {
			b.WriteString("\n")
		}
	}
	line('=')
	fmt.Fprintf(&b, "Total params: %s\nTrainable params: %s\nNon-trainable params: 0\n", commas(total), commas(total))
	line('_')
	return b.String()
}

// String is the summary, so that printing a model shows its layers.
func (m *Sequential) String() string { return m.Summary() }

// HTML renders the summary as an HTML table (used by the notebook display).
func (m *Sequential) HTML() string {
	rows, total := m.rows()
	var b strings.Builder
	fmt.Fprintf(&b, "<table class=\"gotape-model\">\n<caption>Model: %s</caption>\n", html.EscapeString(m.name))
	b.WriteString("<thead><tr><th style=\"text-align:left\">Layer (type)</th><th style=\"text-align:left\">Output Shape</th><th style=\"text-align:right\">Param #</th></tr></thead>\n<tbody>\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "<tr><td style=\"text-align:left\">%s</td><td style=\"text-align:left\">%s</td><td style=\"text-align:right\">%s</td></tr>\n",
			html.EscapeString(r.name), html.EscapeString(r.shape), html.EscapeString(r.params))
	}
	fmt.Fprintf(&b, "</tbody>\n<tfoot><tr><td colspan=\"3\">Total params: %s (trainable: %s, non-trainable: 0)</td></tr></tfoot>\n</table>", commas(total), commas(total))
	return b.String()
}

func commas(n int) string {
	s := fmt.Sprint(n)
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}

var _ Layer = (*Sequential)(nil)
