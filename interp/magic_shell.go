package interp

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"

	"github.com/gotape/gotape/kernel"
)

// !cmd, %env and %%writefile: the cell's view of the machine.

var shellMagic = magic{help: "run a shell command (sh -c), streaming its output; a non-zero exit is shown", run: runShell}

// runShell runs the line with sh -c in the cells' environment, streaming stdout and stderr
// as they come; an interrupt kills the command (and its children).
func runShell(e *Evaluator, ctx context.Context, m *magicCall) (*kernel.Bundle, error) {
	if m.args == "" {
		return nil, usage("! needs a command: !ls -l")
	}
	cmd := exec.Command("sh", "-c", m.args)
	cmd.Env = e.environ()
	cmd.Stdout = stdoutWriter{e.io}
	cmd.Stderr = stderrWriter{e.io}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return nil, &kernel.ExecError{Name: "ShellError", Value: err.Error(), Traceback: []string{"!" + m.args + ": " + err.Error()}}
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
		return nil, &kernel.ExecError{Name: "Interrupted", Value: "the cell was interrupted",
			Traceback: []string{"Interrupted: !" + m.args + " was killed"}}
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		e.io.stream("stderr", []byte(fmt.Sprintf("!%s: %s\n", m.args, exit.ProcessState)))
		return nil, nil
	}
	if err != nil {
		return nil, &kernel.ExecError{Name: "ShellError", Value: err.Error(), Traceback: []string{"!" + m.args + ": " + err.Error()}}
	}
	return nil, nil
}

// envFuncs returns the interpreter's sandboxed os.Environ, os.LookupEnv and os.Setenv:
// cells see that environment, not the kernel process's.
func (e *Evaluator) envFuncs() (environ func() []string, lookup func(string) (string, bool), setenv func(string, string) error) {
	os := e.i.Symbols("os")["os"]
	environ, _ = os["Environ"].Interface().(func() []string)
	lookup, _ = os["LookupEnv"].Interface().(func(string) (string, bool))
	setenv, _ = os["Setenv"].Interface().(func(string, string) error)
	return environ, lookup, setenv
}

// environ is the cells' environment, sorted.
func (e *Evaluator) environ() []string {
	environ, _, _ := e.envFuncs()
	if environ == nil {
		return os.Environ()
	}
	env := environ()
	sort.Strings(env)
	return env
}

// runEnv: %env lists, %env NAME shows, %env NAME=VALUE (or NAME VALUE) sets.
func runEnv(e *Evaluator, _ context.Context, m *magicCall) (*kernel.Bundle, error) {
	_, lookup, setenv := e.envFuncs()
	if lookup == nil || setenv == nil {
		return nil, usage("%%env: the interpreter has no environment")
	}
	args := m.args
	switch {
	case args == "":
		e.printf("%s\n", strings.Join(e.environ(), "\n"))
	case strings.ContainsAny(args, "= \t"):
		name, value, _ := strings.Cut(args, "=")
		if !strings.Contains(args, "=") {
			name, value, _ = strings.Cut(args, " ")
		}
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if name == "" {
			return nil, usage("%%env: a variable name is needed: %%env NAME=VALUE")
		}
		_ = setenv(name, value)
		e.printf("env: %s=%s\n", name, value)
	default:
		v, ok := lookup(args)
		if !ok {
			return nil, usage("Environment does not have key: %s", args)
		}
		e.printf("%s\n", v)
	}
	return nil, nil
}

// runWritefile writes the body of the cell to the file named on its line, as IPython's
// %%writefile does (relative names are relative to the kernel's working directory).
func runWritefile(e *Evaluator, _ context.Context, m *magicCall) (*kernel.Bundle, error) {
	f := strings.Fields(m.args)
	appendTo := len(f) > 0 && (f[0] == "-a" || f[0] == "--append")
	if appendTo {
		f = f[1:]
	}
	if len(f) != 1 {
		return nil, usage("%%%%writefile needs one file name: %%%%writefile [-a] FILE")
	}
	name := strings.Trim(f[0], `"'`)
	body := m.raw
	_, statErr := os.Stat(name)
	flags := os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	verb := "Writing"
	switch {
	case appendTo:
		flags, verb = os.O_WRONLY|os.O_CREATE|os.O_APPEND, "Appending to"
	case statErr == nil:
		verb = "Overwriting"
	}
	if dir := filepath.Dir(name); dir != "." {
		if _, err := os.Stat(dir); err != nil {
			return nil, usage("%%%%writefile: directory %s does not exist", dir)
		}
	}
	if !strings.HasSuffix(body, "\n") {
		body += "\n"
	}
	file, err := os.OpenFile(name, flags, 0o644)
	if err == nil {
		_, err = file.WriteString(body)
		if cerr := file.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return nil, &kernel.ExecError{Name: "OSError", Value: err.Error(), Traceback: []string{"%%writefile: " + err.Error()}}
	}
	e.printf("%s %s\n", verb, name)
	return nil, nil
}
