package interp

import (
	"context"
	"errors"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gotape/gotape/kernel"
)

// relFaults are cells that fail; the text must appear in the error (name, value or
// traceback).
var relFaults = []struct{ name, code, want string }{
	{"panic", `panic("boom")`, "boom"},
	{"error value", `panic(fmt.Errorf("wrapped %d", 7))`, "wrapped 7"},
	{"nil map", "var m map[string]int\nm[\"a\"] = 1", "nil map"},
	{"index", "s := []int{1}\ni := 5\nfmt.Println(s[i])", "out of range"},
	{"divide", "z := 0\nfmt.Println(1 / z)", "divide by zero"},
	{"goroutine panic", "go func() { panic(\"in goroutine\") }()\ntime.Sleep(100 * time.Millisecond)", "in goroutine"},
	{"goroutine panics", "for i := 0; i < 20; i++ {\n\tgo func() { panic(\"many\") }()\n}\ntime.Sleep(100 * time.Millisecond)", "many"},
	{"recursion", "func relRec(n int) int { return relRec(n+1) + 1 }\nrelRec(0)", "recursion"},
	{"closure recursion", "var relG func(int) int\nrelG = func(n int) int { return relG(n+1) + 1 }\nrelG(0)", "recursion"},
	{"absurd tensor", "tape.Zeros(1<<20, 1<<20)", "tape:"},
	{"overflowing tensor", "tape.Zeros(1<<40, 1<<40)", "tape:"},
	{"shape error", "a := tape.Ones(2, 3)\nb := tape.Ones(4, 5)\ntape.MatMul(a, b)", "tape:"},
	{"shape error in tape", "v := tape.NewVariable([]float64{1, 2, 3})\ntp := tape.NewGradientTape()\ntp.Record(func() { v.Value().Add(tape.Ones(4)) })", "tape:"},
	{"os.Exit", "os.Exit(2)", "os.Exit"},
	{"compile error", "relUndefined + 1", "relUndefined"},
}

// TestReliabilityFaults runs every fault cell in one evaluator and checks after each that
// the next cell runs and earlier variables keep their values, and that failed cells do
// not leave goroutines behind.
func TestReliabilityFaults(t *testing.T) {
	e := New()
	ctx := context.Background()
	exec := func(code string) (string, *kernel.ExecError) {
		t.Helper()
		out := &recorder{} // answers no input request
		_, err := e.Execute(ctx, code, out)
		if err == nil {
			return out.stdout.String(), nil
		}
		var ee *kernel.ExecError
		if !errors.As(err, &ee) {
			t.Fatalf("%q: error %v is not an *ExecError", code, err)
		}
		return out.stdout.String() + out.stderr.String(), ee
	}
	if _, err := exec("import (\n\t\"fmt\"\n\t\"os\"\n\t\"time\"\n)\nkept := 41\nw := tape.NewVariable(2.5)\nhist := []int{}"); err != nil {
		t.Fatalf("setup: %+v", err)
	}
	check := func(after string, n int) {
		t.Helper()
		out, err := exec("hist = append(hist, len(hist))\nfmt.Println(kept+1, w.Float(), len(hist))")
		if err != nil {
			t.Fatalf("after %s: %s: %s", after, err.Name, err.Value)
		}
		if want := "42 2.5 " + strconv.Itoa(n) + "\n"; out != want {
			t.Fatalf("after %s: %q, want %q", after, out, want)
		}
	}
	check("setup", 1)
	g0 := runtime.NumGoroutine()
	for i, f := range relFaults {
		start := time.Now()
		_, err := exec(f.code)
		if err == nil {
			t.Errorf("%s: no error", f.name)
		} else if text := err.Name + ": " + err.Value + "\n" + strings.Join(err.Traceback, "\n"); !strings.Contains(strings.ToLower(text), strings.ToLower(f.want)) {
			t.Errorf("%s: error %q lacks %q", f.name, text, f.want)
		}
		if d := time.Since(start); d > 10*time.Second {
			t.Errorf("%s took %v", f.name, d)
		}
		check(f.name, i+2)
	}
	time.Sleep(50 * time.Millisecond)
	if g := runtime.NumGoroutine(); g > g0+5 {
		t.Errorf("goroutines: %d before the faults, %d after", g0, g)
	}
	t.Logf("%d faults tried, state kept after each", len(relFaults))
}
