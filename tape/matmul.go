package tape

import (
	"runtime"
	"slices"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
)

// MatMul multiplies matrices: a [..., m, k] · b [..., k, n] → [..., m, n]. Batch dimensions
// must be equal, or one operand is a plain matrix used for every batch. It runs on
// gonum's BLAS (blas32/blas64), so an OpenBLAS implementation can be plugged in with
// blas32.Use / blas64.Use.
func MatMul(a, b TensorLike) *Tensor { return matmulT(tensorOf(a), tensorOf(b), false, false) }

// matMul is MatMul on tensors (methods and the gradient machinery call it: inlined, no interface).
func matMul(a, b *Tensor) *Tensor { return matmulT(a, b, false, false) }

func trOf(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}

func matDims(x *Tensor, tr bool) (rows, cols int) {
	r, c := x.shape[len(x.shape)-2], x.shape[len(x.shape)-1]
	if tr {
		return c, r
	}
	return r, c
}

// matmulT computes op(a)·op(b) where op transposes the last two dimensions when asked.
func matmulT(a, b *Tensor, ta, tb bool) *Tensor {
	mustNotNil(a, "MatMul")
	mustNotNil(b, "MatMul")
	defer opEnd(opStart()) // interrupted while it computed: no late result
	if len(a.shape) < 2 || len(b.shape) < 2 {
		errorf("MatMul", "needs matrices (rank >= 2), got shapes %s and %s", shapeStr(a.shape), shapeStr(b.shape))
	}
	if a.dtype != b.dtype || !a.dtype.IsFloat() {
		errorf("MatMul", "dtypes %s and %s (want the same float type)", a.dtype, b.dtype)
	}
	m, k := matDims(a, ta)
	k2, n := matDims(b, tb)
	if k != k2 {
		errorf("MatMul", "incompatible shapes %s and %s", shapeStr(a.shape), shapeStr(b.shape))
	}
	ba, bb := a.shape[:len(a.shape)-2], b.shape[:len(b.shape)-2]
	var batch []int
	switch {
	case slices.Equal(ba, bb):
		batch = ba
	case len(bb) == 0:
		batch = ba
	case len(ba) == 0:
		batch = bb
	default:
		errorf("MatMul", "batch dimensions of %s and %s differ", shapeStr(a.shape), shapeStr(b.shape))
	}
	outShape := append(append([]int{}, batch...), m, n)
	nb := numel(batch)
	out := newProduct(a.dtype, outShape, m, n, k) // an empty batch has no elements: zeroed either way
	ar, ac := a.shape[len(a.shape)-2], a.shape[len(a.shape)-1]
	br, bc := b.shape[len(b.shape)-2], b.shape[len(b.shape)-1]
	if m > 0 && n > 0 && nb > 0 {
		if len(bb) == 0 && len(ba) > 0 && !ta {
			// fold the batch into the rows of a: one GEMM
			gemm(a, b, out, 0, 0, 0, nb*ar, ac, br, bc, nb*m, n, ta, tb)
		} else if len(ba) == 0 && len(bb) > 0 && n == 1 && !tb {
			// a matrix times a batch of columns (batched Jacobians): [nb, k]·op(a)ᵀ, one GEMM
			gemm(b, a, out, 0, 0, 0, nb, k, ar, ac, nb, m, false, !ta)
		} else {
			sa, sb := ar*ac, br*bc
			if len(ba) == 0 {
				sa = 0
			}
			if len(bb) == 0 {
				sb = 0
			}
			for i := range nb {
				gemm(a, b, out, i*sa, i*sb, i*m*n, ar, ac, br, bc, m, n, ta, tb)
			}
		}
	}
	if recording() {
		// a batched gradient of a plain matrix product is a batched product; of a batched
		// product it would need one more batch dimension (the Jacobian runs per row)
		bat := batching(len(a.shape) == 2 && len(b.shape) == 2)
		record("MatMul", out, []*Tensor{a, b}, bat, matmulRules[b2i(ta)][b2i(tb)])
	}
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// matmulRules[ta][tb] are the derivatives of op(a)·op(b) (no closure per recorded MatMul).
var matmulRules [2][2]rules

func init() {
	for _, ta := range []bool{false, true} {
		for _, tb := range []bool{false, true} {
			matmulRules[b2i(ta)][b2i(tb)] = rules{
				vjp: func(bw bwArgs, g *Tensor, xs []*Tensor, _ *Tensor, dx []*Tensor) {
					a, b := xs[0], xs[1]
					if bw.wants(0) && bw.wants(1) && concurrentGrads(bw, g, a, b) {
						dx[0], dx[1] = matmulGradPair(g, a, b, ta, tb)
						return
					}
					if bw.wants(0) {
						if !ta {
							dx[0] = matmulT(g, b, false, !tb)
						} else {
							dx[0] = matmulT(b, g, tb, true)
						}
						dx[0] = bw.reduceTo(dx[0], a.shape)
					}
					if bw.wants(1) {
						if !tb {
							dx[1] = matmulT(a, g, !ta, false)
						} else {
							dx[1] = matmulT(g, a, true, ta)
						}
						dx[1] = bw.reduceTo(dx[1], b.shape)
					}
				},
				jvp: func(ts, xs []*Tensor, y *Tensor) *Tensor { // op(ta)·op(b) + op(a)·op(tb)
					var l, r *Tensor
					if ts[0] != nil {
						l = matmulT(ts[0], xs[1], ta, tb)
					}
					if ts[1] != nil {
						r = matmulT(xs[0], ts[1], ta, tb)
					}
					return tangentSum(l, r, y.shape)
				},
			}
		}
	}
}

func gemm(a, b, c *Tensor, oa, ob, oc, ar, ac, br, bc, m, n int, ta, tb bool) {
	if ac == 0 || bc == 0 || ar == 0 || br == 0 {
		return
	}
	if m == 1 || n == 1 {
		k := ac
		if ta {
			k = ar
		}
		if a.dtype == Float32 {
			gemv(ta, tb, m, n, k, a.f32[oa:oa+ar*ac], ac, b.f32[ob:ob+br*bc], bc, 0, c.f32[oc:oc+m*n], n)
		} else {
			gemv(ta, tb, m, n, k, a.f64[oa:oa+ar*ac], ac, b.f64[ob:ob+br*bc], bc, 0, c.f64[oc:oc+m*n], n)
		}
		return
	}
	if k := ac + ar - m; splitKParts(m, n, k) > 1 { // k: op(a)'s columns
		if a.dtype == Float32 {
			gemmSplitK(ta, tb, m, n, k, a.f32[oa:oa+ar*ac], ac, b.f32[ob:ob+br*bc], bc, c.f32[oc:oc+m*n], n)
		} else {
			gemmSplitK(ta, tb, m, n, k, a.f64[oa:oa+ar*ac], ac, b.f64[ob:ob+br*bc], bc, c.f64[oc:oc+m*n], n)
		}
		return
	}
	if a.dtype == Float32 {
		A := blas32.General{Rows: ar, Cols: ac, Stride: ac, Data: a.f32[oa : oa+ar*ac]}
		B := blas32.General{Rows: br, Cols: bc, Stride: bc, Data: b.f32[ob : ob+br*bc]}
		C := blas32.General{Rows: m, Cols: n, Stride: n, Data: c.f32[oc : oc+m*n]}
		blas32.Gemm(trOf(ta), trOf(tb), 1, A, B, 0, C)
		return
	}
	A := blas64.General{Rows: ar, Cols: ac, Stride: ac, Data: a.f64[oa : oa+ar*ac]}
	B := blas64.General{Rows: br, Cols: bc, Stride: bc, Data: b.f64[ob : ob+br*bc]}
	C := blas64.General{Rows: m, Cols: n, Stride: n, Data: c.f64[oc : oc+m*n]}
	blas64.Gemm(trOf(ta), trOf(tb), 1, A, B, 0, C)
}

// gemv computes C = op(A)·op(B) + beta·C on row-major slices when C is a single column (n == 1)
// or a single row (m == 1), as a matrix-vector product: gonum's pure-Go GEMM is up to 20×
// slower than GEMV for such shapes (Jacobians, single examples).
func gemv[T float](ta, tb bool, m, n, k int, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if n == 1 {
		// c[:, 0] = op(A) · x, x = op(B)[:, 0]: B is k×1 (stride ldb) or 1×k (contiguous)
		ar, ac := m, k
		if ta {
			ar, ac = k, m
		}
		xinc := ldb
		if tb {
			xinc = 1
		}
		gemvRaw(ta, ar, ac, a, lda, b, xinc, beta, c, ldc)
		return
	}
	// m == 1: c[0, :] = op(B)ᵀ · x, x = op(A)[0, :]: A is 1×k (contiguous) or k×1 (stride lda)
	br, bc := k, n
	if tb {
		br, bc = n, k
	}
	xinc := 1
	if ta {
		xinc = lda
	}
	gemvRaw(!tb, br, bc, b, ldb, a, xinc, beta, c, 1)
}

// gemvRaw computes y = op(A)·x + beta·y for a row-major rows×cols matrix A.
func gemvRaw[T float](tr bool, rows, cols int, a []T, lda int, x []T, incX int, beta T, y []T, incY int) {
	nx, ny := cols, rows
	if tr {
		nx, ny = rows, cols
	}
	switch av := any(a).(type) {
	case []float32:
		blas32.Gemv(trOf(tr), 1, blas32.General{Rows: rows, Cols: cols, Stride: lda, Data: av},
			blas32.Vector{N: nx, Inc: incX, Data: any(x).([]float32)}, float32(beta),
			blas32.Vector{N: ny, Inc: incY, Data: any(y).([]float32)})
	case []float64:
		blas64.Gemv(trOf(tr), 1, blas64.General{Rows: rows, Cols: cols, Stride: lda, Data: av},
			blas64.Vector{N: nx, Inc: incX, Data: any(x).([]float64)}, float64(beta),
			blas64.Vector{N: ny, Inc: incY, Data: any(y).([]float64)})
	}
}

// newProduct allocates the output of an m×k by k×n product: unzeroed when the product is a
// GEMM with beta = 0, which writes every element (m, n > 1 and k > 0), zeroed otherwise.
func newProduct(dt DType, shape []int, m, n, k int) *Tensor {
	if m > 1 && n > 1 && k > 0 {
		return newTensorRaw(dt, shape)
	}
	return newTensor(dt, shape)
}

// concurrentGrads reports whether both gradients of a plain product a·b (matrices, no batch,
// nothing recording) are large enough to compute side by side on two goroutines.
func concurrentGrads(bw bwArgs, g, a, b *Tensor) bool {
	if bw.batch != 0 || recording() || runtime.GOMAXPROCS(0) < 2 || len(a.shape) != 2 || len(b.shape) != 2 ||
		len(g.shape) != 2 || g.dtype != a.dtype || a.dtype != b.dtype {
		return false
	}
	// each gradient is a product of g with one operand: numel(g) times the other's inner size
	return numel(g.shape)*min(a.shape[0], a.shape[1], b.shape[0], b.shape[1]) >= 4*parallelMin
}

// matmulGradPair returns the gradients of op(a)·op(b) for the output gradient g (matrices),
// computed at the same time on two goroutines with single-threaded BLAS: for the small
// batches of a dense layer, two independent single-threaded products keep both cores busier
// than one product on two BLAS threads after the other.
func matmulGradPair(g, a, b *Tensor, ta, tb bool) (da, db *Tensor) {
	// the operands of each gradient, as in the rules above: x·op(y) with the transposes
	type prod struct {
		x, y   *Tensor
		tx, ty bool
		out    *Tensor
	}
	pa := prod{g, b, false, !tb, nil}
	if ta {
		pa = prod{b, g, tb, true, nil}
	}
	pb := prod{a, g, !ta, false, nil}
	if tb {
		pb = prod{g, a, true, ta, nil}
	}
	run := func(p *prod, shape []int) { // allocates its output on its own goroutine
		xr, xc := p.x.shape[0], p.x.shape[1]
		yr, yc := p.y.shape[0], p.y.shape[1]
		m, k := matDims(p.x, p.tx)
		_, n := matDims(p.y, p.ty)
		p.out = newProduct(a.dtype, slices.Clone(shape), m, n, k)
		gemm(p.x, p.y, p.out, 0, 0, 0, xr, xc, yr, yc, m, n, p.tx, p.ty)
	}
	blasSerialBegin()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		run(&pb, b.shape)
	}()
	run(&pa, a.shape)
	wg.Wait()
	blasSerialEnd()
	return pa.out, pb.out
}

// splitKParts is the number of parts (goroutines) a product of m×k and k×n matrices is split
// into along k: more than 1 for a small result with a long inner dimension (a dense layer's
// forward pass on a batch: [128, 9216]·[9216, 128]), where BLAS threads would split the
// result and synchronise at every block of k.
func splitKParts(m, n, k int) int {
	p := runtime.GOMAXPROCS(0)
	if p < 2 || k < 8*max(m, n) || m*n > 1<<16 || m*n*k < 32*parallelMin {
		return 1
	}
	return min(p, 4)
}

// gemmSplitK computes C = op(A)·op(B) (row-major, as gemmRaw) as the sum of parts products
// over slices of the inner dimension k, side by side on goroutines with single-threaded BLAS;
// the partial results are added into C in order.
func gemmSplitK[T float](ta, tb bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	parts := splitKParts(m, n, k)
	step := (k + parts - 1) / parts
	part := func(j int, dst []T, ldd int) {
		k0, k1 := j*step, min((j+1)*step, k)
		ao, bo := k0, k0*ldb // op(A)'s columns k0.. and op(B)'s rows k0..
		if ta {
			ao = k0 * lda
		}
		if tb {
			bo = k0
		}
		gemmRaw(ta, tb, m, n, k1-k0, a[ao:], lda, b[bo:], ldb, 0, dst, ldd)
	}
	blasSerialBegin()
	defer blasSerialEnd()
	bufs := make([]*[]T, parts)
	var wg sync.WaitGroup
	for j := 1; j < parts && j*step < k; j++ {
		bufs[j] = getScratch[T](m * n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			part(j, *bufs[j], n)
		}()
	}
	part(0, c, ldc)
	wg.Wait()
	for _, p := range bufs {
		if p == nil {
			continue
		}
		for i := range m {
			row, add := c[i*ldc:i*ldc+n], (*p)[i*n:(i+1)*n]
			for j, v := range add {
				row[j] += v
			}
		}
		putScratch(p)
	}
}
