//go:build openblas && cgo

package openblas

/*
#cgo LDFLAGS: -lopenblas
#include <stdlib.h>
#include <strings.h>

char *openblas_get_corename(void);
char *openblas_get_config(void);
int openblas_get_num_threads(void);
void openblas_set_num_threads(int);
// Present only in DYNAMIC_ARCH builds (Debian's): weak so other builds still link.
extern void gotoblas_dynamic_init(void) __attribute__((weak));
extern void gotoblas_dynamic_quit(void) __attribute__((weak));
// Internals of OpenBLAS's pthreads server (weak: other builds still link).
extern void openblas_read_env(void) __attribute__((weak));
extern int blas_thread_shutdown_(void) __attribute__((weak));

// gotape_quick_sleep makes OpenBLAS's idle worker threads sleep at once instead of spinning
// (with sched_yield) for 2^28 cycles after each threaded call: the spinning takes a core
// from the goroutines that run next. OPENBLAS_THREAD_TIMEOUT set by the user wins.
static void gotape_quick_sleep(void) {
	if (!openblas_read_env || !blas_thread_shutdown_) return;
	if (getenv("OPENBLAS_THREAD_TIMEOUT") != NULL || getenv("GOTO_THREAD_TIMEOUT") != NULL) return;
	setenv("OPENBLAS_THREAD_TIMEOUT", "4", 1);
	openblas_read_env();
	unsetenv("OPENBLAS_THREAD_TIMEOUT");
	blas_thread_shutdown_(); // the next threaded call restarts the workers with the new timeout
}

// gotape_fix_core re-initialises a DYNAMIC_ARCH OpenBLAS that fell back to Prescott on a
// CPU it does not know. Returns 1 when it switched.
static int gotape_fix_core(void) {
	if (getenv("OPENBLAS_CORETYPE") != NULL) return 0;
	if (strcasecmp(openblas_get_corename(), "prescott") != 0) return 0;
	if (!gotoblas_dynamic_init || !gotoblas_dynamic_quit) return 0;
	__builtin_cpu_init();
	const char *want = NULL;
	if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
	    __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq")) {
		want = "SKYLAKEX";
	} else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
		want = "HASWELL";
	} else if (__builtin_cpu_supports("avx")) {
		want = "SANDYBRIDGE";
	}
	if (want == NULL) return 0;
	setenv("OPENBLAS_CORETYPE", want, 1);
	gotoblas_dynamic_quit();
	gotoblas_dynamic_init();
	unsetenv("OPENBLAS_CORETYPE");
	return 1;
}
*/
import "C"

import (
	"fmt"

	"github.com/gotape/gotape/tape/internal/blasthreads"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/netlib/blas/netlib"
)

var switchedCore bool

func init() {
	switchedCore = C.gotape_fix_core() == 1
	blas32.Use(netlib.Implementation{})
	blas64.Use(netlib.Implementation{})
	// tape's convolutions make OpenBLAS single-threaded while they run images on several
	// goroutines, and its idle workers sleep at once rather than spin.
	blasthreads.Get, blasthreads.Set = Threads, SetThreads
	C.gotape_quick_sleep()
}

// Enabled reports whether gonum BLAS calls run in OpenBLAS. True in this build.
func Enabled() bool { return true }

// CoreName returns the OpenBLAS kernel family in use, e.g. "SkylakeX".
func CoreName() string { return C.GoString(C.openblas_get_corename()) }

// Threads returns the number of OpenBLAS threads.
func Threads() int { return int(C.openblas_get_num_threads()) }

// SetThreads sets the number of OpenBLAS threads (n >= 1).
func SetThreads(n int) {
	if n < 1 {
		n = 1
	}
	C.openblas_set_num_threads(C.int(n))
}

// Info describes the BLAS in use.
func Info() string {
	s := fmt.Sprintf("%s, core %s, %d threads", C.GoString(C.openblas_get_config()), CoreName(), Threads())
	if switchedCore {
		s += " (core chosen by gotape: OpenBLAS fell back to Prescott)"
	}
	return s
}
