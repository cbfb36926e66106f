package supervise

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"sync"

	"github.com/gotape/gotape/kernel"
)

// A frame is a 4-byte big-endian length n, then n bytes: a kind byte and the body.
// Stream bodies are binary (cell id, stream name, text); every other body is JSON.
const (
	// parent → child
	kindExecute    byte = 'E' // request{ID, Code}
	kindInterrupt  byte = 'I' // request{ID}: cancel cell ID
	kindComplete   byte = 'C' // request{ID, Code, Cursor}
	kindInspect    byte = 'N' // request{ID, Code, Cursor, Detail}
	kindIsComplete byte = 'K' // request{ID, Code}
	kindInputReply byte = 'R' // input{Req, Value, Err}

	// child → parent
	kindReady   byte = 'y' // the evaluator is constructed; no body
	kindStream  byte = 's' // uint32 cell id, 1 byte (0 stdout, 1 stderr), text
	kindDisplay byte = 'd' // display{ID, Bundle, DisplayID, Update}
	kindClear   byte = 'c' // display{ID, Wait}
	kindInput   byte = 'i' // input{ID, Req, Prompt, Password}
	kindResult  byte = 'r' // result
	kindReply   byte = 'p' // reply to Complete, Inspect or IsComplete
)

// maxFrame bounds a frame (a corrupt length must not allocate gigabytes).
const maxFrame = 1 << 30

type request struct {
	ID     uint32 `json:"id"`
	Code   string `json:"code,omitempty"`
	Cursor int    `json:"cursor,omitempty"`
	Detail int    `json:"detail,omitempty"`
}

type reply struct {
	ID      uint32         `json:"id"`
	Matches []string       `json:"matches,omitempty"`
	Start   int            `json:"start,omitempty"`
	End     int            `json:"end,omitempty"`
	Doc     *kernel.Bundle `json:"doc,omitempty"`
	Found   bool           `json:"found,omitempty"`
	Status  string         `json:"status,omitempty"`
	Indent  string         `json:"indent,omitempty"`
}

type display struct {
	ID        uint32        `json:"id"`
	Bundle    kernel.Bundle `json:"bundle"`
	DisplayID string        `json:"display_id,omitempty"`
	Update    bool          `json:"update,omitempty"`
	Wait      bool          `json:"wait,omitempty"`
}

type input struct {
	ID       uint32 `json:"id,omitempty"` // the cell
	Req      uint32 `json:"req"`
	Prompt   string `json:"prompt,omitempty"`
	Password bool   `json:"password,omitempty"`
	Value    string `json:"value,omitempty"`
	Err      string `json:"err,omitempty"`
}

// result is the end of a cell: its result bundle or its error. An error that is not an
// *kernel.ExecError travels as its text; Canceled marks one that wraps context.Canceled.
type result struct {
	ID       uint32            `json:"id"`
	Bundle   *kernel.Bundle    `json:"bundle,omitempty"`
	Err      *kernel.ExecError `json:"err,omitempty"`
	ErrText  string            `json:"err_text,omitempty"`
	Canceled bool              `json:"canceled,omitempty"`
}

// writer sends frames; each frame is one Write, so frames of concurrent senders never
// interleave and a frame is out of the process as soon as send returns.
type writer struct {
	mu  sync.Mutex
	w   io.Writer
	buf []byte
}

func (w *writer) send(kind byte, parts ...[]byte) error {
	n := 1
	for _, p := range parts {
		n += len(p)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	b := append(w.buf[:0], 0, 0, 0, 0, kind)
	binary.BigEndian.PutUint32(b, uint32(n))
	for _, p := range parts {
		b = append(b, p...)
	}
	_, err := w.w.Write(b)
	if cap(b) <= 64<<10 { // keep a small buffer; let a large display's go
		w.buf = b
	}
	return err
}

func (w *writer) sendJSON(kind byte, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("supervise: encode %c: %w", kind, err)
	}
	return w.send(kind, body)
}

func (w *writer) sendStream(id uint32, name, text string) error {
	var head [5]byte
	binary.BigEndian.PutUint32(head[:], id)
	if name == "stderr" {
		head[4] = 1
	}
	return w.send(kindStream, head[:], []byte(text))
}

func parseStream(body []byte) (id uint32, name, text string, err error) {
	if len(body) < 5 {
		return 0, "", "", fmt.Errorf("supervise: short stream frame")
	}
	name = "stdout"
	if body[4] == 1 {
		name = "stderr"
	}
	return binary.BigEndian.Uint32(body), name, string(body[5:]), nil
}

// readFrame reads one frame. The body is valid until the next call.
func readFrame(r *bufio.Reader, buf *[]byte) (kind byte, body []byte, err error) {
	var head [4]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return 0, nil, err
	}
	n := binary.BigEndian.Uint32(head[:])
	if n == 0 || n > maxFrame {
		return 0, nil, fmt.Errorf("supervise: bad frame length %d", n)
	}
	if cap(*buf) < int(n) {
		*buf = make([]byte, n)
	}
	b := (*buf)[:n]
	if _, err := io.ReadFull(r, b); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return 0, nil, err
	}
	if n > 64<<10 {
		*buf = nil // do not keep a large display's buffer
	}
	return b[0], b[1:], nil
}

// deliver hands v to the channel that waits for request id in m, if one does (mu guards m);
// take removes the entry, for a waiter that does not remove it itself.
func deliver[V any](mu *sync.Mutex, m map[uint32]chan V, id uint32, v V, take bool) {
	mu.Lock()
	ch := m[id]
	if take {
		delete(m, id)
	}
	mu.Unlock()
	if ch != nil {
		ch <- v
	}
}
