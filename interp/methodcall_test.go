package interp

import (
	"strings"
	"testing"
)

// TestDirectMethodCalls checks methods called directly (third_party/yaegi/interp/methodcall.go:
// the call sets up the method's frame without a method value) against Go: value and pointer
// receivers reached from values and pointers, promoted methods of embedded structs and
// pointers, named non-struct types, several results, a method as a condition, recursion
// through methods, goroutines, panics and recovers, nil receivers, and the paths that still
// make method values (a method value, defer, go, an interface).
func TestDirectMethodCalls(t *testing.T) {
	e := New()
	setup := "import (\n\t\"fmt\"\n\t\"sync\"\n)\n" +
		"type counter struct{ n int }\n" +
		"func (c *counter) inc(d int) int { c.n += d; return c.n }\n" +
		"func (c counter) get() int { return c.n }\n" +
		"func (c counter) bump() int { c.n++; return c.n }\n" +
		"func (c *counter) isNil() bool { return c == nil }\n" +
		"func (c counter) pair(k int) (int, string) { return c.n * k, fmt.Sprint(\"k\", k) }\n" +
		"func (c *counter) big() bool { return c.n > 10 }\n" +
		"type outer struct {\n\tcounter\n\tname string\n}\n" +
		"type outerP struct{ *counter }\n" +
		"type cents int\n" +
		"func (c cents) times(k int) cents { return c * cents(k) }\n" +
		"type tree struct {\n\tv    int\n\tl, r *tree\n}\n" +
		"func (t *tree) sum() int {\n\tif t == nil {\n\t\treturn 0\n\t}\n\treturn t.v + t.l.sum() + t.r.sum()\n}\n"
	if r := run(t, e, setup); r.err != nil {
		t.Fatal(r.err)
	}
	cases := []codeResult{
		{"var c counter\nfor i := 0; i < 100; i++ {\n\tc.inc(i)\n}\np := &c\n[]int{c.get(), p.get(), p.inc(1), c.bump(), c.get()}", "[4950 4950 4951 4952 4951]"},
		{"o := outer{name: \"o\"}\no.inc(5)\nop := &o\nop.inc(2)\nq := outerP{&counter{n: 1}}\nq.inc(9)\n[]int{o.get(), op.get(), o.counter.n, q.get(), q.n}", "[7 7 7 10 10]"},
		{"x := cents(7)\n[]cents{x.times(3), x.times(3).times(2)}", "[21 42]"},
		{"cc := counter{n: 4}\na, s := cc.pair(3)\nfmt.Sprint(a, s)", "12k3"},
		{"b := &counter{n: 11}\nr := 0\nif b.big() {\n\tr = 1\n}\nif (&counter{}).big() {\n\tr += 10\n}\nr", "1"},
		{"tr := &tree{1, &tree{2, &tree{4, nil, nil}, nil}, &tree{3, nil, &tree{5, nil, nil}}}\ntr.sum()", "15"},
		{"var np *counter\nnp.isNil()", "true"},
		{"k := &counter{}\nl := &counter{n: 5}\nk.inc(l.inc(l.get()))", "10"},
		{"sh := &counter{}\nvar wg sync.WaitGroup\nvar mu sync.Mutex\nfor g := 0; g < 4; g++ {\n\twg.Add(1)\n\tgo func() {\n\t\tdefer wg.Done()\n\t\tmine := &counter{}\n\t\tfor i := 0; i < 1000; i++ {\n\t\t\tmine.inc(1)\n\t\t}\n\t\tmu.Lock()\n\t\tsh.inc(mine.get())\n\t\tmu.Unlock()\n\t}()\n}\nwg.Wait()\nsh.get()", "4000"},
		{"func safeGet(c *counter) (v int) {\n\tdefer func() {\n\t\tif recover() != nil {\n\t\t\tv = -1\n\t\t}\n\t}()\n\treturn c.get()\n}\n[]int{safeGet(&counter{n: 3}), safeGet(nil), safeGet(&counter{n: 4})}", "[3 -1 4]"},
		{"mv := &counter{}\nf := mv.inc\nf(2)\nf(3)\ndf := &counter{}\nfunc addLater(c *counter) {\n\tdefer c.inc(100)\n\tc.inc(1)\n}\naddLater(df)\ngc := &counter{}\nvar w2 sync.WaitGroup\nw2.Add(1)\nfunc work(c *counter, w *sync.WaitGroup) {\n\tc.inc(7)\n\tw.Done()\n}\ngo work(gc, &w2)\nw2.Wait()\ntype getter interface{ get() int }\nvar gi getter = counter{n: 9}\n[]int{mv.get(), df.get(), gc.get(), gi.get()}", "[5 101 7 9]"},
	}
	checkResults(t, e, cases)
	// A value method on a nil pointer panics as in Go, naming the line.
	r := run(t, e, "var nilp *counter\nnilp.get()")
	if r.err == nil || !strings.Contains(r.err.Value, "nil pointer dereference") {
		t.Errorf("value method on a nil pointer: %+v, want a nil pointer dereference", r.err)
	}
}
