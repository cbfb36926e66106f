package display

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"image"
	"image/png"
	"reflect"
	"strings"
)

// MIME types used in bundles.
const (
	MIMEText     = "text/plain"
	MIMEHTML     = "text/html"
	MIMEMarkdown = "text/markdown"
	MIMELaTeX    = "text/latex"
	MIMESVG      = "image/svg+xml"
	MIMEPNG      = "image/png"
	MIMEJPEG     = "image/jpeg"
	MIMEJSON     = "application/json"
)

// MIMEBundle maps MIME types to data ready for the wire: text types and SVG as strings,
// PNG and JPEG as base64 strings, JSON as any JSON-encodable value. Bundles returned by
// Render always hold "text/plain".
type MIMEBundle map[string]any

// HTMLer is implemented by values with an HTML representation (text/html).
type HTMLer interface{ HTML() string }

// Markdowner is implemented by values with a Markdown representation (text/markdown).
type Markdowner interface{ Markdown() string }

// LaTeXer is implemented by values with a LaTeX representation (text/latex), including
// its math delimiters, e.g. "$x^2$".
type LaTeXer interface{ LaTeX() string }

// SVGer is implemented by values that draw themselves as an SVG document (image/svg+xml).
type SVGer interface{ SVG() string }

// PNGer is implemented by values that encode themselves as a PNG image (raw bytes).
type PNGer interface{ PNG() []byte }

// JPEGer is implemented by values that encode themselves as a JPEG image (raw bytes).
type JPEGer interface{ JPEG() []byte }

// JSONer is implemented by values with a JSON representation (application/json).
type JSONer interface{ JSON() any }

// MIMEer is implemented by values that build their whole bundle themselves. Binary data
// in the bundle must already be base64-encoded. Render adds "text/plain" if it is missing.
type MIMEer interface{ MIME() MIMEBundle }

// Render returns the MIME bundle for v. A MIMEBundle is returned as a copy; a MIMEer
// supplies its own bundle; otherwise every representation v offers is added: the
// one-method interfaces, tape tensors, variables and tapes, and image.Image (as PNG).
// "text/plain" is String() or Error() when v has one, else fmt's %v.
func Render(v any) MIMEBundle {
	b := MIMEBundle{}
	switch x := v.(type) {
	case MIMEBundle:
		for k, d := range x {
			b[k] = d
		}
	default:
		if renderKnown(v, b) || isNilPointer(v) {
			break
		}
		if m, ok := v.(MIMEer); ok {
			for k, d := range m.MIME() {
				b[k] = d
			}
			break
		}
		if h, ok := v.(HTMLer); ok {
			b[MIMEHTML] = h.HTML()
		}
		if m, ok := v.(Markdowner); ok {
			b[MIMEMarkdown] = m.Markdown()
		}
		if l, ok := v.(LaTeXer); ok {
			b[MIMELaTeX] = l.LaTeX()
		}
		if s, ok := v.(SVGer); ok {
			b[MIMESVG] = s.SVG()
		}
		if p, ok := v.(PNGer); ok {
			b[MIMEPNG] = base64.StdEncoding.EncodeToString(p.PNG())
		}
		if j, ok := v.(JPEGer); ok {
			b[MIMEJPEG] = base64.StdEncoding.EncodeToString(j.JPEG())
		}
		if j, ok := v.(JSONer); ok {
			b[MIMEJSON] = j.JSON()
		}
		if img, ok := v.(image.Image); ok && b[MIMEPNG] == nil {
			b[MIMEPNG] = base64.StdEncoding.EncodeToString(encodePNG(img))
		}
	}
	if _, ok := b[MIMEText]; !ok {
		b[MIMEText] = plainText(v)
	}
	return b
}

// plainText is the text/plain form of v.
func plainText(v any) string {
	switch x := v.(type) {
	case nil:
		return "<nil>"
	case fmt.Stringer:
		if isNilPointer(v) {
			return "<nil>"
		}
		return x.String()
	case error:
		if isNilPointer(v) {
			return "<nil>"
		}
		return x.Error()
	case image.Image:
		r := x.Bounds()
		return fmt.Sprintf("<image %dx%d>", r.Dx(), r.Dy())
	}
	return fmt.Sprintf("%v", v)
}

// isNilPointer reports whether v is a typed nil pointer (calling its methods may panic).
func isNilPointer(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

func encodePNG(img image.Image) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(fmt.Errorf("display: encoding PNG: %w", err))
	}
	return buf.Bytes()
}

// imageSize returns "WxH" for encoded PNG/JPEG bytes, or "" if they cannot be decoded.
func imageSize(b []byte) string {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%dx%d", cfg.Width, cfg.Height)
}

// jsonText returns indented JSON for v, or fmt's %v when v cannot be encoded.
func jsonText(v any) string {
	out, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Sprintf("%v", v)
	}
	return string(out)
}

// stripTags is a rough plain-text form of an HTML fragment.
func stripTags(s string) string {
	var out strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
			out.WriteByte(' ')
		case r == '>':
			in = false
		case !in:
			out.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(html.UnescapeString(out.String())), " ")
}

// escape escapes text for HTML and SVG.
func escape(s string) string { return html.EscapeString(s) }
