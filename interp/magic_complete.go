package interp

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Completion and is_complete for cells with magics.

// completeMagic completes a magic's name when the cursor is in one at the start of a line,
// a file name in a shell line (as a shell would) and a variable name after %env; ok is
// false where Go completion applies, as in the statement of %time and %timeit.
func (e *Evaluator) completeMagic(code string, cursor int) (matches []string, start, end int, ok bool) {
	b := runeToByte(code, cursor)
	ls := strings.LastIndexByte(code[:b], '\n') + 1
	line := code[ls:b]
	indent := len(line) - len(strings.TrimLeft(line, " \t"))
	word := line[indent:]
	switch {
	case strings.HasPrefix(word, "!"):
		arg := word[strings.LastIndexAny(word, " \t!")+1:]
		return completeFile(arg), byteToRune(code, b-len(arg)), cursor, true
	case strings.HasPrefix(word, "%env "):
		arg := strings.TrimLeft(word[len("%env "):], " ")
		if strings.ContainsAny(arg, "= \t") {
			return nil, cursor, cursor, true // a value
		}
		return e.completeEnv(arg), byteToRune(code, b-len(arg)), cursor, true
	case !strings.HasPrefix(word, "%") || strings.ContainsAny(word, " \t"):
		return nil, 0, 0, false
	}
	if ls > 0 && strings.HasPrefix(word, "%%") {
		return nil, cursor, cursor, true // a cell magic only on the first line
	}
	for _, n := range magicNames() {
		if strings.HasPrefix(n, word) {
			matches = append(matches, n)
		}
	}
	return matches, byteToRune(code, ls+indent), cursor, true
}

// completeFile lists the files whose path starts with prefix (relative to the kernel's
// working directory), directories with a trailing slash, as a shell completes them.
func completeFile(prefix string) []string {
	dir, base := filepath.Split(prefix)
	if dir == "" {
		dir = "."
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var matches []string
	for _, d := range entries {
		n := d.Name()
		if !strings.HasPrefix(n, base) || (strings.HasPrefix(n, ".") && !strings.HasPrefix(base, ".")) {
			continue
		}
		if d.IsDir() {
			n += "/"
		}
		matches = append(matches, prefix[:len(prefix)-len(base)]+n)
	}
	return matches
}

// completeEnv lists the names of the cells' environment variables that start with prefix.
func (e *Evaluator) completeEnv(prefix string) []string {
	var matches []string
	for _, kv := range e.environ() {
		if name, _, _ := strings.Cut(kv, "="); name != "" && strings.HasPrefix(name, prefix) {
			matches = append(matches, name)
		}
	}
	sort.Strings(matches)
	return matches
}

// isCompleteMagic answers is_complete for a cell with magics: a cell magic's body follows
// Go's rules (%%writefile's, IPython's: it ends with a blank line), magic lines are complete
// and the Go around them follows Go's rules.
func (e *Evaluator) isCompleteMagic(code string) (status, indent string, ok bool) {
	segs := splitMagics(code)
	if segs == nil {
		return "", "", false
	}
	if m := segs[0].magic; len(segs) == 1 && m.cell {
		switch {
		case strings.TrimSpace(m.raw) == "":
			return "incomplete", "", true
		case m.name == "writefile":
			if strings.HasSuffix(strings.TrimRight(m.raw, " \t"), "\n") {
				return "complete", "", true
			}
			return "incomplete", "", true
		}
		status, indent := e.IsComplete(m.raw)
		return status, indent, true
	}
	lines := strings.SplitAfter(code, "\n")
	for _, s := range segs {
		if s.magic != nil {
			lines[s.magic.line-1] = "\n"
		}
	}
	status, indent = e.IsComplete(strings.Join(lines, ""))
	return status, indent, true
}

// magicDoc is the inspection text of the magic whose name the cursor is on: its synopsis
// and help line; "" elsewhere.
func magicDoc(code string, cursor int) string {
	b := runeToByte(code, cursor)
	ls := strings.LastIndexByte(code[:b], '\n') + 1
	le := strings.IndexByte(code[b:], '\n')
	if le < 0 {
		le = len(code) - b
	}
	line := strings.TrimLeft(code[ls:b+le], " \t")
	word, _, _ := strings.Cut(line, " ")
	if b-ls > len(code[ls:b])-len(strings.TrimLeft(code[ls:b], " \t"))+len(word) {
		return "" // the cursor is past the magic's name
	}
	if strings.HasPrefix(word, "!") {
		word = "!cmd"
	}
	help, ok := magicHelp(word)
	if !ok {
		return ""
	}
	return word + magicArgs[word] + "\n\n" + help
}
