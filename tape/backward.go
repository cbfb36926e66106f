package tape

import "slices"

// Helpers of the gradient rules.

// reduceTo sums g over broadcast dimensions so it gets shape s (the gradient of a broadcast).
// In a batched backward pass g's first dimension is the batch: it is kept.
func (bw bwArgs) reduceTo(g *Tensor, s []int) *Tensor {
	want := bw.shape(s)
	if slices.Equal(g.shape, want) {
		return g
	}
	if bw.batch == 0 && !recording() && numel(s) == 1 && g.dtype.IsFloat() {
		// a full sum (the bias of a scalar): no recording, so no ReduceSum and Reshape
		out := newTensor(g.dtype, s)
		out.set(0, sumAll(g))
		return out
	}
	keep := len(want) - len(s) // the batch dimension, if any
	lead := len(g.shape) - len(want)
	var axes []int
	for i := keep; i < len(g.shape); i++ {
		if i < keep+lead || (s[i-keep-lead] == 1 && g.shape[i] != 1) {
			axes = append(axes, i)
		}
	}
	r := g
	if len(axes) > 0 {
		r = ReduceSum(g, axes, false)
	}
	if !slices.Equal(r.shape, want) {
		r = Reshape(r, want...)
	}
	return r
}

// sumAll returns the sum of a float tensor's elements, accumulated in float64.
func sumAll(g *Tensor) float64 {
	sum := 0.0
	if g.dtype == Float32 {
		for _, v := range g.f32 {
			sum += float64(v)
		}
	} else {
		for _, v := range g.f64 {
			sum += v
		}
	}
	return sum
}

// dotTo returns Σ g·v as a tensor of the one-element shape s (the gradient of a scalar
// factor), fused; nil when it does not apply (someone records, a batch, or shapes differ).
func dotTo(bw bwArgs, g, v *Tensor, s []int) *Tensor {
	if bw.batch > 0 || recording() || numel(s) != 1 || len(g.f32)+len(g.f64) < 2 || g.dtype != v.dtype || !slices.Equal(g.shape, v.shape) {
		return nil
	}
	out := newTensor(g.dtype, s)
	if g.dtype == Float32 {
		d := 0.0
		for i, a := range g.f32 {
			d += float64(a * v.f32[i])
		}
		out.f32[0] = float32(d)
	} else {
		d := 0.0
		for i, a := range g.f64 {
			d += a * v.f64[i]
		}
		out.f64[0] = d
	}
	return out
}

// gradSums are the node gradients of one backward pass. A node's gradient that is a sum the
// pass made itself (owned) is seen by nobody else until every term has arrived (terms come
// from later nodes, which the pass visits first), so further terms are added in place
// instead of allocating a new sum per term — unless someone records the pass (higher
// orders), who must see each Add.
type gradSums struct {
	g     []*Tensor
	owned []bool
}

// add adds d to the gradient of node id.
func (s gradSums) add(id int32, d *Tensor) {
	if s.g[id] == nil {
		s.g[id] = d
		return
	}
	s.addTerm(id, d)
}

// addTerm adds d to the gradient of node id, which has one already.
func (s gradSums) addTerm(id int32, d *Tensor) {
	a := s.g[id]
	switch {
	case d == nil:
	case s.owned[id] && a.dtype == d.dtype && slices.Equal(a.shape, d.shape) && !recording():
		addInPlace(a, d)
	default:
		s.g[id], s.owned[id] = add(a, d), true
	}
}

// addInPlace sets a += d for float tensors of the same dtype and shape.
func addInPlace(a, d *Tensor) {
	if a.dtype == Float32 {
		dst := a.f32[:len(d.f32)]
		for i, v := range d.f32 {
			dst[i] += v
		}
		return
	}
	dst := a.f64[:len(d.f64)]
	for i, v := range d.f64 {
		dst[i] += v
	}
}

// boolsFor returns n false values: buf[:n] when buf is long enough (buf must be all false,
// as a new array is), else a new slice.
func boolsFor(n int, buf []bool) []bool {
	if n <= len(buf) {
		return buf[:n]
	}
	return make([]bool, n)
}

// needed marks the nodes on a path to one of the source nodes, in buf when it is long
// enough (all false, as for boolsFor).
func (t *GradientTape) needed(srcIDs []int32, buf []bool) []bool {
	n := len(t.nodes)
	need := boolsFor(n, buf)
	for _, id := range srcIDs {
		if id >= 0 {
			need[id] = true
		}
	}
	for i := range n {
		nd := &t.nodes[i]
		if need[i] || nd.kind != kindOp {
			continue
		}
		if a, b := nd.in[0], nd.in[1]; (a >= 0 && need[a]) || (b >= 0 && need[b]) {
			need[i] = true // (in[1] is -1 for one input)
			continue
		}
		if nd.more != nil {
			for _, id := range nd.more.ids {
				if id >= 0 && need[id] {
					need[i] = true
					break
				}
			}
		}
	}
	return need
}

// wanted returns the bits of n's inputs on a path to a source (bwArgs.want).
func (n *node) wanted(need []bool) uint64 {
	var w uint64
	if a := n.in[0]; a >= 0 && need[a] {
		w |= 1
	}
	if b := n.in[1]; b >= 0 && need[b] {
		w |= 2
	}
	if n.more != nil {
		for k, id := range n.more.ids[:min(len(n.more.ids), 62)] {
			if id >= 0 && need[id] {
				w |= 4 << uint(k)
			}
		}
	}
	return w
}

// checkSeed checks an output gradient s given for target tg and returns it in tg's dtype.
func checkSeed(s, tg *Tensor, batch int) *Tensor {
	if !slices.Equal(s.shape, bwArgs{batch: batch}.shape(tg.shape)) {
		errorf("Gradient", "output gradient of shape %s for a target of shape %s", shapeStr(s.shape), shapeStr(tg.shape))
	}
	if s.dtype != tg.dtype {
		s = Cast(s, tg.dtype)
	}
	return s
}

// backward runs reverse mode from targets (seeded with seeds, nil meaning ones) to the
// source nodes and returns the gradient of each source node (nil when unconnected).
// With batch > 0 every seed has a leading dimension of that size and so has every gradient:
// one pass computes batch vector-Jacobian products (the caller checks batchable first).
func (t *GradientTape) backward(targets, seeds []*Tensor, srcIDs []int32, batch int) []*Tensor {
	n := len(t.nodes)
	buf := make([]*Tensor, n+len(srcIDs)) // node gradients, then the result
	grads, out := buf[:n:n], buf[n:]
	if n == 0 {
		return out
	}
	// one op's input gradients: in the tape, unless an op has more or a pass runs already
	dxbuf, was := t.dxBuf[:], t.inBackward
	if t.maxIn > 2 || was {
		dxbuf = make([]*Tensor, max(2, t.maxIn))
	}
	t.inBackward = true // (left set by a panic: later passes allocate dxbuf)
	var needBuf, ownBuf [64]bool
	need := t.needed(srcIDs, needBuf[:])
	sums := gradSums{grads, boolsFor(n, ownBuf[:])}
	top := int32(-1) // the seeds (nil meaning ones) on the targets
	for k, tg := range targets {
		mustNotNil(tg, "Gradient")
		id := t.nodeOf(tg)
		if id < 0 || int(id) >= n || !need[id] {
			continue
		}
		var s *Tensor
		if k < len(seeds) && seeds[k] != nil {
			s = checkSeed(seeds[k], tg, batch)
		} else {
			s = OnesLike(tg)
		}
		sums.add(id, s)
		top = max(top, id)
	}
	for i := int(top); i >= 0; i-- {
		g := grads[i]
		if g == nil || !need[i] {
			continue
		}
		nd := &t.nodes[i]
		if nd.kind != kindOp {
			continue
		}
		CheckInterrupt()
		m := nd.numIn()
		bw := bwArgs{want: nd.wanted(need), batch: batch}
		xs, dx := nd.inputs(), dxbuf[:m] // xs in place: no writes; dx all nil
		// an element-wise op of one input has only d: its VJP is g·d
		if nd.d != nil {
			dx[0] = mul(g, nd.d(xs[0], nd.out))
		} else {
			nd.vjp(bw, g, xs, nd.out, dx)
		}
		nd = &t.nodes[i] // rules may append nodes to t.nodes (a new array)
		for j := range m {
			d := dx[j]
			if d == nil {
				continue
			}
			dx[j] = nil
			id, x := nd.input(j)
			if id < 0 || !need[id] {
				continue
			}
			if !slices.Equal(d.shape, bw.shape(x.shape)) {
				errorf(nd.op, "internal error: gradient of shape %s for an input of shape %s", shapeStr(d.shape), shapeStr(x.shape))
			}
			sums.add(id, d)
		}
	}
	t.grads, t.inBackward = grads, was
	for k, id := range srcIDs {
		if id >= 0 {
			out[k] = grads[id]
		}
	}
	return out
}
