package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"sync"
	"time"
	"unicode"
)

func handleExecute(k *Kernel, ch *channel, m *Message, c *ExecuteRequest) {
	storeHistory := !c.Silent && (c.StoreHistory == nil || *c.StoreHistory)
	stopOnError := c.StopOnError == nil || *c.StopOnError
	if storeHistory {
		k.count++
	}
	count := k.count
	if !c.Silent {
		k.publish(m, "execute_input", ExecuteInput{Code: c.Code, ExecutionCount: count})
	}

	ctx, cancel := context.WithCancel(context.Background())
	k.runMu.Lock()
	k.cancelRun = cancel
	k.runMu.Unlock()
	defer func() {
		k.runMu.Lock()
		k.cancelRun = nil
		k.runMu.Unlock()
		cancel()
	}()
	select { // an interrupt or shutdown may have come before the cell started
	case <-k.done:
		cancel()
	default:
	}

	out := k.newCellOutput(ctx, m, c.AllowStdin)
	reply := ExecuteReply{Status: "ok", ExecutionCount: count, Payload: []any{}, UserExpressions: map[string]any{}}
	var result *Bundle
	var err error
	if code := strings.TrimSpace(c.Code); code == "exit" || code == "quit" {
		// As in IPython: frontends such as jupyter console exit on this payload.
		reply.Payload = append(reply.Payload, map[string]any{"source": "ask_exit", "keepkernel": false})
	} else if sym, ok := helpRequest(c.Code); ok {
		// `fmt.Println?` pages the documentation, as `obj?` does in IPython.
		if doc, found := k.eval.Inspect(sym, len([]rune(sym)), 1); found && doc != nil {
			reply.Payload = append(reply.Payload, map[string]any{"source": "page", "data": nonNil(doc.Data), "start": 0})
		} else {
			out.Stream("stdout", "no documentation found for "+sym+"\n")
		}
	} else {
		result, err = k.run(ctx, c.Code, out)
	}
	finished := time.Now() // requests sent after seeing this cell's reply come later
	out.close()

	var resultText string
	if err != nil {
		e := asExecError(ctx, err)
		tb := colourTraceback(e.Name, nonNilStrings(e.Traceback))
		k.publish(m, "error", ErrorContent{Ename: e.Name, Evalue: e.Value, Traceback: tb})
		reply.Status, reply.Ename, reply.Evalue, reply.Traceback = "error", e.Name, e.Value, tb
	} else {
		if result != nil && len(result.Data) > 0 {
			if s, ok := result.Data["text/plain"].(string); ok {
				resultText = s
			}
			if !c.Silent {
				k.publish(m, "execute_result", ExecuteResult{ExecutionCount: count, Data: result.Data, Metadata: nonNil(result.Metadata)})
			}
		}
		for name, expr := range c.UserExpressions {
			reply.UserExpressions[name] = k.userExpression(expr)
		}
	}
	if storeHistory {
		k.hist.add(count, c.Code, resultText)
	}
	k.reply(ch, m, "execute_reply", reply)
	if err != nil && stopOnError {
		k.abortBefore = finished // requests sent before it are aborted (abort.go)
	}

}

// helpRequest recognises a help cell: a (dotted) identifier followed by "?" (Go has no
// "?" operator, so no Go code looks like this).
func helpRequest(code string) (string, bool) {
	code = strings.TrimSpace(code)
	if !strings.HasSuffix(code, "?") {
		return "", false
	}
	sym := strings.TrimSpace(strings.TrimSuffix(code, "?"))
	if sym == "" {
		return "", false
	}
	for _, part := range strings.Split(sym, ".") {
		if part == "" {
			return "", false
		}
		for i, r := range part {
			if !(r == '_' || unicode.IsLetter(r) || (i > 0 && unicode.IsDigit(r))) {
				return "", false
			}
		}
	}
	return sym, true
}

// run calls the evaluator, turning a panic into an error.
func (k *Kernel) run(ctx context.Context, code string, out Output) (res *Bundle, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &ExecError{Name: "panic", Value: fmt.Sprint(p), Traceback: append([]string{fmt.Sprintf("panic: %v", p)}, strings.Split(string(debug.Stack()), "\n")...)}
		}
	}()
	return k.eval.Execute(ctx, code, out)
}

// asExecError gives any error the shape the frontend shows.
func asExecError(ctx context.Context, err error) *ExecError {
	var e *ExecError
	if errors.As(err, &e) {
		return e
	}
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		return &ExecError{Name: "Interrupted", Value: "execution interrupted", Traceback: []string{"Interrupted: execution interrupted"}}
	}
	return &ExecError{Name: "Error", Value: err.Error(), Traceback: []string{err.Error()}}
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// userExpression evaluates one user_expressions entry silently.
func (k *Kernel) userExpression(expr string) map[string]any {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	res, err := k.run(ctx, expr, discardOutput{})
	if err != nil {
		e := asExecError(ctx, err)
		return map[string]any{"status": "error", "ename": e.Name, "evalue": e.Value, "traceback": nonNilStrings(e.Traceback)}
	}
	data, meta := map[string]any{}, map[string]any{}
	if res != nil {
		data, meta = nonNil(res.Data), nonNil(res.Metadata)
	}
	return map[string]any{"status": "ok", "data": data, "metadata": meta}
}

// discardOutput drops everything (user expressions).
type discardOutput struct{}

func (discardOutput) Stream(string, string)        {}
func (discardOutput) Display(Bundle, string, bool) {}
func (discardOutput) ClearOutput(bool)             {}
func (discardOutput) Input(context.Context, string, bool) (string, error) {
	return "", ErrNoStdin
}

// maxPending is the buffered stream text that forces a flush.
const maxPending = 64 << 10

// cellOutput publishes a running cell's output on iopub. Stream writes are coalesced
// for at most FlushDelay; any other output flushes them first to keep the order.
type cellOutput struct {
	k          *Kernel
	ctx        context.Context
	parent     *Message
	allowStdin bool

	mu     sync.Mutex
	name   string // stream of buf
	buf    strings.Builder
	timer  *time.Timer
	closed bool
}

func (k *Kernel) newCellOutput(ctx context.Context, parent *Message, allowStdin bool) *cellOutput {
	return &cellOutput{k: k, ctx: ctx, parent: parent, allowStdin: allowStdin}
}

// Stream implements Output.
func (o *cellOutput) Stream(name, text string) {
	if text == "" {
		return
	}
	if name != "stderr" {
		name = "stdout"
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.buf.Len() > 0 && name != o.name {
		o.flushLocked()
	}
	o.name = name
	o.buf.WriteString(text)
	switch {
	case o.closed || o.buf.Len() >= maxPending:
		o.flushLocked()
	case o.timer == nil:
		o.timer = time.AfterFunc(o.k.cfg.FlushDelay, o.flush)
	}
}

func (o *cellOutput) flush() {
	o.mu.Lock()
	o.flushLocked()
	o.mu.Unlock()
}

func (o *cellOutput) flushLocked() {
	if o.timer != nil {
		o.timer.Stop()
		o.timer = nil
	}
	if o.buf.Len() == 0 {
		return
	}
	text := o.buf.String()
	o.buf.Reset()
	o.k.publish(o.parent, "stream", Stream{Name: o.name, Text: text})
}

// Display implements Output.
func (o *cellOutput) Display(b Bundle, displayID string, update bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.flushLocked()
	d := DisplayData{Data: nonNil(b.Data), Metadata: nonNil(b.Metadata), Transient: map[string]any{}}
	if displayID != "" {
		d.Transient["display_id"] = displayID
	}
	if update && displayID != "" {
		o.k.publish(o.parent, "update_display_data", d)
		return
	}
	o.k.publish(o.parent, "display_data", d)
}

// ClearOutput implements Output.
func (o *cellOutput) ClearOutput(wait bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.flushLocked()
	o.k.publish(o.parent, "clear_output", ClearOutput{Wait: wait})
}

// Input implements Output: an input_request on the stdin channel, answered by input_reply.
func (o *cellOutput) Input(ctx context.Context, prompt string, password bool) (string, error) {
	if !o.allowStdin {
		return "", ErrNoStdin
	}
	o.mu.Lock()
	// Output not yet sent goes out first. An unfinished last line of stdout (fmt.Print("name? ")
	// before fmt.Scanln) becomes the prompt, so the front end shows it beside the input box:
	// iopub and stdin are separate sockets, and a stream sent just before the request may
	// arrive after it.
	if text := o.buf.String(); prompt == "" && o.name == "stdout" && !strings.HasSuffix(text, "\n") {
		i := strings.LastIndexByte(text, '\n') + 1
		prompt = text[i:]
		o.buf.Reset()
		o.buf.WriteString(text[:i])
	}
	o.flushLocked()
	o.mu.Unlock()
	k := o.k
	k.inputMu.Lock()
	defer k.inputMu.Unlock()
	select { // drop a stale reply
	case <-k.stdinReplies:
	default:
	}
	m, err := NewMessage("input_request", k.session, o.parent, InputRequest{Prompt: prompt, Password: password})
	if err != nil {
		return "", err
	}
	k.send(k.t.Stdin, m)
	select {
	case r := <-k.stdinReplies:
		var c InputReply
		if err := json.Unmarshal(r.Content, &c); err != nil {
			return "", fmt.Errorf("kernel: bad input_reply: %w", err)
		}
		return c.Value, nil
	case <-ctx.Done():
		return "", ctx.Err()
	case <-o.ctx.Done():
		return "", o.ctx.Err()
	}
}

// ErrNoStdin is what reading stdin gives when the frontend does not allow input requests
// (allow_stdin false: nbconvert, a notebook's "Run All" in some frontends, user expressions).
var ErrNoStdin = errors.New("kernel: reading stdin: this frontend does not allow input requests (allow_stdin is false), so os.Stdin has nothing to read")

// close flushes pending output; later writes (stray goroutines) are sent at once.
func (o *cellOutput) close() {
	o.mu.Lock()
	o.flushLocked()
	o.closed = true
	o.mu.Unlock()
}
