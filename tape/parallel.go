package tape

import (
	"runtime"
	"sync"
)

// parallelMin is the work below which callers skip parallelFor (and its closure).
const parallelMin = 1 << 17

// parallelFor splits [0, n) over GOMAXPROCS goroutines when n*cost is large enough.
// f must not panic (yaegi cannot recover a panic inside a goroutine).
func parallelFor(n, costPerItem int, f func(lo, hi int)) {
	const minWork = parallelMin / 2
	p := runtime.GOMAXPROCS(0)
	if p <= 1 || n < 2 || n*costPerItem < 2*minWork {
		f(0, n)
		return
	}
	chunks := min(p, n, n*costPerItem/minWork)
	if chunks <= 1 {
		f(0, n)
		return
	}
	var wg sync.WaitGroup
	step := (n + chunks - 1) / chunks
	for lo := step; lo < n; lo += step {
		hi := min(lo+step, n)
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			f(lo, hi)
		}(lo, hi)
	}
	f(0, min(step, n))
	wg.Wait()
}
