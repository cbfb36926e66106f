package kernel

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestReadConnectionFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "c.json")
	os.WriteFile(p, []byte(`{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5,
		"ip": "127.0.0.1", "key": "k", "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "gotape"}`), 0o600)
	c, err := ReadConnectionFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if c.ShellPort != 1 || c.HBPort != 5 || c.Key != "k" || c.Endpoint(4) != "tcp://127.0.0.1:4" {
		t.Errorf("%+v", c)
	}
	c.IP = "::1"
	if e := c.Endpoint(9); e != "tcp://[::1]:9" {
		t.Errorf("ipv6 endpoint %s", e)
	}
	c.Transport, c.IP = "ipc", "/tmp/kernel"
	if e := c.Endpoint(9); e != "ipc:///tmp/kernel-9" {
		t.Errorf("ipc endpoint %s", e)
	}
	for _, bad := range []string{`{`, `{"ip": ""}`, `{"ip": "1.2.3.4", "transport": "udp"}`} {
		os.WriteFile(p, []byte(bad), 0o600)
		if _, err := ReadConnectionFile(p); err == nil {
			t.Errorf("accepted %s", bad)
		}
	}
	if _, err := ReadConnectionFile(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("missing file accepted")
	}
}

func TestDeferred(t *testing.T) {
	release := make(chan struct{})
	d := Deferred(func() Evaluator { <-release; return nil })
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := d.Execute(ctx, "x", nil); err == nil {
		t.Error("Execute did not give up with its context")
	}
	close(release)
	if _, err := d.Execute(context.Background(), "x", nil); err == nil {
		t.Error("nil evaluator: no error")
	}
	if s, _ := d.IsComplete("x"); s != "unknown" {
		t.Errorf("IsComplete = %s", s)
	}
	p := Deferred(func() Evaluator { panic("boom") })
	if _, err := p.Execute(context.Background(), "x", nil); err == nil {
		t.Error("panicking constructor: no error")
	}
}
