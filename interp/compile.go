package interp

import (
	"errors"
	"fmt"
	"go/ast"
	"reflect"

	yaegi "github.com/gotape/gotape/third_party/yaegi/interp"
)

// variant is one way of rewriting a chunk for the compiler: the optional rewrites that
// may make a chunk fail to compile, on or off.
type variant struct {
	name     string
	reuse    bool // `x := f()` of an existing global becomes `x = f()` (rewrite_reuse.go)
	result   bool // the trailing expression is captured as the result (rewrite_result.go)
	rangeAll bool // every key-only range becomes a counting loop (rewrite_rangeint.go)
}

// fallbacks are the variants in the order they are tried; the first that compiles wins.
// Reusing a global compiles only when the new value has the variable's type; capturing
// a result compiles only for a single-valued expression; a range over a non-literal
// count is rewritten only when yaegi v0.16.1 cannot compile it as written.
var fallbacks = []variant{
	{name: "reuse globals, capture the result", reuse: true, result: true},
	{name: "capture the result", result: true},
	{name: "reuse globals", reuse: true},
	{name: "as written"},
	{name: "counting ranges, reuse globals, capture the result", rangeAll: true, reuse: true, result: true},
	{name: "counting ranges, capture the result", rangeAll: true, result: true},
	{name: "counting ranges, reuse globals", rangeAll: true, reuse: true},
	{name: "counting ranges", rangeAll: true},
}

// chunkFacts are what decides which fallbacks apply to a chunk.
type chunkFacts struct {
	index      int                      // the chunk's index in the cell
	wantResult bool                     // the last chunk ends in an expression statement
	ranges     bool                     // the chunk has key-only or key-less ranges
	globals    map[string]reflect.Value // for reuse; nil for declarations
	reusable   bool                     // reuse would change something
}

func (v variant) applies(f chunkFacts) bool {
	return (!v.result || f.wantResult) && (!v.rangeAll || f.ranges) && (!v.reuse || f.reusable)
}

// compileCell rewrites and compiles every chunk of a cell, in order, before any of it
// runs, after the standard-library packages it uses without importing them
// (rewrite_autoimport.go). A cell that fails to compile declares nothing: what earlier chunks declared is
// forgotten (yaegi declares a chunk's names when it compiles it).
func (e *Evaluator) compileCell(chunks []*parsedChunk) ([]*yaegi.Program, error) {
	imports, err := e.autoImports(e.i.FileSet(), chunks)
	if err != nil {
		return nil, compileError(err)
	}
	if imports != nil {
		chunks = append([]*parsedChunk{imports}, chunks...)
	}
	saved := e.saveDecls(chunks)
	var progs []*yaegi.Program
	for i, pc := range chunks {
		p, err := e.compileChunk(pc, i, i == len(chunks)-1)
		if err != nil {
			e.restoreDecls(saved)
			return nil, err
		}
		progs = append(progs, p...)
	}
	return progs, nil
}

// compileChunk tries the fallbacks in order and records the declarations of the one
// that compiles. The error reported is that of the first variant that does not capture
// a result (capturing is an implementation detail the user did not write).
func (e *Evaluator) compileChunk(pc *parsedChunk, index int, last bool) ([]*yaegi.Program, error) {
	facts := chunkFacts{index: index, ranges: hasRangeCandidates(pc)}
	if pc.decl {
		if err := e.checkDecls(pc.file); err != nil {
			return nil, err
		}
	} else {
		facts.globals = e.globals()
		facts.reusable = reusable(pc.body, facts.globals)
		if n := len(pc.body.List); last && n > 0 {
			_, facts.wantResult = pc.body.List[n-1].(*ast.ExprStmt)
		}
	}
	var firstErr error
	for _, v := range fallbacks {
		if !v.applies(facts) {
			continue
		}
		units, err := e.rewriteChunk(pc, v, facts)
		if err != nil {
			return nil, compileError(err)
		}
		progs, err := e.compileUnits(units)
		if err == nil {
			e.recordChunk(pc)
			return progs, nil
		}
		if !v.result && firstErr == nil {
			firstErr = err
		}
	}
	if firstErr == nil {
		firstErr = errors.New("cannot compile cell")
	}
	return nil, compileError(e.explain(firstErr, pc))
}

// rewriteChunk parses the chunk afresh (rewrites change the tree in place) and applies
// the rewrites of variant v; it returns the units to compile, in order.
func (e *Evaluator) rewriteChunk(pc *parsedChunk, v variant, facts chunkFacts) ([]ast.Node, error) {
	fset := e.i.FileSet()
	fresh, err := parseChunk(fset, pc.chunk)
	if err != nil {
		return nil, err
	}
	if fresh.decl {
		e.dropImported(fresh.file)
		if len(fresh.file.Decls) == 0 {
			return nil, nil
		}
		newRewriter(v.rangeAll).rewrite(fresh.file)
		return []ast.Node{fresh.file}, nil
	}
	newRewriter(v.rangeAll).rewrite(fresh.body)
	if v.reuse {
		reuseGlobals(fresh.body, facts.globals)
	}
	if v.result {
		e.wrapResult(fresh.body)
	}
	markLines(fset, fresh.body)
	return splitUnits(fresh.body, facts.index), nil
}

// recordChunk notes what a compiled chunk declares, for later chunks and cells.
func (e *Evaluator) recordChunk(pc *parsedChunk) {
	if pc.decl {
		e.recordDecls(pc.file)
	} else {
		e.recordStmtDecls(pc.body)
	}
}

// compileUnits compiles units in order (later ones may use names earlier ones declare).
func (e *Evaluator) compileUnits(units []ast.Node) ([]*yaegi.Program, error) {
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

// compile runs yaegi's compiler, turning its internal panics into errors.
func (e *Evaluator) compile(n ast.Node) (p *yaegi.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, fmt.Errorf("%v", r)
		}
	}()
	return e.i.CompileAST(n)
}
