package kernel_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gotape/gotape/kernel"
	"github.com/gotape/gotape/kernel/kerneltest"
)

func TestKernelInfo(t *testing.T) {
	c := kerneltest.Start(t, kerneltest.Evaluator{})
	for _, ch := range []kerneltest.Channel{kerneltest.Shell, kerneltest.Control} {
		id := c.Send(ch, "kernel_info_request", map[string]any{})
		r := reply(t, c, ch, id, "kernel_info_reply")
		li := r["language_info"].(map[string]any)
		want := map[string]any{"name": "go", "mimetype": "text/x-go", "file_extension": ".go", "codemirror_mode": "go", "pygments_lexer": "go"}
		for k, v := range want {
			if li[k] != v {
				t.Errorf("language_info[%s] = %v, want %v", k, li[k], v)
			}
		}
		if r["status"] != "ok" || r["protocol_version"] != kernel.ProtocolVersion || r["implementation"] != "gotape" || r["banner"] == "" || len(r["help_links"].([]any)) == 0 {
			t.Errorf("kernel_info_reply = %v", r)
		}
		expect(t, "kernel_info iopub", iopub(t, c, id), busy(), idle())
	}
}

func TestExecuteSequence(t *testing.T) {
	c := kerneltest.Start(t, kerneltest.Evaluator{})
	id := execute(c, "print hello\ndisplay text/html <b>x</b>\nresult 42", nil)
	r := reply(t, c, kerneltest.Shell, id, "execute_reply")
	if r["status"] != "ok" || r["execution_count"] != 1.0 {
		t.Errorf("reply = %v", r)
	}
	expect(t, "execute", iopub(t, c, id),
		busy(),
		step{"execute_input", map[string]any{"code": "print hello\ndisplay text/html <b>x</b>\nresult 42", "execution_count": 1.0}},
		step{"stream", map[string]any{"name": "stdout", "text": "hello\n"}},
		step{"display_data", map[string]any{"data": map[string]any{"text/html": "<b>x</b>", "text/plain": "<b>x</b>"}, "metadata": map[string]any{}}},
		step{"execute_result", map[string]any{"execution_count": 1.0, "data": map[string]any{"text/plain": "42"}}},
		idle())

	// The count goes up; silent cells do not count and show no input or result.
	id = execute(c, "result 1", map[string]any{"silent": true})
	if r := reply(t, c, kerneltest.Shell, id, "execute_reply"); r["execution_count"] != 1.0 {
		t.Errorf("silent count = %v", r["execution_count"])
	}
	expect(t, "silent", iopub(t, c, id), busy(), idle())
	id = execute(c, "eprint oops\nwrite a\nwrite b\nclear\nupdate d1 v1\nupdate d1 v2", map[string]any{"user_expressions": map[string]any{"x": "result 7", "bad": "error E v"}})
	r = reply(t, c, kerneltest.Shell, id, "execute_reply")
	if r["execution_count"] != 2.0 {
		t.Errorf("count = %v", r["execution_count"])
	}
	ue := r["user_expressions"].(map[string]any)
	if x := ue["x"].(map[string]any); x["status"] != "ok" || x["data"].(map[string]any)["text/plain"] != "7" {
		t.Errorf("user_expressions x = %v", x)
	}
	if b := ue["bad"].(map[string]any); b["status"] != "error" || b["ename"] != "E" {
		t.Errorf("user_expressions bad = %v", b)
	}
	expect(t, "outputs", iopub(t, c, id),
		busy(), step{"execute_input", nil},
		step{"stream", map[string]any{"name": "stderr", "text": "oops\n"}},
		step{"stream", map[string]any{"name": "stdout", "text": "ab"}},
		step{"clear_output", map[string]any{"wait": false}},
		step{"display_data", map[string]any{"transient": map[string]any{"display_id": "d1"}}},
		step{"update_display_data", map[string]any{"transient": map[string]any{"display_id": "d1"}, "data": map[string]any{"text/plain": "v2"}}},
		idle())
}

func TestErrorAndStopOnError(t *testing.T) {
	c := kerneltest.Start(t, kerneltest.Evaluator{})
	id1 := execute(c, "sleep 50ms\nerror ValueError bad value", nil)
	id2 := execute(c, "print never", nil)
	r := reply(t, c, kerneltest.Shell, id1, "execute_reply")
	if r["status"] != "error" || r["ename"] != "ValueError" || r["evalue"] != "bad value" || len(r["traceback"].([]any)) != 1 {
		t.Errorf("error reply = %v", r)
	}
	expect(t, "error", iopub(t, c, id1), busy(), step{"execute_input", nil},
		step{"error", map[string]any{"ename": "ValueError", "evalue": "bad value", "traceback": []any{"\x1b[0;31mValueError\x1b[0m: bad value (line 2)"}}}, idle())
	if r := reply(t, c, kerneltest.Shell, id2, "execute_reply"); r["status"] != "aborted" {
		t.Errorf("queued cell: %v", r)
	}
	expect(t, "aborted", iopub(t, c, id2), busy(), idle())

	// stop_on_error false: the next cell runs.
	id1 = execute(c, "sleep 50ms\nerror E x", map[string]any{"stop_on_error": false})
	id2 = execute(c, "print ran", nil)
	reply(t, c, kerneltest.Shell, id1, "execute_reply")
	if r := reply(t, c, kerneltest.Shell, id2, "execute_reply"); r["status"] != "ok" {
		t.Errorf("after stop_on_error=false: %v", r)
	}
	// A panicking evaluator is an error too, and the kernel lives on.
	id := execute(c, "panic boom", nil)
	if r := reply(t, c, kerneltest.Shell, id, "execute_reply"); r["status"] != "error" || r["ename"] != "panic" || r["evalue"] != "boom" {
		t.Errorf("panic reply = %v", r)
	}
	expect(t, "panic", iopub(t, c, id), busy(), step{"execute_input", nil}, step{"error", map[string]any{"ename": "panic"}}, idle())
}

func TestInterrupt(t *testing.T) {
	c := kerneltest.Start(t, kerneltest.Evaluator{})
	id := execute(c, "print started\nsleep 1m\nprint never", nil)
	// The stream arrives while the cell runs (output is not held until the end).
	m, err := c.Recv(kerneltest.IOPub, wait)
	for err == nil && m.Header.MsgType != "stream" {
		m, err = c.Recv(kerneltest.IOPub, wait)
	}
	if err != nil {
		t.Fatal(err)
	}
	if txt := content(t, m)["text"]; txt != "started\n" {
		t.Fatalf("stream = %q", txt)
	}
	start := time.Now()
	iid := c.Send(kerneltest.Control, "interrupt_request", map[string]any{})
	if r := reply(t, c, kerneltest.Control, iid, "interrupt_reply"); r["status"] != "ok" {
		t.Errorf("interrupt_reply = %v", r)
	}
	r := reply(t, c, kerneltest.Shell, id, "execute_reply")
	if r["status"] != "error" || r["ename"] != "Interrupted" {
		t.Errorf("interrupted reply = %v", r)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("interrupt took %v", d)
	}
	expect(t, "interrupted cell", iopub(t, c, id), step{"error", map[string]any{"ename": "Interrupted"}}, idle())
	// The kernel still works and keeps its count.
	id = execute(c, "result ok", nil)
	if r := reply(t, c, kerneltest.Shell, id, "execute_reply"); r["status"] != "ok" || r["execution_count"] != 2.0 {
		t.Errorf("after interrupt: %v", r)
	}
	expect(t, "after interrupt", iopub(t, c, id), busy(), step{"execute_input", nil}, step{"execute_result", nil}, idle())
}

func TestShutdown(t *testing.T) {
	for _, restart := range []bool{false, true} {
		t.Run(fmt.Sprint("restart=", restart), func(t *testing.T) {
			c := kerneltest.Start(t, kerneltest.Evaluator{})
			running := execute(c, "sleep 1m", nil)
			id := c.Send(kerneltest.Control, "shutdown_request", map[string]any{"restart": restart})
			r := reply(t, c, kerneltest.Control, id, "shutdown_reply")
			if r["status"] != "ok" || r["restart"] != restart {
				t.Errorf("shutdown_reply = %v", r)
			}
			select {
			case <-c.Served():
			case <-time.After(wait):
				t.Fatal("Serve did not return after shutdown_request")
			}
			if c.Restart() != restart {
				t.Errorf("Serve restart = %v", c.Restart())
			}
			_ = running
		})
	}
}

func TestBadSignatureDropped(t *testing.T) {
	c := kerneltest.Start(t, kerneltest.Evaluator{})
	m := c.Message("execute_request", map[string]any{"code": "print pwned", "silent": false})
	frames := kernel.Encode(m, c.Signer)
	for i, f := range frames {
		if string(f) == "<IDS|MSG>" {
			frames[i+1] = []byte(strings.Repeat("0", 64))
		}
	}
	c.SendFrames(kerneltest.Shell, frames)
	other, _ := kernel.NewSigner([]byte("another key"), "hmac-sha256")
	c.SendFrames(kerneltest.Shell, kernel.Encode(c.Message("execute_request", map[string]any{"code": "print pwned"}), other))
	// Nothing is executed or published; the next good message is answered normally.
	id := c.Send(kerneltest.Shell, "kernel_info_request", map[string]any{})
	reply(t, c, kerneltest.Shell, id, "kernel_info_reply")
	ms := iopub(t, c, id)
	expect(t, "after bad signatures", ms, busy(), idle())
	if strings.Count(c.Log.String(), "bad message signature") != 2 {
		t.Errorf("log = %q", c.Log.String())
	}
	if _, err := c.Recv(kerneltest.IOPub, 50*time.Millisecond); err == nil {
		t.Error("unexpected iopub message")
	}
}

func TestMalformedAndUnknown(t *testing.T) {
	c := kerneltest.Start(t, kerneltest.Evaluator{})
	sign := func(parts ...string) [][]byte {
		b := make([][]byte, len(parts))
		for i, p := range parts {
			b[i] = []byte(p)
		}
		return append([][]byte{c.Identity, []byte("<IDS|MSG>"), c.Signer.Sign(b...)}, b...)
	}
	for _, f := range [][][]byte{
		nil, {}, {[]byte("x")}, {[]byte("<IDS|MSG>")},
		sign("{", "{}", "{}", "{}"),
		sign(`{"msg_type":"execute_request","msg_id":"1"}`, "{}", "{}", `{"code": 5}`),
		sign(`{"msg_type":"execute_request","msg_id":"1"}`, "[]", "{}", `{}`),
		sign(`{"msg_type":""}`, "{}", "{}", "{}"),
	} {
		c.SendFrames(kerneltest.Shell, f)
	}
	uid := c.Send(kerneltest.Shell, "no_such_request", map[string]any{})
	id := c.Send(kerneltest.Shell, "kernel_info_request", map[string]any{})
	reply(t, c, kerneltest.Shell, id, "kernel_info_reply")
	ms := iopub(t, c, id)
	expect(t, "after garbage", ms, busy(), idle())
	if !strings.Contains(c.Log.String(), `ignoring message type "no_such_request"`) || !strings.Contains(c.Log.String(), "bad execute_request content") {
		t.Errorf("log = %q", c.Log.String())
	}
	_ = uid
}

func TestEmptyKeyRefused(t *testing.T) {
	if _, err := kernel.New(kernel.Config{Evaluator: kerneltest.Evaluator{}}); err == nil {
		t.Fatal("empty key accepted")
	}
	c := kerneltest.Start(t, kerneltest.Evaluator{}, func(cfg *kernel.Config) { cfg.Key = nil; cfg.AllowEmptyKey = true })
	id := c.Send(kerneltest.Shell, "kernel_info_request", map[string]any{})
	reply(t, c, kerneltest.Shell, id, "kernel_info_reply")
}

func TestStdin(t *testing.T) {
	c := kerneltest.Start(t, kerneltest.Evaluator{})
	id := execute(c, "input name?", map[string]any{"allow_stdin": true})
	m, err := c.Recv(kerneltest.Stdin, wait)
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.MsgType != "input_request" || kerneltest.ParentID(m) != id || content(t, m)["prompt"] != "name?" {
		t.Fatalf("got %s %s", m.Header.MsgType, m.Content)
	}
	ir, _ := kernel.NewMessage("input_reply", c.Session, m, map[string]any{"value": "gopher"})
	ir.Identities = [][]byte{c.Identity}
	c.SendMessage(kerneltest.Stdin, ir)
	if r := reply(t, c, kerneltest.Shell, id, "execute_reply"); r["status"] != "ok" {
		t.Errorf("reply = %v", r)
	}
	expect(t, "stdin", iopub(t, c, id), busy(), step{"execute_input", nil}, step{"stream", map[string]any{"text": "got: gopher\n"}}, idle())

	// Unfinished stdout before a read with no prompt of its own becomes the prompt.
	c = kerneltest.Start(t, kerneltest.Evaluator{}, func(cfg *kernel.Config) { cfg.FlushDelay = time.Minute })
	id = execute(c, "print hello\nwrite your name:\ninput", map[string]any{"allow_stdin": true})
	if m, err = c.Recv(kerneltest.Stdin, wait); err != nil || content(t, m)["prompt"] != "your name:" {
		t.Fatalf("input_request %v, %v", m, err)
	}
	ir, _ = kernel.NewMessage("input_reply", c.Session, m, map[string]any{"value": "gopher"})
	ir.Identities = [][]byte{c.Identity}
	c.SendMessage(kerneltest.Stdin, ir)
	reply(t, c, kerneltest.Shell, id, "execute_reply")
	expect(t, "stdin prompt", iopub(t, c, id), busy(), step{"execute_input", nil}, step{"stream", map[string]any{"text": "hello\n"}},
		step{"stream", map[string]any{"text": "got: gopher\n"}}, idle())

	id = execute(c, "input name?", nil) // allow_stdin false
	if r := reply(t, c, kerneltest.Shell, id, "execute_reply"); r["status"] != "error" || !strings.Contains(r["evalue"].(string), "stdin") {
		t.Errorf("reply without stdin = %v", r)
	}
}

func TestCompleteInspectIsComplete(t *testing.T) {
	c := kerneltest.Start(t, kerneltest.Evaluator{})
	id := c.Send(kerneltest.Shell, "complete_request", map[string]any{"code": "print x\npr", "cursor_pos": 10})
	r := reply(t, c, kerneltest.Shell, id, "complete_reply")
	if !reflect.DeepEqual(r["matches"], []any{"print"}) || r["cursor_start"] != 8.0 || r["cursor_end"] != 10.0 || r["status"] != "ok" {
		t.Errorf("complete_reply = %v", r)
	}
	id = c.Send(kerneltest.Shell, "complete_request", map[string]any{"code": "zz", "cursor_pos": 2})
	if r := reply(t, c, kerneltest.Shell, id, "complete_reply"); !reflect.DeepEqual(r["matches"], []any{}) {
		t.Errorf("no matches = %v", r)
	}
	id = c.Send(kerneltest.Shell, "inspect_request", map[string]any{"code": "sleep 1s", "cursor_pos": 2, "detail_level": 0})
	r = reply(t, c, kerneltest.Shell, id, "inspect_reply")
	if r["found"] != true || r["data"].(map[string]any)["text/plain"] != "sleep: a kerneltest command" {
		t.Errorf("inspect_reply = %v", r)
	}
	id = c.Send(kerneltest.Shell, "inspect_request", map[string]any{"code": "nothing", "cursor_pos": 2, "detail_level": 0})
	if r := reply(t, c, kerneltest.Shell, id, "inspect_reply"); r["found"] != false || r["status"] != "ok" {
		t.Errorf("inspect_reply not found = %v", r)
	}
	for code, want := range map[string]string{"print a": "complete", "print a \\": "incomplete", "bogus": "invalid"} {
		id := c.Send(kerneltest.Shell, "is_complete_request", map[string]any{"code": code})
		r := reply(t, c, kerneltest.Shell, id, "is_complete_reply")
		if r["status"] != want {
			t.Errorf("is_complete(%q) = %v, want %s", code, r, want)
		}
		if want == "incomplete" && r["indent"] != "  " {
			t.Errorf("indent = %q", r["indent"])
		}
	}
}

func TestHistory(t *testing.T) {
	c := kerneltest.Start(t, kerneltest.Evaluator{})
	codes := []string{"result 1", "print a", "result 1", "result 2"}
	for _, code := range codes {
		id := execute(c, code, nil)
		reply(t, c, kerneltest.Shell, id, "execute_reply")
	}
	id := execute(c, "result 3", map[string]any{"store_history": false})
	reply(t, c, kerneltest.Shell, id, "execute_reply")
	hist := func(req map[string]any) []any {
		t.Helper()
		id := c.Send(kerneltest.Shell, "history_request", req)
		r := reply(t, c, kerneltest.Shell, id, "history_reply")
		return r["history"].([]any)
	}
	h := hist(map[string]any{"output": false, "raw": true, "hist_access_type": "tail", "n": 2})
	if !reflect.DeepEqual(h, []any{[]any{1.0, 3.0, "result 1"}, []any{1.0, 4.0, "result 2"}}) {
		t.Errorf("tail = %v", h)
	}
	h = hist(map[string]any{"output": true, "raw": true, "hist_access_type": "tail", "n": 1})
	if !reflect.DeepEqual(h, []any{[]any{1.0, 4.0, []any{"result 2", "2"}}}) {
		t.Errorf("tail output = %v", h)
	}
	h = hist(map[string]any{"output": false, "raw": true, "hist_access_type": "range", "session": 0, "start": 2, "stop": 4})
	if !reflect.DeepEqual(h, []any{[]any{1.0, 2.0, "print a"}, []any{1.0, 3.0, "result 1"}}) {
		t.Errorf("range = %v", h)
	}
	h = hist(map[string]any{"output": false, "raw": true, "hist_access_type": "search", "pattern": "result*"})
	if len(h) != 3 {
		t.Errorf("search = %v", h)
	}
	h = hist(map[string]any{"output": false, "raw": true, "hist_access_type": "search", "pattern": "result ?", "unique": true})
	if !reflect.DeepEqual(h, []any{[]any{1.0, 3.0, "result 1"}, []any{1.0, 4.0, "result 2"}}) {
		t.Errorf("search unique = %v", h)
	}
	h = hist(map[string]any{"output": false, "raw": true, "hist_access_type": "search", "pattern": "result [2-9]", "n": 5})
	if len(h) != 1 {
		t.Errorf("search class = %v", h)
	}
}

func TestHistoryPersisted(t *testing.T) {
	file := t.TempDir() + "/history.jsonl"
	for session := 1; session <= 2; session++ {
		c := kerneltest.Start(t, kerneltest.Evaluator{}, func(cfg *kernel.Config) { cfg.HistoryFile = file })
		id := execute(c, fmt.Sprint("result ", session), nil)
		reply(t, c, kerneltest.Shell, id, "execute_reply")
		id = c.Send(kerneltest.Shell, "history_request", map[string]any{"output": false, "raw": true, "hist_access_type": "tail", "n": 10})
		h := reply(t, c, kerneltest.Shell, id, "history_reply")["history"].([]any)
		if len(h) != session || h[session-1].([]any)[0] != float64(session) {
			t.Errorf("session %d history = %v", session, h)
		}
		c.Kernel.Shutdown(false)
		<-c.Served()
	}
}

func TestComms(t *testing.T) {
	c := kerneltest.Start(t, kerneltest.Evaluator{})
	id := c.Send(kerneltest.Shell, "comm_open", map[string]any{"comm_id": "c1", "target_name": kernel.EchoTarget, "data": map[string]any{"x": 1}})
	expect(t, "comm_open", iopub(t, c, id), busy(), step{"comm_msg", map[string]any{"comm_id": "c1", "data": map[string]any{"opened": true, "data": map[string]any{"x": 1.0}}}}, idle())
	id = c.Send(kerneltest.Shell, "comm_open", map[string]any{"comm_id": "c2", "target_name": "nope", "data": map[string]any{}})
	expect(t, "comm_open unknown target", iopub(t, c, id), busy(), step{"comm_close", map[string]any{"comm_id": "c2"}}, idle())
	id = c.Send(kerneltest.Shell, "comm_info_request", map[string]any{})
	if r := reply(t, c, kerneltest.Shell, id, "comm_info_reply"); !reflect.DeepEqual(r["comms"], map[string]any{"c1": map[string]any{"target_name": kernel.EchoTarget}}) {
		t.Errorf("comm_info = %v", r)
	}
	id = c.Send(kerneltest.Shell, "comm_info_request", map[string]any{"target_name": "other"})
	if r := reply(t, c, kerneltest.Shell, id, "comm_info_reply"); len(r["comms"].(map[string]any)) != 0 {
		t.Errorf("comm_info filtered = %v", r)
	}
	id = c.Send(kerneltest.Shell, "comm_msg", map[string]any{"comm_id": "c1", "data": []any{"ping"}})
	expect(t, "comm_msg", iopub(t, c, id), busy(), step{"comm_msg", map[string]any{"comm_id": "c1", "data": []any{"ping"}}}, idle())
	id = c.Send(kerneltest.Shell, "comm_close", map[string]any{"comm_id": "c1", "data": map[string]any{}})
	expect(t, "comm_close", iopub(t, c, id), busy(), idle())
	id = c.Send(kerneltest.Shell, "comm_info_request", map[string]any{})
	if r := reply(t, c, kerneltest.Shell, id, "comm_info_reply"); len(r["comms"].(map[string]any)) != 0 {
		t.Errorf("comm_info after close = %v", r)
	}
}

func TestStreamCoalescing(t *testing.T) {
	c := kerneltest.Start(t, kerneltest.Evaluator{}, func(cfg *kernel.Config) { cfg.FlushDelay = 20 * time.Millisecond })
	var code strings.Builder
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&code, "write %d,\n", i)
	}
	id := execute(c, code.String(), nil)
	reply(t, c, kerneltest.Shell, id, "execute_reply")
	var text strings.Builder
	n := 0
	for _, m := range iopub(t, c, id) {
		if m.Header.MsgType == "stream" {
			n++
			text.WriteString(content(t, m)["text"].(string))
		}
	}
	if n > 10 { // normally 1; tolerant of a loaded machine
		t.Errorf("100 quick writes gave %d stream messages", n)
	}
	var want strings.Builder
	for i := 0; i < 100; i++ {
		fmt.Fprintf(&want, "%d,", i)
	}
	if text.String() != want.String() {
		t.Errorf("text = %q", text.String())
	}
}

func TestPager(t *testing.T) {
	c := kerneltest.Start(t, kerneltest.Evaluator{})
	id := execute(c, "sleep?", nil)
	r := reply(t, c, kerneltest.Shell, id, "execute_reply")
	want := []any{map[string]any{"source": "page", "data": map[string]any{"text/plain": "sleep: a kerneltest command"}, "start": 0.0}}
	if r["status"] != "ok" || !reflect.DeepEqual(r["payload"], want) {
		t.Errorf("reply = %v", r)
	}
	id = execute(c, "nosuch?", nil)
	reply(t, c, kerneltest.Shell, id, "execute_reply")
	expect(t, "no doc", iopub(t, c, id), busy(), step{"execute_input", nil}, step{"stream", map[string]any{"text": "no documentation found for nosuch\n"}}, idle())
}

func TestAskExit(t *testing.T) {
	c := kerneltest.Start(t, kerneltest.Evaluator{})
	id := execute(c, "exit", nil)
	r := reply(t, c, kerneltest.Shell, id, "execute_reply")
	if r["status"] != "ok" || !reflect.DeepEqual(r["payload"], []any{map[string]any{"source": "ask_exit", "keepkernel": false}}) {
		t.Errorf("reply = %v", r)
	}
}

// TestReplayedMessageRefused: the same signed execute_request sent twice runs once.
func TestReplayedMessageRefused(t *testing.T) {
	c := kerneltest.Start(t, kerneltest.Evaluator{})
	m := c.Message("execute_request", map[string]any{"code": "print once", "silent": false})
	frames := kernel.Encode(m, c.Signer)
	c.SendFrames(kerneltest.Shell, frames)
	c.SendFrames(kerneltest.Shell, frames)
	r, err := c.Recv(kerneltest.Shell, 2*time.Second)
	if err != nil || kerneltest.ParentID(r) != m.Header.MsgID {
		t.Fatalf("no reply to the first copy: %v", err)
	}
	if r, err := c.Recv(kerneltest.Shell, 300*time.Millisecond); err == nil {
		t.Fatalf("the replayed copy was answered: %s", r.Content)
	}
	if !strings.Contains(c.Log.String(), "replayed message") {
		t.Fatalf("replay not logged: %s", c.Log.String())
	}
}

// TestSignatureSchemes: hmac-sha384 and hmac-sha512 connection files work; a message
// signed with another scheme is refused; unknown schemes are an error.
func TestSignatureSchemes(t *testing.T) {
	for _, scheme := range []string{"hmac-sha384", "hmac-sha512"} {
		c := kerneltest.Start(t, kerneltest.Evaluator{}, func(cfg *kernel.Config) { cfg.SignatureScheme = scheme })
		want := map[string]int{"hmac-sha384": 96, "hmac-sha512": 128}[scheme]
		m := c.Message("kernel_info_request", map[string]any{})
		if sig := kernel.Encode(m, c.Signer)[2]; len(sig) != want {
			t.Fatalf("%s signature of %d hex digits, want %d", scheme, len(sig), want)
		}
		c.SendMessage(kerneltest.Shell, m)
		if r, err := c.Recv(kerneltest.Shell, 2*time.Second); err != nil || r.Header.MsgType != "kernel_info_reply" {
			t.Fatalf("%s: %v", scheme, err)
		}
		sha256, _ := kernel.NewSigner(kerneltest.Key, "hmac-sha256")
		c.SendFrames(kerneltest.Shell, kernel.Encode(c.Message("kernel_info_request", map[string]any{}), sha256))
		if _, err := c.Recv(kerneltest.Shell, 200*time.Millisecond); err == nil {
			t.Fatalf("%s kernel answered a hmac-sha256 message", scheme)
		}
	}
	if _, err := kernel.NewSigner([]byte("k"), "hmac-md5"); err == nil || !strings.Contains(err.Error(), "hmac-sha512") {
		t.Fatalf("hmac-md5: %v", err)
	}
}
