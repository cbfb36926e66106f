package interp

import (
	"context"
	"io"
	"regexp"
	"strings"
	"sync"

	"github.com/gotape/gotape/kernel"
)

// cellIO routes the interpreter's stdout, stderr and stdin to the running cell's Output.
// Between cells output is dropped (a goroutine left running by a cell may still print)
// and stdin reads return io.EOF.
type cellIO struct {
	mu    sync.Mutex
	out   kernel.Output
	ctx   context.Context
	trace []string // yaegi's "cell:L:C: panic: f(...)" frame lines of the current cell
	inbuf string   // unread part of the last input line
	noIn  bool     // this cell was told that stdin is not available
}

func (c *cellIO) begin(ctx context.Context, out kernel.Output) {
	c.mu.Lock()
	c.out, c.ctx, c.trace, c.inbuf, c.noIn = out, ctx, nil, "", false
	c.mu.Unlock()
}

func (c *cellIO) end() {
	c.mu.Lock()
	c.out, c.ctx = nil, nil
	c.mu.Unlock()
}

// takeTrace returns and clears the panic frame lines collected so far.
func (c *cellIO) takeTrace() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.trace
	c.trace = nil
	return t
}

func (c *cellIO) stream(name string, p []byte) {
	c.mu.Lock()
	o := c.out
	c.mu.Unlock()
	if o != nil && len(p) > 0 {
		o.Stream(name, string(p))
	}
}

// panicLine matches the frame lines yaegi prints to stderr while a panic unwinds
// interpreted calls.
var panicLine = regexp.MustCompile(`^` + cellFile + `:\d+:\d+: panic`)

type stdoutWriter struct{ c *cellIO }

func (w stdoutWriter) Write(p []byte) (int, error) { w.c.stream("stdout", p); return len(p), nil }

type stderrWriter struct{ c *cellIO }

func (w stderrWriter) Write(p []byte) (int, error) {
	if panicLine.Match(p) {
		w.c.mu.Lock()
		w.c.trace = append(w.c.trace, strings.TrimRight(string(p), "\n"))
		w.c.mu.Unlock()
		return len(p), nil
	}
	w.c.stream("stderr", p)
	return len(p), nil
}

// inputFailed is the error a read of os.Stdin returns when the frontend gave no line: io.EOF
// when the cell was interrupted, else err itself (the frontend does not allow input,
// say), which the cell is also told once on its stderr, since `fmt.Scanln(&x)` ignores it.
func (c *cellIO) inputFailed(ctx context.Context, o kernel.Output, err error) error {
	if ctx != nil && ctx.Err() != nil {
		return io.EOF
	}
	c.mu.Lock()
	told := c.noIn
	c.noIn = true
	c.mu.Unlock()
	if !told {
		o.Stream("stderr", err.Error()+"\n")
	}
	return err
}

// stdinReader asks the frontend for a line (input_request) whenever a cell reads os.Stdin
// and nothing is buffered.
type stdinReader struct{ c *cellIO }

func (r stdinReader) Read(p []byte) (int, error) {
	c := r.c
	c.mu.Lock()
	if c.inbuf == "" {
		o, ctx := c.out, c.ctx
		c.mu.Unlock()
		if o == nil {
			return 0, io.EOF
		}
		line, err := o.Input(ctx, "", false)
		if err != nil {
			return 0, c.inputFailed(ctx, o, err)
		}
		c.mu.Lock()
		c.inbuf = line + "\n"
	}
	n := copy(p, c.inbuf)
	c.inbuf = c.inbuf[n:]
	c.mu.Unlock()
	return n, nil
}
