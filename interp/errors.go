package interp

import (
	"errors"
	"fmt"
	"github.com/gotape/gotape/kernel"
	"go/ast"
	"go/scanner"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/gotape/gotape/interp/symbols"
)

// compileError formats a parse or compile error; positions are cell positions.
func compileError(err error) *kernel.ExecError {
	var lines []string
	var list scanner.ErrorList
	if errors.As(err, &list) {
		for i, x := range list {
			if i == 10 {
				lines = append(lines, fmt.Sprintf("(%d more errors)", len(list)-10))
				break
			}
			lines = append(lines, x.Error())
		}
	} else {
		lines = strings.Split(err.Error(), "\n")
	}
	return &kernel.ExecError{Name: "CompileError", Value: lines[0], Traceback: lines}
}

// explanations reword yaegi's compile errors that do not say what is wrong in the cell,
// or that meet a Go feature the interpreter lacks; the first rule whose pattern matches
// the message applies. A rule returns "" to leave the message as it is.
var explanations = []struct {
	pattern *regexp.Regexp
	explain func(e *Evaluator, pc *parsedChunk, m []string) string
}{
	// yaegi's message for an undefined name in a global declaration, or in a type.
	{regexp.MustCompile(`definition loop|undefined type$`), func(e *Evaluator, pc *parsedChunk, _ []string) string {
		return strings.Join(e.undefinedNames(pc), "\n")
	}},
	{regexp.MustCompile(`^(cell:\d+:\d+: )undefined: (min|max|clear)$`), func(_ *Evaluator, _ *parsedChunk, m []string) string {
		return m[0] + " (the " + m[2] + " builtin of Go 1.21 is not supported by the interpreter)"
	}},
	{regexp.MustCompile(`^(cell:\d+:\d+: )undefined selector: (\w+)\.(\w+)$`), explainSelector},
	// A package name that is neither imported nor in the standard library.
	{regexp.MustCompile(`^cell:\d+:\d+: undefined: (\w+)$`), func(_ *Evaluator, pc *parsedChunk, m []string) string {
		if hint := packageHint(pc, m[1]); hint != "" {
			return m[0] + hint
		}
		return ""
	}},
	{regexp.MustCompile(`^(cell:\d+:\d+): expression\.(\w+)( undefined .*)$`), func(e *Evaluator, pc *parsedChunk, m []string) string {
		if x := selectorSource(e, pc, m[1], m[2]); x != "" {
			return m[1] + ": " + x + "." + m[2] + m[3]
		}
		return ""
	}},
	{regexp.MustCompile(`^(cell:\d+:\d+): cannot range over `), func(e *Evaluator, pc *parsedChunk, m []string) string {
		return unsupportedRange(e, pc, m[1])
	}},
	// A number or slice given to a tape op: Go's reason, then what the op takes.
	{regexp.MustCompile(`^cell:\d+:\d+: .* does not implement tape\.TensorLike \((missing|unexported) method tensor\)$`),
		func(_ *Evaluator, _ *parsedChunk, m []string) string {
			return m[0] + "; tape's ops take a *tape.Tensor or a *tape.Variable (tape.Constant(v) makes a tensor of a number or a slice)"
		}},
}

// packageHint says what an undefined name that pc uses as name.X lacks: the import of a
// package whose symbol tables gotape ships (mat: ` (import "gonum.org/v1/gonum/mat")`),
// or a module to fetch; "" if pc does not use name so.
func packageHint(pc *parsedChunk, name string) string {
	if !slices.Contains(selectorBases([]*parsedChunk{pc}), name) {
		return ""
	}
	if p := shippedByName()[name]; p != "" {
		return fmt.Sprintf(" (import %q)", p)
	}
	return " (no package " + name + " in the standard library; %go get it?)"
}

// shippedByName maps the names of the packages with symbol tables that cells do not
// see until imported (gonum's) to their import paths.
var shippedByName = sync.OnceValue(func() map[string]string {
	byName := map[string]string{}
	for key := range symbols.Symbols {
		if j := strings.LastIndexByte(key, '/'); j > 0 && !strings.HasPrefix(key, gotapePrefix) {
			byName[key[j+1:]] = key[:j]
		}
	}
	return byName
})

// explain rewords a compile error of chunk pc (see explanations).
func (e *Evaluator) explain(err error, pc *parsedChunk) error {
	msg := err.Error()
	for _, x := range explanations {
		if m := x.pattern.FindStringSubmatch(msg); m != nil {
			if s := x.explain(e, pc, m); s != "" {
				return errors.New(s)
			}
			break
		}
	}
	return err
}

// explainSelector says why pkg.Name is missing: it is generic (yaegi cannot
// instantiate a compiled package's generic functions) or not in the package.
func explainSelector(e *Evaluator, _ *parsedChunk, m []string) string {
	pos, pkg, name := m[1], m[2], m[3]
	e.metaMu.RLock()
	path := e.imported[pkg]
	e.metaMu.RUnlock()
	if path == "" {
		return ""
	}
	entry, ok := packageDocs(path)[name]
	switch {
	case !ok:
		return fmt.Sprintf("%sundefined: %s.%s", pos, pkg, name)
	case strings.HasPrefix(entry.Sig, "func "+name+"["):
		return fmt.Sprintf("%s%s.%s is generic: the interpreter cannot call the generic functions of compiled packages (%s)", pos, pkg, name, entry.Sig)
	}
	return ""
}

// unsupportedRange says which range statement (its operand at pos) the interpreter
// cannot compile: over a function (Go 1.23 iterators) or a value nothing ranges over.
func unsupportedRange(e *Evaluator, pc *parsedChunk, pos string) string {
	fset := e.i.FileSet()
	msg := ""
	inspectChunk(pc, func(n ast.Node) bool {
		r, ok := n.(*ast.RangeStmt)
		if !ok || msg != "" || fset.Position(r.X.Pos()).String() != pos {
			return msg == ""
		}
		what := "range over " + normalised(fset, r.X)
		if _, isFunc := r.X.(*ast.FuncLit); isFunc {
			what = "range over a function"
		}
		msg = fmt.Sprintf("%s: cannot %s: the interpreter ranges over slices, arrays, strings, maps, channels and integers; "+
			"range over functions (Go 1.23 iterators) is not supported", pos, what)
		return false
	})
	return msg
}

// selectorSource is the source of X in the selector X.name at pos, "" when none is there.
func selectorSource(e *Evaluator, pc *parsedChunk, pos, name string) string {
	fset := e.i.FileSet()
	src := ""
	inspectChunk(pc, func(n ast.Node) bool {
		if s, ok := n.(*ast.SelectorExpr); ok && src == "" && s.Sel.Name == name && fset.Position(s.Pos()).String() == pos {
			src = normalised(fset, s.X)
		}
		return src == ""
	})
	return src
}

// inspectChunk walks the syntax of chunk pc (its declarations or its statements).
func inspectChunk(pc *parsedChunk, f func(ast.Node) bool) {
	if pc.decl {
		ast.Inspect(pc.file, f)
	} else {
		ast.Inspect(pc.body, f)
	}
}
