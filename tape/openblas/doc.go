// Package openblas routes gonum's BLAS (blas32/blas64, used by tape's MatMul and Conv2D)
// to OpenBLAS through cgo (gonum.org/v1/netlib) when built with the `openblas` build tag.
//
// Import it for its side effect:
//
//	import _ "github.com/gotape/gotape/tape/openblas"
//
// With `-tags openblas` (and cgo) its init registers netlib's implementation with
// blas32.Use and blas64.Use, so every later gonum BLAS call runs in OpenBLAS. It links
// -lopenblas (Debian: libopenblas-dev). scripts/gotags.sh prints the tag when the library is
// installed. Without the tag the package is an empty shim and gonum's pure-Go BLAS stays in
// use, so pure-Go builds keep working.
//
// OpenBLAS 0.3.21 (Debian 12) does not know recent Intel CPUs (Sapphire/Emerald Rapids) and
// falls back to its slowest "Prescott" kernels, 5-9x slower than the right ones. When
// OPENBLAS_CORETYPE is unset and OpenBLAS reports Prescott on a CPU with AVX2/AVX-512, init
// re-initialises OpenBLAS with the matching core (Haswell or SkylakeX). Set OPENBLAS_CORETYPE
// to override, OPENBLAS_NUM_THREADS (or SetThreads) for the thread count. It also gives tape
// the thread count hooks (tape's convolutions run OpenBLAS single-threaded while they spread
// images over goroutines) and makes idle OpenBLAS workers sleep at once instead of spinning
// (OPENBLAS_THREAD_TIMEOUT set by the user wins).
//
// It does not change gonum's float32/float64 semantics, and it does not route anything but
// BLAS (no LAPACK).
package openblas
