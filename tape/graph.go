package tape

// Graph is what a tape recorded, for display: watched sources, variables, constants and ops
// in recording order, with the gradients of the last Gradient call.
type Graph struct {
	Nodes []GraphNode
}

// GraphNode is one recorded tensor. Kind is "op", "watched", "variable" or "constant";
// Inputs are node IDs; Grad is the gradient after Gradient (nil when none).
type GraphNode struct {
	ID     int
	Op     string
	Inputs []int
	Shape  []int
	DType  DType
	Kind   string
	Name   string
	Grad   *Tensor
	Value  *Tensor
}

// Graph returns the recorded operations.
func (t *GradientTape) Graph() *Graph {
	g := &Graph{}
	consts := map[*Tensor]int{}
	n := len(t.nodes)
	next := n
	var extra []GraphNode
	for i := range t.nodes {
		nd := &t.nodes[i]
		gn := GraphNode{ID: i, Op: nd.op, Shape: copyShape(nd.out.shape), DType: nd.out.dtype, Value: nd.out}
		if i < len(t.grads) {
			gn.Grad = t.grads[i]
		}
		switch nd.kind {
		case kindWatched:
			gn.Kind = "watched"
		case kindVariable:
			gn.Kind = "variable"
			gn.Name = nd.out.vr.name
		default:
			gn.Kind = "op"
			for j := range nd.numIn() {
				id, x := nd.input(j)
				if id >= 0 {
					gn.Inputs = append(gn.Inputs, int(id))
					continue
				}
				if x == nil {
					continue
				}
				c, ok := consts[x]
				if !ok {
					c = next
					next++
					consts[x] = c
					extra = append(extra, GraphNode{ID: c, Op: "Const", Shape: copyShape(x.shape), DType: x.dtype, Kind: "constant", Value: x})
				}
				gn.Inputs = append(gn.Inputs, c)
			}
		}
		g.Nodes = append(g.Nodes, gn)
	}
	g.Nodes = append(g.Nodes, extra...)
	return g
}
