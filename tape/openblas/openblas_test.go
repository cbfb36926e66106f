package openblas

import (
	"math"
	"math/rand"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
)

// naiveGemm computes alpha*op(A)*op(B) + beta*C in float64 on row-major data.
func naiveGemm(tA, tB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) []float64 {
	out := make([]float64, m*n)
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for p := 0; p < k; p++ {
				var av, bv float64
				if tA {
					av = a[p*lda+i]
				} else {
					av = a[i*lda+p]
				}
				if tB {
					bv = b[j*ldb+p]
				} else {
					bv = b[p*ldb+j]
				}
				s += av * bv
			}
			out[i*n+j] = alpha*s + beta*c[i*ldc+j]
		}
	}
	return out
}

func randSlice(r *rand.Rand, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = r.Float64()*2 - 1
	}
	return s
}

// stored returns the rows and columns of a matrix whose (maybe transposed) product
// operand is rows×cols.
func stored(trans bool, rows, cols int) (int, int) {
	if trans {
		return cols, rows
	}
	return rows, cols
}

// TestGemm checks blas32/blas64 Gemm (whichever implementation init registered) against a
// naive product for all transpose combinations and shapes from 1 to above OpenBLAS's
// threading threshold.
func TestGemm(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	shapes := [][3]int{{1, 1, 1}, {3, 5, 7}, {32, 128, 784}, {17, 1, 9}, {130, 70, 257}}
	for _, sh := range shapes {
		m, n, k := sh[0], sh[1], sh[2]
		for _, tA := range []bool{false, true} {
			for _, tB := range []bool{false, true} {
				ar, ac := stored(tA, m, k)
				br, bc := stored(tB, k, n)
				a, b, c := randSlice(r, ar*ac), randSlice(r, br*bc), randSlice(r, m*n)
				want := naiveGemm(tA, tB, m, n, k, 1.5, a, ac, b, bc, 0.5, c, n)
				ta, tb := blas.NoTrans, blas.NoTrans
				if tA {
					ta = blas.Trans
				}
				if tB {
					tb = blas.Trans
				}
				c64 := append([]float64(nil), c...)
				blas64.Gemm(ta, tb, 1.5,
					blas64.General{Rows: ar, Cols: ac, Stride: ac, Data: a},
					blas64.General{Rows: br, Cols: bc, Stride: bc, Data: b},
					0.5, blas64.General{Rows: m, Cols: n, Stride: n, Data: c64})
				c32 := f32(c)
				blas32.Gemm(ta, tb, 1.5,
					blas32.General{Rows: ar, Cols: ac, Stride: ac, Data: f32(a)},
					blas32.General{Rows: br, Cols: bc, Stride: bc, Data: f32(b)},
					0.5, blas32.General{Rows: m, Cols: n, Stride: n, Data: c32})
				for i := range want {
					if d := math.Abs(c64[i] - want[i]); d > 1e-10*float64(k+1) {
						t.Fatalf("float64 %v tA=%v tB=%v: c[%d]=%v want %v", sh, tA, tB, i, c64[i], want[i])
					}
					if d := math.Abs(float64(c32[i]) - want[i]); d > 1e-5*float64(k+1) {
						t.Fatalf("float32 %v tA=%v tB=%v: c[%d]=%v want %v", sh, tA, tB, i, c32[i], want[i])
					}
				}
			}
		}
	}
}

func f32(s []float64) []float32 {
	o := make([]float32, len(s))
	for i, v := range s {
		o[i] = float32(v)
	}
	return o
}

func TestInfo(t *testing.T) {
	if Info() == "" {
		t.Fatal("empty Info")
	}
	t.Logf("BLAS: %s", Info())
}
