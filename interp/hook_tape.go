package interp

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/gotape/gotape/kernel"
	"github.com/gotape/gotape/tape"
)

// tape: compiled ops print through tape.Output and stop with ErrInterrupted once the
// cell's context is done.
func init() {
	hooks = append(hooks, hook{
		begin: func(ctx context.Context, stdout, stderr io.Writer, out kernel.Output) {
			tape.SetOutput(stdout)
			tape.SetContext(ctx)
		},
		isInterrupt: func(v any) bool {
			if err, ok := v.(error); ok && errors.Is(err, tape.ErrInterrupted) {
				return true
			}
			// A panic raised by interpreted code reaches us re-wrapped by yaegi.
			return fmt.Sprint(v) == tape.ErrInterrupted.Error()
		},
	})
}
