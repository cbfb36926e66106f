package interp

import "testing"

// TestCellEnvironment: cells see the kernel's environment (yaegi sandboxes os.Getenv and
// gives an empty environment unless told), and their os.Setenv stays visible to later cells.
func TestCellEnvironment(t *testing.T) {
	t.Setenv("GOTAPE_TEST_ENV", "forty-two")
	e := New()
	if r := run(t, e, `import "os"`+"\n"+`os.Getenv("GOTAPE_TEST_ENV")`); r.err != nil || r.result != "forty-two" {
		t.Fatalf("os.Getenv in a cell: result %q, error %v", r.result, r.err)
	}
	// The interpreter's own switch (YAEGI_SPECIAL_STDIO, set while it is made) is not theirs.
	if r := run(t, e, `_, had := os.LookupEnv("YAEGI_SPECIAL_STDIO")`+"\nhad"); r.result != "false" {
		t.Errorf("cells see YAEGI_SPECIAL_STDIO: %q %v", r.result, r.err)
	}
	run(t, e, `os.Setenv("GOTAPE_CELL_ENV", "set in a cell")`)
	if r := run(t, e, `os.Getenv("GOTAPE_CELL_ENV")`); r.result != "set in a cell" {
		t.Fatalf("os.Getenv after os.Setenv: %q", r.result)
	}
}
