package nn

import "fmt"

// Error is the panic value of nn misuse (bad shapes or arguments); tape.Try recovers it.
type Error struct{ Msg string }

func (e *Error) Error() string { return e.Msg }

func fail(format string, args ...any) {
	panic(&Error{Msg: "nn: " + fmt.Sprintf(format, args...)})
}
