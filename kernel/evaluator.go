package kernel

import "context"

// Bundle is a MIME bundle: data keyed by MIME type ("text/plain", "text/html", "image/png"
// as base64, "application/json" as any JSON value), with optional metadata.
type Bundle struct {
	Data     map[string]any `json:"data"`
	Metadata map[string]any `json:"metadata"`
}

// Evaluator runs cells for the kernel. The kernel never knows how code is run; the yaegi
// evaluator in package interp is the production implementation.
type Evaluator interface {
	// Execute runs one cell. Output produced while it runs goes to out as it happens.
	// result is the value of a trailing expression (nil when there is none).
	// A failed cell returns a non-nil error; an *ExecError gives the frontend ename,
	// evalue and traceback. Execute must return promptly after ctx is cancelled
	// (interrupt), leaving the evaluator usable.
	Execute(ctx context.Context, code string, out Output) (result *Bundle, err error)
	// Complete returns completion matches for code at cursor (a rune offset) and the
	// rune range [start, end) of code they replace.
	Complete(code string, cursor int) (matches []string, start, end int)
	// Inspect returns documentation for the symbol at cursor (rune offset), or found=false.
	Inspect(code string, cursor, detailLevel int) (doc *Bundle, found bool)
	// IsComplete reports "complete", "incomplete", "invalid" or "unknown", and for
	// "incomplete" the indent to use on the next line.
	IsComplete(code string) (status, indent string)
}

// Output receives what a running cell produces. Implementations are safe for concurrent use.
type Output interface {
	// Stream writes text to "stdout" or "stderr".
	Stream(name, text string)
	// Display publishes a bundle as display_data; with update true it is an
	// update_display_data for displayID (which must then be non-empty).
	Display(b Bundle, displayID string, update bool)
	// ClearOutput clears the cell's output (wait: clear when the next output arrives).
	ClearOutput(wait bool)
	// Input asks the frontend for a line of input (stdin channel). It returns an error
	// when the frontend does not allow stdin or the request is cancelled.
	Input(ctx context.Context, prompt string, password bool) (string, error)
}

// ExecError is a cell error as the frontend shows it.
type ExecError struct {
	Name      string   // ename, e.g. "panic", "CompileError", "Interrupted"
	Value     string   // evalue
	Traceback []string // lines, may contain ANSI colour codes
}

func (e *ExecError) Error() string { return e.Name + ": " + e.Value }
