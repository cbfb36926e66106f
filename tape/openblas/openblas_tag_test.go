//go:build openblas && cgo

package openblas

import (
	"os"
	"strings"
	"testing"

	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
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
}
