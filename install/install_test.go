package install

import (
	"bytes"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

func TestInstallUninstallPrefix(t *testing.T) {
	prefix := t.TempDir()
	dir, err := Install("bin/gotape", Where{Prefix: prefix}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(prefix, "share", "jupyter", "kernels", "gotape"); dir != want {
		t.Fatalf("dir = %s, want %s", dir, want)
	}
	b, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var s Spec
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs("bin/gotape")
	if len(s.Argv) != 5 || s.Argv[0] != abs || s.Argv[1] != "kernel" || s.Argv[2] != "--history" || s.Argv[3] != HistoryAuto || s.Argv[4] != "{connection_file}" {
		t.Errorf("argv = %q", s.Argv)
	}
	if s.DisplayName != "Go (gotape)" || s.Language != "go" || s.InterruptMode != "message" {
		t.Errorf("spec = %+v", s)
	}
	for name, size := range map[string]int{"logo-32x32.png": 32, "logo-64x64.png": 64} {
		f, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(f))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if b := img.Bounds(); b.Dx() != size || b.Dy() != size {
			t.Errorf("%s is %v", name, b)
		}
	}
	if _, err := Uninstall(Where{Prefix: prefix}, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("%s still exists", dir)
	}
	if _, err := Uninstall(Where{Prefix: prefix}, ""); err == nil {
		t.Error("second uninstall succeeded")
	}
}

// Named kernelspecs sit beside the default one, with their own display name and environment.
func TestInstallOptions(t *testing.T) {
	w := Where{Prefix: t.TempDir()}
	if _, err := Install("bin/gotape", w, Options{}); err != nil {
		t.Fatal(err)
	}
	dir, err := Install("bin/gotape", w, Options{Name: "gotape-fast", Env: map[string]string{"GOMAXPROCS": "2"}})
	if err != nil {
		t.Fatal(err)
	}
	var s Spec
	b, _ := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err := json.Unmarshal(b, &s); err != nil || s.DisplayName != "Go (gotape: gotape-fast)" || s.Env["GOMAXPROCS"] != "2" {
		t.Errorf("spec %s", b)
	}
	if _, err := Install("bin/gotape", w, Options{Name: "bad name/"}); err == nil {
		t.Error("invalid name accepted")
	}
	if _, err := Uninstall(w, "gotape-fast"); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(dir), Name, "kernel.json")); err != nil {
		t.Errorf("uninstalling gotape-fast removed the default spec: %v", err)
	}
}

func TestUserDirAndChoice(t *testing.T) {
	d := t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", d)
	kd, err := Where{User: true}.KernelsDir()
	if err != nil || kd != filepath.Join(d, "kernels") {
		t.Errorf("KernelsDir = %q, %v", kd, err)
	}
	if _, err := (Where{}).KernelsDir(); err == nil {
		t.Error("no location accepted")
	}
	if _, err := (Where{User: true, Prefix: d}).KernelsDir(); err == nil {
		t.Error("two locations accepted")
	}
}

func TestSysPrefix(t *testing.T) {
	venv := t.TempDir()
	t.Setenv("VIRTUAL_ENV", venv)
	kd, err := Where{SysPrefix: true}.KernelsDir()
	if err != nil || kd != filepath.Join(venv, "share", "jupyter", "kernels") {
		t.Errorf("KernelsDir = %q, %v", kd, err)
	}
	// Without a virtualenv the Python behind `jupyter` (or python3) is asked.
	t.Setenv("VIRTUAL_ENV", "")
	t.Setenv("CONDA_PREFIX", "")
	kd, err = Where{SysPrefix: true}.KernelsDir()
	if err != nil {
		t.Skipf("no Python to ask for sys.prefix: %v", err)
	}
	if !filepath.IsAbs(kd) || filepath.Base(kd) != "kernels" {
		t.Errorf("KernelsDir = %q", kd)
	}
}
