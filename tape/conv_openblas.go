//go:build openblas && cgo

package tape

/*
#cgo LDFLAGS: -lopenblas
int openblas_get_num_threads(void);
void openblas_set_num_threads(int);
*/
import "C"

// With OpenBLAS linked, convolutions that run images on several goroutines make OpenBLAS
// single-threaded meanwhile (see blasSerialBegin).
func init() {
	blasGetThreads = func() int { return int(C.openblas_get_num_threads()) }
	blasSetThreads = func(n int) { C.openblas_set_num_threads(C.int(n)) }
}
