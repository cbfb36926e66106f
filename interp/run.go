package interp

import (
	"context"
	"errors"
	"fmt"
	"github.com/gotape/gotape/kernel"
	yaegi "github.com/gotape/gotape/third_party/yaegi/interp"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

// run executes a compiled chunk; panics and interrupts become *kernel.ExecError.
func (e *Evaluator) run(ctx context.Context, p *yaegi.Program) error {
	rctx, cancel := context.WithCancel(ctx)
	c := &runControl{cancel: cancel, stopped: make(chan struct{})}
	e.rt.armed.Store(c)
	e.rt.recErr.Store(nil)
	_, err := e.i.ExecuteWithContext(rctx, p)
	e.rt.armed.Store(nil)
	close(c.stopped)
	if rctx.Err() != nil {
		e.settleStopped()
	}
	cancel()
	if re := e.rt.recErr.Swap(nil); re != nil {
		e.io.takeTrace()
		// The deep recursion grew a goroutine stack to hundreds of MB; hand it back to
		// the OS now instead of keeping the kernel's RSS at its peak.
		debug.FreeOSMemory()
		return &kernel.ExecError{Name: "RecursionError", Value: re.Error(),
			Traceback: []string{"RecursionError: " + re.Error(), "(the limit guards the process: a Go stack overflow cannot be recovered)"}}
	}
	if err == nil {
		return nil
	}
	trace := e.traceback(e.io.takeTrace())
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return &kernel.ExecError{Name: "Interrupted", Value: "the cell was interrupted",
			Traceback: append([]string{"Interrupted: the cell was interrupted"}, trace...)}
	}
	var pv yaegi.Panic
	if errors.As(err, &pv) {
		for _, h := range hooks {
			if h.isInterrupt != nil && h.isInterrupt(pv.Value) {
				return &kernel.ExecError{Name: "Interrupted", Value: fmt.Sprint(pv.Value),
					Traceback: append([]string{"Interrupted: " + fmt.Sprint(pv.Value)}, trace...)}
			}
		}
		// As Go prints a panic: "panic: runtime error: index out of range [5] with length 2",
		// an error's message alone ("panic: tape: MatMul: …").
		val := fmt.Sprint(pv.Value)
		return &kernel.ExecError{Name: "panic", Value: val, Traceback: append([]string{"panic: " + val}, trace...)}
	}
	return &kernel.ExecError{Name: "Error", Value: err.Error(), Traceback: append([]string{err.Error()}, trace...)}
}

// settleStopped waits for stopped interpreted code to wind down before the next chunk
// runs: ExecuteWithContext returns at once on cancellation while yaegi's goroutine
// returns from each frame (deferred calls run, and the depth guard counts them down)
// or finishes the compiled call it is in (tape ops panic with ErrInterrupted).
func (e *Evaluator) settleStopped() {
	for deadline := time.Now().Add(2 * time.Second); e.rt.depth() > 0 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond)
}

// yaegiFrame parses the lines yaegi prints per interpreted frame while a panic unwinds.
var yaegiFrame = regexp.MustCompile(`^` + cellFile + `:(\d+):(\d+): panic: (.*)\(\.\.\.\)$`)

// unitFrame is the frame of a chunk's own function; unitClosure prefixes a function
// literal's frame inside it.
var unitFrame, unitClosure = regexp.MustCompile(`^` + unitFunc + `\d+_\d+$`), regexp.MustCompile(`^` + unitFunc + `\d+_\d+\.`)

// traceback turns yaegi's frame lines (innermost first) into a traceback, outermost
// first, starting at the cell statement that was running and showing each line's source.
func (e *Evaluator) traceback(frames []string) []string {
	src := sourceLines(e.code)
	var out []string
	l := int(e.rt.line.Load())
	if l > 0 {
		out = append(out, fmt.Sprintf("%s:%d: %s", cellFile, l, src(l)))
	}
	return append(out, formatFrames(frames, l, src)...)
}

// sourceLines returns the trimmed text of a line of code (1-based; "" beyond it).
func sourceLines(code string) func(int) string {
	lines := strings.Split(code, "\n")
	return func(l int) string {
		if l >= 1 && l <= len(lines) {
			return strings.TrimSpace(lines[l-1])
		}
		return ""
	}
}

// formatFrames turns yaegi's frame lines (innermost first) into traceback lines,
// outermost first: "cell:L:C: in f: SRC" for each interpreted function. The chunk's own
// frame shows only when it failed on another line than its statement's (stmtLine), inside
// a loop or block at the top of the cell.
func formatFrames(frames []string, stmtLine int, src func(int) string) []string {
	var inner []string
	for i := len(frames) - 1; i >= 0; i-- {
		m := yaegiFrame.FindStringSubmatch(frames[i])
		if m == nil {
			inner = append(inner, frames[i])
			continue
		}
		l, _ := strconv.Atoi(m[1])
		fn := strings.TrimPrefix(m[3], "main.")
		if fn == "main" || unitFrame.MatchString(fn) {
			if fn != "main" && stmtLine > 0 && l != stmtLine {
				inner = append(inner, fmt.Sprintf("%s:%s:%s: %s", cellFile, m[1], m[2], src(l)))
			}
			continue // otherwise the statement line covers it
		}
		// A function literal in a cell statement (a closure handed to sort.Slice, or
		// %timeit's loop) is "func", as one at the top of a cell.
		fn = unitClosure.ReplaceAllString(fn, "")
		inner = append(inner, strings.TrimSuffix(fmt.Sprintf("%s:%s:%s: in %s: %s", cellFile, m[1], m[2], fn, src(l)), ": "))
	}
	if len(inner) > 12 {
		inner = append(append(inner[:6:6], fmt.Sprintf("... %d more frames ...", len(inner)-12)), inner[len(inner)-6:]...)
	}
	return inner
}
