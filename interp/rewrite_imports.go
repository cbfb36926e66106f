package interp

import (
	"go/ast"
	"go/token"
	"strings"
)

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
