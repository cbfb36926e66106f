package tape

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
)

// Error is the panic value of tape misuse: shape mismatches, bad arguments, reusing a
// non-persistent tape. Op names the operation when there is one.
type Error struct {
	Op  string
	Msg string // full message, returned by Error()
}

func (e *Error) Error() string { return e.Msg }

// Errorf returns an *Error with the formatted message as given; other gotape packages start
// it with their name ("nn: ...") and panic with it, so Try and the kernel report it.
func Errorf(format string, args ...any) *Error {
	return &Error{Msg: fmt.Sprintf(format, args...)}
}

// errorf panics with an *Error "tape: op: ...".
func errorf(op, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if op != "" {
		msg = op + ": " + msg
	}
	panic(&Error{Op: op, Msg: "tape: " + msg})
}

// Try runs f and returns the error it panicked with (a *tape.Error, ErrInterrupted or any other
// error value, such as the errors of package nn), or nil. Other panics pass through.
func Try(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(error); ok {
				err = e
				return
			}
			panic(r)
		}
	}()
	f()
	return nil
}

var output atomic.Pointer[io.Writer]

// SetOutput sets where compiled gotape code prints (default os.Stdout). nil restores os.Stdout.
func SetOutput(w io.Writer) { storeWriter(&output, w) }

func storeWriter(p *atomic.Pointer[io.Writer], w io.Writer) {
	if w == nil {
		p.Store(nil)
		return
	}
	p.Store(&w)
}

// Output returns the writer set by SetOutput (os.Stdout by default).
func Output() io.Writer {
	if p := output.Load(); p != nil {
		return *p
	}
	return os.Stdout
}

var warnOutput atomic.Pointer[io.Writer]

// SetWarnOutput sets where TensorFlow's warnings go (default os.Stderr; the kernel sets the
// cell's stderr). nil restores os.Stderr.
func SetWarnOutput(w io.Writer) { storeWriter(&warnOutput, w) }

// Warn prints one of TensorFlow's warnings, "WARNING:tensorflow:" and the formatted message,
// to the writer of SetWarnOutput. gotape's packages call it where TensorFlow logs a warning
// and goes on (watching an integer tensor, a variable without gradient in ApplyGradients).
func Warn(format string, args ...any) {
	w := io.Writer(os.Stderr)
	if p := warnOutput.Load(); p != nil {
		w = *p
	}
	fmt.Fprintf(w, "WARNING:tensorflow:"+format+"\n", args...)
}

func shapeStr(s []int) string {
	switch len(s) {
	case 0:
		return "()"
	case 1:
		return fmt.Sprintf("(%d,)", s[0])
	}
	var b strings.Builder
	b.WriteByte('(')
	for i, d := range s {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprint(&b, d)
	}
	b.WriteByte(')')
	return b.String()
}
