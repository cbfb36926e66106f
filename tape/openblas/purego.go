//go:build !openblas || !cgo

package openblas

// Enabled reports whether gonum BLAS calls run in OpenBLAS. Always false in this build.
func Enabled() bool { return false }

// Info describes the BLAS in use.
func Info() string { return "gonum pure-Go BLAS (built without -tags openblas)" }

// CoreName returns the OpenBLAS kernel family in use ("" in this build).
func CoreName() string { return "" }

// Threads returns the number of OpenBLAS threads (0 in this build: gonum uses goroutines).
func Threads() int { return 0 }

// SetThreads sets the number of OpenBLAS threads. No-op in this build.
func SetThreads(n int) {}
