package transport

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestRateLimitedLog: a flood of log lines keeps burst per period and says how many it
// dropped.
func TestRateLimitedLog(t *testing.T) {
	var buf bytes.Buffer
	r := &rateLimited{w: &buf, period: 50 * time.Millisecond, burst: 3}
	for i := 0; i < 1000; i++ {
		r.Write([]byte("failed handshake\n"))
	}
	if got := strings.Count(buf.String(), "failed handshake"); got != 3 {
		t.Fatalf("%d lines written in one period, want 3", got)
	}
	time.Sleep(60 * time.Millisecond)
	r.Write([]byte("failed handshake\n"))
	if !strings.Contains(buf.String(), "(997 more lines like the following dropped)\nfailed handshake\n") {
		t.Fatalf("log:\n%s", buf.String())
	}
}
