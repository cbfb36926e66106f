package interp

import "testing"

// A cell type with a String method prints as compiled Go prints it under every verb
// (third_party/yaegi PATCHES.md: _fmt_Stringer.Format).
func TestStringerVerbs(t *testing.T) {
	e := New()
	run(t, e, "import \"fmt\"\ntype version byte\nfunc (v version) String() string { return fmt.Sprintf(\"VERSION_%d\", v) }")
	r := run(t, e, "fmt.Sprintf(\"%d|%v|%s|%x|%q|%03d\", version(4), version(4), version(5), version(6), version(7), version(8))")
	if want := `4|VERSION_4|VERSION_5|56455253494f4e5f36|"VERSION_7"|008`; r.err != nil || r.result != want {
		t.Errorf("got %q (%+v), want %q", r.result, r.err, want)
	}
}
