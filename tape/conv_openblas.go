//go:build openblas && cgo

package tape

/*
#cgo LDFLAGS: -lopenblas
#include <stdlib.h>

int openblas_get_num_threads(void);
void openblas_set_num_threads(int);
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
*/
import "C"

// With OpenBLAS linked, convolutions that run images on several goroutines make OpenBLAS
// single-threaded meanwhile (see blasSerialBegin), and OpenBLAS's idle workers sleep at once
// rather than spin.
func init() {
	blasGetThreads = func() int { return int(C.openblas_get_num_threads()) }
	blasSetThreads = func(n int) { C.openblas_set_num_threads(C.int(n)) }
	C.gotape_quick_sleep()
}
