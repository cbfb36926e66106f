package tape

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
)

// MatMul multiplies matrices: a [..., m, k] · b [..., k, n] → [..., m, n]. Batch dimensions
// must be equal, or one operand is a plain matrix used for every batch. It runs on
// gonum's BLAS (blas32/blas64), so an OpenBLAS implementation can be plugged in with
// blas32.Use / blas64.Use.
func MatMul(a, b *Tensor) *Tensor { return matmulT(a, b, false, false) }

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
	CheckInterrupt()
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
	case sameShape(ba, bb):
		batch = ba
	case len(bb) == 0:
		batch = ba
	case len(ba) == 0:
		batch = bb
	default:
		errorf("MatMul", "batch dimensions of %s and %s differ", shapeStr(a.shape), shapeStr(b.shape))
	}
	outShape := append(append([]int{}, batch...), m, n)
	out := newTensor(a.dtype, outShape)
	nb := numel(batch)
	ar, ac := a.shape[len(a.shape)-2], a.shape[len(a.shape)-1]
	br, bc := b.shape[len(b.shape)-2], b.shape[len(b.shape)-1]
	if m > 0 && n > 0 && nb > 0 {
		if len(bb) == 0 && len(ba) > 0 && !ta {
			// fold the batch into the rows of a: one GEMM
			gemm(a, b, out, 0, 0, 0, nb*ar, ac, br, bc, nb*m, n, ta, tb)
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
		record2("MatMul", out, a, b, func(g *Tensor) []*Tensor {
			var ga, gb *Tensor
			if wantGrad(0) {
				if !ta {
					ga = matmulT(g, b, false, !tb)
				} else {
					ga = matmulT(b, g, tb, true)
				}
				ga = reduceTo(ga, a.shape)
			}
			if wantGrad(1) {
				if !tb {
					gb = matmulT(a, g, !ta, false)
				} else {
					gb = matmulT(g, a, true, ta)
				}
				gb = reduceTo(gb, b.shape)
			}
			return []*Tensor{ga, gb}
		})
	}
	return out
}

func gemm(a, b, c *Tensor, oa, ob, oc, ar, ac, br, bc, m, n int, ta, tb bool) {
	if a.dtype == Float32 {
		A := blas32.General{Rows: ar, Cols: ac, Stride: ac, Data: a.f32[oa : oa+ar*ac]}
		B := blas32.General{Rows: br, Cols: bc, Stride: bc, Data: b.f32[ob : ob+br*bc]}
		C := blas32.General{Rows: m, Cols: n, Stride: n, Data: c.f32[oc : oc+m*n]}
		if ac == 0 || bc == 0 || ar == 0 || br == 0 {
			return
		}
		blas32.Gemm(trOf(ta), trOf(tb), 1, A, B, 0, C)
		return
	}
	A := blas64.General{Rows: ar, Cols: ac, Stride: ac, Data: a.f64[oa : oa+ar*ac]}
	B := blas64.General{Rows: br, Cols: bc, Stride: bc, Data: b.f64[ob : ob+br*bc]}
	C := blas64.General{Rows: m, Cols: n, Stride: n, Data: c.f64[oc : oc+m*n]}
	if ac == 0 || bc == 0 || ar == 0 || br == 0 {
		return
	}
	blas64.Gemm(trOf(ta), trOf(tb), 1, A, B, 0, C)
}
