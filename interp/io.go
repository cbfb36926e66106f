package interp

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"

	"github.com/gotape/gotape/internal/cellctx"
	"github.com/gotape/gotape/kernel"
)

// cellIO routes the interpreter's stdout, stderr and stdin to the running cell's Output.
// Each cell's goroutine carries the cell's context (internal/cellctx), which the
// goroutines it starts inherit; writes are attributed through it (routedOutput): output
// of a goroutine whose cell has ended goes to the running cell on stderr, tagged with the
// cell that started it, or is held for the next cell. Stdin reads between cells return
// io.EOF.
type cellIO struct {
	mu    sync.Mutex
	out   kernel.Output
	ctx   context.Context
	cell  int64    // the running cell, 0 between cells
	trace []string // yaegi's "cell:L:C: panic: f(...)" frame lines of the current cell
	inbuf string   // unread part of the last input line
	noIn  bool     // this cell was told that stdin is not available

	held      []func(kernel.Output) // late output waiting for the next cell
	heldBytes int
	dropped   int // late bytes dropped because too much was held
}

// maxHeld bounds the late output held between cells (bytes of text; a display counts 1 KB).
const maxHeld = 1 << 20

// begin connects the streams to cell's out, first delivering the late output held since
// the previous cell, and returns the cell's routed Output.
func (c *cellIO) begin(ctx context.Context, out kernel.Output, cell int64, code string) *routedOutput {
	c.mu.Lock()
	c.out, c.ctx, c.cell, c.trace, c.inbuf, c.noIn = out, ctx, cell, nil, "", false
	held, dropped := c.held, c.dropped
	c.held, c.heldBytes, c.dropped = nil, 0, 0
	c.mu.Unlock()
	for _, f := range held {
		f(out)
	}
	if dropped > 0 {
		out.Stream("stderr", fmt.Sprintf("[%d more bytes of output of goroutines of earlier cells were dropped]\n", dropped))
	}
	return &routedOutput{c: c, cell: cell, title: cellTitle(code)}
}

func (c *cellIO) end() {
	c.mu.Lock()
	c.out, c.ctx, c.cell = nil, nil, 0
	c.mu.Unlock()
}

// hold keeps late output (size bytes) for the next cell (c.mu held).
func (c *cellIO) hold(size int, f func(kernel.Output)) {
	if c.heldBytes+size > maxHeld {
		c.dropped += size
		return
	}
	c.heldBytes += size
	c.held = append(c.held, f)
}

// takeTrace returns and clears the panic frame lines collected so far.
func (c *cellIO) takeTrace() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.trace
	c.trace = nil
	return t
}

// stream writes p to the Output of the cell the calling goroutine belongs to (see
// routedOutput); output of unknown origin goes to the running cell, or is held.
func (c *cellIO) stream(name string, p []byte) {
	if len(p) == 0 {
		return
	}
	if r := routedFrom(cellctx.Current()); r != nil && r.c == c {
		r.Stream(name, string(p))
		return
	}
	c.mu.Lock()
	o := c.out
	if o == nil {
		text := string(p)
		c.hold(len(text), func(o kernel.Output) { o.Stream(name, text) })
	}
	c.mu.Unlock()
	if o != nil {
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
