package interp

import (
	"context"

	"github.com/gotape/gotape/display"
	"github.com/gotape/gotape/kernel"
)

// publisher forwards display calls of a cell to its Output.
type publisher struct{ out kernel.Output }

func (p publisher) Publish(b display.MIMEBundle, displayID string, update bool) {
	p.out.Display(kernel.Bundle{Data: map[string]any(b), Metadata: map[string]any{}}, displayID, update)
}

func (p publisher) Clear(wait bool) { p.out.ClearOutput(wait) }

// display: display.Show and friends publish to the cell whose goroutine calls them (the
// publisher is a value of the cell's context); results get the rich forms of
// display.Render.
func init() {
	hooks = append(hooks, hook{
		context: func(ctx context.Context, out kernel.Output) context.Context {
			return display.WithPublisher(ctx, publisher{out})
		},
		render: func(v any) map[string]any {
			return map[string]any(display.Render(v))
		},
	})
}
