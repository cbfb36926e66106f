package kernel_test

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/gotape/gotape/kernel"
	"github.com/gotape/gotape/kernel/kerneltest"
)

const wait = 5 * time.Second

// step is one expected message: its type and, optionally, content fields that must match.
type step struct {
	typ  string
	want map[string]any
}

func content(t *testing.T, m *kernel.Message) map[string]any {
	t.Helper()
	var c map[string]any
	if err := json.Unmarshal(m.Content, &c); err != nil {
		t.Fatalf("%s content: %v", m.Header.MsgType, err)
	}
	return c
}

// expect checks msgs against steps exactly (same length, same order).
func expect(t *testing.T, what string, msgs []*kernel.Message, steps ...step) {
	t.Helper()
	var got []string
	for _, m := range msgs {
		got = append(got, m.Header.MsgType)
	}
	var want []string
	for _, s := range steps {
		want = append(want, s.typ)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: message types\n got %v\nwant %v", what, got, want)
	}
	for i, s := range steps {
		c := content(t, msgs[i])
		for k, v := range s.want {
			if !reflect.DeepEqual(c[k], v) {
				t.Errorf("%s: %s[%q] = %#v, want %#v", what, s.typ, k, c[k], v)
			}
		}
	}
}

func busy() step { return step{"status", map[string]any{"execution_state": "busy"}} }
func idle() step { return step{"status", map[string]any{"execution_state": "idle"}} }

func execute(c *kerneltest.Client, code string, extra map[string]any) string {
	req := map[string]any{"code": code, "silent": false, "store_history": true, "user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true}
	for k, v := range extra {
		req[k] = v
	}
	return c.Send(kerneltest.Shell, "execute_request", req)
}

func reply(t *testing.T, c *kerneltest.Client, ch kerneltest.Channel, id, typ string) map[string]any {
	t.Helper()
	m, err := c.Recv(ch, wait)
	if err != nil {
		t.Fatal(err)
	}
	if m.Header.MsgType != typ || kerneltest.ParentID(m) != id {
		t.Fatalf("got %s (parent %s), want %s (parent %s)", m.Header.MsgType, kerneltest.ParentID(m), typ, id)
	}
	if string(m.Identities[0]) != string(c.Identity) {
		t.Errorf("reply identity %q, want %q", m.Identities[0], c.Identity)
	}
	return content(t, m)
}

func iopub(t *testing.T, c *kerneltest.Client, id string) []*kernel.Message {
	t.Helper()
	ms, err := c.IOPubUntilIdle(id, wait)
	if err != nil {
		t.Fatal(err)
	}
	return ms
}
