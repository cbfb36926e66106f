package display_test

import (
	"fmt"

	"github.com/gotape/gotape/display"
	"github.com/gotape/gotape/tape"
)

// Render gives every value a text/plain form and adds the rich forms it knows.
func ExampleRender() {
	b := display.Render(tape.Constant([]float64{1, 2}))
	fmt.Println(b["text/plain"])
	_, hasHTML := b["text/html"]
	fmt.Println(hasHTML)
	// Output:
	// tf.Tensor([1. 2.], shape=(2,), dtype=float32)
	// true
}

// Outside a notebook (no publisher installed) displayed values print as text.
func ExampleShow() {
	display.Show("hello", 42)
	display.HTML("<b>bold</b> text")
	// Output:
	// hello
	// 42
	// bold text
}

// A plot is built with chained calls and displays as SVG and PNG.
func ExampleLinePlot() {
	p := display.LinePlot([]float64{3, 2, 1.5, 1.2}).Title("loss").YLabel("loss")
	b := display.Render(p)
	fmt.Println(b["text/plain"], b["image/svg+xml"] != nil, b["image/png"] != nil)
	// Output:
	// <Plot "loss": line (4 points), x: step, y: loss> true true
}
