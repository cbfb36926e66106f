package interp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/printer"
	"go/scanner"
	"go/token"
	"go/types"
	"reflect"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/gotape/gotape/kernel"
	yaegi "github.com/gotape/gotape/third_party/yaegi/interp"
)

// Execute runs one cell: its declarations and statements in order, in the persistent
// interpreter. The value of a trailing expression statement is the result.
func (e *Evaluator) Execute(ctx context.Context, code string, out kernel.Output) (_ *kernel.Bundle, err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.seq++
	cell := e.seq
	e.code = code
	e.rt.line.Store(0)
	e.io.begin(ctx, out)
	defer e.io.end()
	e.rt.cell.Store(cell)
	defer e.rt.cell.Store(0)
	e.rt.goPanic.Store(nil)
	e.rt.result, e.rt.resultStr, e.rt.hasResult = nil, "", false
	for _, h := range hooks {
		if h.begin != nil {
			h.begin(ctx, stdoutWriter{e.io}, stderrWriter{e.io}, out)
		}
	}
	defer func() {
		for _, h := range hooks {
			if h.failed != nil && err != nil {
				h.failed()
			}
			if h.end != nil {
				h.end()
			}
		}
	}()

	defer forgetCompiled(e.i)
	chunks, err := parseCell(e.i.FileSet(), code)
	if err != nil {
		return nil, compileError(err)
	}
	for i, pc := range chunks {
		if err := e.runChunk(ctx, pc, i == len(chunks)-1); err != nil {
			return nil, err
		}
	}
	e.rt.settle(cell, 50*time.Millisecond)
	if p := e.rt.goPanic.Load(); p != nil && p.cell == cell {
		return nil, &kernel.ExecError{Name: "panic", Value: fmt.Sprintf("in goroutine: %v", p.value),
			Traceback: strings.Split(strings.TrimRight(p.text, "\n"), "\n")}
	}
	if !e.rt.hasResult || e.rt.result == nil {
		return nil, nil
	}
	return e.resultBundle(e.rt.result, e.rt.resultStr), nil
}

// resultBundle renders a cell result: rich forms from the display hook, text/plain from
// fmt in interpreted code (which sees the String methods of interpreted types).
func (e *Evaluator) resultBundle(v any, text string) *kernel.Bundle {
	b := &kernel.Bundle{Data: map[string]any{}, Metadata: map[string]any{}}
	compiled := false
	if t := reflect.TypeOf(v); t != nil {
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		compiled = t.Name() != "" && t.PkgPath() != ""
	}
	for _, h := range hooks {
		if h.render == nil {
			continue
		}
		for k, x := range h.render(v) {
			if k != "text/plain" || compiled {
				b.Data[k] = x
			}
		}
	}
	if _, ok := b.Data["text/plain"]; !ok {
		b.Data["text/plain"] = text
	}
	return b
}

// runChunk checks, rewrites, compiles and runs one chunk. For the last chunk of a cell,
// a trailing expression statement is wrapped to capture its value; when that does not
// compile (a call without a single result), the chunk is compiled as written.
func (e *Evaluator) runChunk(ctx context.Context, pc *parsedChunk, last bool) error {
	fset := e.i.FileSet()
	if pc.decl {
		if err := e.checkDecls(pc.file); err != nil {
			return err
		}
		e.dropImported(pc.file)
		if len(pc.file.Decls) == 0 {
			return nil
		}
	}
	wantResult := last && !pc.decl && len(pc.body.List) > 0
	if wantResult {
		_, wantResult = pc.body.List[len(pc.body.List)-1].(*ast.ExprStmt)
	}
	type attempt struct{ rangesAll, result, reuse bool }
	var attempts []attempt
	for _, r := range []bool{false, true} {
		for _, res := range []bool{true, false} {
			attempts = append(attempts, attempt{r, res, true}, attempt{r, res, false})
		}
	}
	var globals map[string]reflect.Value
	if !pc.decl {
		globals = e.globals()
	}
	var progs []*yaegi.Program
	var firstErr error
	for _, a := range attempts {
		if a.result && !wantResult || a.rangesAll && !hasRangeCandidates(pc) || a.reuse && (pc.decl || !reusable(pc.body, globals)) {
			continue
		}
		// Each attempt starts from a fresh parse: rewrites change the tree in place.
		fresh, err := parseChunk(fset, pc.chunk)
		if err != nil {
			return compileError(err)
		}
		units := []ast.Node{fresh.file}
		if fresh.decl {
			e.dropImported(fresh.file)
			newRewriter().rewrite(fresh.file, a.rangesAll)
		} else {
			newRewriter().rewrite(fresh.body, a.rangesAll)
			if a.reuse {
				reuseGlobals(fresh.body, globals)
			}
			if a.result {
				e.wrapResult(fresh.body)
			}
			markLines(fset, fresh.body)
			units = splitUnits(fresh.body)
		}
		progs, err = e.compileAll(units)
		if err == nil {
			break
		}
		if !a.result && firstErr == nil {
			firstErr = err
		}
		progs = nil
	}
	if progs == nil {
		if firstErr == nil {
			firstErr = errors.New("cannot compile cell")
		}
		if strings.Contains(firstErr.Error(), "definition loop") {
			// yaegi's message for an undefined name in a global declaration.
			if names := e.undefinedNames(pc); len(names) > 0 {
				firstErr = fmt.Errorf("%s (yaegi says: %v)", names[0], firstErr)
			}
		}
		if strings.Contains(firstErr.Error(), "nil type") && hasRangeCandidates(pc) {
			firstErr = fmt.Errorf("%v (yaegi cannot range over this value; for an integer n write: for i := 0; i < n; i++)", firstErr)
		}
		return compileError(firstErr)
	}
	if pc.decl {
		e.recordDecls(pc.file)
	} else {
		e.recordStmtDecls(pc.body)
	}
	for _, p := range progs {
		if err := e.run(ctx, p); err != nil {
			return err
		}
	}
	return nil
}

// compileAll compiles units in order (later ones may use names earlier ones declare).
func (e *Evaluator) compileAll(units []ast.Node) ([]*yaegi.Program, error) {
	var progs []*yaegi.Program
	for _, u := range units {
		p, err := e.compile(u)
		if err != nil {
			return nil, err
		}
		progs = append(progs, p)
	}
	return progs, nil
}

// wrapResult makes the trailing expression statement E of body record its value.
// A call may return zero or several values, which yaegi does not reject in an
// assignment, so a call becomes __gotape.Results(E) (compiled, variadic: it counts the
// values; void calls do not compile and the caller retries without the wrap). Any
// other expression, and calls of cell functions with one result, become
// __gotape_r := E; __gotape.SetResult(__gotape_r, __fmt.Sprint(__gotape_r)), where fmt
// runs in interpreted code and so sees the String methods of interpreted types.
func (e *Evaluator) wrapResult(body *ast.BlockStmt) {
	l := body.List
	x := l[len(l)-1].(*ast.ExprStmt)
	p := x.Pos()
	if call, ok := ast.Unparen(x.X).(*ast.CallExpr); ok {
		id, isIdent := call.Fun.(*ast.Ident)
		if !isIdent || e.funcResults[id.Name] != 1 {
			l[len(l)-1] = &ast.ExprStmt{X: rtCall(p, "Results", x.X)}
			return
		}
	}
	r := func() *ast.Ident { return &ast.Ident{NamePos: p, Name: resultVar} }
	sprint := &ast.CallExpr{Fun: &ast.SelectorExpr{X: &ast.Ident{NamePos: p, Name: "__fmt"}, Sel: &ast.Ident{NamePos: p, Name: "Sprint"}}, Args: []ast.Expr{r()}}
	body.List = append(l[:len(l)-1],
		&ast.AssignStmt{Lhs: []ast.Expr{r()}, TokPos: p, Tok: token.DEFINE, Rhs: []ast.Expr{x.X}},
		&ast.ExprStmt{X: rtCall(p, "SetResult", r(), sprint)})
}

// compile runs yaegi's compiler, turning its internal panics into errors.
func (e *Evaluator) compile(n ast.Node) (p *yaegi.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("%v", r)
		}
	}()
	return e.i.CompileAST(n)
}

// run executes a compiled chunk; panics and interrupts become *kernel.ExecError.
func (e *Evaluator) run(ctx context.Context, p *yaegi.Program) error {
	rctx, cancel := context.WithCancel(ctx)
	c := &runControl{cancel: cancel, stopped: make(chan struct{})}
	e.rt.armed.Store(c)
	e.rt.recErr.Store(nil)
	_, err := e.i.ExecuteWithContext(rctx, p)
	e.rt.armed.Store(nil)
	close(c.stopped)
	if rctx.Err() != nil {
		e.settleStopped()
	}
	cancel()
	if re := e.rt.recErr.Swap(nil); re != nil {
		e.io.takeTrace()
		// The deep recursion grew a goroutine stack to hundreds of MB; hand it back to
		// the OS now instead of keeping the kernel's RSS at its peak.
		debug.FreeOSMemory()
		return &kernel.ExecError{Name: "RecursionError", Value: re.Error(),
			Traceback: []string{"RecursionError: " + re.Error(), "(the limit guards the process: a Go stack overflow cannot be recovered)"}}
	}
	if err == nil {
		return nil
	}
	trace := e.traceback(e.io.takeTrace())
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return &kernel.ExecError{Name: "Interrupted", Value: "the cell was interrupted",
			Traceback: append([]string{"Interrupted: the cell was interrupted"}, trace...)}
	}
	var pv yaegi.Panic
	if errors.As(err, &pv) {
		for _, h := range hooks {
			if h.isInterrupt != nil && h.isInterrupt(pv.Value) {
				return &kernel.ExecError{Name: "Interrupted", Value: fmt.Sprint(pv.Value),
					Traceback: append([]string{"Interrupted: " + fmt.Sprint(pv.Value)}, trace...)}
			}
		}
		val := fmt.Sprint(pv.Value)
		head := "panic: " + val
		if _, isErr := pv.Value.(error); isErr {
			head += " [" + reflect.TypeOf(pv.Value).String() + "]"
		}
		return &kernel.ExecError{Name: "panic", Value: val, Traceback: append([]string{head}, trace...)}
	}
	return &kernel.ExecError{Name: "Error", Value: err.Error(), Traceback: append([]string{err.Error()}, trace...)}
}

// settleStopped waits for stopped interpreted code to wind down before the next chunk
// runs: ExecuteWithContext returns at once on cancellation while yaegi's goroutine
// returns from each frame (deferred calls run, and yaegi's call count goes down)
// or finishes the compiled call it is in (tape ops panic with ErrInterrupted).
func (e *Evaluator) settleStopped() {
	for deadline := time.Now().Add(2 * time.Second); e.i.CallDepth() > 0 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond)
}

// yaegiFrame parses the lines yaegi prints per interpreted frame while a panic unwinds.
var yaegiFrame = regexp.MustCompile(`^` + cellFile + `:(\d+):(\d+): panic: (.*)\(\.\.\.\)$`)

// traceback turns yaegi's frame lines (innermost first) into a traceback, outermost
// first, starting at the cell statement that was running and showing each line's source.
func (e *Evaluator) traceback(frames []string) []string {
	lines := strings.Split(e.code, "\n")
	src := func(l int) string {
		if l >= 1 && l <= len(lines) {
			return strings.TrimSpace(lines[l-1])
		}
		return ""
	}
	var out []string
	if l := int(e.rt.line.Load()); l > 0 {
		out = append(out, fmt.Sprintf("%s:%d: %s", cellFile, l, src(l)))
	}
	var inner []string
	for i := len(frames) - 1; i >= 0; i-- {
		m := yaegiFrame.FindStringSubmatch(frames[i])
		if m == nil {
			inner = append(inner, frames[i])
			continue
		}
		fn := strings.TrimPrefix(m[3], "main.")
		if fn == "main" || strings.HasPrefix(fn, unitFunc) {
			continue // the chunk itself: covered by the statement line
		}
		l, _ := strconv.Atoi(m[1])
		inner = append(inner, fmt.Sprintf("%s:%s:%s: in %s: %s", cellFile, m[1], m[2], fn, src(l)))
	}
	if len(inner) > 12 {
		inner = append(append(inner[:6:6], fmt.Sprintf("... %d more frames ...", len(inner)-12)), inner[len(inner)-6:]...)
	}
	return append(out, inner...)
}

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

// hasRangeCandidates reports whether the chunk has a key-only or key-less range loop.
func hasRangeCandidates(pc *parsedChunk) bool {
	var n ast.Node = pc.body
	if pc.decl {
		n = pc.file
	}
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if r, ok := n.(*ast.RangeStmt); ok && r.Value == nil {
			found = true
		}
		return !found
	})
	return found
}

// normalised returns n's source with all white space collapsed, to compare declarations.
func normalised(fset *token.FileSet, n ast.Node) string {
	var b bytes.Buffer
	_ = printer.Fprint(&b, fset, n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// declKeys returns the type and method declarations of f, keyed "T" and "T.M".
func declKeys(fset *token.FileSet, f *ast.File) map[string]ast.Node {
	keys := map[string]ast.Node{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			if d.Tok != token.TYPE {
				continue
			}
			for _, s := range d.Specs {
				ts := s.(*ast.TypeSpec)
				keys[ts.Name.Name] = ts
			}
		case *ast.FuncDecl:
			if d.Recv != nil && len(d.Recv.List) == 1 {
				keys[recvName(d.Recv.List[0].Type)+"."+d.Name.Name] = d
			}
		}
	}
	return keys
}

func recvName(t ast.Expr) string {
	switch t := t.(type) {
	case *ast.StarExpr:
		return recvName(t.X)
	case *ast.Ident:
		return t.Name
	case *ast.IndexExpr:
		return recvName(t.X)
	case *ast.IndexListExpr:
		return recvName(t.X)
	}
	return "?"
}

// checkDecls refuses to redefine a type or method differently: yaegi v0.16.1 would keep
// the first definition silently. Re-running the same definition is fine.
func (e *Evaluator) checkDecls(f *ast.File) error {
	fset := e.i.FileSet()
	for key, n := range declKeys(fset, f) {
		old, ok := e.types[key]
		if !ok || old == normalised(fset, n) {
			continue
		}
		what := "type " + key
		if strings.Contains(key, ".") {
			what = "method " + key
		}
		return compileError(fmt.Errorf("%s: cannot redefine %s: the interpreter keeps its first definition; "+
			"restart the kernel to change it, or use a new name", fset.Position(n.Pos()), what))
	}
	return nil
}

func (e *Evaluator) recordDecls(f *ast.File) {
	e.metaMu.Lock()
	defer e.metaMu.Unlock()
	fset := e.i.FileSet()
	for key, n := range declKeys(fset, f) {
		e.types[key] = normalised(fset, n)
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				e.decls[d.Name.Name] = true
				e.funcResults[d.Name.Name] = d.Type.Results.NumFields()
				e.funcSigs[d.Name.Name] = normalised(e.i.FileSet(), &ast.FuncDecl{Name: d.Name, Type: d.Type}) + "\n\n(declared in a cell)"
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					e.decls[s.Name.Name] = true
				case *ast.ValueSpec:
					for _, id := range s.Names {
						e.decls[id.Name] = true
					}
				case *ast.ImportSpec:
					path := strings.Trim(s.Path.Value, "\"`")
					name := e.pkgNames[path]
					if s.Name != nil {
						name = s.Name.Name
					}
					if name != "" && name != "_" && name != "." {
						e.imported[name] = path
					}
				}
			}
		}
	}
}

// dropImported removes import specs already in effect (yaegi refuses a second import of
// the same package), so re-running a cell with imports works.
func (e *Evaluator) dropImported(f *ast.File) {
	decls := f.Decls[:0]
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			decls = append(decls, d)
			continue
		}
		specs := g.Specs[:0]
		for _, s := range g.Specs {
			is := s.(*ast.ImportSpec)
			path := strings.Trim(is.Path.Value, "\"`")
			name := e.pkgNames[path]
			if is.Name != nil {
				name = is.Name.Name
			}
			if name == "" || e.imported[name] != path {
				specs = append(specs, s)
			}
		}
		if len(specs) > 0 {
			g.Specs = specs
			decls = append(decls, g)
		}
	}
	f.Decls = decls
	f.Imports = nil
}

// recordStmtDecls notes the names a statement chunk declares at top level.
func (e *Evaluator) recordStmtDecls(b *ast.BlockStmt) {
	e.metaMu.Lock()
	defer e.metaMu.Unlock()
	for _, st := range b.List {
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok == token.DEFINE {
				for _, n := range identNames(st.Lhs) {
					e.decls[n] = true
				}
			}
		case *ast.DeclStmt:
			if g, ok := st.Decl.(*ast.GenDecl); ok {
				for _, sp := range g.Specs {
					if vs, ok := sp.(*ast.ValueSpec); ok {
						for _, id := range vs.Names {
							e.decls[id.Name] = true
						}
					}
				}
			}
		}
	}
}

// undefinedNames lists "cell:L:C: undefined: x" for the names a chunk uses that are
// declared neither in it nor by earlier cells, nor predeclared.
func (e *Evaluator) undefinedNames(pc *parsedChunk) []string {
	f := pc.file
	if !pc.decl {
		f = pc.wrapper
	}
	keys := map[*ast.Ident]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if kv, ok := n.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				keys[id] = true
			}
		}
		return true
	})
	globals := e.globals()
	var out []string
	for _, id := range f.Unresolved {
		n := id.Name
		if keys[id] || e.decls[n] || e.imported[n] != "" || types.Universe.Lookup(n) != nil {
			continue
		}
		if _, ok := globals[n]; ok {
			continue
		}
		out = append(out, fmt.Sprintf("%s: undefined: %s", e.i.FileSet().Position(id.Pos()), n))
	}
	return out
}

// globals returns yaegi's global variables and constants (empty if yaegi fails, as it
// does between compiling and running a chunk that declares new ones).
func (e *Evaluator) globals() (g map[string]reflect.Value) {
	defer func() {
		if recover() != nil {
			g = nil
		}
	}()
	return e.i.Globals()
}

// markLines puts __gotape.Line(n) before each top-level statement, so a traceback
// can name the cell line that was running.
func markLines(fset *token.FileSet, b *ast.BlockStmt) {
	var list []ast.Stmt
	for _, st := range b.List {
		p := st.Pos()
		l := fset.Position(p).Line
		list = append(list, &ast.ExprStmt{X: rtCall(p, "Line", &ast.BasicLit{ValuePos: p, Kind: token.INT, Value: strconv.Itoa(l)})}, st)
	}
	b.List = list
}

// splitUnits cuts a statement chunk into compile units. Short variable declarations
// run as top-level statements (later cells use the variables); each run of other
// statements becomes the body of a function, func __gotape_unitN() { ... }, declared and
// then called by a one-statement unit. yaegi gives every node of a top-level statement a
// slot in the global frame, never reused, keeps the compiled tree alive through it, and
// copies the whole frame when it grows (and for each top-level closure): cells that ran
// at top level made every later cell slower and kept ~20 KB each. A redefined function
// replaces the previous one, so the same few names are reused by every cell.
func splitUnits(b *ast.BlockStmt) []ast.Node {
	var units []ast.Node
	var run []ast.Stmt
	n := 0
	flush := func() {
		if len(run) == 0 {
			return
		}
		p := run[0].Pos()
		name := unitFunc + strconv.Itoa(n)
		n++
		fn := &ast.FuncDecl{Name: &ast.Ident{NamePos: p, Name: name},
			Type: &ast.FuncType{Func: p, Params: &ast.FieldList{Opening: p, Closing: p}},
			Body: &ast.BlockStmt{Lbrace: p, List: run, Rbrace: run[len(run)-1].End()}}
		units = append(units, &ast.File{Package: b.Lbrace, Name: &ast.Ident{NamePos: b.Lbrace, Name: "main"}, Decls: []ast.Decl{fn}},
			&ast.BlockStmt{Lbrace: b.Lbrace, List: []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{Fun: &ast.Ident{NamePos: p, Name: name}, Lparen: p, Rparen: p}}}, Rbrace: b.Rbrace})
		run = nil
	}
	for _, st := range b.List {
		if a, ok := st.(*ast.AssignStmt); ok && a.Tok == token.DEFINE && !isResultVar(a.Lhs[0]) {
			// Keep its line marker (the statement before it) with it.
			list := []ast.Stmt{st}
			if k := len(run); k > 0 && isLineMarker(run[k-1]) {
				list = []ast.Stmt{run[k-1], st}
				run = run[:k-1]
			}
			flush()
			units = append(units, &ast.BlockStmt{Lbrace: b.Lbrace, List: list, Rbrace: b.Rbrace})
			continue
		}
		run = append(run, st)
	}
	flush()
	return units
}

func isLineMarker(s ast.Stmt) bool {
	x, ok := s.(*ast.ExprStmt)
	if !ok {
		return false
	}
	c, ok := x.X.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := c.Fun.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Line"
}

func isResultVar(e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == resultVar
}

// reusable reports whether reuseGlobals would change anything in b.
func reusable(b *ast.BlockStmt, globals map[string]reflect.Value) bool {
	for _, st := range b.List {
		if redeclaresGlobals(st, globals) {
			return true
		}
	}
	return false
}

// reuseGlobals turns a top-level `x := f()` into `x = f()` when x is already a global
// of a concrete (non-interface) type: yaegi would otherwise allocate a new global slot
// and keep the old value alive, so re-running `w := tape.RandomNormal(...)` leaked a
// tensor each time. The right-hand side must be typed (a call, composite literal or
// address), so the assignment compiles only if its type is the variable's (assignable
// to a concrete type means identical, or unnamed and underlying-identical), or a basic
// literal whose default type is the variable's; when it does not compile the chunk is
// compiled again with the declaration as written.
func reuseGlobals(b *ast.BlockStmt, globals map[string]reflect.Value) {
	for _, st := range b.List {
		if redeclaresGlobals(st, globals) {
			st.(*ast.AssignStmt).Tok = token.ASSIGN
		}
	}
}

func redeclaresGlobals(st ast.Stmt, globals map[string]reflect.Value) bool {
	a, ok := st.(*ast.AssignStmt)
	if !ok || a.Tok != token.DEFINE || len(a.Rhs) != 1 {
		return false
	}
	var litType reflect.Type // the default type of an untyped constant right-hand side
	switch r := ast.Unparen(a.Rhs[0]).(type) {
	case *ast.CallExpr, *ast.CompositeLit:
	case *ast.UnaryExpr:
		if r.Op != token.AND {
			return false
		}
	case *ast.BasicLit:
		litType = map[token.Token]reflect.Type{token.INT: reflect.TypeFor[int](), token.FLOAT: reflect.TypeFor[float64](),
			token.STRING: reflect.TypeFor[string](), token.CHAR: reflect.TypeFor[rune](), token.IMAG: reflect.TypeFor[complex128]()}[r.Kind]
		if len(a.Lhs) != 1 {
			return false
		}
	default:
		return false
	}
	for _, l := range a.Lhs {
		id, ok := l.(*ast.Ident)
		if !ok {
			return false
		}
		if id.Name == "_" {
			continue
		}
		v, ok := globals[id.Name]
		if !ok || !v.IsValid() || v.Kind() == reflect.Interface || litType != nil && v.Type() != litType {
			return false
		}
	}
	return true
}
