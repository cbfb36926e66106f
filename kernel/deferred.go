package kernel

import (
	"context"
	"fmt"
)

// Deferred returns an Evaluator whose construction by newEval starts at once in the
// background; its methods wait for it. It lets the kernel answer kernel_info while a
// large interpreter is still loading.
func Deferred(newEval func() Evaluator) Evaluator {
	d := &deferred{ready: make(chan struct{})}
	go func() {
		defer close(d.ready)
		defer func() {
			if p := recover(); p != nil {
				d.err = fmt.Errorf("kernel: the evaluator failed to start: %v", p)
			}
		}()
		d.e = newEval()
		if d.e == nil {
			d.err = fmt.Errorf("kernel: no evaluator")
		}
	}()
	return d
}

type deferred struct {
	ready chan struct{}
	e     Evaluator
	err   error
}

func (d *deferred) get() Evaluator {
	<-d.ready
	return d.e
}

func (d *deferred) Execute(ctx context.Context, code string, out Output) (*Bundle, error) {
	select {
	case <-d.ready:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if d.err != nil {
		return nil, d.err
	}
	return d.e.Execute(ctx, code, out)
}

func (d *deferred) Complete(code string, cursor int) ([]string, int, int) {
	if d.get() == nil {
		return nil, cursor, cursor
	}
	return d.e.Complete(code, cursor)
}

func (d *deferred) Inspect(code string, cursor, detailLevel int) (*Bundle, bool) {
	if d.get() == nil {
		return nil, false
	}
	return d.e.Inspect(code, cursor, detailLevel)
}

func (d *deferred) IsComplete(code string) (string, string) {
	if d.get() == nil {
		return "unknown", ""
	}
	return d.e.IsComplete(code)
}
