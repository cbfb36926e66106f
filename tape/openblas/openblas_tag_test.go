//go:build openblas && cgo

package openblas

import (
	"math"
	"math/rand"
	"os"
	"strings"
	"testing"

	"github.com/gotape/gotape/tape/internal/blasthreads"
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/netlib/blas/netlib"
)

func TestRegistered(t *testing.T) {
	if !Enabled() {
		t.Fatal("Enabled() = false in the openblas build")
	}
	if _, ok := blas32.Implementation().(netlib.Implementation); !ok {
		t.Fatalf("blas32 implementation is %T, want netlib", blas32.Implementation())
	}
	if _, ok := blas64.Implementation().(netlib.Implementation); !ok {
		t.Fatalf("blas64 implementation is %T, want netlib", blas64.Implementation())
	}
}

// TestCore checks that OpenBLAS does not run its generic SSE3 kernels on a CPU with AVX2.
func TestCore(t *testing.T) {
	if os.Getenv("OPENBLAS_CORETYPE") != "" {
		t.Skip("OPENBLAS_CORETYPE set by the user")
	}
	info, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Skip("no /proc/cpuinfo")
	}
	if !strings.Contains(string(info), " avx2") {
		t.Skip("CPU without AVX2")
	}
	if strings.EqualFold(CoreName(), "prescott") {
		t.Fatalf("OpenBLAS uses Prescott kernels on an AVX2 CPU: %s", Info())
	}
}

func TestSetThreads(t *testing.T) {
	old := Threads()
	defer SetThreads(old)
	SetThreads(1)
	if got := Threads(); got != 1 {
		t.Fatalf("Threads() = %d after SetThreads(1)", got)
	}
	// tape's convolutions reach the thread count through the blasthreads hooks
	if blasthreads.Get == nil || blasthreads.Set == nil {
		t.Fatal("init did not set tape's BLAS thread hooks")
	}
	blasthreads.Set(2)
	if got := blasthreads.Get(); got != 2 || Threads() != 2 {
		t.Fatalf("blasthreads.Get() = %d, Threads() = %d after blasthreads.Set(2)", got, Threads())
	}
}

// TestLargeGemmMatchesGonum compares OpenBLAS with gonum's pure-Go BLAS on products larger
// than OpenBLAS's blocking and threading thresholds (after the core switch of init).
func TestLargeGemmMatchesGonum(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	m, n, k := 512, 384, 640
	a, b := make([]float32, m*k), make([]float32, k*n)
	for i := range a {
		a[i] = float32(r.NormFloat64())
	}
	for i := range b {
		b[i] = float32(r.NormFloat64())
	}
	got, want := make([]float32, m*n), make([]float32, m*n)
	blas32.Gemm(blas.NoTrans, blas.NoTrans, 1,
		blas32.General{Rows: m, Cols: k, Stride: k, Data: a},
		blas32.General{Rows: k, Cols: n, Stride: n, Data: b},
		0, blas32.General{Rows: m, Cols: n, Stride: n, Data: got})
	gonum.Implementation{}.Sgemm(blas.NoTrans, blas.NoTrans, m, n, k, 1, a, k, b, n, 0, want, n)
	for i := range want {
		if d := math.Abs(float64(got[i] - want[i])); d > 1e-3 {
			t.Fatalf("c[%d] = %v, gonum %v", i, got[i], want[i])
		}
	}
}
