package display

import (
	"fmt"

	"github.com/gotape/gotape/tape"
)

// FuncPlot plots f and its derivative over [from, to]: f is applied to a Linspace of 200
// points watched by a GradientTape, and the derivative is the gradient of f's output with
// respect to them (for an element-wise f, f'(x) at every point).
func FuncPlot(f func(x *tape.Tensor) *tape.Tensor, from, to float64) *Plot {
	const n = 200
	x := tape.Linspace(from, to, n)
	var y, dy *tape.Tensor
	err := tape.Try(func() {
		g := tape.NewGradientTape()
		g.Record(func() {
			g.Watch(x)
			y = f(x)
		})
		dy = g.Gradient(y, x)
	})
	p := NewPlot().XLabel("x")
	if err != nil {
		p.err = fmt.Errorf("display: FuncPlot: %v", err)
		return p
	}
	if y == nil || y.Size() != n {
		p.err = fmt.Errorf("display: FuncPlot: f must be element-wise (got %d values for %d points)", sizeOf(y), n)
		return p
	}
	p.Line(x, y, "f(x)")
	if dy != nil {
		p.Line(x, dy, "f′(x)").Dashed()
	}
	return p
}

func sizeOf(t *tape.Tensor) int {
	if t == nil {
		return 0
	}
	return t.Size()
}

// ImageGrid draws images — a tensor shaped [N,H,W], [N,H,W,1], [N,H,W,3] or [N,H*W]
// (e.g. MNIST digits [N,784]) — in cols columns (0: up to 10), with labels[i] under image
// i (labels may be nil or shorter). Values in [0,1] or [0,255] are shown as dark ink on
// white; at most MaxGridImages images are drawn.
func ImageGrid(images *tape.Tensor, labels []string, cols int) *Raster {
	if images == nil {
		panic("display: ImageGrid of a nil tensor")
	}
	n, h, w, c, err := gridShape(images.Shape())
	if err != nil {
		panic(err)
	}
	return imageGrid(images.Floats(), n, h, w, c, labels, cols)
}

// IntLabels turns integer labels (e.g. predicted classes) into ImageGrid labels; a
// tensor of class indexes or a one-hot/probability matrix ([N, classes], arg-max) is accepted.
func IntLabels(v any) []string {
	if t, ok := v.(*tape.Tensor); ok && t != nil && t.Rank() == 2 {
		sh, vals := t.Shape(), t.Floats()
		out := make([]string, sh[0])
		for i := range out {
			best := 0
			for j := 1; j < sh[1]; j++ {
				if vals[i*sh[1]+j] > vals[i*sh[1]+best] {
					best = j
				}
			}
			out[i] = fmt.Sprint(best)
		}
		return out
	}
	fs := toFloats(v)
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = fmt.Sprint(int(f))
	}
	return out
}
