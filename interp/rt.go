package interp

import (
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gotape/gotape/internal/cellctx"
)

// rtPath is the import path of the helpers the rewritten cells call (as __gotape).
const rtPath = "gotape/rt"

// DefaultMaxDepth bounds nested interpreted calls. An interpreted call costs 0.5 KB
// (plain function) to 10 KB (closure or method) of Go stack, more through compiled
// callbacks, and the Go runtime kills the process (unrecoverably) at 1 GB.
const DefaultMaxDepth = 20000

// RecursionError is the panic value when a cell's calls nest deeper than the limit.
type RecursionError struct{ Depth int64 }

func (e *RecursionError) Error() string {
	return fmt.Sprintf("maximum recursion depth exceeded (%d nested calls)", e.Depth)
}

// runtimeState is the evaluator state the rewritten code reaches through package __gotape.
type runtimeState struct {
	maxDepth  int64    // limit of nested calls in one goroutine
	depths    sync.Map // goroutineKey() -> *goDepth
	lastDepth atomic.Pointer[goDepth]
	cell      atomic.Int64 // id of the running cell, 0 between cells
	line      atomic.Int64 // cell line of the running top-level statement
	code      atomic.Value // string: the running cell's text
	live      sync.Map     // cell id -> *atomic.Int64, goroutines started by the cell still running

	result    any
	resultStr string
	hasResult bool

	goPanic atomic.Pointer[goPanic] // first goroutine panic of the running cell
	io      *cellIO

	// While a chunk runs: cancelling run stops the interpreter; stopped is closed once
	// it has. recErr is set when the depth limit stopped the chunk.
	armed  atomic.Pointer[runControl]
	recErr atomic.Pointer[RecursionError]
}

type runControl struct {
	cancel  func()
	stopped chan struct{}
}

type goPanic struct {
	cell  int64
	value any
	text  string
}

// goDepth counts the nested interpreted calls of one goroutine.
type goDepth struct {
	key uintptr
	n   atomic.Int64
}

// goDepth returns the calling goroutine's counter. The last one used is cached: most
// calls come from the cell's own goroutine. Counters stay in the map when a goroutine
// ends, at zero, for the next goroutine the runtime gives the same key.
func (rt *runtimeState) goDepth() *goDepth {
	key := goroutineKey()
	if c := rt.lastDepth.Load(); c != nil && c.key == key {
		return c
	}
	v, ok := rt.depths.Load(key)
	if !ok {
		v, _ = rt.depths.LoadOrStore(key, &goDepth{key: key})
	}
	c := v.(*goDepth)
	rt.lastDepth.Store(c)
	return c
}

// enter counts a call of the calling goroutine; the result goes to leave. Past the
// limit it stops the running chunk the way an interrupt does (every interpreted frame
// then returns) rather than by panicking: unwinding a deep stack by a panic through
// yaegi's frames (recover and re-panic at each level) takes time quadratic in the depth
// (9 s at 10,000 levels). The limit is per goroutine (a stack overflow is), so many
// goroutines each inside a few calls do not trip it.
func (rt *runtimeState) enter() *goDepth {
	c := rt.goDepth()
	if d := c.n.Add(1); d > rt.maxDepth {
		c.n.Add(-1)
		ctl := rt.armed.Load()
		if ctl == nil {
			panic(&RecursionError{Depth: d - 1})
		}
		rt.recErr.CompareAndSwap(nil, &RecursionError{Depth: d - 1})
		ctl.cancel()
		<-ctl.stopped
		return nil
	}
	return c
}

func (rt *runtimeState) leave(c *goDepth) {
	if c != nil {
		c.n.Add(-1)
	}
}

// enterCall and leaveCall are enter and leave as yaegi's call guard (GuardCalls), which
// runs them around every interpreted call.
func (rt *runtimeState) enterCall() (any, bool) {
	c := rt.enter()
	return c, c != nil
}

func (rt *runtimeState) leaveCall(c any) { rt.leave(c.(*goDepth)) }

// depth returns the nested interpreted calls of all goroutines.
func (rt *runtimeState) depth() int64 {
	var n int64
	rt.depths.Range(func(_, v any) bool {
		n += v.(*goDepth).n.Load()
		return true
	})
	return n
}

// guard returns f wrapped to recover and report a panic like goFunc, for callbacks that
// compiled code runs on goroutines of its own (time.AfterFunc).
func (rt *runtimeState) guard(f func()) func() {
	cell := rt.cell.Load()
	ctx := cellctx.Current() // the runtime's goroutine does not inherit the cell's context
	return func() {
		if ctx != nil {
			defer cellctx.Bind(ctx)()
		}
		defer rt.recoverGoroutine(cell)
		f()
	}
}

// recoverGoroutine reports a panic of a goroutine started by cell on stderr (of that cell,
// or, once it ended, of the running or next cell, tagged) and fails the cell if it is
// still running.
func (rt *runtimeState) recoverGoroutine(cell int64) {
	r := recover()
	if r == nil {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "panic in goroutine: %v\n", r)
	src := func(int) string { return "" } // the cell's text, while it runs
	if code, ok := rt.code.Load().(string); ok && cell == rt.cell.Load() {
		src = sourceLines(code)
	}
	for _, l := range formatFrames(rt.io.takeTrace(), 0, src) {
		b.WriteString(l + "\n")
	}
	rt.io.stream("stderr", []byte(b.String()))
	if cell == rt.cell.Load() {
		rt.goPanic.CompareAndSwap(nil, &goPanic{cell: cell, value: r, text: b.String()})
	}
}

// goFunc runs f on a new goroutine; a panic there is reported on the cell's stderr (and
// fails the cell that started it, if it is still running) instead of killing the process.
func (rt *runtimeState) goFunc(f func()) {
	cell := rt.cell.Load()
	n, _ := rt.live.LoadOrStore(cell, new(atomic.Int64))
	n.(*atomic.Int64).Add(1)
	go func() {
		defer n.(*atomic.Int64).Add(-1)
		defer rt.recoverGoroutine(cell)
		f()
	}()
}

// settle waits briefly for goroutines the cell started to finish, so that a panic
// unwinding in one of them (its deferred calls run before our recover sees it) is
// reported with the cell.
func (rt *runtimeState) settle(cell int64, max time.Duration) {
	v, ok := rt.live.Load(cell)
	if !ok {
		return
	}
	n := v.(*atomic.Int64)
	for deadline := time.Now().Add(max); n.Load() > 0 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	rt.live.Delete(cell)
}

func (rt *runtimeState) setResult(v any, s string) {
	rt.result, rt.resultStr, rt.hasResult = v, s, true
}

// results records the values of a trailing call; only a single value is a result.
func (rt *runtimeState) results(vs ...any) {
	if len(vs) == 1 {
		rt.setResult(vs[0], fmt.Sprint(vs[0]))
	}
}

func (rt *runtimeState) symbols() map[string]map[string]reflect.Value {
	return map[string]map[string]reflect.Value{
		rtPath + "/rt": {
			"Go":        reflect.ValueOf(rt.goFunc),
			"SetResult": reflect.ValueOf(rt.setResult),
			"Results":   reflect.ValueOf(rt.results),
			"Line":      reflect.ValueOf(func(l int) { rt.line.Store(int64(l)) }),
			"Guard":     reflect.ValueOf(rt.guard),
		},
	}
}
