package kernel

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
)

// histEntry is one executed cell.
type histEntry struct {
	Session int    `json:"session"`
	Line    int    `json:"line"`
	Input   string `json:"input"`
	Output  string `json:"output,omitempty"`
}

// history keeps executed cells in memory and, when file is set, appends them to a JSON
// lines file so later sessions see them.
type history struct {
	mu      sync.Mutex
	session int
	entries []histEntry
	file    string
}

func newHistory(file string) (*history, error) {
	h := &history{session: 1, file: file}
	if file == "" {
		return h, nil
	}
	f, err := os.OpenFile(file, os.O_RDWR|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("kernel: history: %w", err)
	}
	defer f.Close()
	// Kernels started at once (two notebooks) take turns, so that each numbers its session
	// after the others': the session's first line (line 0, no input) claims its number.
	defer lockFile(f)()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		var e histEntry
		if json.Unmarshal(sc.Bytes(), &e) == nil {
			if e.Line > 0 {
				h.entries = append(h.entries, e)
			}
			if e.Session >= h.session {
				h.session = e.Session + 1
			}
		}
	}
	b, _ := json.Marshal(histEntry{Session: h.session})
	if _, err := f.Write(append(b, '\n')); err != nil {
		return nil, fmt.Errorf("kernel: history: %w", err)
	}
	return h, nil
}

func (h *history) add(line int, input, output string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	e := histEntry{Session: h.session, Line: line, Input: input, Output: output}
	h.entries = append(h.entries, e)
	if h.file == "" {
		return
	}
	b, _ := json.Marshal(e)
	f, err := os.OpenFile(h.file, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return
	}
	_, _ = f.Write(append(b, '\n'))
	_ = f.Close()
}

// query answers a history_request.
func (h *history) query(r *HistoryRequest) [][]any {
	h.mu.Lock()
	defer h.mu.Unlock()
	var sel []histEntry
	switch r.HistAccessType {
	case "tail":
		sel = h.entries
		if r.Unique {
			sel = uniqueInputs(sel)
		}
		sel = lastN(sel, r.N)
	case "range":
		session := r.Session
		if session <= 0 {
			session += h.session
		}
		for _, e := range h.entries {
			if e.Session == session && e.Line >= r.Start && (r.Stop == nil || e.Line < *r.Stop) {
				sel = append(sel, e)
			}
		}
	case "search":
		pat := r.Pattern
		if pat == "" {
			pat = "*"
		}
		re := globRegexp(pat)
		for _, e := range h.entries {
			if re.MatchString(e.Input) {
				sel = append(sel, e)
			}
		}
		if r.Unique {
			sel = uniqueInputs(sel)
		}
		sel = lastN(sel, r.N)
	}
	out := make([][]any, 0, len(sel))
	for _, e := range sel {
		if r.Output {
			var o any
			if e.Output != "" {
				o = e.Output
			}
			out = append(out, []any{e.Session, e.Line, []any{e.Input, o}})
		} else {
			out = append(out, []any{e.Session, e.Line, e.Input})
		}
	}
	return out
}

func lastN(es []histEntry, n *int) []histEntry {
	if n != nil && *n >= 0 && len(es) > *n {
		return es[len(es)-*n:]
	}
	return es
}

// uniqueInputs keeps the latest entry of each distinct input, in order.
func uniqueInputs(es []histEntry) []histEntry {
	last := map[string]int{}
	for i, e := range es {
		last[e.Input] = i
	}
	var out []histEntry
	for i, e := range es {
		if last[e.Input] == i {
			out = append(out, e)
		}
	}
	return out
}

// globRegexp translates a glob (*, ?, [...]) matching the whole input, like SQLite GLOB.
func globRegexp(glob string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`(?s)^`)
	g := []rune(glob)
	for i := 0; i < len(g); i++ {
		switch c := g[i]; c {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		case '[':
			j := strings.IndexRune(string(g[i+1:]), ']')
			if j < 0 {
				b.WriteString(`\[`)
				continue
			}
			class := string(g[i+1:])[:j]
			if strings.HasPrefix(class, "^") || strings.HasPrefix(class, "!") {
				class = "^" + class[1:]
			}
			b.WriteString("[" + strings.ReplaceAll(class, `\`, `\\`) + "]")
			i += len([]rune(class)) + 1
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		return regexp.MustCompile(`^` + regexp.QuoteMeta(glob) + `$`)
	}
	return re
}

func handleHistory(k *Kernel, ch *channel, m *Message, c *HistoryRequest) {
	k.reply(ch, m, "history_reply", HistoryReply{Status: "ok", History: k.hist.query(c)})
}
