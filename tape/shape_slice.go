package tape

import "slices"

// Concat joins tensors along axis.
func Concat(ts []*Tensor, axis int) *Tensor {
	defer opEnd(opStart()) // interrupted while it computed: no late result
	if len(ts) == 0 {
		errorf("Concat", "no tensors")
	}
	for _, t := range ts {
		mustNotNil(t, "Concat")
	}
	CheckInterrupt()
	first := ts[0]
	r := len(first.shape)
	if r == 0 {
		errorf("Concat", "cannot concatenate scalars")
	}
	axis = normAxis("Concat", axis, r)
	out := copyShape(first.shape)
	out[axis] = 0
	for _, t := range ts {
		if len(t.shape) != r || t.dtype != first.dtype {
			errorf("Concat", "shapes %s (%s) and %s (%s) do not match", shapeStr(first.shape), first.dtype, shapeStr(t.shape), t.dtype)
		}
		for i := range r {
			if i != axis && t.shape[i] != first.shape[i] {
				errorf("Concat", "shapes %s and %s differ outside axis %d", shapeStr(first.shape), shapeStr(t.shape), axis)
			}
		}
		out[axis] += t.shape[axis]
	}
	res := newTensor(first.dtype, out)
	outer := numel(out[:axis])
	inner := numel(out[axis+1:])
	rowOut := out[axis] * inner
	pos := 0
	for _, t := range ts {
		w := t.shape[axis] * inner
		for o := range outer {
			if res.dtype == Float32 {
				copy(res.f32[o*rowOut+pos:o*rowOut+pos+w], t.f32[o*w:(o+1)*w])
			} else {
				copy(res.f64[o*rowOut+pos:o*rowOut+pos+w], t.f64[o*w:(o+1)*w])
			}
		}
		pos += w
	}
	if recording() {
		record("Concat", res, ts, perRow, rules{
			vjp: func(bw bwArgs, g *Tensor, xs []*Tensor, _ *Tensor, dx []*Tensor) {
				begin := make([]int, r)
				for i, t := range xs {
					if bw.wants(i) {
						dx[i] = Slice(g, begin, t.shape)
					}
					begin[axis] += t.shape[axis]
				}
			},
			jvp: func(ts, xs []*Tensor, _ *Tensor) *Tensor {
				parts := make([]*Tensor, len(xs))
				for i, x := range xs {
					parts[i] = orZeros(ts[i], x)
				}
				return Concat(parts, axis)
			},
		})
	}
	return res
}

// Stack joins tensors of the same shape along a new axis.
func Stack(ts []*Tensor, axis int) *Tensor {
	if len(ts) == 0 {
		errorf("Stack", "no tensors")
	}
	ex := make([]*Tensor, len(ts))
	for i, t := range ts {
		mustNotNil(t, "Stack")
		if !slices.Equal(t.shape, ts[0].shape) {
			errorf("Stack", "shapes %s and %s differ", shapeStr(ts[0].shape), shapeStr(t.shape))
		}
		ex[i] = ExpandDims(t, axis)
	}
	return Concat(ex, axis)
}

// Slice returns the block starting at begin with the given size (-1: to the end).
func Slice(x TensorLike, begin, size []int) *Tensor { return slice(tensorOf(x), begin, size) }

// slice is Slice on a tensor.
func slice(x *Tensor, begin, size []int) *Tensor {
	mustNotNil(x, "Slice")
	r := len(x.shape)
	if len(begin) != r || len(size) != r {
		errorf("Slice", "begin %v and size %v for a tensor of shape %s", begin, size, shapeStr(x.shape))
	}
	out := make([]int, r)
	for i := range r {
		s := size[i]
		if s == -1 {
			s = x.shape[i] - begin[i]
		}
		if begin[i] < 0 || s < 0 || begin[i]+s > x.shape[i] {
			errorf("Slice", "begin %v size %v out of range for shape %s", begin, size, shapeStr(x.shape))
		}
		out[i] = s
	}
	if off, ok := contiguousBlock(x.shape, begin, out); ok {
		return sliceView(x, off, begin, out)
	}
	// a strided block: copy runs along the last axis
	st := stridesOf(x.shape)
	off := 0
	for i := range r {
		off += begin[i] * st[i]
	}
	CheckInterrupt()
	res := newTensor(x.dtype, out)
	if x.dtype == Float32 {
		stridedCopy(x.f32, res.f32, out, st, off, false)
	} else {
		stridedCopy(x.f64, res.f64, out, st, off, false)
	}
	if recording() {
		recordSlice(res, x, begin, func(g *Tensor, b, shape []int) *Tensor { return sliceScatter(g, b, off, shape) })
	}
	return res
}

// recordSlice records y = Slice(x, begin, …): its VJP is grad(g, begin,
// x's shape), which places g back where the slice was taken; its JVP slices the tangent.
func recordSlice(y, x *Tensor, begin []int, grad func(g *Tensor, begin, shape []int) *Tensor) {
	b := append([]int(nil), begin...)
	record("Slice", y, []*Tensor{x}, perRow, rules{
		vjp: func(_ bwArgs, g *Tensor, xs []*Tensor, _ *Tensor, dx []*Tensor) { dx[0] = grad(g, b, xs[0].shape) },
		jvp: func(ts, _ []*Tensor, y *Tensor) *Tensor { return Slice(ts[0], b, y.shape) },
	})
}

// sliceScatter returns zeros of shape with g placed at the strided block starting at begin
// (flat offset off): the gradient of a non-contiguous Slice. Its gradient is that Slice.
func sliceScatter(g *Tensor, begin []int, off int, shape []int) *Tensor {
	CheckInterrupt()
	out := newTensor(g.dtype, shape)
	st := stridesOf(shape)
	if g.dtype == Float32 {
		stridedCopy(out.f32, g.f32, g.shape, st, off, true)
	} else {
		stridedCopy(out.f64, g.f64, g.shape, st, off, true)
	}
	if recording() {
		record("SliceGrad", out, []*Tensor{g}, perRow, rules{
			vjp: func(_ bwArgs, h *Tensor, xs []*Tensor, _ *Tensor, dx []*Tensor) { dx[0] = Slice(h, begin, xs[0].shape) },
			jvp: func(ts, _ []*Tensor, _ *Tensor) *Tensor { return sliceScatter(ts[0], begin, off, shape) },
		})
	}
	return out
}

// Gather takes slices of x along axis at the given integer indices:
// the result has shape x.shape[:axis] + indices.shape + x.shape[axis+1:].
func Gather(x, indices TensorLike, axis int) *Tensor {
	return gather(tensorOf(x), tensorOf(indices), axis)
}

// gather is Gather on a tensor.
func gather(x, indices *Tensor, axis int) *Tensor {
	mustNotNil(x, "Gather")
	mustNotNil(indices, "Gather")
	indices.checkIndex("Gather")
	r := len(x.shape)
	axis = normAxis("Gather", axis, r)
	n := x.shape[axis]
	outer := numel(x.shape[:axis])
	inner := numel(x.shape[axis+1:])
	ni := numel(indices.shape)
	out := append(append(append([]int{}, x.shape[:axis]...), indices.shape...), x.shape[axis+1:]...)
	if len(out) == 0 {
		out = nil
	}
	checkedNumel("Gather", out, elemBytes(x.dtype))
	rows := make([]int, 0, outer*ni) // flat offsets of the copied runs of inner elements
	for o := range outer {
		for k := range ni {
			j := int(indices.f64[k])
			if j < 0 || j >= n {
				errorf("Gather", "index %d out of range [0, %d)", j, n)
			}
			rows = append(rows, (o*n+j)*inner)
		}
	}
	return gatherRows("Gather", x, rows, inner, out)
}

// gatherRows returns the runs x[rows[i] : rows[i]+inner] one after another, with the given
// shape. Its gradient is scatterRows.
func gatherRows(op string, x *Tensor, rows []int, inner int, shape []int) *Tensor {
	defer opEnd(opStart()) // interrupted while it computed: no late result
	CheckInterrupt()
	var out *Tensor
	if len(rows)*inner == numel(shape) { // the rows fill out: no need to zero it
		out = newTensorRaw(x.dtype, shape)
	} else {
		out = newTensor(x.dtype, shape)
	}
	for i, r := range rows {
		if x.dtype == Float32 {
			copy(out.f32[i*inner:(i+1)*inner], x.f32[r:r+inner])
		} else {
			copy(out.f64[i*inner:(i+1)*inner], x.f64[r:r+inner])
		}
	}
	if recording() {
		recordRows(op, out, x, rows, inner, shape, gatherRows, scatterRows)
	}
	return out
}

// recordRows records out = f(op, in, rows, inner, shape), f being gatherRows or scatterRows:
// each is linear, its VJP is the other one (adj) and its JVP itself.
func recordRows(op string, out, in *Tensor, rows []int, inner int, shape []int, f, adj func(op string, t *Tensor, rows []int, inner int, shape []int) *Tensor) {
	record(op, out, []*Tensor{in}, perRow, rules{
		vjp: func(_ bwArgs, g *Tensor, xs []*Tensor, _ *Tensor, dx []*Tensor) {
			dx[0] = adj(op+"Grad", g, rows, inner, xs[0].shape)
		},
		jvp: func(ts, _ []*Tensor, _ *Tensor) *Tensor { return f(op, ts[0], rows, inner, shape) },
	})
}

// scatterRows returns zeros of shape with the runs of g added at rows (the gradient of
// gatherRows). Its gradient is gatherRows.
func scatterRows(op string, g *Tensor, rows []int, inner int, shape []int) *Tensor {
	CheckInterrupt()
	out := newTensor(g.dtype, shape)
	for i, r := range rows {
		if g.dtype == Float32 {
			d, s := out.f32[r:r+inner], g.f32[i*inner:(i+1)*inner]
			for k, v := range s {
				d[k] += v
			}
		} else {
			d, s := out.f64[r:r+inner], g.f64[i*inner:(i+1)*inner]
			for k, v := range s {
				d[k] += v
			}
		}
	}
	if recording() {
		recordRows(op, out, g, rows, inner, shape, scatterRows, gatherRows)
	}
	return out
}

// OneHot returns a float32 tensor of shape indices.shape+[depth] with ones at the indices
// (out-of-range indices give a zero row, like TensorFlow).
func OneHot(indices TensorLike, depth int) *Tensor { return oneHot(tensorOf(indices), depth) }

// oneHot is OneHot on a tensor.
func oneHot(indices *Tensor, depth int) *Tensor {
	mustNotNil(indices, "OneHot")
	indices.checkIndex("OneHot")
	out := newTensor(Float32, append(copyShape(indices.shape), depth))
	for i, v := range indices.f64 {
		j := int(v)
		if j >= 0 && j < depth {
			out.f32[i*depth+j] = 1
		}
	}
	return out
}

// ArgMax returns the int64 index of the largest value along axis (the first one on ties).
func ArgMax(x TensorLike, axis int) *Tensor { return argMax(tensorOf(x), axis) }

// argMax is ArgMax on a tensor.
func argMax(x *Tensor, axis int) *Tensor {
	mustNotNil(x, "ArgMax")
	r := len(x.shape)
	if r == 0 {
		errorf("ArgMax", "needs a tensor of rank >= 1")
	}
	axis = normAxis("ArgMax", axis, r)
	n := x.shape[axis]
	if n == 0 {
		errorf("ArgMax", "empty axis %d in shape %s", axis, shapeStr(x.shape))
	}
	outer := numel(x.shape[:axis])
	inner := numel(x.shape[axis+1:])
	shape := append(append([]int{}, x.shape[:axis]...), x.shape[axis+1:]...)
	if len(shape) == 0 {
		shape = nil
	}
	out := newTensor(Int64, shape)
	for o := range outer {
		for i := range inner {
			best, bi := x.get(o*n*inner+i), 0
			for k := 1; k < n; k++ {
				if v := x.get((o*n+k)*inner + i); v > best || (best != best && false) {
					best, bi = v, k
				}
			}
			out.f64[o*inner+i] = float64(bi)
		}
	}
	return out
}

// contiguousBlock reports whether the block begin+size of shape is contiguous in row-major
// order (the axes after the last partial one are full, the axes before it have size 1) and
// returns its flat offset.
func contiguousBlock(shape, begin, size []int) (off int, ok bool) {
	k := -1 // the last axis that is not taken whole
	for i := range shape {
		if size[i] != shape[i] {
			k = i
		}
	}
	for i := 0; i < k; i++ {
		if size[i] != 1 {
			return 0, false
		}
	}
	stride := 1
	for i := len(shape) - 1; i >= 0; i-- {
		off += begin[i] * stride
		stride *= shape[i]
	}
	return off, true
}

// sliceView returns the contiguous block of x at flat offset off as a tensor sharing x's
// data (tensors are immutable). Its gradient places g at the offset in zeros.
func sliceView(x *Tensor, off int, begin, size []int) *Tensor {
	CheckInterrupt()
	n := numel(size)
	var shape []int
	if len(size) > 0 {
		shape = size
	}
	out := &Tensor{shape: shape, dtype: x.dtype}
	if x.dtype == Float32 {
		out.f32 = x.f32[off : off+n : off+n]
	} else {
		out.f64 = x.f64[off : off+n : off+n]
	}
	if recording() {
		recordSlice(out, x, begin, func(g *Tensor, b, shape []int) *Tensor { return padBlock(g, off, b, shape) })
	}
	return out
}

// padBlock returns zeros of shape with g copied in at flat offset off (the gradient of a
// contiguous Slice starting at begin). Its gradient is that Slice.
func padBlock(g *Tensor, off int, begin, shape []int) *Tensor {
	CheckInterrupt()
	out := newTensor(g.dtype, shape)
	if g.dtype == Float32 {
		copy(out.f32[off:], g.f32)
	} else {
		copy(out.f64[off:], g.f64)
	}
	if recording() {
		record("SliceGrad", out, []*Tensor{g}, perRow, rules{
			vjp: func(_ bwArgs, h *Tensor, xs []*Tensor, _ *Tensor, dx []*Tensor) { dx[0] = Slice(h, begin, xs[0].shape) },
			jvp: func(ts, _ []*Tensor, _ *Tensor) *Tensor { return padBlock(ts[0], off, begin, shape) },
		})
	}
	return out
}
