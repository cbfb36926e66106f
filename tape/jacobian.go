package tape

// jacobianBudget bounds batch × (largest tensor on the path) in a batched Jacobian pass, in
// elements: bigger Jacobians run in chunks of rows. jacobianBatching off forces one backward
// pass per row (tests compare both).
var (
	jacobianBudget   = 1 << 22
	jacobianBatching = true
)

// batchable reports whether every op between source node id and the targets handles
// batched gradients (see batching), and the size of the largest tensor on those paths.
func (t *GradientTape) batchable(id int32) (bool, int) {
	var buf [64]bool
	need := t.needed([]int32{id}, buf[:])
	big := 1
	for i, on := range need {
		if !on {
			continue
		}
		nd := &t.nodes[i]
		big = max(big, numel(nd.out.shape))
		if nd.kind != kindOp {
			continue
		}
		if !nd.batched {
			return false, 0
		}
	}
	return true, big
}

// vjps returns k vector-Jacobian products of target with respect to source node id (value
// src), stacked as [k, src.shape...]; product j seeds target with ones at the flat indices
// ones(j). Nil when the source is not connected. When every op on the way handles batched
// gradients, one backward pass computes a whole chunk of products (like a vectorized
// Jacobian); otherwise there is one pass per product.
func (t *GradientTape) vjps(target, src *Tensor, id int32, k int, ones func(j int) []int, pfor bool) *Tensor {
	m, tn := numel(src.shape), numel(target.shape)
	shape := append([]int{k}, src.shape...)
	direct := !recording() // no outer tape: write rows straight into the result
	batched, big := t.batchable(id)
	batched = batched && jacobianBatching && pfor
	chunk := 1
	if batched {
		chunk = min(max(jacobianBudget/big, 1), k)
	}
	var res *Tensor
	if direct {
		res = newTensor(src.dtype, shape)
	}
	var parts []*Tensor
	connected := false
	for r0 := 0; r0 < k; r0 += chunk {
		c := min(chunk, k-r0)
		// a batch of c seeds, or (per-row passes) one seed without a batch dimension
		batch, seedShape := 0, copyShape(target.shape)
		if batched {
			batch, seedShape = c, append([]int{c}, target.shape...)
		}
		seed := newTensor(target.dtype, seedShape)
		for j := range c {
			for _, i := range ones(r0 + j) {
				seed.set(j*tn+i, 1)
			}
		}
		g := t.backward([]*Tensor{target}, []*Tensor{seed}, []int32{id}, batch)[0]
		if g == nil {
			if !direct {
				parts = append(parts, newTensor(src.dtype, []int{c, m}))
			}
			continue
		}
		connected = true
		if !direct {
			parts = append(parts, Reshape(g, c, m))
			continue
		}
		dst := r0 * m
		switch {
		case g.dtype == Float32 && res.dtype == Float32:
			copy(res.f32[dst:dst+c*m], g.f32)
		case g.dtype != Float32 && res.dtype != Float32:
			copy(res.f64[dst:dst+c*m], g.f64)
		default:
			for i := range c * m {
				res.set(dst+i, g.get(i))
			}
		}
	}
	if !connected {
		return nil
	}
	if direct {
		return res
	}
	if len(parts) == 1 {
		return Reshape(parts[0], shape...)
	}
	return Reshape(Concat(parts, 0), shape...)
}

// UsePfor(false) makes Jacobian and BatchJacobian run one backward pass per row instead of
// vectorizing them (experimental_use_pfor=False): slower, for comparison or debugging.
func UsePfor(on bool) GradOption { return func(c *gradConfig) { c.noPfor = !on } }

func jacobianConfig(opts []GradOption) gradConfig {
	var c gradConfig
	for _, o := range opts {
		o(&c)
	}
	if c.seeds != nil {
		errorf("Jacobian", "OutputGradients does not apply to a Jacobian")
	}
	return c
}

// jacobianStart begins Jacobian and BatchJacobian (named op): it checks target, reads the
// options, marks the tape used and finds the source.
func (t *GradientTape) jacobianStart(op string, target *Tensor, source any, opts []GradOption) (gradConfig, int32, *Tensor) {
	mustNotNil(target, op)
	c := jacobianConfig(opts)
	t.use(op)
	id, src := t.sourceID(source)
	return c, id, src
}

// Jacobian returns the Jacobian of target with respect to source, of shape
// target.Shape()+source.Shape(); nil when unconnected (zeros with UnconnectedZero). It is
// vectorized (unless UsePfor(false)): when every op on the way supports it (element-wise
// ops, MatMul of matrices, Reshape, Transpose, ReduceSum, BroadcastTo, Where, Cast), one
// backward pass computes many rows at once.
func (t *GradientTape) Jacobian(target *Tensor, source any, opts ...GradOption) *Tensor {
	c, id, src := t.jacobianStart("Jacobian", target, source, opts)
	shape := append(copyShape(target.shape), src.shape...)
	n := numel(target.shape)
	var j *Tensor
	if id >= 0 && n > 0 {
		var one [1]int
		j = t.vjps(target, src, id, n, func(r int) []int { one[0] = r; return one[:] }, !c.noPfor)
	}
	switch {
	case j != nil:
		return Reshape(j, shape...)
	case c.zero || (id >= 0 && n == 0):
		return newTensor(src.dtype, shape)
	}
	return nil
}

// BatchJacobian returns per-example Jacobians: target [b, y...] and source [b, x...] give
// [b, y..., x...], assuming example i of target depends only on example i of source. Options
// as for Jacobian.
func (t *GradientTape) BatchJacobian(target *Tensor, source any, opts ...GradOption) *Tensor {
	c, id, src := t.jacobianStart("BatchJacobian", target, source, opts)
	if len(target.shape) < 1 || len(src.shape) < 1 || target.shape[0] != src.shape[0] {
		errorf("BatchJacobian", "target %s and source %s need the same first (batch) dimension",
			shapeStr(target.shape), shapeStr(src.shape))
	}
	b := target.shape[0]
	ny := numel(target.shape[1:])
	nx := numel(src.shape[1:])
	shape := append(copyShape(target.shape), src.shape[1:]...)
	var cols *Tensor
	if id >= 0 && ny > 0 {
		idx := make([]int, b)
		cols = t.vjps(target, src, id, ny, func(j int) []int {
			for k := range idx {
				idx[k] = k*ny + j
			}
			return idx
		}, !c.noPfor)
	}
	switch {
	case cols != nil: // cols[j, k, x] is d target[k, j] / d source[k, x]
		return Reshape(Transpose(Reshape(cols, ny, b, nx), 1, 0, 2), shape...)
	case c.zero || (id >= 0 && ny == 0):
		return newTensor(src.dtype, shape)
	}
	return nil
}
