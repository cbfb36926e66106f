package interp

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"
)

// collatzGo is the cell function the frame-reuse tests call, in Go.
func collatzGo(x int) int {
	if x%2 == 0 {
		return x / 2
	}
	return 3*x + 1
}

// TestCallFrameReuse checks the interpreted calls whose frames yaegi reuses
// (third_party/yaegi/interp/callframe.go) against Go: recursion, closures and pointers that
// capture a local of a call whose frame is reused, function values made in such a call,
// panics and recovers mid-call, defers, and goroutines calling the same functions at once.
func TestCallFrameReuse(t *testing.T) {
	e := New()
	sum := 0
	for i := 0; i < 100000; i++ {
		sum += collatzGo(i)
	}
	perG := make([]int, 8)
	for g := range perG {
		for i := 0; i < 3000; i++ {
			perG[g] += collatzGo(i + g)
		}
	}
	var gsum int
	for _, s := range perG {
		gsum += s
	}
	cases := []codeResult{
		{"func collatz(x int) int {\n\tif x%2 == 0 {\n\t\treturn x / 2\n\t}\n\treturn 3*x + 1\n}\ns := 0\nfor i := 0; i < 100000; i++ {\n\ts += collatz(i)\n}\ns", itoa(sum)},
		// Recursion reuses a chain of frames; the results must not mix levels.
		{"func fib(n int) int {\n\tif n < 2 {\n\t\treturn n\n\t}\n\treturn fib(n-1) + fib(n-2)\n}\n[]int{fib(20), fib(1), fib(15)}", "[6765 1 610]"},
		{"func depth(n int) int {\n\tif n == 0 {\n\t\treturn 0\n\t}\n\tx := n\n\treturn depth(n-1) + x\n}\n[]int{depth(100), depth(3), depth(1000)}", "[5050 6 500500]"},
		// A closure keeps its call's locals after the frame is reused by later calls.
		{"func counter(k int) func() int {\n\tx := k\n\treturn func() int { x++; return x }\n}\nfs := []func() int{}\nfor i := 0; i < 5; i++ {\n\tfs = append(fs, counter(i*10))\n}\nr := []int{}\nfor _, f := range fs {\n\tr = append(r, f(), f())\n}\nr", "[1 2 11 12 21 22 31 32 41 42]"},
		// A closure writes its variable back into the frame it was made in after each call
		// (getFunc): that frame must not be reused by the call that runs the closure.
		{"func mk() func() int {\n\tx := 0\n\treturn func() int { x++; return x }\n}\nfunc use(f func() int) int {\n\ta, b := 5, 7\n\tc := f()\n\treturn a*100 + b*10 + c\n}\nc := mk()\n[]int{use(c), use(c), use(mk())}", "[571 572 571]"},
		// So does a pointer to a local.
		{"func box(v int) *int {\n\tx := v\n\treturn &x\n}\nps := []*int{}\nfor i := 0; i < 5; i++ {\n\tps = append(ps, box(i))\n}\n*ps[3] += 100\n[]int{*ps[0], *ps[1], *ps[2], *ps[3], *ps[4]}", "[0 1 2 103 4]"},
		// A function value made inside a call, called after the call's frame is reused.
		{"import \"strings\"\nfunc shift(r rune) rune { if r == 'z' { return 'a' }; return r + 1 }\nvar keep []func(rune) rune\nfunc enc(s string) string {\n\tf := shift\n\tkeep = append(keep, f)\n\treturn strings.Map(shift, s)\n}\nws := []string{}\nfor _, w := range []string{\"abc\", \"xyz\"} {\n\tws = append(ws, enc(w))\n\tcollatz(len(w))\n}\nws = append(ws, string(keep[0]('q')), string(keep[1]('z')))\nws", "[bcd yza r a]"},
		// Recursion with closures at every level, run after the recursion returned.
		{"func walk(n int, acc *[]int) []func() {\n\tif n == 0 {\n\t\treturn nil\n\t}\n\tv := n * 10\n\tf := func() { *acc = append(*acc, v) }\n\trest := walk(n-1, acc)\n\treturn append(rest, f)\n}\nvar acc []int\nws := walk(4, &acc)\nfib(10)\nfor _, w := range ws {\n\tw()\n}\nacc", "[10 20 30 40]"},
		// Panics unwind through reused frames; recovered calls return and reuse them again.
		{"func mayPanic(i int) int {\n\tif i == 3 {\n\t\tpanic(\"three\")\n\t}\n\treturn collatz(i)\n}\nfunc safe(i int) (r int) {\n\tdefer func() {\n\t\tif recover() != nil {\n\t\t\tr = -1\n\t\t}\n\t}()\n\treturn mayPanic(i)\n}\nout := []int{}\nfor i := 0; i < 6; i++ {\n\tout = append(out, safe(i))\n}\nout", "[0 4 1 -1 2 16]"},
		// A deferred named function sees its caller's frame.
		{"var log []int\nfunc note(x int) { log = append(log, x) }\nfunc withDefer(x int) int {\n\tdefer note(x)\n\treturn collatz(x)\n}\nfor i := 1; i < 4; i++ {\n\twithDefer(i)\n}\nlog", "[1 2 3]"},
		// Goroutines call the same cell functions at once, from closures and from a
		// top-level function started with go.
		{"import \"sync\"\nres := make([]int, 8)\nvar wg sync.WaitGroup\nfor g := 0; g < 4; g++ {\n\twg.Add(1)\n\tgo func(g int) {\n\t\tdefer wg.Done()\n\t\ts := 0\n\t\tfor i := 0; i < 3000; i++ {\n\t\t\ts += collatz(i + g)\n\t\t}\n\t\tres[g] = s\n\t}(g)\n}\nfunc worker(g int, res []int, wg *sync.WaitGroup) {\n\tdefer wg.Done()\n\ts := 0\n\tfor i := 0; i < 3000; i++ {\n\t\ts += collatz(i + g)\n\t}\n\tres[g] = s\n}\nfor g := 4; g < 8; g++ {\n\twg.Add(1)\n\tgo worker(g, res, &wg)\n}\nwg.Wait()\nt := 0\nfor _, s := range res {\n\tt += s\n}\nt", itoa(gsum)},
	}
	checkResults(t, e, cases)
}

// TestCallFrameReuseAfterInterrupt interrupts a cell inside a call whose frame is reused,
// then calls the same functions again: the interrupted frames must not leak into the new run.
func TestCallFrameReuseAfterInterrupt(t *testing.T) {
	if raceEnabled {
		t.Skip("yaegi v0.16.1 ExecuteWithContext races with itself on cancellation (see race_test.go)")
	}
	e := New()
	if r := run(t, e, "func spin(n int) int {\n\ts := 0\n\tfor i := 0; i < n; i++ {\n\t\tif i%7 == 0 {\n\t\t\ts += step(i)\n\t\t}\n\t}\n\treturn s\n}\nfunc step(i int) int {\n\tif i%2 == 0 {\n\t\treturn i / 2\n\t}\n\treturn i\n}"); r.err != nil {
		t.Fatal(r.err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(200*time.Millisecond, cancel)
	r := runCtx(t, ctx, e, "for {\n\tspin(1000)\n}", &recorder{})
	if r.err == nil || r.err.Name != "Interrupted" {
		t.Fatalf("error %+v, want Interrupted", r.err)
	}
	want := 0
	for i := 0; i < 1000; i += 7 {
		if i%2 == 0 {
			want += i / 2
		} else {
			want += i
		}
	}
	if r := run(t, e, "[]int{spin(1000), step(3), spin(1000)}"); r.err != nil || r.result != "["+itoa(want)+" 3 "+itoa(want)+"]" {
		t.Errorf("after the interrupt: %q %+v, want [%d 3 %d]", r.result, r.err, want, want)
	}
}

// TestLocalsLayoutShared calls methods (each call through a method value copies the
// method's node) and functions called both directly and as values (their locals start at
// different indexes), with locals of several types, many times: the layout of their locals
// is cached per function (third_party/yaegi/interp/callframe.go localsCache) and every
// call must still get fresh, zeroed locals.
func TestLocalsLayoutShared(t *testing.T) {
	e := New()
	want := 0
	for i := 0; i < 2000; i++ {
		want += i
	}
	mixWant := 0
	for i := 0; i < 1000; i++ {
		if y := float64(i) / 2; y > 10 {
			mixWant += 2 * i
		}
	}
	cases := []codeResult{
		{"import \"strconv\"\ntype acc struct {\n\tn int\n\ts string\n}\nfunc (a *acc) add(d int) int {\n\tvar k int\n\tvar tag string\n\tk += d\n\ttag += \"x\"\n\ta.n += k\n\tif len(tag) == 1 {\n\t\ta.s = tag\n\t}\n\treturn a.n\n}\nfunc (a acc) get() (int, string) {\n\tv, w := a.n, a.s\n\treturn v, w\n}\nac := &acc{}\nfor i := 0; i < 2000; i++ {\n\tac.add(i)\n}\nn, s := ac.get()\n[]string{strconv.Itoa(n), s}", "[" + itoa(want) + " x]"},
		{"type adder interface{ add(int) int }\nvar ad adder = &acc{}\nfor i := 0; i < 2000; i++ {\n\tad.add(i)\n}\nad.add(0)", itoa(want)},
		{"func mix(x int) (int, bool) {\n\tvar y float64\n\ty += float64(x) / 2\n\treturn int(y * 2), y > 10\n}\nmf := mix\nt := 0\nfor i := 0; i < 1000; i++ {\n\ta, _ := mix(i)\n\tb, big := mf(i)\n\tif big {\n\t\tt += a + b\n\t}\n}\nt", itoa(mixWant)},
	}
	checkResults(t, e, cases)
}

// TestLocalsDoNotKeepGarbage calls a function whose locals point to a megabyte each, 48
// times in a loop, as a training step's locals point to its tensors: once the calls
// returned, the megabytes must be garbage while the cell still runs. Locals taken from a
// shared chunk kept the last calls' worth alive, up to 32 (third_party/yaegi/interp/
// callframe.go localsChunk; the seed CNN step in a cell held 1.4 GB, 2.3× slower than
// compiled).
func TestLocalsDoNotKeepGarbage(t *testing.T) {
	e := New()
	code := `import (
	"bytes"
	"runtime"
)
func live() int {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	return int(ms.HeapAlloc >> 20)
}
step := func(i int) int {
	b := bytes.Repeat([]byte{1}, 1<<20)
	n := len(b) + int(b[i])
	return n
}
before, s := live(), 0
for i := 0; i < 48; i++ {
	s += step(i)
}
[]int{s, live() - before}`
	r := run(t, e, code)
	if r.err != nil || !strings.HasPrefix(r.result, "["+itoa(48*(1<<20+1))+" ") {
		t.Fatalf("%q %+v, want [%d MB]", r.result, r.err, 48*(1<<20+1))
	}
	if grew, _ := strconv.Atoi(strings.TrimSuffix(r.result[strings.Index(r.result, " ")+1:], "]")); grew > 4 {
		t.Errorf("the live heap grew by %d MB after 48 calls that each allocated 1 MB and returned", grew)
	}
}
