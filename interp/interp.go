package interp

import (
	"context"
	"io"
	"os"
	"sort"
	"strings"
	"sync"

	"github.com/gotape/gotape/interp/symbols"
	"github.com/gotape/gotape/kernel"
	yaegi "github.com/gotape/gotape/third_party/yaegi/interp"
	"github.com/gotape/gotape/third_party/yaegi/stdlib"
)

// gotapePrefix is the import path prefix of gotape's own packages; those found in the
// generated symbol tables are imported in every cell under their package names.
const gotapePrefix = "github.com/gotape/gotape/"

// Evaluator runs cells in one persistent yaegi interpreter. Execute runs one cell at a
// time; Complete, Inspect and IsComplete may be called while a cell runs.
type Evaluator struct {
	mu   sync.Mutex // serialises Execute and interpreter access
	i    *yaegi.Interpreter
	io   *cellIO
	rt   *runtimeState
	seq  int64
	code string // the running cell
	// unbind ends the binding of the running cell's context to the Execute goroutine.
	unbind func()

	pkgNames map[string]string // import path -> package name, for every known package

	// metaMu guards the maps below: Execute writes them, Complete and Inspect read
	// them from other goroutines.
	metaMu   sync.RWMutex
	imported map[string]string // name -> import path, as imported in cells so far
	types    map[string]string // type and method declarations so far, normalised source
	decls    map[string]bool   // top-level names declared by cells (for completion)
	// funcResults counts the results of functions declared by cells.
	funcResults map[string]int
	funcSigs    map[string]string // signatures of functions declared by cells

	magic magicState // state of the running magic (magic*.go)
	mods  *modules   // modules fetched with %go get (modules.go)
}

var _ kernel.Evaluator = (*Evaluator)(nil)

// hook connects a gotape package to the running cell: process-wide state (tape's output
// writer and context) in begin and end, or a value of the cell's context (display's
// publisher), which the cell's goroutines inherit. Files hook_*.go register them.
type hook struct {
	begin       func(ctx context.Context, stdout, stderr io.Writer, out kernel.Output)
	context     func(ctx context.Context, out kernel.Output) context.Context // the cell's context, with out: the cell's routed Output
	end         func()
	failed      func()                     // the cell ended with an error (before end)
	isInterrupt func(v any) bool           // whether a panic value means "interrupted"
	render      func(v any) map[string]any // rich MIME forms of a result value
}

var hooks []hook

// New returns an evaluator with the standard library and gotape's packages loaded.
func New() *Evaluator {
	startGCFloor()
	e := &Evaluator{io: &cellIO{}, mods: newModules()}
	e.rt = &runtimeState{maxDepth: DefaultMaxDepth, io: e.io}
	e.newInterpreter()
	if _, err := e.Execute(context.Background(), e.prelude(), nopOutput{}); err != nil {
		panic("interp: prelude: " + err.Error())
	}
	return e
}

// newInterpreter gives e a fresh yaegi interpreter with the standard library, gotape's
// packages and the helpers loaded, and forgets what cells declared (the prelude is still
// to run). New and %reset call it.
func (e *Evaluator) newInterpreter() {
	e.metaMu.Lock()
	e.pkgNames = map[string]string{}
	e.imported = map[string]string{}
	e.types = map[string]string{}
	e.decls = map[string]bool{}
	e.funcResults = map[string]int{}
	e.funcSigs = map[string]string{}
	e.metaMu.Unlock()
	// With YAEGI_SPECIAL_STDIO, yaegi gives cells our reader and writers as os.Stdin,
	// os.Stdout and os.Stderr (as io.Reader/io.Writer values); otherwise only *os.File
	// streams are passed through and fmt.Fprintln(os.Stderr, ...) would bypass the cell.
	env := os.Environ() // taken first: the switch below is not the cells' business
	old, had := os.LookupEnv("YAEGI_SPECIAL_STDIO")
	os.Setenv("YAEGI_SPECIAL_STDIO", "1")
	e.i = yaegi.New(yaegi.Options{
		// yaegi sandboxes the environment: cells see this copy (os.Getenv/Setenv/Environ)
		Env:    env,
		Stdout: stdoutWriter{e.io},
		Stderr: stderrWriter{e.io},
		Stdin:  stdinReader{e.io},
		// Packages of fetched modules load from source (modules.go).
		GoPath:               gopathRoot,
		SourcecodeFilesystem: modFS{e.mods},
	})
	// The recursion-depth guard: yaegi calls it around every interpreted call (a Go stack
	// overflow cannot be recovered).
	e.i.GuardCalls(e.rt.enterCall, e.rt.leaveCall)
	if had {
		os.Setenv("YAEGI_SPECIAL_STDIO", old)
	} else {
		os.Unsetenv("YAEGI_SPECIAL_STDIO")
	}
	for _, syms := range []yaegi.Exports{stdlib.Symbols, e.stdioSymbols(), symbols.Symbols, e.rt.symbols(), e.magicSymbols()} {
		if err := e.i.Use(syms); err != nil {
			panic("interp: " + err.Error())
		}
		for key := range syms {
			if j := strings.LastIndexByte(key, '/'); j > 0 {
				e.pkgNames[key[:j]] = key[j+1:]
			}
		}
	}
}

// prelude imports the helpers and gotape's packages. Imports are file-scoped in yaegi
// (keyed by file name): the prelude goes through the same path as cells so that every
// cell sees its imports.
func (e *Evaluator) prelude() string {
	prelude := []string{`import __gotape "` + rtPath + `"`, `import __fmt "fmt"`, `import ` + magicPkg + ` "` + magicPath + `"`}
	for _, path := range preloaded() {
		name := e.pkgNames[path]
		prelude = append(prelude, `import `+name+` "`+path+`"`)
	}
	return strings.Join(prelude, "\n")
}

// preloaded returns the import paths of gotape's packages present in the symbol tables.
func preloaded() []string {
	var paths []string
	for key := range symbols.Symbols {
		if j := strings.LastIndexByte(key, '/'); j > 0 && strings.HasPrefix(key, gotapePrefix) {
			paths = append(paths, key[:j])
		}
	}
	sort.Strings(paths)
	return paths
}

// SetMaxDepth sets the limit on nested interpreted calls (default DefaultMaxDepth).
func (e *Evaluator) SetMaxDepth(n int) { e.rt.maxDepth = int64(n) }

// nopOutput discards everything (used for the prelude).
type nopOutput struct{}

func (nopOutput) Stream(string, string)               {}
func (nopOutput) Display(kernel.Bundle, string, bool) {}
func (nopOutput) ClearOutput(bool)                    {}
func (nopOutput) Input(context.Context, string, bool) (string, error) {
	return "", io.EOF
}
