package kerneltest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/gotape/gotape/kernel"
)

// Evaluator is a scripted kernel.Evaluator for protocol tests. A cell is a list of
// commands, one per line:
//
//	print TEXT         TEXT and a newline on stdout
//	eprint TEXT        the same on stderr
//	write TEXT         TEXT on stdout, no newline
//	sleep DURATION     wait (returns ctx.Err() when interrupted)
//	error NAME VALUE   fail with *kernel.ExecError
//	panic TEXT         panic
//	input PROMPT       read a line from stdin and print "got: LINE"
//	display MIME TEXT  display_data {MIME: TEXT, text/plain: TEXT}
//	update ID TEXT     display (first) or update_display_data of ID
//	clear              clear_output
//	result TEXT        the cell's result is text/plain TEXT (must be last)
//
// Blank lines are ignored; anything else is a compile-style error.
type Evaluator struct{}

var _ kernel.Evaluator = Evaluator{}

// Words are the completion candidates.
var Words = []string{"clear", "display", "eprint", "error", "input", "panic", "print", "result", "sleep", "update", "write"}

// Execute implements kernel.Evaluator.
func (Evaluator) Execute(ctx context.Context, code string, out kernel.Output) (*kernel.Bundle, error) {
	var result *kernel.Bundle
	shown := map[string]bool{}
	for n, line := range strings.Split(code, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		cmd, arg, _ := strings.Cut(line, " ")
		switch cmd {
		case "print":
			out.Stream("stdout", arg+"\n")
		case "eprint":
			out.Stream("stderr", arg+"\n")
		case "write":
			out.Stream("stdout", arg)
		case "sleep":
			d, err := time.ParseDuration(arg)
			if err != nil {
				return nil, &kernel.ExecError{Name: "SyntaxError", Value: err.Error()}
			}
			select {
			case <-time.After(d):
			case <-ctx.Done():
				return nil, ctx.Err()
			}
		case "error":
			name, val, _ := strings.Cut(arg, " ")
			return nil, &kernel.ExecError{Name: name, Value: val, Traceback: []string{fmt.Sprintf("%s: %s (line %d)", name, val, n+1)}}
		case "panic":
			panic(arg)
		case "input":
			s, err := out.Input(ctx, arg, false)
			if err != nil {
				return nil, err
			}
			out.Stream("stdout", "got: "+s+"\n")
		case "display":
			mime, text, _ := strings.Cut(arg, " ")
			out.Display(kernel.Bundle{Data: map[string]any{mime: text, "text/plain": text}}, "", false)
		case "update":
			id, text, _ := strings.Cut(arg, " ")
			out.Display(kernel.Bundle{Data: map[string]any{"text/plain": text}}, id, shown[id])
			shown[id] = true
		case "clear":
			out.ClearOutput(false)
		case "result":
			result = &kernel.Bundle{Data: map[string]any{"text/plain": arg}}
		default:
			return nil, &kernel.ExecError{Name: "SyntaxError", Value: fmt.Sprintf("unknown command %q", cmd), Traceback: []string{fmt.Sprintf("line %d: unknown command %q", n+1, cmd)}}
		}
	}
	return result, nil
}

// wordAt returns the rune range of the identifier that ends at or contains cursor.
func wordAt(code string, cursor int) (string, int, int) {
	r := []rune(code)
	if cursor > len(r) || cursor < 0 {
		cursor = len(r)
	}
	start, end := cursor, cursor
	for start > 0 && (unicode.IsLetter(r[start-1]) || r[start-1] == '_') {
		start--
	}
	for end < len(r) && (unicode.IsLetter(r[end]) || r[end] == '_') {
		end++
	}
	return string(r[start:end]), start, end
}

// Complete implements kernel.Evaluator: command names with the prefix before cursor.
func (Evaluator) Complete(code string, cursor int) ([]string, int, int) {
	r := []rune(code)
	if cursor > len(r) || cursor < 0 {
		cursor = len(r)
	}
	_, start, _ := wordAt(code, cursor)
	prefix := string(r[start:cursor])
	var m []string
	for _, w := range Words {
		if strings.HasPrefix(w, prefix) {
			m = append(m, w)
		}
	}
	sort.Strings(m)
	return m, start, cursor
}

// Inspect implements kernel.Evaluator: a line of help for a command name.
func (Evaluator) Inspect(code string, cursor, _ int) (*kernel.Bundle, bool) {
	w, _, _ := wordAt(code, cursor)
	for _, x := range Words {
		if x == w {
			return &kernel.Bundle{Data: map[string]any{"text/plain": w + ": a kerneltest command"}}, true
		}
	}
	return nil, false
}

// IsComplete implements kernel.Evaluator: a trailing "\" means incomplete, an unknown
// command invalid.
func (Evaluator) IsComplete(code string) (string, string) {
	if strings.HasSuffix(strings.TrimRight(code, " "), `\`) {
		return "incomplete", "  "
	}
	for _, line := range strings.Split(code, "\n") {
		cmd, _, _ := strings.Cut(strings.TrimSpace(line), " ")
		if cmd == "" {
			continue
		}
		ok := false
		for _, w := range Words {
			ok = ok || w == cmd
		}
		if !ok {
			return "invalid", ""
		}
	}
	return "complete", ""
}
