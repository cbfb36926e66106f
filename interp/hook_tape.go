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
// cell's context is done; a cell that fails stops the tapes it left recording (a
// tp.Start() whose tp.Stop() never ran), as leaving a `with` block by an exception would.
func init() {
	hooks = append(hooks, hook{
		begin: func(ctx context.Context, stdout, stderr io.Writer, out kernel.Output) {
			tape.SetOutput(stdout)
			tape.SetWarnOutput(stderr)
			tape.SetContext(ctx)
		},
		failed: tape.StopAll,
		isInterrupt: func(v any) bool {
			if err, ok := v.(error); ok && errors.Is(err, tape.ErrInterrupted) {
				return true
			}
			// A panic raised by interpreted code reaches us re-wrapped by yaegi.
			return fmt.Sprint(v) == tape.ErrInterrupted.Error()
		},
	})
}
