package interp

import (
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/gotape/gotape/kernel"
	yaegi "github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// Evaluator runs cells in one persistent yaegi interpreter. It is safe for use by one
// cell at a time; Complete, Inspect and IsComplete may be called concurrently with Execute.
type Evaluator struct {
	mu     sync.Mutex // serialises Execute
	i      *yaegi.Interpreter
	stdout *switchWriter
	stderr *switchWriter
}

var _ kernel.Evaluator = (*Evaluator)(nil)

// New returns an evaluator with the standard library and gotape's packages loaded.
func New() *Evaluator {
	e := &Evaluator{stdout: &switchWriter{name: "stdout"}, stderr: &switchWriter{name: "stderr"}}
	e.i = yaegi.New(yaegi.Options{Stdout: e.stdout, Stderr: e.stderr})
	if err := e.i.Use(stdlib.Symbols); err != nil {
		panic("interp: " + err.Error())
	}
	return e
}

// Execute runs one cell.
func (e *Evaluator) Execute(ctx context.Context, code string, out kernel.Output) (*kernel.Bundle, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.stdout.set(out)
	e.stderr.set(out)
	defer e.stdout.set(nil)
	defer e.stderr.set(nil)
	v, err := e.i.EvalWithContext(ctx, code)
	if err != nil {
		return nil, &kernel.ExecError{Name: "Error", Value: err.Error(), Traceback: []string{err.Error()}}
	}
	if v.IsValid() && v.CanInterface() {
		return &kernel.Bundle{Data: map[string]any{"text/plain": fmt.Sprint(v.Interface())}}, nil
	}
	return nil, nil
}

// Complete is not implemented yet.
func (e *Evaluator) Complete(code string, cursor int) ([]string, int, int) { return nil, cursor, cursor }

// Inspect is not implemented yet.
func (e *Evaluator) Inspect(code string, cursor, detailLevel int) (*kernel.Bundle, bool) {
	return nil, false
}

// IsComplete is not implemented yet.
func (e *Evaluator) IsComplete(code string) (string, string) { return "unknown", "" }

// switchWriter forwards writes to the current cell's Output as a stream.
type switchWriter struct {
	name string
	mu   sync.Mutex
	out  kernel.Output
}

func (w *switchWriter) set(o kernel.Output) { w.mu.Lock(); w.out = o; w.mu.Unlock() }

func (w *switchWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	o := w.out
	w.mu.Unlock()
	if o != nil && len(p) > 0 {
		o.Stream(w.name, string(p))
	}
	return len(p), nil
}

var _ io.Writer = (*switchWriter)(nil)
