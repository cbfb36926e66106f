package interp

import (
	"go/ast"
	"go/token"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/gotape/gotape/third_party/yaegi/stdlib"
)

// The auto-import stage, goimports' rule: a cell that uses pkg.Name where pkg is the name
// of a standard-library package, and declares and imports nothing called pkg, imports it.
// It runs before the rewrites, as an import chunk put first in the cell, so the import is
// recorded and undone like one the user wrote. autoImportSources lists where package
// names come from, in order (fetched modules could be added here).
var autoImportSources = []func(e *Evaluator) map[string]string{
	func(*Evaluator) map[string]string { return stdlibByName() },
}

// stdlibByName maps each standard-library package name of the interpreter to its import
// path. Where several packages share a name, the shorter path wins, then the first in
// order (rand is math/rand), except where goimports prefers another (template).
var stdlibByName = sync.OnceValue(func() map[string]string {
	byName := map[string]string{}
	var paths []string
	for key := range stdlib.Symbols {
		if j := strings.LastIndexByte(key, '/'); j > 0 {
			paths = append(paths, key[:j])
		}
	}
	sort.Slice(paths, func(i, j int) bool {
		if len(paths[i]) != len(paths[j]) {
			return len(paths[i]) < len(paths[j])
		}
		return paths[i] < paths[j]
	})
	for _, p := range paths {
		name := p[strings.LastIndexByte(p, '/')+1:]
		if _, taken := byName[name]; !taken && !strings.Contains(p, "internal") {
			byName[name] = p
		}
	}
	byName["template"] = "text/template"
	return byName
})

// autoImportPath returns the import path an undeclared, unimported name would be
// imported from, or "".
func (e *Evaluator) autoImportPath(name string) string {
	for _, src := range autoImportSources {
		if p := src(e)[name]; p != "" {
			return p
		}
	}
	return ""
}

// autoImports returns an import chunk for the packages chunks use by name without
// importing them (nil if none), to run before them.
func (e *Evaluator) autoImports(fset *token.FileSet, chunks []*parsedChunk) (*parsedChunk, error) {
	var paths []string
	seen := map[string]bool{}
	e.metaMu.RLock()
	defer e.metaMu.RUnlock()
	for _, name := range selectorBases(chunks) {
		if seen[name] || !e.undeclared(name) {
			continue
		}
		seen[name] = true
		if p := e.autoImportPath(name); p != "" {
			paths = append(paths, strconv.Quote(p))
		}
	}
	if len(paths) == 0 {
		return nil, nil
	}
	return parseChunk(fset, chunk{decl: true, src: "import (" + strings.Join(paths, "; ") + ")", line: 1, col: 1})
}

// undeclared reports whether no cell declared or imported name (it reads only the
// evaluator's records, so completion may ask while a cell runs); e.metaMu is held.
func (e *Evaluator) undeclared(name string) bool {
	return !e.decls[name] && e.imported[name] == ""
}

// selectorBases lists the unresolved identifiers chunks use as x in x.Sel, in order.
func selectorBases(chunks []*parsedChunk) []string {
	var names []string
	for _, pc := range chunks {
		f := pc.file
		if !pc.decl {
			f = pc.wrapper
		}
		unresolved := map[*ast.Ident]bool{}
		for _, id := range f.Unresolved {
			unresolved[id] = true
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if s, ok := n.(*ast.SelectorExpr); ok {
				if id, ok := s.X.(*ast.Ident); ok && unresolved[id] {
					names = append(names, id.Name)
				}
			}
			return true
		})
	}
	return names
}
