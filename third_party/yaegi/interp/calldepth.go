package interp

import (
	"fmt"
	"sync/atomic"
)

// CallDepthError is the panic value when interpreted calls nest deeper than the limit set by
// LimitCallDepth and no handler is given.
type CallDepthError struct{ Depth int64 }

func (e *CallDepthError) Error() string {
	return fmt.Sprintf("maximum call depth exceeded (%d nested calls)", e.Depth)
}

// callDepth bounds the interpreted calls in progress.
type callDepth struct {
	n        atomic.Int64
	max      int64
	exceeded func(depth int64)
}

// LimitCallDepth bounds the number of interpreted function calls in progress, on all
// goroutines together (max <= 0: no bound, the default). Without a bound, deep recursion in
// interpreted code exhausts the Go stack, which kills the process unrecoverably. A call past
// the bound calls exceeded with the current depth if it is not nil: exceeded may panic, or
// stop the run (cancel its context) and return, and the call then returns at once without
// running its body; with a nil exceeded the call panics with a *CallDepthError.
//
// The count costs two atomic additions per call and replaces a per-function guard written
// in the interpreted code (a deferred call through reflect, about 0.8 µs per call).
// Call it before running code.
func (interp *Interpreter) LimitCallDepth(max int64, exceeded func(depth int64)) {
	interp.depth.max, interp.depth.exceeded = max, exceeded
}

// CallDepth returns the number of interpreted function calls in progress, on all goroutines
// (counted only while a limit is set; calls that a stopped run is still unwinding count).
func (interp *Interpreter) CallDepth() int64 { return interp.depth.n.Load() }

// enterCall counts a call; false when the call must not run (past the limit, stopped by
// the handler). A true result with a limit set must be matched by leaveCall.
func (interp *Interpreter) enterCall() bool {
	d := &interp.depth
	if d.max <= 0 {
		return true
	}
	n := d.n.Add(1)
	if n <= d.max {
		return true
	}
	d.n.Add(-1)
	if d.exceeded == nil {
		panic(&CallDepthError{Depth: n - 1})
	}
	d.exceeded(n - 1)
	return false
}

// leaveCall undoes a successful enterCall.
func (interp *Interpreter) leaveCall() {
	if interp.depth.max > 0 {
		interp.depth.n.Add(-1)
	}
}
