package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunCommands(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"version"}, &out, &errb); code != 0 || !strings.HasPrefix(out.String(), "gotape ") {
		t.Errorf("version: %d %q", code, out.String())
	}
	prefix := t.TempDir()
	out.Reset()
	if code := run([]string{"install", "--prefix", prefix}, &out, &errb); code != 0 {
		t.Fatalf("install: %d %s", code, errb.String())
	}
	spec := filepath.Join(prefix, "share", "jupyter", "kernels", "gotape", "kernel.json")
	if _, err := os.Stat(spec); err != nil {
		t.Fatal(err)
	}
	if code := run([]string{"uninstall", "--prefix", prefix}, &out, &errb); code != 0 {
		t.Fatalf("uninstall: %d %s", code, errb.String())
	}
	if _, err := os.Stat(spec); !os.IsNotExist(err) {
		t.Error("kernelspec still there")
	}
	// Several configurations side by side, with jupyter's flags.
	if code := run([]string{"install", "--prefix", prefix, "--name", "gotape-1thread", "--display-name", "Go (1 thread)",
		"--env", "OPENBLAS_NUM_THREADS=1", "--env", "GOMAXPROCS=1"}, &out, &errb); code != 0 {
		t.Fatalf("install --name: %d %s", code, errb.String())
	}
	b, err := os.ReadFile(filepath.Join(prefix, "share", "jupyter", "kernels", "gotape-1thread", "kernel.json"))
	var ks struct {
		DisplayName string            `json:"display_name"`
		Env         map[string]string `json:"env"`
	}
	if err != nil || json.Unmarshal(b, &ks) != nil || ks.DisplayName != "Go (1 thread)" ||
		ks.Env["OPENBLAS_NUM_THREADS"] != "1" || ks.Env["GOMAXPROCS"] != "1" || len(ks.Env) != 2 {
		t.Errorf("kernel.json %s (%v)", b, err)
	}
	if code := run([]string{"install", "--prefix", prefix, "--env", "NOEQUALS"}, &out, &errb); code != 2 {
		t.Errorf("--env without =: %d", code)
	}
	if code := run([]string{"uninstall", "--prefix", prefix, "--name", "gotape-1thread"}, &out, &errb); code != 0 {
		t.Errorf("uninstall --name: %d %s", code, errb.String())
	}
	if code := run([]string{"data", "cifar"}, &out, &errb); code != 2 {
		t.Errorf("data cifar: %d", code)
	}
	if code := run([]string{"install", "--user", "--prefix", prefix}, &out, &errb); code == 0 {
		t.Error("two locations accepted")
	}
	if code := run([]string{"bogus"}, &out, &errb); code != 2 {
		t.Errorf("bogus command: %d", code)
	}
	// An empty key is refused unless --allow-empty-key is given.
	conn := filepath.Join(t.TempDir(), "conn.json")
	os.WriteFile(conn, []byte(`{"ip":"127.0.0.1","transport":"tcp","key":"","shell_port":0}`), 0o600)
	errb.Reset()
	if code := run([]string{"kernel", conn}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "empty key") {
		t.Errorf("empty key: %d %q", code, errb.String())
	}
}
