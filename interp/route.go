package interp

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/gotape/gotape/kernel"
)

// routedOutput is the kernel.Output of one cell as the cell's goroutines see it: while
// the cell runs, the cell's own Output; after it ended, the running cell's Output, with
// text on stderr tagged "[goroutine of «first line of the cell»]" and displays tagged in
// their metadata (gotape_from_cell); between cells the output is held for the next cell.
// A late clear_output is dropped (it would clear another cell) and a late stdin read
// fails.
type routedOutput struct {
	c     *cellIO
	cell  int64
	title string
}

type routedKey struct{}

// withRouted returns a copy of ctx that carries r (bound to the cell's goroutine).
func withRouted(ctx context.Context, r *routedOutput) context.Context {
	return context.WithValue(ctx, routedKey{}, r)
}

// routedFrom returns the routed Output ctx carries, or nil.
func routedFrom(ctx context.Context) *routedOutput {
	if ctx == nil {
		return nil
	}
	r, _ := ctx.Value(routedKey{}).(*routedOutput)
	return r
}

// target returns the Output to write to now and whether the write is late; with a nil
// Output, the write is to be held (and c.mu is still held: the caller calls hold and
// unlocks).
func (r *routedOutput) target() (kernel.Output, bool) {
	c := r.c
	c.mu.Lock()
	o, late := c.out, c.cell != r.cell
	if o == nil {
		return nil, true
	}
	c.mu.Unlock()
	return o, late
}

func (r *routedOutput) tag() string { return "[goroutine of «" + r.title + "»] " }

func (r *routedOutput) Stream(name, text string) {
	o, late := r.target()
	if late {
		name, text = "stderr", r.tag()+text
	}
	if o == nil {
		r.c.hold(len(text), func(o kernel.Output) { o.Stream(name, text) })
		r.c.mu.Unlock()
		return
	}
	o.Stream(name, text)
}

func (r *routedOutput) Display(b kernel.Bundle, displayID string, update bool) {
	o, late := r.target()
	if late {
		md := map[string]any{}
		for k, v := range b.Metadata {
			md[k] = v
		}
		md["gotape_from_cell"] = r.title
		b.Metadata = md
	}
	if o == nil {
		r.c.hold(1<<10, func(o kernel.Output) { o.Display(b, displayID, update) })
		r.c.mu.Unlock()
		return
	}
	o.Display(b, displayID, update)
}

func (r *routedOutput) ClearOutput(wait bool) {
	o, late := r.target()
	if o == nil {
		r.c.mu.Unlock()
		return
	}
	if !late {
		o.ClearOutput(wait)
	}
}

func (r *routedOutput) Input(ctx context.Context, prompt string, password bool) (string, error) {
	o, late := r.target()
	if o == nil {
		r.c.mu.Unlock()
	}
	if late {
		return "", errors.New("interp: a goroutine of a cell that has ended cannot read input")
	}
	return o.Input(ctx, prompt, password)
}

// cellTitle is the first non-blank line of a cell, shortened, to name the cell in tags.
func cellTitle(code string) string {
	for _, l := range strings.Split(code, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			if utf8.RuneCountInString(l) > 40 {
				l = string([]rune(l)[:39]) + "…"
			}
			return l
		}
	}
	return ""
}
