package interp

import (
	"context"
	"fmt"
	"go/scanner"
	"go/token"
	"sort"
	"strings"

	"github.com/gotape/gotape/kernel"
)

// Magics and shell lines, in IPython's spelling: a thin layer before Go parsing. A line is
// a magic (`%name args`) or a shell line (`!cmd`) only where a Go statement could start:
// at the start of a line, outside brackets, strings and comments, and not continuing the
// line before (`a ||` + `!b` stays Go). A cell magic (`%%name args`) must be the cell's
// first line and takes the rest of the cell as its body. Everything else is Go, run in
// order with the magic lines between.

// magicCall is one magic or shell line of a cell.
type magicCall struct {
	name string // "time", "env", ...; "!" for a shell line
	cell bool   // a %% cell magic
	args string // the rest of the line, trimmed
	body string // a cell magic's body (the lines after it), padded to keep cell lines
	raw  string // the same body as written
	line int    // 1-based cell line of the magic
	col  int    // 1-based column of args on that line
}

// segment is a run of Go lines or one magic. Go code is padded with blank lines so that
// its positions are cell positions.
type segment struct {
	goCode string
	magic  *magicCall
}

// magic is one entry of the magic table.
type magic struct {
	help string
	run  func(e *Evaluator, ctx context.Context, m *magicCall) (*kernel.Bundle, error)
}

// lineMagics and cellMagics are filled by the magic*.go files' init functions.
var lineMagics, cellMagics = map[string]magic{}, map[string]magic{}

// splitMagics cuts code into Go segments and magic lines; nil when the cell has none.
func splitMagics(code string) []segment {
	lines := strings.SplitAfter(code, "\n")
	first := 0
	for first < len(lines) && strings.TrimSpace(lines[first]) == "" {
		first++
	}
	if first < len(lines) {
		if name, args, ok := magicLine(lines[first], "%%"); ok {
			raw := strings.Join(lines[first+1:], "")
			m := &magicCall{name: name, cell: true, args: args, line: first + 1,
				body: strings.Repeat("\n", first+1) + raw, raw: raw}
			return []segment{{magic: m}}
		}
	}
	var segs []segment
	start := 0 // first line of the current Go segment
	for i, l := range lines {
		name, args, ok := magicLine(l, "%")
		if !ok && strings.HasPrefix(strings.TrimLeft(l, " \t"), "!") {
			name, args, ok = "!", strings.TrimSpace(strings.TrimLeft(l, " \t")[1:]), true
		}
		if !ok || !goStatementBoundary(strings.Join(lines[start:i], "")) {
			continue
		}
		if src := strings.Join(lines[start:i], ""); strings.TrimSpace(src) != "" {
			segs = append(segs, segment{goCode: strings.Repeat("\n", start) + src})
		}
		col := len(strings.TrimRight(l, " \t\r\n")) - len(args) + 1 // args end the line
		segs = append(segs, segment{magic: &magicCall{name: name, args: args, line: i + 1, col: col}})
		start = i + 1
	}
	if segs == nil {
		return nil
	}
	if src := strings.Join(lines[start:], ""); strings.TrimSpace(src) != "" {
		segs = append(segs, segment{goCode: strings.Repeat("\n", start) + src})
	}
	return segs
}

// magicLine recognises prefix+name (a letter first) at the start of l, after blanks.
func magicLine(l, prefix string) (name, args string, ok bool) {
	s := strings.TrimLeft(l, " \t")
	if !strings.HasPrefix(s, prefix) {
		return "", "", false
	}
	s = s[len(prefix):]
	if s == "" || !isLetter(s[0]) {
		return "", "", false
	}
	n := strings.IndexAny(s, " \t\r\n")
	if n < 0 {
		n = len(s)
	}
	return s[:n], strings.TrimSpace(s[n:]), true
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' }

// goStatementBoundary reports whether a new statement may start after src: no bracket,
// raw string or comment is open and the last token does not continue the line.
func goStatementBoundary(src string) bool {
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(src))
	var s scanner.Scanner
	open := false
	s.Init(file, []byte(src), func(_ token.Position, msg string) {
		if strings.Contains(msg, "not terminated") {
			open = true
		}
	}, 0)
	depth := 0
	last := token.SEMICOLON
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		}
		if tok != token.SEMICOLON || lit != "\n" {
			last = tok
		}
	}
	return !open && depth <= 0 && !continues(last)
}

// executeMagics runs a cell that has magic lines: its segments in order. Every Go segment
// is parsed first, so a syntax error anywhere runs nothing. The cell's result is the last
// segment's.
func (e *Evaluator) executeMagics(ctx context.Context, segs []segment) (*kernel.Bundle, error) {
	for _, s := range segs {
		if s.magic == nil {
			if _, err := parseCell(e.i.FileSet(), s.goCode); err != nil {
				return nil, compileError(err)
			}
			continue
		}
		if _, err := findMagic(s.magic); err != nil {
			return nil, err
		}
	}
	var res *kernel.Bundle
	for _, s := range segs {
		var err error
		if s.magic == nil {
			res, err = e.runGo(ctx, s.goCode)
		} else {
			m, _ := findMagic(s.magic)
			res, err = m.run(e, ctx, s.magic)
		}
		if err != nil {
			return nil, err
		}
	}
	return res, nil
}

// findMagic looks a call up in the tables; an unknown name is a UsageError listing the
// known ones.
func findMagic(c *magicCall) (magic, error) {
	table, kind, pre := lineMagics, "Line", "%"
	if c.cell {
		table, kind, pre = cellMagics, "Cell", "%%"
	}
	if c.name == "!" {
		return shellMagic, nil
	}
	if m, ok := table[c.name]; ok {
		return m, nil
	}
	msg := fmt.Sprintf("%s magic function `%s%s` not found. Known: %s (%%help describes them)",
		kind, pre, c.name, strings.Join(magicNames(), ", "))
	return magic{}, &kernel.ExecError{Name: "UsageError", Value: msg, Traceback: []string{"UsageError: " + msg}}
}

// magicNames lists every magic as written: %%cell ones, %line ones, then !cmd.
func magicNames() []string {
	var out []string
	for n := range cellMagics {
		out = append(out, "%%"+n)
	}
	for n := range lineMagics {
		out = append(out, "%"+n)
	}
	sort.Slice(out, func(i, j int) bool {
		return strings.TrimLeft(out[i], "%") < strings.TrimLeft(out[j], "%") ||
			strings.TrimLeft(out[i], "%") == strings.TrimLeft(out[j], "%") && out[i] < out[j]
	})
	return append(out, "!cmd")
}

// usage is the error of a magic called with wrong arguments.
func usage(format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	return &kernel.ExecError{Name: "UsageError", Value: msg, Traceback: []string{"UsageError: " + msg}}
}

// printf writes to the running cell's stdout.
func (e *Evaluator) printf(format string, args ...any) {
	e.io.stream("stdout", []byte(fmt.Sprintf(format, args...)))
}

// Every magic, registered in one place (in init: %help reads the tables it is listed in);
// each runs in the file named above its lines.
func init() {
	lineMagics["help"] = magic{help: "list the magics, one line each", run: runHelp}
	lineMagics["lsmagic"] = magic{help: "the same as %help", run: runHelp}
	// magic_go.go
	lineMagics["go"] = magic{help: "fetch a pure-Go module for later cells (kept across restarts): %go get github.com/google/uuid@v1.6.0", run: runGoMagic}
	// magic_shell.go
	lineMagics["env"] = magic{help: "list the environment, show NAME, or set NAME=VALUE (cells and !cmd see it)", run: runEnv}
	cellMagics["writefile"] = magic{help: "write the cell's body to FILE (-a appends)", run: runWritefile}
	// magic_state.go
	lineMagics["who"] = magic{help: "list the names cells declared, with their types", run: runWho}
	lineMagics["reset"] = magic{help: "forget every name: a fresh interpreter in the same kernel (fetched modules stay)", run: runReset}
	// magic_time.go
	lineMagics["time"] = magic{help: "run STMT once and print its CPU and wall times (an expression's value is the result)", run: runTime}
	cellMagics["time"] = magic{help: "run the cell once and print its CPU and wall times", run: runTime}
	lineMagics["timeit"] = magic{help: "time STMT over auto-ranged loops: mean ± std. dev. of 7 runs", run: runTimeit}
	cellMagics["timeit"] = magic{help: "the same for the cell's body", run: runTimeit}
}

func runHelp(e *Evaluator, _ context.Context, _ *magicCall) (*kernel.Bundle, error) {
	var b strings.Builder
	b.WriteString("Magics (at the start of a line; a %% magic on the cell's first line takes the rest of the cell):\n")
	for _, n := range magicNames() {
		help, _ := magicHelp(n)
		fmt.Fprintf(&b, "  %-28s %s\n", n+magicArgs[n], help)
	}
	e.printf("%s", b.String())
	return nil, nil
}

// magicHelp returns the help line of a magic as written ("%%time", "%env", "!cmd").
func magicHelp(n string) (string, bool) {
	var m magic
	var ok bool
	switch {
	case n == "!cmd":
		m, ok = shellMagic, true
	case strings.HasPrefix(n, "%%"):
		m, ok = cellMagics[n[2:]]
	case strings.HasPrefix(n, "%"):
		m, ok = lineMagics[n[1:]]
	}
	return m.help, ok
}

// magicArgs are the argument synopses shown by %help.
var magicArgs = map[string]string{
	"%time": " STMT", "%timeit": " [-n N] [-r R] STMT", "%%timeit": " [-n N] [-r R]",
	"%env": " [NAME[=VALUE]]", "%%writefile": " [-a] FILE", "%go": " get MODULE@VERSION",
	"%reset": " [-f]",
}
