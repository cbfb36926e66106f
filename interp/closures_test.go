package interp

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestClosuresSurviveInterrupts: function values made by earlier cells still run when
// compiled code calls them after an interrupt or a RecursionError (yaegi stamped each
// closure's frame with the run id of the cell that made it, and a stopped run's id
// never runs again: the calls returned zero values and the cell reported ok).
func TestClosuresSurviveInterrupts(t *testing.T) {
	e := New()
	setup := "import (\n\t\"sort\"\n\t\"strings\"\n)\nshift := func(r rune) rune { return r + 1 }\n" +
		"data := []int{}\nbyData := func(i, j int) bool { return data[i] < data[j] }\n" +
		"ch := make(chan int, 1)\nrelay := func(v int) int { ch <- v; return <-ch + 1 }"
	if r := run(t, e, setup); r.err != nil {
		t.Fatalf("setup: %v", r.err)
	}
	check := func(after string) {
		t.Helper()
		if r := run(t, e, `strings.Map(shift, "abc")`); r.err != nil || r.result != "bcd" {
			t.Errorf("after %s: strings.Map(shift, \"abc\") = %q, %v; want bcd", after, r.result, r.err)
		}
		if r := run(t, e, "data = []int{3, 1, 2}\nsort.Slice(data, byData)\ndata"); r.err != nil || r.result != "[1 2 3]" {
			t.Errorf("after %s: sorted %q, %v; want [1 2 3]", after, r.result, r.err)
		}
		if r := run(t, e, "relay(41)"); r.err != nil || r.result != "42" {
			t.Errorf("after %s: relay(41) = %q, %v; want 42", after, r.result, r.err)
		}
		if r := run(t, e, `strings.Map(func(r rune) rune { return rune(relay(int(r))) }, "ab")`); r.err != nil || r.result != "bc" {
			t.Errorf("after %s: relay through strings.Map = %q, %v; want bc", after, r.result, r.err)
		}
	}
	check("setup")
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if r := runCtx(t, ctx, e, "for {}", &recorder{}); r.err == nil || r.err.Name != "Interrupted" {
		t.Fatalf("for {}: %+v, want Interrupted", r.err)
	}
	check("an interrupt")
	if r := run(t, e, "func deep(n int) int { return deep(n+1) + 1 }\ndeep(0)"); r.err == nil || r.err.Name != "RecursionError" {
		t.Fatalf("deep: %+v, want RecursionError", r.err)
	}
	check("a RecursionError")
}

// TestRecursionGuardPerGoroutine: the depth limit counts the nested calls of one
// goroutine, so 20,000 goroutines each inside a call do not trip it, while a runaway
// recursion in a goroutine still does.
func TestRecursionGuardPerGoroutine(t *testing.T) {
	e := New()
	e.SetMaxDepth(1000)
	code := "import \"sync\"\nvar wg sync.WaitGroup\nrelease := make(chan bool)\n" +
		"wait := func() { <-release; wg.Done() }\n" +
		"for i := 0; i < 5000; i++ {\n\twg.Add(1)\n\tgo func() { wait() }()\n}\n" +
		"close(release)\nwg.Wait()\n\"all done\""
	if r := run(t, e, code); r.err != nil || r.result != "all done" {
		t.Fatalf("5,000 goroutines at depth 2 with a limit of 1,000: %q, %+v", r.result, r.err)
	}
	r := run(t, e, "func down(n int) int { return down(n+1) + 1 }\ndone := make(chan bool)\ngo func() { defer close(done); down(0) }()\n<-done")
	if r.err == nil || !strings.Contains(r.err.Value+strings.Join(r.err.Traceback, "\n"), "recursion") {
		t.Fatalf("runaway recursion in a goroutine: %+v", r.err)
	}
	if r := run(t, e, "func fact(n int) int { if n == 0 { return 1 }; return n * fact(n-1) }\nfact(10)"); r.err != nil || r.result != "3628800" {
		t.Fatalf("after: %q, %+v", r.result, r.err)
	}
}

// BenchmarkInterpretedCalls measures a recursive interpreted function: each call passes
// the recursion guard once.
func BenchmarkInterpretedCalls(b *testing.B) {
	e := New()
	if _, err := e.Execute(context.Background(), "func fib(n int) int { if n < 2 { return n }; return fib(n-1) + fib(n-2) }", &recorder{}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := e.Execute(context.Background(), "fib(20)", &recorder{}); err != nil {
			b.Fatal(err)
		}
	}
}
