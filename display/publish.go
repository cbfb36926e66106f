package display

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"image"
	_ "image/jpeg" // JPEG sizes in text/plain
	"io"
	"os"
	"strings"
	"sync"

	"github.com/gotape/gotape/internal/cellctx"
)

// Publisher receives what a cell displays. The interpreter gives each cell one that
// forwards to the kernel, in the cell's context (WithPublisher): Publish sends display_data
// (update false) or update_display_data (update true, displayID non-empty); displayID,
// when set, goes into the message's transient display_id. Clear sends clear_output.
type Publisher interface {
	Publish(b MIMEBundle, displayID string, update bool)
	Clear(wait bool)
}

type publisherKey struct{}

// WithPublisher returns a copy of ctx whose displays go to p. The interpreter binds such
// a context to each cell's goroutine (package internal/cellctx), so the displays of a
// goroutine the cell started go to that cell's publisher even after the cell ended.
func WithPublisher(ctx context.Context, p Publisher) context.Context {
	return context.WithValue(ctx, publisherKey{}, p)
}

// PublisherFrom returns the publisher of ctx, or nil.
func PublisherFrom(ctx context.Context) Publisher {
	p, _ := ctx.Value(publisherKey{}).(Publisher)
	return p
}

var (
	pubMu sync.RWMutex
	pub   Publisher
)

// SetPublisher installs p as the destination of displays made outside any cell (a Go
// program, a test); nil restores the default, which writes text/plain to standard output.
// Inside a cell, the cell's own publisher wins.
func SetPublisher(p Publisher) {
	pubMu.Lock()
	pub = p
	pubMu.Unlock()
}

// CurrentPublisher returns the publisher of the calling goroutine's cell, else the one
// installed by SetPublisher, else the default writer.
func CurrentPublisher() Publisher {
	if ctx := cellctx.Current(); ctx != nil {
		if p := PublisherFrom(ctx); p != nil {
			return p
		}
	}
	pubMu.RLock()
	p := pub
	pubMu.RUnlock()
	if p == nil {
		return TextPublisher{W: os.Stdout}
	}
	return p
}

// TextPublisher writes the text/plain form of each bundle to W, one per line; it ignores
// clears. It is the default publisher outside a notebook.
type TextPublisher struct{ W io.Writer }

// Publish writes b's text/plain.
func (t TextPublisher) Publish(b MIMEBundle, displayID string, update bool) {
	s, _ := b[MIMEText].(string)
	fmt.Fprintln(t.W, s)
}

// Clear does nothing.
func (TextPublisher) Clear(wait bool) {}

func publish(b MIMEBundle, id string, update bool) {
	if _, ok := b[MIMEText]; !ok {
		b[MIMEText] = ""
	}
	CurrentPublisher().Publish(b, id, update)
}

// Show displays each value (display_data with Render's bundle), like IPython's display().
func Show(vs ...any) {
	for _, v := range vs {
		publish(Render(v), "", false)
	}
}

// ShowWithID displays v under a display ID, so that Update can redraw it in place.
func ShowWithID(v any, id string) { publish(Render(v), id, false) }

// Update replaces every output displayed under id with v (update_display_data).
func Update(v any, id string) {
	if id == "" {
		panic("display: Update needs a display ID")
	}
	publish(Render(v), id, true)
}

// ClearOutput clears the cell's output; with wait, the frontend clears when the next
// output arrives (no flicker).
func ClearOutput(wait bool) { CurrentPublisher().Clear(wait) }

// NewDisplayID returns a fresh random display ID.
func NewDisplayID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(fmt.Errorf("display: random ID: %w", err))
	}
	return "gotape-" + hex.EncodeToString(b[:])
}

// HTML displays an HTML fragment.
func HTML(s string) { publish(HTMLBundle(s), "", false) }

// Markdown displays Markdown text.
func Markdown(s string) { publish(MIMEBundle{MIMEMarkdown: s, MIMEText: s}, "", false) }

// LaTeX displays LaTeX math. Text without a $ delimiter is wrapped in $$ … $$.
func LaTeX(s string) {
	if !strings.Contains(s, "$") && !strings.HasPrefix(strings.TrimSpace(s), `\begin`) {
		s = "$$" + s + "$$"
	}
	publish(MIMEBundle{MIMELaTeX: s, MIMEText: s}, "", false)
}

// SVG displays an SVG document.
func SVG(s string) { publish(MIMEBundle{MIMESVG: s, MIMEText: "<SVG image>"}, "", false) }

// PNG displays PNG-encoded bytes.
func PNG(b []byte) { publish(imageBundle(MIMEPNG, b), "", false) }

// JPEG displays JPEG-encoded bytes.
func JPEG(b []byte) { publish(imageBundle(MIMEJPEG, b), "", false) }

// JSON displays a JSON-encodable value (the frontend shows an expandable tree).
func JSON(v any) { publish(MIMEBundle{MIMEJSON: v, MIMEText: jsonText(v)}, "", false) }

// Image displays an image as PNG.
func Image(img image.Image) { publish(imageBundle(MIMEPNG, encodePNG(img)), "", false) }

// HTMLBundle returns the bundle for an HTML fragment; its text/plain is the fragment's
// text without tags.
func HTMLBundle(s string) MIMEBundle {
	return MIMEBundle{MIMEHTML: s, MIMEText: stripTags(s)}
}

func imageBundle(mime string, b []byte) MIMEBundle {
	kind := strings.ToUpper(strings.TrimPrefix(mime, "image/"))
	txt := "<" + kind + " image>"
	if sz := imageSize(b); sz != "" {
		txt = "<" + kind + " image " + sz + ">"
	}
	return MIMEBundle{mime: base64.StdEncoding.EncodeToString(b), MIMEText: txt}
}
