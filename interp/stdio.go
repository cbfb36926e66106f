package interp

import (
	"errors"
	"reflect"

	yaegi "github.com/gotape/gotape/third_party/yaegi/interp"
)

// Cells see os.Stdin, os.Stdout and os.Stderr as the cell's own streams. yaegi would type
// them io.Reader and io.Writer (YAEGI_SPECIAL_STDIO), so `os.Stdout.Close()` was a baffling
// "undefined selector Close"; these types have the *os.File methods that make sense for a
// cell's stream, and Close says why it does nothing.

// stdStream is os.Stdout or os.Stderr in a cell.
type stdStream struct {
	name string // "stdout" or "stderr"
	w    interface{ Write([]byte) (int, error) }
	c    *cellIO
}

func (s *stdStream) Write(p []byte) (int, error)       { return s.w.Write(p) }
func (s *stdStream) WriteString(t string) (int, error) { return s.w.Write([]byte(t)) }

// Name is the file name os.Stdout.Name() gives in a Go program.
func (s *stdStream) Name() string { return "/dev/" + s.name }

// Sync has nothing to do: output goes to the frontend as it is written.
func (s *stdStream) Sync() error { return nil }

// Close leaves the stream open and says so on the cell's stderr.
func (s *stdStream) Close() error { return s.c.refuseClose("os." + capitalized(s.name)) }

// stdinStream is os.Stdin in a cell.
type stdinStream struct{ stdinReader }

func (s *stdinStream) Name() string { return "/dev/stdin" }
func (s *stdinStream) Close() error { return s.c.refuseClose("os.Stdin") }

func capitalized(s string) string { return string(s[0]-'a'+'A') + s[1:] }

// refuseClose tells the cell that closing the stream name does nothing, and returns that.
func (c *cellIO) refuseClose(name string) error {
	err := errors.New("interp: " + name + " is the notebook's stream in gotape and stays open (closing it would silence every later cell); nothing was closed")
	c.stream("stderr", []byte(err.Error()+"\n"))
	return err
}

// stdioSymbols are the cell's os.Stdin, os.Stdout and os.Stderr (variables, so that a cell
// may still assign them).
func (e *Evaluator) stdioSymbols() yaegi.Exports {
	in := &stdinStream{stdinReader{e.io}}
	out := &stdStream{name: "stdout", w: stdoutWriter{e.io}, c: e.io}
	errs := &stdStream{name: "stderr", w: stderrWriter{e.io}, c: e.io}
	return yaegi.Exports{"os/os": {
		"Stdin":  reflect.ValueOf(&in).Elem(),
		"Stdout": reflect.ValueOf(&out).Elem(),
		"Stderr": reflect.ValueOf(&errs).Elem(),
	}}
}
