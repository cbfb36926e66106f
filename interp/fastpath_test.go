package interp

import (
	"context"
	"strings"
	"testing"
	"time"
)

// TestIntFastPaths checks yaegi's integer fast paths and native loops
// (third_party/yaegi/interp/fastint.go, fastloop.go) against values computed by Go: globals
// and locals, closures over outer variables, narrow types (which wrap and fall back to the
// node-by-node path), constants on either side, every operator, and loops that exit early.
func TestIntFastPaths(t *testing.T) {
	e := New()
	sum := 0
	for i := 0; i < 100000; i++ {
		sum += i * i
	}
	var s8 int8
	for i := int8(0); i < 100; i++ {
		s8 += i * 3
	}
	cases := []codeResult{
		{"s := 0\nfor i := 0; i < 100000; i++ {\n\ts += i * i\n}\ns", itoa(sum)},
		{"func f(n int) int { s := 0; for i := 0; i < n; i++ { s += i * i }; return s }\nf(100000)", itoa(sum)},
		{"func g(n int) int { s := 0; add := func() { for i := 0; i < n; i++ { s += i * i } }; add(); return s }\ng(100000)", itoa(sum)},
		{"var s8 int8\nfor i := int8(0); i < 100; i++ {\n\ts8 += i * 3\n}\ns8", itoa(int(s8))},
		{"var a int64 = 7\nb := int64(3)\n[]int64{a + b, a - b, a * b, 2 - a, a - 2, 3 * b}", "[10 4 21 -5 5 9]"},
		{"x, y := 5, 9\n[]bool{x == y, x != y, x < y, x <= y, x > y, x >= y, 5 == x, 9 > y}", "[false true true true false false true false]"},
		{"n := 10\nk := 0\nfor n > 0 {\n\tn -= 3\n\tk++\n}\n[]int{n, k}", "[-2 4]"},
		{"p := 1\nfor i := 1; i <= 20; i++ {\n\tp *= 2\n}\np", "1048576"},
		{"c := 0\nfor i := 100; i >= 0; i-- {\n\tc += 2\n}\nc", "202"},
		// A loop whose condition is false at once, and state seen after the loop.
		{"j := 5\nfor j < 3 {\n\tj++\n}\nj", "5"},
		// Not all-integer bodies take the node-by-node path and still agree.
		{"m := map[string]int{}\nfor i := 0; i < 10; i++ {\n\tm[\"a\"] += i\n}\nm[\"a\"]", "45"},
		{"fs := 0.0\nfor i := 0; i < 10; i++ {\n\tfs += 0.5\n}\nfs", "5"},
		{"q, r := -7, 2\n[]int{q / r, q % r, 7 / r, q % 3}", "[-3 -1 3 -1]"},
		{"var m8 int8 = -128\nvar d8 int8 = -1\nm8 / d8", "-128"},
	}
	checkResults(t, e, cases)
}

type codeResult struct{ code, want string }

// checkResults runs the cells in order and compares their results.
func checkResults(t *testing.T, e *Evaluator, cases []codeResult) {
	t.Helper()
	for _, c := range cases {
		if r := run(t, e, c.code); r.err != nil || r.result != c.want {
			t.Errorf("%q: got %q (err %+v), want %q", c.code, r.result, r.err, c.want)
		}
	}
}

func itoa(n int) string {
	var b []byte
	neg := n < 0
	if neg {
		n = -n
	}
	for {
		b = append([]byte{byte('0' + n%10)}, b...)
		if n /= 10; n == 0 {
			break
		}
	}
	if neg {
		b = append([]byte{'-'}, b...)
	}
	return string(b)
}

// TestNativeLoopInterrupt stops a native integer loop (it checks for cancellation every
// 1024 iterations) and uses its variables afterwards.
func TestNativeLoopInterrupt(t *testing.T) {
	if raceEnabled {
		t.Skip("yaegi v0.16.1 ExecuteWithContext races with itself on cancellation (see race_test.go)")
	}
	e := New()
	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	r := runCtx(t, ctx, e, "n := 0\nfor i := 0; i < 1<<62; i++ {\n\tn += 2\n}", &recorder{})
	if r.err == nil || r.err.Name != "Interrupted" {
		t.Fatalf("error %+v, want Interrupted", r.err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("interrupt took %v", d)
	}
	if r := run(t, e, "n > 0 && n%2 == 0"); r.err != nil || r.result != "true" {
		t.Errorf("after the interrupt: %q %+v", r.result, r.err)
	}
}

// TestPureIntFunctions checks calls of pure integer functions (yaegi's purefunc.go, called
// without a frame) and of near misses that take the usual path, against Go.
func TestPureIntFunctions(t *testing.T) {
	e := New()
	want := 0
	for i := 0; i < 1000; i++ {
		want += i*i + 1 - (3*i - 7)
	}
	cases := []codeResult{
		{"func sq(x int) int { return x*x + 1 }\nfunc lin(a, b int) int { return 3*a - b }\ns := 0\nfor i := 0; i < 1000; i++ {\n\ts += sq(i) - lin(i, 7)\n}\ns", itoa(want)},
		{"sq(-4)", "17"},
		// Not pure: a global, a local variable, a branch, a method, a named result type.
		{"var g = 10\nfunc addg(x int) int { return x + g }\naddg(5)", "15"},
		{"func twice(x int) int { y := x * 2; return y + 1 }\ntwice(20)", "41"},
		{"func odd(x int) int { if x%2 == 1 { return 3*x + 1 }; return x / 2 }\n[]int{odd(7), odd(8)}", "[22 4]"},
		{"type C int\nfunc (c C) times(x int) int { return int(c) * x }\nC(6).times(7)", "42"},
		{"type N int\nfunc dbl(x N) N { return x * 2 }\ndbl(21)", "42"},
		{"func half(x int) int { return x / 2 }\nhalf(9)", "4"},
		// Wrap-around as in Go.
		{"func big(x int) int { return x * x }\nbig(1 << 40)", "0"},
	}
	checkResults(t, e, cases)
}

// TestFastDivideByZero: an integer division by zero on the fast path panics as Go does.
func TestFastDivideByZero(t *testing.T) {
	e := New()
	for _, code := range []string{"x, z := 1, 0\nx / z", "func f(a, b int) int { return a % b }\nf(3, 0)"} {
		r := run(t, e, code)
		if r.err == nil || !strings.Contains(r.err.Value, "integer divide by zero") {
			t.Errorf("%q: error %+v, want integer divide by zero", code, r.err)
		}
	}
}
