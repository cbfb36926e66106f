package kernel_test

import (
	"testing"
	"time"

	"github.com/gotape/gotape/kernel/kerneltest"
)

// TestStopOnErrorAbortsRequestsInFlight: Run All after a cell that fails at once. The
// requests behind it were sent before the failure but reach the kernel after it (still in
// flight): they are aborted, whatever the sender's clock; a request sent after the failure
// runs.
func TestStopOnErrorAbortsRequestsInFlight(t *testing.T) {
	for _, skew := range []time.Duration{0, -time.Hour, time.Hour} {
		c := kerneltest.Start(t, kerneltest.Evaluator{})
		send := func(code string, sentAt time.Time) string {
			m := c.Message("execute_request", map[string]any{"code": code, "silent": false, "stop_on_error": true})
			m.Header.Date = sentAt.Add(skew).UTC().Format(time.RFC3339Nano)
			c.SendMessage(kerneltest.Shell, m)
			return m.Header.MsgID
		}
		status := func(id string) string {
			t.Helper()
			return reply(t, c, kerneltest.Shell, id, "execute_reply")["status"].(string)
		}
		// The sender's clock is learnt from its requests.
		if s := status(send("print warm", time.Now())); s != "ok" {
			t.Fatalf("skew %v: warm-up cell %s", skew, s)
		}
		runAll := time.Now()
		failing := send("error CompileError at once", runAll)
		if s := status(failing); s != "error" {
			t.Fatalf("skew %v: failing cell %s", skew, s)
		}
		time.Sleep(20 * time.Millisecond) // the rest of Run All arrives late
		for i := 0; i < 3; i++ {
			if s := status(send("print queued", runAll.Add(time.Duration(i)*time.Microsecond))); s != "aborted" {
				t.Fatalf("skew %v: queued cell %d: %s, want aborted", skew, i, s)
			}
		}
		// The user sees the error and runs a cell: it runs, and so do later ones.
		if s := status(send("print rerun", time.Now())); s != "ok" {
			t.Fatalf("skew %v: cell sent after the failure: %s", skew, s)
		}
		if s := status(send("print late", runAll)); s != "ok" {
			t.Fatalf("skew %v: aborting did not end: %s", skew, s)
		}
	}
}

// TestStopOnErrorIgnoresStuckClocks: a sender whose header date never changes is not
// believed: after its failed cell, its next request (read after the failure) runs.
func TestStopOnErrorIgnoresStuckClocks(t *testing.T) {
	c := kerneltest.Start(t, kerneltest.Evaluator{})
	send := func(code string) string {
		m := c.Message("execute_request", map[string]any{"code": code, "silent": false, "stop_on_error": true})
		m.Header.Date = "2026-01-01T00:00:00.000000Z"
		c.SendMessage(kerneltest.Shell, m)
		return m.Header.MsgID
	}
	reply(t, c, kerneltest.Shell, send("print first"), "execute_reply")
	time.Sleep(2100 * time.Millisecond) // longer than maxTransit
	if s := reply(t, c, kerneltest.Shell, send("error E fails"), "execute_reply")["status"]; s != "error" {
		t.Fatalf("failing cell: %v", s)
	}
	if s := reply(t, c, kerneltest.Shell, send("print next"), "execute_reply")["status"]; s != "ok" {
		t.Fatalf("cell after the failure: %v, want ok", s)
	}
}
