package tape

import (
	"fmt"
	"slices"
)

func normAxis(op string, axis, rank int) int {
	if axis < -rank || axis >= rank || (rank == 0 && axis != 0 && axis != -1) {
		errorf(op, "axis %d out of range for rank %d", axis, rank)
	}
	if axis < 0 {
		axis += rank
	}
	return axis
}

// Reshape returns x with a new shape of the same size; one dimension may be -1 (inferred).
func Reshape(x *Tensor, shape ...int) *Tensor {
	mustNotNil(x, "Reshape")
	CheckInterrupt()
	s := copyShape(shape)
	n := numel(x.shape)
	infer := -1
	for i, d := range s {
		if d == -1 {
			if infer >= 0 {
				errorf("Reshape", "only one dimension can be -1 in %v", shape)
			}
			infer = i
			s[i] = 1
		}
	}
	known := checkedNumel("Reshape", s, elemBytes(x.dtype))
	if infer >= 0 {
		if known == 0 || n%known != 0 {
			errorf("Reshape", "cannot reshape a tensor of shape %s into %v", shapeStr(x.shape), shape)
		}
		s[infer] = n / known
	}
	if numel(s) != n {
		errorf("Reshape", "cannot reshape a tensor of shape %s (%d elements) into %v", shapeStr(x.shape), n, shape)
	}
	out := x.view(s)
	if recording() {
		record1r("Reshape", out, x, gradReshape)
	}
	return out
}

// ExpandDims inserts a dimension of size 1 at axis.
func ExpandDims(x *Tensor, axis int) *Tensor {
	mustNotNil(x, "ExpandDims")
	r := len(x.shape)
	if axis < 0 {
		axis += r + 1
	}
	if axis < 0 || axis > r {
		errorf("ExpandDims", "axis out of range for rank %d", r)
	}
	s := append(append(append([]int{}, x.shape[:axis]...), 1), x.shape[axis:]...)
	return Reshape(x, s...)
}

// Squeeze removes the given dimensions of size 1 (all of them when none are given).
func Squeeze(x *Tensor, axes ...int) *Tensor {
	mustNotNil(x, "Squeeze")
	drop := make([]bool, len(x.shape))
	if len(axes) == 0 {
		for i, d := range x.shape {
			drop[i] = d == 1
		}
	}
	for _, a := range axes {
		a = normAxis("Squeeze", a, len(x.shape))
		if x.shape[a] != 1 {
			errorf("Squeeze", "dimension %d of shape %s is not 1", a, shapeStr(x.shape))
		}
		drop[a] = true
	}
	var s []int
	for i, d := range x.shape {
		if !drop[i] {
			s = append(s, d)
		}
	}
	return Reshape(x, s...)
}

func stridesOf(s []int) []int {
	st := make([]int, len(s))
	acc := 1
	for i := len(s) - 1; i >= 0; i-- {
		st[i] = acc
		acc *= s[i]
	}
	return st
}

// Transpose permutes dimensions (default: reversed, the matrix transpose for rank 2).
func Transpose(x *Tensor, perm ...int) *Tensor {
	mustNotNil(x, "Transpose")
	r := len(x.shape)
	if len(perm) == 0 {
		perm = make([]int, r)
		for i := range perm {
			perm[i] = r - 1 - i
		}
	}
	if len(perm) != r {
		errorf("Transpose", "permutation %v for a tensor of shape %s", perm, shapeStr(x.shape))
	}
	seen := make([]bool, r)
	for _, p := range perm {
		if p < 0 || p >= r || seen[p] {
			errorf("Transpose", "%v is not a permutation of %d dimensions", perm, r)
		}
		seen[p] = true
	}
	out := make([]int, r)
	st := stridesOf(x.shape)
	pst := make([]int, r)
	for i, p := range perm {
		out[i] = x.shape[p]
		pst[i] = st[p]
	}
	CheckInterrupt()
	if r == 0 {
		out = nil
	}
	res := newTensor(x.dtype, out)
	if x.dtype == Float32 {
		permute(x.f32, res.f32, out, pst)
	} else {
		permute(x.f64, res.f64, out, pst)
	}
	if recording() {
		inv := make([]int, r)
		for i, p := range perm {
			inv[p] = i
		}
		record1("Transpose", res, x, func(g *Tensor) []*Tensor {
			if bwBatch > 0 { // the batch dimension stays first
				p := []int{0}
				for _, i := range inv {
					p = append(p, i+1)
				}
				return []*Tensor{Transpose(g, p...)}
			}
			return []*Tensor{Transpose(g, inv...)}
		})
		markBatched(res)
	}
	return res
}

// permute copies src into dst of shape out, where out axis i walks src with stride pst[i].
func permute[T float](src, dst []T, out, pst []int) { stridedCopy(src, dst, out, pst, 0, false) }

// stridedCopy copies src into dst of shape out, where out axis i walks src with stride pst[i]
// from offset off: runs along the last axis, no index table. With scatter it copies the
// other way (dst into those positions of src).
func stridedCopy[T float](src, dst []T, out, pst []int, off int, scatter bool) {
	n := len(dst)
	r := len(out)
	if n == 0 {
		return
	}
	if r == 0 {
		if scatter {
			src[off] = dst[0]
		} else {
			dst[0] = src[off]
		}
		return
	}
	inner, is := out[r-1], pst[r-1]
	ctr := make([]int, r)
	for base := 0; base < n; base += inner {
		d := dst[base : base+inner]
		switch {
		case is == 1 && scatter:
			copy(src[off:off+inner], d)
		case is == 1:
			copy(d, src[off:off+inner])
		case scatter:
			j := off
			for _, v := range d {
				src[j] = v
				j += is
			}
		default:
			j := off
			for i := range d {
				d[i] = src[j]
				j += is
			}
		}
		for k := r - 2; k >= 0; k-- {
			ctr[k]++
			off += pst[k]
			if ctr[k] < out[k] {
				break
			}
			off -= pst[k] * out[k]
			ctr[k] = 0
		}
	}
}

// Concat joins tensors along axis.
func Concat(ts []*Tensor, axis int) *Tensor {
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
		xs := append([]*Tensor(nil), ts...)
		recordN("Concat", res, xs, func(g *Tensor) []*Tensor {
			gs := make([]*Tensor, len(xs))
			begin := make([]int, r)
			for i, t := range xs {
				if wantGrad(i) {
					gs[i] = Slice(g, begin, t.shape)
				}
				begin[axis] += t.shape[axis]
			}
			return gs
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
func Slice(x *Tensor, begin, size []int) *Tensor {
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
		b := append([]int(nil), begin...)
		record1("Slice", res, x, func(g *Tensor) []*Tensor { return []*Tensor{sliceScatter(g, b, off, x.shape)} })
	}
	return res
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
		record1("SliceGrad", out, g, func(h *Tensor) []*Tensor { return []*Tensor{Slice(h, begin, g.shape)} })
	}
	return out
}

// Gather takes slices of x along axis at the given integer indices:
// the result has shape x.shape[:axis] + indices.shape + x.shape[axis+1:].
func Gather(x, indices *Tensor, axis int) *Tensor {
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
	CheckInterrupt()
	out := newTensor(x.dtype, shape)
	for i, r := range rows {
		if x.dtype == Float32 {
			copy(out.f32[i*inner:(i+1)*inner], x.f32[r:r+inner])
		} else {
			copy(out.f64[i*inner:(i+1)*inner], x.f64[r:r+inner])
		}
	}
	if recording() {
		record1(op, out, x, func(g *Tensor) []*Tensor {
			return []*Tensor{scatterRows(op+"Grad", g, rows, inner, x.shape)}
		})
	}
	return out
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
		record1(op, out, g, func(h *Tensor) []*Tensor {
			return []*Tensor{gatherRows(op+"Grad", h, rows, inner, g.shape)}
		})
	}
	return out
}

// OneHot returns a float32 tensor of shape indices.shape+[depth] with ones at the indices
// (out-of-range indices give a zero row, like TensorFlow).
func OneHot(indices *Tensor, depth int) *Tensor {
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
func ArgMax(x *Tensor, axis int) *Tensor {
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

// BroadcastTo broadcasts x to shape (NumPy rules). Its gradient sums over broadcast dimensions.
func BroadcastTo(x *Tensor, shape ...int) *Tensor {
	mustNotNil(x, "BroadcastTo")
	s := copyShape(shape)
	bs := broadcastShape("BroadcastTo", x.shape, s)
	if !slices.Equal(bs, s) {
		errorf("BroadcastTo", "cannot broadcast %s to %s", shapeStr(x.shape), shapeStr(s))
	}
	if slices.Equal(x.shape, s) {
		return Reshape(x, s...)
	}
	checkedNumel("BroadcastTo", s, elemBytes(x.dtype))
	CheckInterrupt()
	out := newTensor(x.dtype, s)
	if x.dtype == Float32 {
		binGeneric(opFirst, out.f32, x.f32, out.s32[:], x.shape, nil, s)
	} else {
		binGeneric(opFirst, out.f64, x.f64, out.s64[:], x.shape, nil, s)
	}
	if recording() {
		record1r("BroadcastTo", out, x, gradBroadcastTo)
	}
	return out
}

// gradBroadcastTo sums g over the broadcast dimensions.
func gradBroadcastTo(g, x, y, out *Tensor) (*Tensor, *Tensor) { return reduceTo(g, x.shape), nil }

// Where picks a where cond is true (non-zero) and b elsewhere, broadcasting all three.
func Where(cond, a, b *Tensor) *Tensor {
	mustNotNil(cond, "Where")
	mustNotNil(a, "Where")
	mustNotNil(b, "Where")
	CheckInterrupt()
	if a.dtype != b.dtype {
		errorf("Where", "dtype mismatch: %s and %s", a.dtype, b.dtype)
	}
	s := broadcastShape("Where", broadcastShape("Where", cond.shape, a.shape), b.shape)
	n := numel(s)
	cs, as, bs := bcastStrides(cond.shape, s), bcastStrides(a.shape, s), bcastStrides(b.shape, s)
	out := newTensor(a.dtype, s)
	r := len(s)
	ctr := make([]int, r)
	oc, oa, ob := 0, 0, 0
	for i := range n {
		if cond.get(oc) != 0 {
			out.set(i, a.get(oa))
		} else {
			out.set(i, b.get(ob))
		}
		for k := r - 1; k >= 0; k-- {
			ctr[k]++
			oc += cs[k]
			oa += as[k]
			ob += bs[k]
			if ctr[k] < s[k] {
				break
			}
			oc -= cs[k] * s[k]
			oa -= as[k] * s[k]
			ob -= bs[k] * s[k]
			ctr[k] = 0
		}
	}
	if recording() {
		recordN("Where", out, []*Tensor{cond, a, b}, func(g *Tensor) []*Tensor {
			z := ZerosLike(g)
			var ga, gb *Tensor
			if wantGrad(1) {
				ga = reduceTo(Where(cond, g, z), a.shape)
			}
			if wantGrad(2) {
				gb = reduceTo(Where(cond, z, g), b.shape)
			}
			return []*Tensor{nil, ga, gb}
		})
		markBatched(out)
	}
	return out
}

var _ = fmt.Sprint

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
		b := append([]int(nil), begin...)
		record1("Slice", out, x, func(g *Tensor) []*Tensor {
			return []*Tensor{padBlock(g, off, b, x.shape)}
		})
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
		record1("SliceGrad", out, g, func(h *Tensor) []*Tensor {
			return []*Tensor{Slice(h, begin, g.shape)}
		})
	}
	return out
}

// gradReshape is the gradient of Reshape.
func gradReshape(g, x, y, out *Tensor) (*Tensor, *Tensor) {
	return Reshape(g, bshape(x.shape)...), nil
}
