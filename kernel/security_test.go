package kernel_test

import (
	"strings"
	"testing"
	"time"

	"github.com/gotape/gotape/kernel"
	"github.com/gotape/gotape/kernel/kerneltest"
)

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
