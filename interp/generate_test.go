package interp

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/gotape/gotape/interp/internal/godoc"
)

// TestSymbolsUpToDate regenerates the yaegi symbol tables into a scratch directory and
// compares them with the checked-in ones: run `go generate ./interp/symbols` when it fails.
func TestSymbolsUpToDate(t *testing.T) {
	needsGo(t, "builds and runs yaegi extract (about 10 s); runs without -short")
	src, err := os.ReadFile("symbols/symbols.go")
	if err != nil {
		t.Fatal(err)
	}
	gen := regexp.MustCompile(`(?m)^//go:generate go run github.com/gotape/gotape/third_party/yaegi/cmd/yaegi (extract .*)$`).FindAllStringSubmatch(string(src), -1)
	if len(gen) == 0 {
		t.Fatal("no go:generate lines in symbols/symbols.go")
	}
	bin := filepath.Join(t.TempDir(), "yaegi")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/gotape/gotape/third_party/yaegi/cmd/yaegi").CombinedOutput(); err != nil {
		t.Fatalf("building yaegi: %v\n%s", err, out)
	}
	// extract names the package after the directory and must run inside the module:
	// a hidden directory (ignored by ./...) under interp/symbols.
	scratch, err := os.MkdirTemp("symbols", ".stale-check-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(scratch)
	dir := filepath.Join(scratch, "symbols")
	if err := os.Mkdir(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, g := range gen {
		cmd := exec.Command(bin, strings.Fields(g[1])...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil || len(out) > 0 {
			t.Fatalf("yaegi %s: %v\n%s", g[1], err, out)
		}
	}
	fresh, _ := filepath.Glob(filepath.Join(dir, "*.go"))
	have, _ := filepath.Glob("symbols/*.go")
	var freshNames, haveNames []string
	for _, f := range fresh {
		freshNames = append(freshNames, filepath.Base(f))
	}
	for _, f := range have {
		if filepath.Base(f) != "symbols.go" {
			haveNames = append(haveNames, filepath.Base(f))
		}
	}
	if !slices.Equal(freshNames, haveNames) {
		t.Fatalf("generated files %v, checked in %v: run go generate ./interp/symbols", freshNames, haveNames)
	}
	for _, name := range freshNames {
		a, _ := os.ReadFile(filepath.Join(dir, name))
		b, _ := os.ReadFile(filepath.Join("symbols", name))
		if !bytes.Equal(a, b) {
			t.Errorf("symbols/%s is stale: run go generate ./interp/symbols", name)
		}
	}
}

// TestDocIndexUpToDate checks the embedded documentation index against the sources:
// run `go generate ./interp` when it fails.
func TestDocIndexUpToDate(t *testing.T) {
	b, err := godoc.Index()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, docIndex) {
		t.Errorf("interp/docindex.json is stale: run go generate ./interp")
	}
}
