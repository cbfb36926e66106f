package interp

import (
	"go/ast"
	"go/token"
	"testing"
)

// rewritten parses src as a statement chunk, applies f to its body and returns the
// body's source with white space collapsed (see normalised: statements are then
// separated by a space).
func rewritten(t *testing.T, src string, f func(fset *token.FileSet, body *ast.BlockStmt)) string {
	t.Helper()
	fset := token.NewFileSet()
	pc, err := parseChunk(fset, chunk{src: src, line: 1, col: 1})
	if err != nil {
		t.Fatalf("parse %q: %v", src, err)
	}
	f(fset, pc.body)
	return normalised(fset, pc.body)
}

// checkRewrite runs table cases of one rewrite: each source against its expected
// (normalised) result.
func checkRewrite(t *testing.T, f func(fset *token.FileSet, body *ast.BlockStmt), cases map[string]string) {
	t.Helper()
	for src, want := range cases {
		if got := rewritten(t, src, f); got != want {
			t.Errorf("rewrite of %q:\n got  %s\n want %s", src, got, want)
		}
	}
}

// stage returns the rewrite of the rewrites table called name, as a checkRewrite function.
func stage(t *testing.T, name string, rangeAll bool) func(*token.FileSet, *ast.BlockStmt) {
	for _, rw := range rewrites {
		if rw.name == name {
			return func(_ *token.FileSet, b *ast.BlockStmt) { rw.apply(newRewriter(rangeAll), b) }
		}
	}
	t.Fatalf("no rewrite %q", name)
	return nil
}
