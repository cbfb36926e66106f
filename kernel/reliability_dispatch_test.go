package kernel_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/gotape/gotape/kernel"
	"github.com/gotape/gotape/kernel/kerneltest"
)

// dispatchTypes are the msg_types FuzzDispatch picks from (by the first byte of typ),
// so that most inputs reach a real handler; other values use typ as the type verbatim.
var dispatchTypes = []string{
	"kernel_info_request", "execute_request", "is_complete_request", "complete_request",
	"inspect_request", "history_request", "comm_info_request", "comm_open", "comm_msg",
	"comm_close", "interrupt_request", "input_reply", "shutdown_request",
}

// dispatchSeeds are FuzzDispatch's seeds: a message type (a byte 1..n picks dispatchTypes[n-1]),
// a channel (0 shell, 1 control, 2 stdin) and the content.
var dispatchSeeds = []struct {
	typ     string
	ch      byte
	content string
}{
	{"\x01", 0, `{"code":"print hi\nresult 3","silent":false,"store_history":true,"user_expressions":{"a":"result x"}}`},
	{"\x01", 0, `{"code":"panic boom","silent":true,"stop_on_error":true}`},
	{"\x01", 0, `{"code":"input name","allow_stdin":true}`},
	{"\x01", 0, `{"code":"\xff\xfe","user_expressions":{"b":"panic x"}}`},
	{"\x01", 0, `{"code":"print?"}`},
	{"\x01", 0, `{"code":12,"silent":"yes"}`},
	{"\x02", 1, `{"code":"for {"}`},
	{"\x03", 0, `{"code":"pri","cursor_pos":3}`},
	{"\x03", 0, `{"code":"pri","cursor_pos":-5}`},
	{"\x03", 1, `{"code":"x","cursor_pos":99999999}`},
	{"\x04", 0, `{"code":"print","cursor_pos":2,"detail_level":1}`},
	{"\x05", 0, `{"hist_access_type":"search","pattern":"[a-","n":-1,"unique":true}`},
	{"\x05", 0, `{"hist_access_type":"range","session":-1,"start":-100,"stop":1000000000}`},
	{"\x05", 1, `{"hist_access_type":"tail","n":1000000000000}`},
	{"\x06", 0, `{"target_name":"gotape.echo"}`},
	{"\x07", 0, `{"comm_id":"c1","target_name":"gotape.echo","data":{"x":[1,2]}}`},
	{"\x07", 0, `{"comm_id":"c2","target_name":"no.such.target","data":null}`},
	{"\x08", 0, `{"comm_id":"nope","data":{}}`},
	{"\x09", 0, `{"comm_id":"","data":[]}`},
	{"\x0a", 1, `{}`},
	{"\x0a", 0, `{}`},
	{"\x0b", 2, `{"value":"stray","status":"ok"}`},
	{"\x0c", 1, `{"restart":"maybe"}`},
	{"\x0c", 0, `{"restart":true}`},
	{"no_such_request", 0, `{}`},
	{"", 1, `{"a":`},
}

// probeKernelInfo checks that the kernel still serves after the fuzzed message: kernel_info
// on control at once (even if a cell waits for input or sleeps), on shell after interrupting
// whatever runs.
func probeKernelInfo(t *testing.T, c *kerneltest.Client, on kerneltest.Channel, msgType string, content []byte) {
	t.Helper()
	id := c.Send(on, "kernel_info_request", map[string]any{})
	deadline := time.Now().Add(5 * time.Second)
	for {
		if on == kerneltest.Shell { // the fuzzed cell may sleep or wait for input
			c.Send(kerneltest.Control, "interrupt_request", map[string]any{})
		}
		r, err := c.Recv(on, 20*time.Millisecond)
		if err != nil {
			if time.Now().After(deadline) {
				t.Fatalf("no kernel_info_reply on %v after %s %q: %v\nlog:\n%s", on, msgType, content, err, c.Log.String())
			}
			continue
		}
		if kerneltest.ParentID(r) == id {
			if r.Header.MsgType != "kernel_info_reply" {
				t.Fatalf("got %s", r.Header.MsgType)
			}
			return
		}
	}
}

// drainPublished drains what the kernel published so that its in-memory queues never fill.
func drainPublished(c *kerneltest.Client) {
	for _, ch := range []kerneltest.Channel{kerneltest.IOPub, kerneltest.Stdin, kerneltest.Control} {
		for {
			if _, err := c.Recv(ch, time.Millisecond); err != nil {
				break
			}
		}
	}
}

// FuzzDispatch sends correctly signed messages with fuzzed type, channel, content,
// metadata and buffers to one long-lived kernel (scripted evaluator, in-memory
// transport) and checks after each that no handler panicked and that the kernel still
// answers on control and, after an interrupt, on shell.
func FuzzDispatch(f *testing.F) {
	for _, c := range dispatchSeeds {
		f.Add([]byte(c.typ), c.ch, []byte(c.content), []byte(`{}`), []byte(nil))
	}
	f.Add([]byte("\x01"), byte(0), []byte(`{"code":"print x"}`), []byte(`{"deletedCells":[],"cellId":"x"}`), []byte("buf1\x00buf2"))
	c := kerneltest.Start(f, kerneltest.Evaluator{})
	f.Fuzz(func(t *testing.T, typ []byte, ch byte, content, metadata, buffers []byte) {
		msgType := string(typ)
		if len(typ) == 1 && int(typ[0]) >= 1 && int(typ[0]) <= len(dispatchTypes) {
			msgType = dispatchTypes[typ[0]-1]
		}
		if msgType == "shutdown_request" {
			return // ends the kernel by design (tested elsewhere)
		}
		m := c.Message(msgType, nil)
		m.Content = json.RawMessage(content)
		m.Metadata = json.RawMessage(metadata)
		if len(buffers) > 0 {
			m.Buffers = bytes.Split(buffers, []byte{0})
		}
		channel := []kerneltest.Channel{kerneltest.Shell, kerneltest.Control, kerneltest.Stdin}[int(ch)%3]
		c.SendMessage(channel, m)

		// Still serving: kernel_info on control at once (even if a cell waits for input
		// or sleeps), then on shell after interrupting whatever runs.
		probeKernelInfo(t, c, kerneltest.Control, msgType, content)
		probeKernelInfo(t, c, kerneltest.Shell, msgType, content)
		if log := c.Log.String(); strings.Contains(log, "panic handling") {
			t.Fatalf("a handler panicked on %s %q:\n%s", msgType, content, log)
		}
		drainPublished(c)
	})
}

// TestReliabilityDispatchLogsBadInput checks that each kind of bad input gets a log line
// (the kernel's only way to answer a message it cannot attribute) and no reply.
func TestReliabilityDispatchLogsBadInput(t *testing.T) {
	c := kerneltest.Start(t, kerneltest.Evaluator{})
	good := kernel.Encode(c.Message("kernel_info_request", map[string]any{}), c.Signer)
	bad := c.Message("kernel_info_request", map[string]any{})
	badSigner, _ := kernel.NewSigner([]byte("wrong"), "hmac-sha256")
	wrongContent := c.Message("execute_request", nil)
	wrongContent.Content = json.RawMessage(`{"code":["not","a","string"]}`)
	for _, tc := range []struct {
		frames [][]byte
		ch     kerneltest.Channel
		log    string
	}{
		{good[2:], kerneltest.Shell, "no <IDS|MSG> delimiter"},
		{good[:6], kerneltest.Shell, "fewer than 5 parts"},
		{kernel.Encode(bad, badSigner), kerneltest.Shell, "bad message signature"},
		{kernel.Encode(c.Message("bogus_request", map[string]any{}), c.Signer), kerneltest.Shell, `ignoring message type "bogus_request"`},
		{kernel.Encode(c.Message("execute_request", map[string]any{"code": "print x"}), c.Signer), kerneltest.Control, `control: ignoring message type "execute_request"`},
		{kernel.Encode(wrongContent, c.Signer), kerneltest.Shell, "bad execute_request content"},
	} {
		c.SendFrames(tc.ch, tc.frames)
		deadline := time.Now().Add(2 * time.Second)
		for !strings.Contains(c.Log.String(), tc.log) {
			if time.Now().After(deadline) {
				t.Fatalf("no log line %q; log:\n%s", tc.log, c.Log.String())
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	id := c.Send(kerneltest.Shell, "execute_request", map[string]any{"code": "print alive"})
	msgs, err := c.IOPubUntilIdle(id, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	var out string
	for _, m := range msgs {
		if m.Header.MsgType == "stream" {
			var s kernel.Stream
			_ = json.Unmarshal(m.Content, &s)
			out += s.Text
		}
	}
	if out != "alive\n" {
		t.Fatalf("after bad input, stdout %q", out)
	}
}
