// Command gotape is a Jupyter kernel for Go with GradientTape-style automatic
// differentiation.
//
//	gotape kernel [--allow-empty-key] [--history FILE|auto] [--in-process] CONNECTION_FILE
//	gotape install [--user | --prefix DIR | --sys-prefix]
//	gotape uninstall [--user | --prefix DIR | --sys-prefix]
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
	"syscall"
	"time"

	"github.com/gotape/gotape/install"
	"github.com/gotape/gotape/interp"
	"github.com/gotape/gotape/kernel"
	"github.com/gotape/gotape/kernel/lifeline"
	"github.com/gotape/gotape/supervise"
	_ "github.com/gotape/gotape/tape/openblas" // OpenBLAS BLAS when built with -tags openblas
)

// version is set with -ldflags "-X main.version=..."; otherwise the VCS revision is used.
var version = ""

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

const usage = `usage:
  gotape kernel [--allow-empty-key] [--history FILE|auto] [--in-process] CONNECTION_FILE
  gotape install [--user | --prefix DIR | --sys-prefix]   (default --user)
  gotape uninstall [--user | --prefix DIR | --sys-prefix]
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
	if inProcess {
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
	if err := fs.Parse(args); err != nil {
		return 2
	}
	w := install.Where{User: *user, Prefix: *prefix, SysPrefix: *sysPrefix}
	if !w.User && w.Prefix == "" && !w.SysPrefix {
		w.User = true
	}
	if cmd == "uninstall" {
		dir, err := install.Uninstall(w)
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
	dir, err := install.Install(bin, w)
	if err != nil {
		fmt.Fprintln(stderr, "gotape:", err)
		return 1
	}
	fmt.Fprintln(stdout, "installed kernelspec gotape in", dir)
	return 0
}
