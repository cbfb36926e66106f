// Package godoc extracts doc comments and signatures of a Go package's exported API from
// its source, for the evaluator's inspect requests. It does not type-check.
package godoc

import (
	"bytes"
	"go/ast"
	"go/build"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"io/fs"
	"os"
	"strings"
)

// Entry is the documentation of one symbol.
type Entry struct {
	Sig string `json:"sig"` // declaration without body, e.g. "func Sin(x *Tensor) *Tensor"
	Doc string `json:"doc"` // doc comment text
}

// Package maps symbol keys to entries: "" for the package itself, "Name" for a
// function, type, variable or constant, "Type.Method" for a method.
type Package map[string]Entry

// Extract reads the non-test Go files in dir (package importPath).
func Extract(dir, importPath string) (Package, error) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, dir, func(fi fs.FileInfo) bool {
		// Only the files of a default build: a package with build-tag variants of one
		// function (gonum's bounds checks) would otherwise document either at random.
		ok, err := build.Default.MatchFile(dir, fi.Name())
		return err == nil && ok && !strings.HasSuffix(fi.Name(), "_test.go")
	}, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	out := Package{}
	for name, p := range pkgs {
		if name == "main" || strings.HasSuffix(name, "_test") {
			continue
		}
		mode := doc.Mode(0)
		if importPath == "builtin" {
			mode = doc.AllDecls // its names are lower case
		}
		d := doc.New(p, importPath, mode)
		out[""] = Entry{Sig: "package " + d.Name + ` // import "` + importPath + `"`, Doc: d.Doc}
		addValues := func(vs []*doc.Value) {
			for _, v := range vs {
				sig := node(fset, v.Decl)
				for _, s := range v.Decl.Specs {
					for _, n := range s.(*ast.ValueSpec).Names {
						if n.IsExported() || mode == doc.AllDecls {
							out[n.Name] = Entry{Sig: sig, Doc: v.Doc}
						}
					}
				}
			}
		}
		addFuncs := func(prefix string, fs []*doc.Func) {
			for _, f := range fs {
				f.Decl.Body = nil
				out[prefix+f.Name] = Entry{Sig: node(fset, f.Decl), Doc: f.Doc}
			}
		}
		addValues(d.Consts)
		addValues(d.Vars)
		addFuncs("", d.Funcs)
		for _, t := range d.Types {
			out[t.Name] = Entry{Sig: node(fset, t.Decl), Doc: t.Doc}
			addValues(t.Consts)
			addValues(t.Vars)
			addFuncs("", t.Funcs)
			addFuncs(t.Name+".", t.Methods)
		}
	}
	return out, nil
}

func node(fset *token.FileSet, n any) string {
	var b bytes.Buffer
	if err := (&printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}).Fprint(&b, fset, n); err != nil {
		return ""
	}
	return b.String()
}

// Exists reports whether dir is a directory.
func Exists(dir string) bool {
	fi, err := os.Stat(dir)
	return err == nil && fi.IsDir()
}
