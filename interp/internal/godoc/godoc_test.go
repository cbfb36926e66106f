package godoc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExtract(t *testing.T) {
	dir := t.TempDir()
	src := `// Package demo is a demo.
package demo

// Answer is the answer.
const Answer = 42

// T is a type.
type T struct{ X int; y int }

// New makes a T.
func New() *T { return &T{} }

// Double doubles X.
func (t *T) Double() int { return 2 * t.X }

func hidden() {}
`
	if err := os.WriteFile(filepath.Join(dir, "demo.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := Extract(dir, "example.com/demo")
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string][2]string{
		"":         {`package demo // import "example.com/demo"`, "Package demo is a demo."},
		"Answer":   {"const Answer = 42", "Answer is the answer."},
		"T":        {"type T struct", "T is a type."},
		"New":      {"func New() *T", "New makes a T."},
		"T.Double": {"func (t *T) Double() int", "Double doubles X."},
	} {
		e, ok := d[key]
		if !ok || !strings.Contains(e.Sig, want[0]) || !strings.Contains(e.Doc, want[1]) {
			t.Errorf("%q: %+v, want sig containing %q and doc %q", key, e, want[0], want[1])
		}
	}
	if _, ok := d["hidden"]; ok {
		t.Errorf("unexported function documented")
	}
	if strings.Contains(d["T.Double"].Sig, "return") {
		t.Errorf("signature has the body: %q", d["T.Double"].Sig)
	}
}
