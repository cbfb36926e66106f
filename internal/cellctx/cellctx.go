// Package cellctx gives a goroutine a context.Context that the goroutines it starts
// inherit, so that code with no context parameter (display.Show, fmt.Println through the
// interpreter's stdout) can find the cell it belongs to, even in a goroutine that
// outlives the cell.
//
// The context rides on the goroutine's pprof labels, the one per-goroutine value the Go
// runtime copies to every goroutine started with `go`: Bind labels the goroutine
// (gotape_ctx=N, visible in CPU profiles too) and remembers which context that label set
// stands for. Current reads the label set back through the runtime's
// runtime/pprof.runtime_getProfLabel (a linkname the runtime keeps for packages outside
// the standard library, go.dev/issue/67401) and compares pointers only: it never reads
// pprof's internal layout.
//
// It does not propagate across callbacks the runtime runs on its own goroutines
// (time.AfterFunc): wrap those with Bind(Current()). It remembers the last maxBound
// bindings; older goroutines get nil.
package cellctx

import (
	"context"
	"runtime/pprof"
	"strconv"
	"sync"
	"sync/atomic"
	"unsafe"
)

//go:linkname getProfLabel runtime/pprof.runtime_getProfLabel
func getProfLabel() unsafe.Pointer

const labelKey = "gotape_ctx"

// maxBound is how many bindings are remembered (one per cell).
const maxBound = 4096

var (
	bound sync.Map // label set pointer -> context.Context (labelled)
	mu    sync.Mutex
	order []unsafe.Pointer // oldest first
	seq   atomic.Int64
)

// Bind makes ctx the context of the calling goroutine and of the goroutines it starts
// from now on; undo clears the calling goroutine's labels again. Binding a context that
// Current returned restores that binding (same cell) without a new one.
func Bind(ctx context.Context) (undo func()) {
	if _, ok := pprof.Label(ctx, labelKey); ok {
		pprof.SetGoroutineLabels(ctx)
		return unbind
	}
	lctx := pprof.WithLabels(ctx, pprof.Labels(labelKey, strconv.FormatInt(seq.Add(1), 10)))
	pprof.SetGoroutineLabels(lctx)
	p := getProfLabel()
	bound.Store(p, lctx)
	mu.Lock()
	order = append(order, p)
	if len(order) > maxBound {
		bound.Delete(order[0])
		order = order[1:]
	}
	mu.Unlock()
	return unbind
}

func unbind() { pprof.SetGoroutineLabels(context.Background()) }

// Current returns the context bound to the calling goroutine, or to the goroutine that
// started it, or nil.
func Current() context.Context {
	p := getProfLabel()
	if p == nil {
		return nil
	}
	if v, ok := bound.Load(p); ok {
		return v.(context.Context)
	}
	return nil
}
