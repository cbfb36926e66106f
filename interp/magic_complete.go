package interp

import (
	"strings"
)

// Completion and is_complete for cells with magics.

// completeMagic completes a magic's name when the cursor is in one at the start of a line
// (and offers nothing in a shell line); ok is false where Go completion applies, as in
// the statement of %time and %timeit.
func completeMagic(code string, cursor int) (matches []string, start, end int, ok bool) {
	b := runeToByte(code, cursor)
	ls := strings.LastIndexByte(code[:b], '\n') + 1
	line := code[ls:b]
	indent := len(line) - len(strings.TrimLeft(line, " \t"))
	word := line[indent:]
	switch {
	case strings.HasPrefix(word, "!"):
		return nil, cursor, cursor, true
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
