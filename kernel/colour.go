package kernel

import (
	"regexp"
	"strings"
)

// ANSI colours of tracebacks, as ipykernel's (IPython's "Linux" scheme).
const (
	ansiRed   = "\x1b[0;31m"
	ansiGreen = "\x1b[0;32m"
	ansiReset = "\x1b[0m"
)

// cellPosition matches the position that starts a traceback line: cell:LINE or cell:LINE:COL.
var cellPosition = regexp.MustCompile(`^cell:\d+(:\d+)?:`)

// colourTraceback colours an error's traceback as ipykernel does, so the error stands apart
// from the cell's output in every front end: the error's name (or "panic") in red where a
// line starts with it, cell positions in green; a first line that is neither is red as a
// whole. Lines that already carry ANSI codes are kept as they are.
func colourTraceback(name string, lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		switch {
		case strings.Contains(l, "\x1b["):
			out[i] = l
		case name != "" && strings.HasPrefix(l, name+":"):
			out[i] = ansiRed + name + ansiReset + l[len(name):]
		case strings.HasPrefix(l, "panic:"):
			out[i] = ansiRed + "panic" + ansiReset + l[len("panic"):]
		case cellPosition.MatchString(l):
			n := len(cellPosition.FindString(l)) - 1
			out[i] = ansiGreen + l[:n] + ansiReset + l[n:]
		case i == 0 && l != "":
			out[i] = ansiRed + l + ansiReset
		default:
			out[i] = l
		}
	}
	return out
}
