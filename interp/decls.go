package interp

import (
	"maps"

	"bytes"
	"fmt"
	yaegi "github.com/gotape/gotape/third_party/yaegi/interp"
	"go/ast"
	"go/printer"
	"go/token"
	"go/types"
	"reflect"
	"strings"
)

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
		out = append(out, fmt.Sprintf("%s: undefined: %s%s", e.i.FileSet().Position(id.Pos()), n, packageHint(pc, n)))
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

// declState is what cells have declared so far: the interpreter's symbols and the
// evaluator's records of them. A cell that fails to compile restores it (all or nothing).
type declState struct {
	yaegi                     *yaegi.Checkpoint
	imported, types, funcSigs map[string]string
	decls                     map[string]bool
	funcResults               map[string]int
}

// saveDecls records the state a cell of these chunks can change.
func (e *Evaluator) saveDecls(chunks []*parsedChunk) *declState {
	e.metaMu.RLock()
	defer e.metaMu.RUnlock()
	return &declState{yaegi: e.i.Checkpoint(e.declaredNames(chunks)...), imported: maps.Clone(e.imported), types: maps.Clone(e.types),
		funcSigs: maps.Clone(e.funcSigs), decls: maps.Clone(e.decls), funcResults: maps.Clone(e.funcResults)}
}

func (e *Evaluator) restoreDecls(s *declState) {
	e.i.Restore(s.yaegi)
	e.metaMu.Lock()
	defer e.metaMu.Unlock()
	e.imported, e.types, e.funcSigs, e.decls, e.funcResults = s.imported, s.types, s.funcSigs, s.decls, s.funcResults
}

// declaredNames lists the package-level names chunks declare, as yaegi keys them (an
// import is "name/cell": yaegi scopes imports by file), and the names they use without
// declaring them (yaegi declares placeholders for those it cannot resolve).
func (e *Evaluator) declaredNames(chunks []*parsedChunk) []string {
	names := []string{resultVar}
	for _, pc := range chunks {
		f := pc.file
		if !pc.decl {
			f = pc.wrapper
		}
		for _, id := range f.Unresolved {
			names = append(names, id.Name)
		}
		if !pc.decl {
			for _, st := range pc.body.List {
				switch st := st.(type) {
				case *ast.AssignStmt:
					if st.Tok == token.DEFINE {
						names = append(names, identNames(st.Lhs)...)
					}
				case *ast.DeclStmt:
					names = append(names, specNames(e, st.Decl)...)
				}
			}
			continue
		}
		for _, d := range pc.file.Decls {
			if f, ok := d.(*ast.FuncDecl); ok && f.Recv == nil {
				names = append(names, f.Name.Name)
			}
			names = append(names, specNames(e, d)...)
		}
	}
	return names
}

// specNames lists the names of a declaration's specs.
func specNames(e *Evaluator, d ast.Decl) []string {
	g, ok := d.(*ast.GenDecl)
	if !ok {
		return nil
	}
	var names []string
	for _, s := range g.Specs {
		switch s := s.(type) {
		case *ast.TypeSpec:
			names = append(names, s.Name.Name)
		case *ast.ValueSpec:
			for _, id := range s.Names {
				names = append(names, id.Name)
			}
		case *ast.ImportSpec:
			name := e.pkgNames[strings.Trim(s.Path.Value, "\"`")]
			if s.Name != nil {
				name = s.Name.Name
			}
			names = append(names, name+"/"+cellFile)
		}
	}
	return names
}
