package interp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Any Go module in cells: `%go get MODULE@VERSION` runs the ordinary go tool in the kernel's
// module directory (a go.mod under the user's cache directory, so fetched modules survive a
// kernel restart, fetched through whatever module proxy the machine's go is configured for),
// and yaegi loads the packages' sources from the module cache through a file system that
// lays the modules out as a GOPATH (src/<module path>/...). A plain import of a module
// fetched earlier needs no magic. Packages that need cgo are refused with an error saying so.

// modulesEnv names the environment variable that overrides the module directory.
const modulesEnv = "GOTAPE_MODULES"

// gopathRoot is the GOPATH yaegi is given; modFS serves gopathRoot/src/<import path>.
const gopathRoot = "gotape-modules"

// ModuleDir is where the kernel keeps the go.mod of the modules cells fetched:
// $GOTAPE_MODULES, else gotape/modules under the user's cache directory.
func ModuleDir() string {
	if d := os.Getenv(modulesEnv); d != "" {
		return d
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = os.TempDir()
	}
	return filepath.Join(dir, "gotape", "modules")
}

// modules knows the source directories of the fetched modules (and their dependencies).
type modules struct {
	mu     sync.Mutex
	dir    string
	loaded bool
	mods   map[string]string // module path -> directory
}

func newModules() *modules { return &modules{dir: ModuleDir()} }

// goCommand returns the go tool run in the module directory with env (the cells'
// environment: %env GOPROXY=... applies), never switching toolchains or workspaces.
func (m *modules) goCommand(ctx context.Context, env []string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = m.dir
	cmd.Env = append(env, "GOWORK=off", "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local")
	return cmd
}

// ensure creates the module directory and its go.mod.
func (m *modules) ensure(ctx context.Context, env []string, stderr io.Writer) error {
	if _, err := os.Stat(filepath.Join(m.dir, "go.mod")); err == nil {
		return nil
	}
	if err := os.MkdirAll(m.dir, 0o755); err != nil {
		return err
	}
	cmd := m.goCommand(ctx, env, "mod", "init", "gotape.cells")
	cmd.Stderr = stderr
	return cmd.Run()
}

// load reads the module graph (go list -m -json all) once; forget makes the next lookup
// read it again.
func (m *modules) load() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.loaded {
		return
	}
	m.loaded = true
	m.mods = map[string]string{}
	if _, err := os.Stat(filepath.Join(m.dir, "go.mod")); err != nil {
		return
	}
	out, err := m.goCommand(context.Background(), os.Environ(), "list", "-m", "-json", "all").Output()
	if err != nil {
		return
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var mod struct {
			Path, Dir string
			Main      bool
			Replace   *struct{ Dir string }
		}
		if dec.Decode(&mod) != nil {
			break
		}
		if mod.Replace != nil && mod.Replace.Dir != "" {
			mod.Dir = mod.Replace.Dir
			if !filepath.IsAbs(mod.Dir) {
				mod.Dir = filepath.Join(m.dir, mod.Dir)
			}
		}
		if !mod.Main && mod.Dir != "" {
			m.mods[mod.Path] = mod.Dir
		}
	}
}

func (m *modules) forget() {
	m.mu.Lock()
	m.loaded = false
	m.mu.Unlock()
}

// packageDir returns the directory of import path p in the fetched modules (the longest
// module path that prefixes it), or "" when no fetched module provides it.
func (m *modules) packageDir(p string) string {
	m.load()
	m.mu.Lock()
	defer m.mu.Unlock()
	best := ""
	for mod := range m.mods {
		if (p == mod || strings.HasPrefix(p, mod+"/")) && len(mod) > len(best) {
			best = mod
		}
	}
	if best == "" {
		return ""
	}
	return filepath.Join(m.mods[best], filepath.FromSlash(strings.TrimPrefix(p, best)))
}

// list returns the fetched modules' paths, sorted.
func (m *modules) list() []string {
	m.load()
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for p := range m.mods {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// modFS is the file system yaegi reads package sources from: gopathRoot/src/<import path>/...
// maps to the fetched modules' directories.
type modFS struct{ m *modules }

func (f modFS) Open(name string) (fs.File, error) {
	rest, ok := strings.CutPrefix(filepath.ToSlash(name), gopathRoot+"/src/")
	if !ok || !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	dir := f.m.packageDir(rest)
	if dir == "" {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return os.Open(dir)
}

// errNoGo is the error when the go tool is missing.
var errNoGo = errors.New("the go command is not on PATH: install Go (https://go.dev/dl) to fetch modules")

func goToolError(err error) error {
	if errors.Is(err, exec.ErrNotFound) {
		return errNoGo
	}
	return fmt.Errorf("go: %w", err)
}
