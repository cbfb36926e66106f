package interp

import (
	"go/ast"
	"go/token"
	"strings"
	"testing"
)

func TestRewriteLineMarkers(t *testing.T) {
	checkRewrite(t, func(fset *token.FileSet, b *ast.BlockStmt) { markLines(fset, b) }, map[string]string{
		"f()\n\ng()": "{ __gotape.Line(1) f() __gotape.Line(3) g() }",
	})
}

func TestSplitUnits(t *testing.T) {
	fset := token.NewFileSet()
	pc, err := parseChunk(fset, chunk{src: "f()\nx := 1\ng(x)\nh()", line: 1, col: 1})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range splitUnits(pc.body, 2) {
		got = append(got, normalised(fset, u))
	}
	want := []string{
		"package main func __gotape_unit2_0() { f() }",
		"{ __gotape_unit2_0() }",
		"{ x := 1 }",
		"package main func __gotape_unit2_1() { g(x) h() }",
		"{ __gotape_unit2_1() }",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("units:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
