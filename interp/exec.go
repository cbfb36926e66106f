package interp

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/gotape/gotape/internal/cellctx"
	"github.com/gotape/gotape/kernel"
)

// Execute runs one cell in the persistent interpreter. A cell goes through five stages,
// each in its own file:
//
//	parse    cell.go      split the cell into chunks of declarations and statements, parse each
//	rewrite  rewrite*.go  make yaegi behave like Go in a notebook (one file per rewrite)
//	compile  compile.go   compile every chunk, trying the fallbacks in order
//	run      run.go       run the compiled chunks in order; panics and interrupts become errors
//	publish  publish.go   the value of a trailing expression becomes the cell's result
//
// Every chunk compiles before any runs, so a cell that does not compile runs nothing.
func (e *Evaluator) Execute(ctx context.Context, code string, out kernel.Output) (_ *kernel.Bundle, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.beginCell(ctx, code, out)
	defer func() { e.endCell(err) }()
	defer forgetCompiled(e.i)

	if segs := splitMagics(code); segs != nil {
		return e.executeMagics(ctx, segs) // magic.go
	}
	return e.runGo(ctx, code)
}

// runGo takes Go code (a cell, or a Go segment of a cell with magics) through the stages.
func (e *Evaluator) runGo(ctx context.Context, code string) (*kernel.Bundle, error) {
	e.rt.result, e.rt.resultStr, e.rt.hasResult = nil, "", false
	chunks, err := parseCell(e.i.FileSet(), code)
	if err != nil {
		return nil, compileError(err)
	}
	if err := e.checkImports(chunks); err != nil {
		return nil, err
	}
	progs, err := e.compileCell(chunks)
	if err != nil {
		return nil, e.explainModule(err)
	}
	for _, p := range progs {
		if err := e.run(ctx, p); err != nil {
			return nil, err
		}
	}
	return e.publish(e.seq)
}

// beginCell resets the per-cell state and connects the hooks and streams to out.
func (e *Evaluator) beginCell(ctx context.Context, code string, out kernel.Output) int64 {
	e.seq++
	e.code = code
	e.rt.code.Store(code)
	e.rt.line.Store(0)
	routed := e.io.begin(ctx, out, e.seq, code)
	e.rt.cell.Store(e.seq)
	e.rt.goPanic.Store(nil)
	e.rt.result, e.rt.resultStr, e.rt.hasResult = nil, "", false
	// The cell's context goes with its goroutine and every goroutine it starts, so their
	// output is attributed to this cell (routedOutput), also after it ended.
	cctx := withRouted(ctx, routed)
	for _, h := range hooks {
		if h.begin != nil {
			h.begin(ctx, stdoutWriter{e.io}, stderrWriter{e.io}, out)
		}
		if h.context != nil {
			cctx = h.context(cctx, routed)
		}
	}
	e.unbind = cellctx.Bind(cctx)
	return e.seq
}

// endCell disconnects the hooks and streams; err is the cell's error, if any.
func (e *Evaluator) endCell(err error) {
	for _, h := range hooks {
		if h.failed != nil && err != nil {
			h.failed()
		}
		if h.end != nil {
			h.end()
		}
	}
	e.rt.cell.Store(0)
	e.io.end()
	e.unbind()
}

// publish waits briefly for the cell's goroutines (a panic in one fails the cell) and
// returns the cell's result, if any.
func (e *Evaluator) publish(cell int64) (*kernel.Bundle, error) {
	e.rt.settle(cell, 50*time.Millisecond)
	if p := e.rt.goPanic.Load(); p != nil && p.cell == cell {
		return nil, &kernel.ExecError{Name: "panic", Value: fmt.Sprintf("in goroutine: %v", p.value),
			Traceback: strings.Split(strings.TrimRight(p.text, "\n"), "\n")}
	}
	if !e.rt.hasResult || e.rt.result == nil {
		return nil, nil
	}
	return e.resultBundle(e.rt.result, e.rt.resultStr), nil
}
