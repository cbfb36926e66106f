// Package display turns Go values into Jupyter MIME bundles and publishes rich output
// from notebook cells.
//
// Render converts any value into a MIMEBundle: "text/plain" is always present (String()
// or fmt's %v), and richer forms are added for values that implement one of the small
// one-method interfaces (HTMLer, SVGer, PNGer, ...), for tape tensors, variables and
// gradient tapes (tables and an SVG graph of the recorded operations), for plots made by
// this package (gonum/plot, SVG and PNG) and for image.Image values.
//
// Cells publish output explicitly with Show, HTML, Markdown, LaTeX, SVG, PNG, JPEG, JSON
// and Image, and redraw output in place with ShowWithID, Update and ClearOutput. This is
// the documented path for content made inside a cell: the interpreter hands interpreted
// values to compiled code without their methods, so the interfaces only work for compiled
// types. Progress is a live training view (bar, ETA, loss curve) that redraws in place at
// a bounded rate and ends as a static picture.
//
// In a cell:
//
//	display.HTML("<b>done</b>")
//	display.LinePlot(losses).Title("loss").LogY()             // a cell's last expression is drawn
//	display.Scatter(xs, ys).Fn(func(x float64) float64 { return a*x + b }, "fit")
//	display.FuncPlot(func(x *tape.Tensor) *tape.Tensor { return x.Sin() }, -3, 3)
//	display.ImageGrid(images, display.IntLabels(predicted), 10)
//	display.Grads(t.Gradients(loss, vars), vars)                 // gradients with their names
//	p := display.NewProgress(steps, display.Epochs(5)); p.Step(loss.Float()); p.Done()
//
// Figures — plots (LinePlot, Scatter, FuncPlot, on gonum/plot), the tape graph and a
// Progress view's final picture — carry SVG and PNG in one bundle, drawn once each by the
// same code: a front end that does not trust the notebook drops SVG (and HTML with SVG
// inside) but shows the PNG. Their text/plain says what they show. Text is set in
// Liberation Sans, which gonum/plot embeds: the PNG needs no system font, and plot SVGs
// draw their text as glyph outlines, so no browser substitutes another font and clips a
// label; the tape graph's SVG keeps its text as text, each line held to its measured
// width. Plots follow matplotlib's look: ticks at 1, 2 or 5 × 10^k, 5% margins, a boxed
// legend. ImageGrid pictures are PNG only. The tape graph is laid out here (layered,
// top-down), without graphviz.
//
// The package knows nothing of the kernel or the interpreter: the interpreter calls Render
// for a cell's result and gives each cell a Publisher in the cell's context
// (WithPublisher) that forwards display_data, update_display_data and clear_output
// messages to the kernel; the goroutines a cell starts inherit it, so their displays are
// attributed to that cell, also after it ended. Outside a cell, output goes to the
// publisher of SetPublisher, else as plain text to standard output.
package display
