package tape

import "slices"

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
func Reshape(x TensorLike, shape ...int) *Tensor { return reshape(tensorOf(x), shape...) }

// reshape is Reshape on a tensor.
func reshape(x *Tensor, shape ...int) *Tensor {
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
		record("Reshape", out, []*Tensor{x}, batched, rules{
			vjp: func(bw bwArgs, g *Tensor, xs []*Tensor, _ *Tensor, dx []*Tensor) {
				dx[0] = Reshape(g, bw.shape(xs[0].shape)...)
			},
			jvp: func(ts, _ []*Tensor, y *Tensor) *Tensor { return Reshape(ts[0], y.shape...) },
		})
	}
	return out
}

// ExpandDims inserts a dimension of size 1 at axis.
func ExpandDims(x TensorLike, axis int) *Tensor { return expandDims(tensorOf(x), axis) }

// expandDims is ExpandDims on a tensor.
func expandDims(x *Tensor, axis int) *Tensor {
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
func Squeeze(x TensorLike, axes ...int) *Tensor { return squeeze(tensorOf(x), axes...) }

// squeeze is Squeeze on a tensor.
func squeeze(x *Tensor, axes ...int) *Tensor {
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
func Transpose(x TensorLike, perm ...int) *Tensor { return transpose(tensorOf(x), perm...) }

// transpose is Transpose on a tensor.
func transpose(x *Tensor, perm ...int) *Tensor {
	defer opEnd(opStart()) // interrupted while it computed: no late result
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
		record("Transpose", res, []*Tensor{x}, batched, rules{
			vjp: func(bw bwArgs, g *Tensor, _ []*Tensor, _ *Tensor, dx []*Tensor) {
				if bw.batch > 0 { // the batch dimension stays first
					p := []int{0}
					for _, i := range inv {
						p = append(p, i+1)
					}
					dx[0] = Transpose(g, p...)
					return
				}
				dx[0] = Transpose(g, inv...)
			},
			jvp: func(ts, _ []*Tensor, _ *Tensor) *Tensor { return Transpose(ts[0], perm...) },
		})
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

// BroadcastTo broadcasts x to shape (NumPy rules). Its gradient sums over broadcast dimensions.
func BroadcastTo(x TensorLike, shape ...int) *Tensor { return broadcastTo(tensorOf(x), shape...) }

// broadcastTo is BroadcastTo on a tensor.
func broadcastTo(x *Tensor, shape ...int) *Tensor {
	defer opEnd(opStart()) // interrupted while it computed: no late result
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
		record("BroadcastTo", out, []*Tensor{x}, batched, rules{
			vjp: func(bw bwArgs, g *Tensor, xs []*Tensor, _ *Tensor, dx []*Tensor) { dx[0] = bw.reduceTo(g, xs[0].shape) },
			jvp: func(ts, _ []*Tensor, y *Tensor) *Tensor { return BroadcastTo(ts[0], y.shape...) },
		})
	}
	return out
}
