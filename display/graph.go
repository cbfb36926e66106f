package display

import (
	"sort"
)

// gnode is a node of a drawn graph: up to three text lines, a kind that picks its
// style, and the indexes (into the node slice) of its inputs.
type gnode struct {
	title, sub, grad string
	kind             string // "op", "watched", "variable", "constant"
	inputs           []int
	output           bool // no consumers: the computed result

	layer, order int
	x, y, w, h   float64
}

// Graph layout constants (pixels).
const (
	gLineH   = 15.0
	gPadX    = 8.0
	gPadY    = 5.0
	gGapX    = 18.0
	gGapY    = 34.0
	gMargin  = 10.0
	gMinBoxW = 56.0
)

var gStyles = map[string]struct{ fill, stroke, dash string }{
	"op":       {"#ffffff", "#555555", ""},
	"watched":  {"#fff1d6", "#e08e0b", ""},
	"variable": {"#e1ecfb", "#1f77b4", ""},
	"constant": {"#f4f4f4", "#9a9a9a", "4 3"},
}

// layoutGraph assigns layers top-down (inputs above the ops that use them), orders
// nodes in each layer to reduce crossings, and sets box positions. It returns the size
// of the drawing.
func layoutGraph(ns []gnode) (width, height float64) {
	n := len(ns)
	if n == 0 {
		return 0, 0
	}
	consumers := make([][]int, n)
	for i := range ns {
		for _, j := range ns[i].inputs {
			consumers[j] = append(consumers[j], i)
		}
	}
	layers := assignLayers(ns, consumers)
	orderLayers(ns, layers, consumers)
	rowH := sizeBoxes(ns, len(layers))
	placeX(ns, layers, consumers)
	minX, maxX := 1e18, -1e18
	for i := range ns {
		minX, maxX = min(minX, ns[i].x), max(maxX, ns[i].x+ns[i].w)
	}
	width = maxX - minX
	y := gMargin
	for li, l := range layers {
		for _, i := range l {
			ns[i].x += gMargin - minX
			ns[i].y = y + (rowH[li]-ns[i].h)/2
		}
		y += rowH[li] + gGapY
	}
	return width + 2*gMargin, y - gGapY + gMargin
}

// assignLayers puts each node in a layer (its longest path from the sources; a source just
// above its first consumer) and returns the layers' nodes.
func assignLayers(ns []gnode, consumers [][]int) [][]int {
	n := len(ns)
	// Longest path from the sources (inputs are recorded before their consumers, but do
	// not rely on it: iterate to a fixed point).
	for changed := true; changed; {
		changed = false
		for i := range ns {
			l := 0
			for _, j := range ns[i].inputs {
				if ns[j].layer+1 > l {
					l = ns[j].layer + 1
				}
			}
			if l != ns[i].layer && l < n {
				ns[i].layer, changed = l, true
			}
		}
	}
	// Sources sit just above their first consumer, so a constant used late has a short edge.
	for i := range ns {
		ns[i].output = len(consumers[i]) == 0
		if len(ns[i].inputs) == 0 && len(consumers[i]) > 0 {
			l := n
			for _, c := range consumers[i] {
				if ns[c].layer-1 < l {
					l = ns[c].layer - 1
				}
			}
			ns[i].layer = l
		}
	}
	nl := 0
	for i := range ns {
		if ns[i].layer+1 > nl {
			nl = ns[i].layer + 1
		}
	}
	layers := make([][]int, nl)
	for i := range ns {
		layers[ns[i].layer] = append(layers[ns[i].layer], i)
	}
	return layers
}

// orderLayers orders the nodes within each layer (barycentre sweeps down by inputs and up by
// consumers, to shorten and uncross edges), setting each node's order.
func orderLayers(ns []gnode, layers [][]int, consumers [][]int) {
	nl := len(layers)
	setOrder := func(l []int) {
		for k, i := range l {
			ns[i].order = k
		}
	}
	for _, l := range layers {
		setOrder(l)
	}
	bary := func(i int, nb []int) float64 {
		if len(nb) == 0 {
			return float64(ns[i].order)
		}
		s := 0.0
		for _, j := range nb {
			s += float64(ns[j].order)
		}
		return s / float64(len(nb))
	}
	for sweep := 0; sweep < 4; sweep++ {
		for li := 1; li < nl; li++ { // down: by inputs
			l := layers[li]
			sort.SliceStable(l, func(a, b int) bool { return bary(l[a], ns[l[a]].inputs) < bary(l[b], ns[l[b]].inputs) })
			setOrder(l)
		}
		for li := nl - 2; li >= 0; li-- { // up: by consumers
			l := layers[li]
			sort.SliceStable(l, func(a, b int) bool { return bary(l[a], consumers[l[a]]) < bary(l[b], consumers[l[b]]) })
			setOrder(l)
		}
	}
}

// sizeBoxes sets every node's box size from its text and returns each layer's row height.
func sizeBoxes(ns []gnode, nl int) []float64 {
	// Box sizes and positions: each layer centred on the widest.
	rowH := make([]float64, nl)
	for i := range ns {
		lines := 0
		w := 0.0
		for _, s := range []string{ns[i].title, ns[i].sub, ns[i].grad} {
			if s != "" {
				lines++
				if tw := textWidth(s); tw > w {
					w = tw
				}
			}
		}
		ns[i].w = max(w+2*gPadX, gMinBoxW)
		ns[i].h = float64(lines)*gLineH + 2*gPadY
		rowH[ns[i].layer] = max(rowH[ns[i].layer], ns[i].h)
	}
	return rowH
}

// placeX sets the nodes' x positions, before they are shifted into the margin.
func placeX(ns []gnode, layers [][]int, consumers [][]int) {
	nl := len(layers)
	// x: layer by layer, each node as close as possible to the mean centre of its inputs
	// (sources: of their consumers, in an upward pass), packed left to right.
	centre := func(nb []int) (float64, bool) {
		if len(nb) == 0 {
			return 0, false
		}
		s := 0.0
		for _, j := range nb {
			s += ns[j].x + ns[j].w/2
		}
		return s / float64(len(nb)), true
	}
	pack := func(l []int, want func(i int) (float64, bool)) {
		right := -1e18
		for _, i := range l {
			x := right + gGapX
			if c, ok := want(i); ok {
				x = max(x, c-ns[i].w/2)
			} else if right < -1e17 {
				x = 0
			}
			ns[i].x = x
			right = x + ns[i].w
		}
	}
	for _, l := range layers {
		pack(l, func(i int) (float64, bool) { return centre(ns[i].inputs) })
	}
	for li := nl - 2; li >= 0; li-- {
		pack(layers[li], func(i int) (float64, bool) {
			if len(ns[i].inputs) == 0 {
				return centre(consumers[i])
			}
			return ns[i].x + ns[i].w/2, true
		})
	}
}

// textWidth is the width of s in the bold 12 px face of node titles (Liberation Sans; the
// SVG fixes each line to its measured width, so other fonts fit the box too).
func textWidth(s string) float64 { return graphFace(12, true).Width(s).Points() }
