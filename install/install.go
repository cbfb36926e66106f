package install

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
)

//go:embed logo-32x32.png
var logo32 []byte

//go:embed logo-64x64.png
var logo64 []byte

// Name is the default kernelspec name (`jupyter console --kernel gotape`).
const Name = "gotape"

// HistoryAuto is the kernel's --history value that means HistoryFile(): the kernelspec
// passes it, so that history survives restarts as IPython's history.sqlite does.
const HistoryAuto = "auto"

// HistoryFile is where an installed kernel keeps its execution history: gotape/history.jsonl
// in the user's Jupyter data directory.
func HistoryFile() string {
	return filepath.Join(UserDataDir(), Name, "history.jsonl")
}

// Options names one kernelspec, so several configurations of the same binary can sit side
// by side (`gotape install --name gotape-1thread --env OPENBLAS_NUM_THREADS=1`), with
// jupyter's conventions (ipykernel install --name, --display-name, --env).
type Options struct {
	Name        string            // kernelspec name ("" for Name); letters, digits, ".", "_", "-"
	DisplayName string            // shown in the front end's kernel menu ("" for "Go (gotape)", or "Go (gotape: NAME)")
	Env         map[string]string // environment variables the kernel starts with
}

// validName is jupyter_client's rule for kernel names.
var validName = regexp.MustCompile(`^[A-Za-z0-9._-]+$`)

func (o Options) name() (string, error) {
	if o.Name == "" {
		return Name, nil
	}
	if !validName.MatchString(o.Name) {
		return "", fmt.Errorf("install: kernel name %q: use letters, digits, '.', '_' and '-' only", o.Name)
	}
	return o.Name, nil
}

// Spec is the content of kernel.json.
type Spec struct {
	Argv          []string          `json:"argv"`
	DisplayName   string            `json:"display_name"`
	Language      string            `json:"language"`
	InterruptMode string            `json:"interrupt_mode"`
	Env           map[string]string `json:"env,omitempty"`
	Metadata      map[string]any    `json:"metadata,omitempty"`
}

// NewSpec returns the kernelspec for the binary at bin (made absolute).
func NewSpec(bin string) (Spec, error) {
	abs, err := filepath.Abs(bin)
	if err != nil {
		return Spec{}, fmt.Errorf("install: %w", err)
	}
	return Spec{
		Argv:          []string{abs, "kernel", "--history", HistoryAuto, "{connection_file}"},
		DisplayName:   "Go (gotape)",
		Language:      "go",
		InterruptMode: "message",
	}, nil
}

// Where selects the Jupyter data directory: exactly one of User, Prefix and SysPrefix.
type Where struct {
	User      bool   // the user's data dir ($JUPYTER_DATA_DIR or ~/.local/share/jupyter)
	Prefix    string // PREFIX/share/jupyter
	SysPrefix bool   // sys.prefix of the Python that runs `jupyter`
}

// KernelsDir returns the kernels directory for w.
func (w Where) KernelsDir() (string, error) {
	n := 0
	for _, b := range []bool{w.User, w.Prefix != "", w.SysPrefix} {
		if b {
			n++
		}
	}
	if n != 1 {
		return "", errors.New("install: choose exactly one of --user, --prefix DIR, --sys-prefix")
	}
	switch {
	case w.Prefix != "":
		p, err := filepath.Abs(w.Prefix)
		if err != nil {
			return "", fmt.Errorf("install: %w", err)
		}
		return filepath.Join(p, "share", "jupyter", "kernels"), nil
	case w.SysPrefix:
		p, err := sysPrefix()
		if err != nil {
			return "", err
		}
		return filepath.Join(p, "share", "jupyter", "kernels"), nil
	}
	return filepath.Join(UserDataDir(), "kernels"), nil
}

// UserDataDir is jupyter_core's jupyter_data_dir(): $JUPYTER_DATA_DIR, else the
// platform's per-user Jupyter data directory.
func UserDataDir() string {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return d
	}
	home, _ := os.UserHomeDir()
	switch runtime.GOOS {
	case "darwin":
		return filepath.Join(home, "Library", "Jupyter")
	case "windows":
		return filepath.Join(os.Getenv("APPDATA"), "jupyter")
	}
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "jupyter")
	}
	return filepath.Join(home, ".local", "share", "jupyter")
}

// sysPrefix asks the Python behind `jupyter` (else python3) for sys.prefix.
func sysPrefix() (string, error) {
	for _, env := range []string{"VIRTUAL_ENV", "CONDA_PREFIX"} {
		if p := os.Getenv(env); p != "" {
			return p, nil
		}
	}
	var pythons []string
	if j, err := exec.LookPath("jupyter"); err == nil {
		if b, err := os.ReadFile(j); err == nil && strings.HasPrefix(string(b), "#!") {
			line, _, _ := strings.Cut(string(b[2:]), "\n")
			if f := strings.Fields(line); len(f) > 0 {
				pythons = append(pythons, f[0])
			}
		}
	}
	pythons = append(pythons, "python3")
	for _, py := range pythons {
		out, err := exec.Command(py, "-c", "import sys; print(sys.prefix)").Output()
		if err == nil {
			return strings.TrimSpace(string(out)), nil
		}
	}
	return "", errors.New("install: --sys-prefix: cannot find Python to ask for sys.prefix")
}

// Install writes the kernelspec for bin into w, named and configured by o, and returns its
// directory.
func Install(bin string, w Where, o Options) (string, error) {
	spec, err := NewSpec(bin)
	if err != nil {
		return "", err
	}
	name, err := o.name()
	if err != nil {
		return "", err
	}
	switch {
	case o.DisplayName != "":
		spec.DisplayName = o.DisplayName
	case name != Name:
		spec.DisplayName = "Go (gotape: " + name + ")"
	}
	if len(o.Env) > 0 {
		spec.Env = o.Env
	}
	kd, err := w.KernelsDir()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(kd, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("install: %w", err)
	}
	b, _ := json.MarshalIndent(spec, "", "  ")
	files := map[string][]byte{"kernel.json": append(b, '\n'), "logo-32x32.png": logo32, "logo-64x64.png": logo64}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return "", fmt.Errorf("install: %w", err)
		}
	}
	return dir, nil
}

// Uninstall removes the kernelspec named name ("" for Name) from w and returns the
// directory it removed.
func Uninstall(w Where, name string) (string, error) {
	name, err := Options{Name: name}.name()
	if err != nil {
		return "", err
	}
	kd, err := w.KernelsDir()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(kd, name)
	if _, err := os.Stat(filepath.Join(dir, "kernel.json")); err != nil {
		return "", fmt.Errorf("install: no %s kernelspec in %s", name, kd)
	}
	if err := os.RemoveAll(dir); err != nil {
		return "", fmt.Errorf("install: %w", err)
	}
	return dir, nil
}
