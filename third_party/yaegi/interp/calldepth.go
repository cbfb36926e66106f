package interp

// callGuard is the embedder's hook around interpreted calls, see GuardCalls.
type callGuard struct {
	enter func() (any, bool)
	leave func(any)
}

// GuardCalls sets functions called around every interpreted function call (not around the
// run of a whole program): enter before the body runs, leave after it returns or panics,
// with the value enter returned. When enter returns false the body does not run and the
// call returns zero values at once (leave is not called): enter may stop the run (cancel
// its context) before returning false, or panic.
//
// An embedder uses it to bound the depth of interpreted recursion, which otherwise
// exhausts the Go stack and kills the process, at the cost of two Go function calls per
// interpreted call: a guard written in the interpreted code itself (a deferred call of a
// binary function) costs a reflect call and yaegi's defer machinery, about 0.8 µs per call.
// Call it before running code; nil functions remove the guard.
func (interp *Interpreter) GuardCalls(enter func() (any, bool), leave func(any)) {
	if enter == nil || leave == nil {
		interp.guard = nil
		return
	}
	interp.guard = &callGuard{enter: enter, leave: leave}
}
