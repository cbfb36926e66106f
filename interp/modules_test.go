package interp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestGoGetUUID fetches github.com/google/uuid through the machine's module proxy into a
// fresh module directory, imports it, and imports it again from a new evaluator (a
// restarted kernel) without %go get.
func TestGoGetUUID(t *testing.T) {
	needsGo(t, "fetches a module through the Go module proxy")
	t.Setenv(modulesEnv, t.TempDir())
	e := New()
	r := run(t, e, "%go get github.com/google/uuid@v1.6.0")
	if r.err != nil {
		t.Fatalf("%%go get: %s: %s\n%s", r.err.Name, r.err.Value, r.rec.errOut())
	}
	if want := "github.com/google/uuid@v1.6.0 is ready: import \"github.com/google/uuid\"\n"; r.rec.out() != want {
		t.Errorf("stdout %q, want %q", r.rec.out(), want)
	}
	check := func(e *Evaluator) {
		t.Helper()
		r := run(t, e, "import \"github.com/google/uuid\"\nu := uuid.NewSHA1(uuid.NameSpaceURL, []byte(\"https://go.dev\"))\nu.String()")
		// the value compiled Go computes
		if r.err != nil {
			t.Fatalf("uuid: %s: %s\n%s", r.err.Name, r.err.Value, strings.Join(r.err.Traceback, "\n"))
		}
		if want := "76d71d1b-203b-51c3-b17d-c090cb0e4e32"; r.result != want {
			t.Errorf("uuid.NewSHA1 = %q, want %q", r.result, want)
		}
		if r := run(t, e, "uuid.Must(uuid.NewRandom()).Version().String()"); r.err != nil || r.result != "VERSION_4" {
			t.Errorf("NewRandom: %+v %q", r.err, r.result)
		}
	}
	check(e)
	check(New())
}

// A fetched package that needs cgo, or that the interpreter cannot load, gets an error
// that says so; an import nothing provides says how to fetch it. The modules are local
// (replace directives), so this runs without the network.
func TestModuleImportErrors(t *testing.T) {
	needsGo(t, "")
	dir := t.TempDir()
	t.Setenv(modulesEnv, dir)
	write := func(name, text string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module gotape.cells\n\ngo 1.22\n\nrequire (\n\texample.com/withcgo v0.0.0\n\texample.com/usescgo v0.0.0\n\texample.com/pure v0.0.0\n)\n\n"+
		"replace example.com/withcgo => ./withcgo\n\nreplace example.com/usescgo => ./usescgo\n\nreplace example.com/pure => ./pure\n")
	write("withcgo/go.mod", "module example.com/withcgo\n\ngo 1.22\n")
	write("withcgo/c.go", "package withcgo\n\n// int two() { return 2; }\nimport \"C\"\n\nfunc Two() int { return int(C.two()) }\n")
	write("usescgo/go.mod", "module example.com/usescgo\n\ngo 1.22\n\nrequire example.com/withcgo v0.0.0\n")
	write("usescgo/u.go", "package usescgo\n\nimport \"example.com/withcgo\"\n\nfunc Four() int { return 2 * withcgo.Two() }\n")
	write("pure/go.mod", "module example.com/pure\n\ngo 1.22\n")
	write("pure/p.go", "package pure\n\n// Sum adds.\nfunc Sum[T int | float64](xs ...T) T {\n\tvar s T\n\tfor _, x := range xs {\n\t\ts += x\n\t}\n\treturn s\n}\n\nfunc Twice(x int) int { return 2 * x }\n")
	// Package variables initialize in dependency order, through function bodies
	// (third_party/yaegi PATCHES.md 1): Answer's initializer reads table, declared in a later file.
	write("pure/a.go", "package pure\n\nvar Answer = compute()\n\nfunc compute() int { return table[1] * 2 }\n")
	write("pure/z.go", "package pure\n\nvar table = []int{0, 21}\n")
	e := New()
	for _, c := range []struct{ code, errHas, result string }{
		{"import \"example.com/withcgo\"", "cell:1:8: package example.com/withcgo needs cgo: c.go has import \"C\", and the interpreter runs pure Go only", ""},
		{"x := 1\nimport \"example.com/usescgo\"", "cell:2:8: package example.com/usescgo needs cgo (through its import of example.com/withcgo)", ""},
		{"import \"github.com/nobody/nothing\"", "cell:1:8: cannot find package \"github.com/nobody/nothing\": fetch it first with %go get github.com/nobody/nothing@latest", ""},
		{"import \"notstd\"", "cell:1:8: package notstd is not in the standard library", ""},
		{"import \"os/exec\"", "cell:1:8: package os/exec is in Go's standard library but not available in the interpreter", ""},
		{"import \"example.com/pure\"\npure.Twice(21)", "", "42"},
		{"pure.Answer", "", "42"},
		{"pure.Sum(1.5, 2)", "package example.com/pure does not work in the interpreter (it uses generics, which the interpreter supports only in part): example.com/pure/p.go:4:", ""},
	} {
		r := run(t, e, c.code)
		if c.errHas == "" {
			if r.err != nil || r.result != c.result {
				t.Errorf("%q: %+v result %q, want %q", c.code, r.err, r.result, c.result)
			}
			continue
		}
		if r.err == nil || !strings.Contains(r.err.Value, c.errHas) {
			t.Errorf("%q: error %+v, want one containing %q", c.code, r.err, c.errHas)
		}
	}
}

// TestGoGetFailureSaysWhy: a failed %go get's error carries the go command's reason, not
// only its exit status (GOPROXY=off: no network).
func TestGoGetFailureSaysWhy(t *testing.T) {
	needsGo(t, "")
	t.Setenv(modulesEnv, t.TempDir())
	e := New()
	r := run(t, e, "%env GOPROXY=off\n%go get example.com/nothing@v1.0.0")
	want := "%go get example.com/nothing@v1.0.0: go: example.com/nothing@v1.0.0: module lookup disabled by GOPROXY=off (exit status 1)"
	if r.err == nil || r.err.Name != "GoError" || r.err.Value != want {
		t.Errorf("got %+v, want GoError %q", r.err, want)
	}
}
