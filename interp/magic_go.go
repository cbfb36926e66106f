package interp

import (
	"context"
	"fmt"
	"go/ast"
	"go/build"
	"go/parser"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/gotape/gotape/kernel"
)

// %go get, and the import checks that give fetched modules clear errors.

func runGoMagic(e *Evaluator, ctx context.Context, m *magicCall) (*kernel.Bundle, error) {
	args := strings.Fields(m.args)
	if len(args) < 2 || args[0] != "get" {
		return nil, usage("%%go supports one command: %%go get MODULE@VERSION (or MODULE for the latest)")
	}
	env := e.environ()
	stderr := stderrWriter{e.io}
	if err := e.mods.ensure(ctx, env, stderr); err != nil {
		return nil, goError("%go get", goToolError(err))
	}
	cmd := e.mods.goCommand(ctx, env, append([]string{"get"}, args[1:]...)...)
	var said strings.Builder // what go printed: its last line is the error's reason
	cmd.Stdout, cmd.Stderr = stderrWriter{e.io}, io.MultiWriter(stderr, &said)
	err := cmd.Run()
	e.mods.forget()
	if ctx.Err() != nil {
		return nil, &kernel.ExecError{Name: "Interrupted", Value: "the cell was interrupted", Traceback: []string{"Interrupted: %go get was stopped"}}
	}
	if err != nil {
		if lines := strings.Split(strings.TrimSpace(said.String()), "\n"); lines[len(lines)-1] != "" {
			err = fmt.Errorf("%s (%w)", strings.TrimPrefix(lines[len(lines)-1], "go: "), err)
		}
		return nil, goError("%go get "+strings.Join(args[1:], " "), goToolError(err))
	}
	for _, a := range args[1:] {
		if strings.HasPrefix(a, "-") {
			continue
		}
		path, _, _ := strings.Cut(a, "@")
		if msg := e.mods.cgoError(path); msg != "" {
			return nil, goError("%go get "+a, fmt.Errorf("%s", msg))
		}
		e.printf("%s is ready: import %q\n", a, path)
	}
	return nil, nil
}

func goError(what string, err error) *kernel.ExecError {
	msg := what + ": " + err.Error()
	return &kernel.ExecError{Name: "GoError", Value: msg, Traceback: strings.Split(msg, "\n")}
}

// cgoError says why path (or a package it imports) cannot be interpreted because it needs
// cgo; "" when it is pure Go (or not found: the import reports that).
func (m *modules) cgoError(path string) string {
	dir := m.packageDir(path)
	if dir == "" {
		return ""
	}
	if _, err := os.Stat(dir); err != nil {
		return "" // a module path without a package at its root
	}
	pkg, file := m.needsCgo(path, map[string]bool{path: true})
	if pkg == "" {
		return ""
	}
	via := ""
	if pkg != path {
		via = fmt.Sprintf(" (through its import of %s)", pkg)
	}
	return fmt.Sprintf("package %s needs cgo%s: %s has import \"C\", and the interpreter runs pure Go only", path, via, filepath.Base(file))
}

// needsCgo walks path and the fetched packages it imports; it returns the first that has
// cgo files, and one of those files.
func (m *modules) needsCgo(path string, seen map[string]bool) (pkg, file string) {
	dir := m.packageDir(path)
	if dir == "" {
		return "", ""
	}
	bc := build.Default
	bc.CgoEnabled = true
	bp, err := bc.ImportDir(dir, 0)
	if err != nil {
		return "", ""
	}
	if len(bp.CgoFiles) > 0 {
		return path, bp.CgoFiles[0]
	}
	for _, imp := range bp.Imports {
		if !seen[imp] && m.packageDir(imp) != "" {
			seen[imp] = true
			if p, f := m.needsCgo(imp, seen); p != "" {
				return p, f
			}
		}
	}
	return "", ""
}

// checkImports refuses, before yaegi tries them, imports that no package provides and
// fetched packages that need cgo, with the cell position of the import.
func (e *Evaluator) checkImports(chunks []*parsedChunk) error {
	for _, pc := range chunks {
		if !pc.decl {
			continue
		}
		for _, d := range pc.file.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.IMPORT {
				continue
			}
			for _, s := range g.Specs {
				is := s.(*ast.ImportSpec)
				path := strings.Trim(is.Path.Value, "\"`")
				if err := e.checkImport(path); err != "" {
					return compileError(fmt.Errorf("%s: %s", e.i.FileSet().Position(is.Pos()), err))
				}
			}
		}
	}
	return nil
}

func (e *Evaluator) checkImport(path string) string {
	if _, ok := e.pkgNames[path]; ok || path == "C" {
		return ""
	}
	if e.mods.packageDir(path) == "" {
		first, _, _ := strings.Cut(path, "/")
		if !strings.Contains(first, ".") {
			if bp, err := build.Default.Import(path, "", build.FindOnly); err == nil && bp.Goroot {
				return fmt.Sprintf("package %s is in Go's standard library but not available in the interpreter "+
					"(it has Go 1.22's standard library less os/exec, syscall, unsafe and plugin; !cmd runs commands)", path)
			}
			return fmt.Sprintf("package %s is not in the standard library", path)
		}
		return fmt.Sprintf("cannot find package %q: fetch it first with %%go get %s@latest (or @VERSION)", path, path)
	}
	if msg := e.mods.cgoError(path); msg != "" {
		return msg
	}
	// Known from now on under its package name (for completion, and re-runs of the import).
	bc := build.Default
	if bp, err := bc.ImportDir(e.mods.packageDir(path), 0); err == nil && bp.Name != "" {
		e.metaMu.Lock()
		e.pkgNames[path] = bp.Name
		e.metaMu.Unlock()
	}
	return ""
}

// sourceFile finds the positions yaegi gives errors in fetched packages' files.
var sourceFile = regexp.MustCompile(gopathRoot + `/src/(\S+)/[^/\s]+\.go:\d+:\d+`)

// explainModule rewords an error yaegi raised in a fetched package's source (loading it, or
// instantiating one of its generic functions): it names the package, shows module paths rather than yaegi's GOPATH, and says when the package uses
// generics, which yaegi v0.16.1 supports only in part.
func (e *Evaluator) explainModule(err error) error {
	ee, ok := err.(*kernel.ExecError)
	if !ok {
		return err
	}
	m := sourceFile.FindStringSubmatch(strings.Join(ee.Traceback, "\n") + "\n" + ee.Value)
	if m == nil {
		return err
	}
	pkg := m[1]
	note := ""
	if usesGenerics(e.mods.packageDir(pkg)) {
		note = " (it uses generics, which the interpreter supports only in part)"
	}
	head := fmt.Sprintf("package %s does not work in the interpreter%s: ", pkg, note)
	value := head + strings.ReplaceAll(ee.Value, gopathRoot+"/src/", "")
	tb := []string{value}
	for _, l := range ee.Traceback[min(1, len(ee.Traceback)):] {
		tb = append(tb, strings.ReplaceAll(l, gopathRoot+"/src/", ""))
	}
	return &kernel.ExecError{Name: ee.Name, Value: value, Traceback: tb}
}

// usesGenerics reports whether a package directory declares type parameters.
func usesGenerics(dir string) bool {
	files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		found := false
		ast.Inspect(af, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncType:
				found = found || n.TypeParams != nil && len(n.TypeParams.List) > 0
			case *ast.TypeSpec:
				found = found || n.TypeParams != nil && len(n.TypeParams.List) > 0
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}
