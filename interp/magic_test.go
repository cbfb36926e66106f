package interp

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestSplitMagics(t *testing.T) {
	for _, c := range []struct {
		code string
		want []string // "go:<trimmed code>" or "%name|args" / "%%name|args"
	}{
		{"x := 1\nx", nil},
		{"a := true\nb := a ||\n!a\nb", nil},       // `!a` continues an expression
		{"s := `\n!ls\n`\nf(\n%time x,\n)", nil},   // in a raw string, in a call
		{"/*\n!ls\n*/", nil},                       // in a comment
		{"x := 5 %\n3", nil},                       // an operator, not a magic
		{"%time x := 1", []string{"%time|x := 1"}}, // a line magic alone
		{"x := 1\n!echo hi\n  %env A=1\nx", []string{"go:x := 1", "!|echo hi", "%env|A=1", "go:x"}},
		{"\n%%time\nx := 1\n%env", []string{"%%time|"}},
		{"for i := 0; i < 2; i++ {\n%time f()\n}", nil}, // inside a block: Go
	} {
		segs := splitMagics(c.code)
		var got []string
		for _, s := range segs {
			if s.magic == nil {
				got = append(got, "go:"+strings.TrimSpace(s.goCode))
				if n := strings.Count(s.goCode, "\n"); !strings.HasSuffix(c.code, s.goCode[n-strings.Count(strings.TrimLeft(s.goCode, "\n"), "\n"):]) && false {
					t.Errorf("%q: segment %q", c.code, s.goCode)
				}
				continue
			}
			pre := "%"
			if s.magic.cell {
				pre = "%%"
			}
			if s.magic.name == "!" {
				pre = ""
			}
			got = append(got, pre+s.magic.name+"|"+s.magic.args)
		}
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("%q: segments %q, want %q", c.code, got, c.want)
		}
	}
}

func TestFormatTime(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0: "0 ns", 5 * time.Nanosecond: "5 ns", 8230 * time.Nanosecond: "8.23 µs", time.Millisecond: "1 ms",
		500 * time.Millisecond: "500 ms", 2500 * time.Millisecond: "2.5 s", 65 * time.Second: "1min 5s",
		3*time.Hour + 2*time.Second: "3h 2s", 1234567 * time.Nanosecond: "1.23 ms",
	} {
		if got := formatTime(d); got != want {
			t.Errorf("formatTime(%v) = %q, want %q", d, got, want)
		}
	}
	runs := []time.Duration{8 * time.Millisecond, 8 * time.Millisecond, 10 * time.Millisecond, 10 * time.Millisecond}
	if got, want := timeitReport(runs, 1000), "9 µs ± 1 µs per loop (mean ± std. dev. of 4 runs, 1,000 loops each)"; got != want {
		t.Errorf("report %q, want %q", got, want)
	}
	if got, want := timeitReport(runs[:1], 1), "8 ms ± 0 ns per loop (mean ± std. dev. of 1 run, 1 loop each)"; got != want {
		t.Errorf("report %q, want %q", got, want)
	}
}

func TestMagicCells(t *testing.T) {
	e := New()
	run(t, e, "import (\n\t\"os\"\n\t\"time\"\n)")
	r := run(t, e, "%%time\nx := 6\nx * 7")
	if r.err != nil || r.result != "42" {
		t.Fatalf("%%%%time: %+v result %q", r.err, r.result)
	}
	if !regexp.MustCompile(`^CPU times: user \S+ \S+, sys: \S+ \S+, total: \S+ \S+\nWall time: \S+ (s|ms|µs|ns)\n$`).MatchString(r.rec.out()) {
		t.Errorf("%%%%time printed %q", r.rec.out())
	}
	r = run(t, e, "%time x + 1")
	if r.err != nil || r.result != "7" || !strings.HasPrefix(r.rec.out(), "CPU times: ") {
		t.Errorf("%%time: %+v %q %q", r.err, r.result, r.rec.out())
	}
	r = run(t, e, "%timeit -n 10 -r 3 x * 2")
	if r.err != nil || !regexp.MustCompile(`^\S+ (s|ms|µs|ns) ± \S+ (s|ms|µs|ns) per loop \(mean ± std. dev. of 3 runs, 10 loops each\)\n$`).MatchString(r.rec.out()) {
		t.Errorf("%%timeit: %+v %q", r.err, r.rec.out())
	}
	r = run(t, e, "%timeit time.Sleep(30 * time.Millisecond)")
	if r.err != nil || !regexp.MustCompile(`^[34]\d(\.\d+)? ms ± .* per loop \(mean ± std. dev. of 7 runs, (5|10|20) loops each\)\n$`).MatchString(r.rec.out()) {
		t.Errorf("auto-ranged %%timeit: %+v %q", r.err, r.rec.out())
	}
	r = run(t, e, "y := 1\n!echo out; echo err >&2; exit 3\ny + 1")
	if r.err != nil || r.result != "2" || r.rec.out() != "out\n" || r.rec.errOut() != "err\n!echo out; echo err >&2; exit 3: exit status 3\n" {
		t.Errorf("!cmd: %+v %q %q %q", r.err, r.result, r.rec.out(), r.rec.errOut())
	}
	r = run(t, e, "%env GOTAPE_MAGIC_TEST=hello world\n!echo $GOTAPE_MAGIC_TEST\nos.Getenv(\"GOTAPE_MAGIC_TEST\")")
	if r.err != nil || r.result != "hello world" || r.rec.out() != "env: GOTAPE_MAGIC_TEST=hello world\nhello world\n" {
		t.Errorf("%%env: %+v %q %q", r.err, r.result, r.rec.out())
	}
	if r = run(t, e, "%env GOTAPE_MAGIC_TEST"); r.rec.out() != "hello world\n" {
		t.Errorf("%%env NAME: %q", r.rec.out())
	}
	file := filepath.Join(t.TempDir(), "cell.txt")
	r = run(t, e, "%%writefile "+file+"\nline 1\n\n!not a shell line")
	b, _ := os.ReadFile(file)
	if r.err != nil || r.rec.out() != "Writing "+file+"\n" || string(b) != "line 1\n\n!not a shell line\n" {
		t.Errorf("%%%%writefile: %+v %q %q", r.err, r.rec.out(), b)
	}
	r = run(t, e, "type point struct{ X int }\nfunc twice(v float64) float64 { return 2 * v }\npt := point{1}\nname := \"go\"\n"+
		"type pair struct{ n int }\nps := []pair{{3}}\nlookup := map[string]*point{}\ntv := tape.Scalar(1)\n%who")
	for _, want := range []string{`(?m)^Name +Type$`, `(?m)^name +string$`, `(?m)^twice +func\(v float64\) float64$`, `(?m)^point +type$`, `(?m)^x +int$`,
		`(?m)^pt +point$`, `(?m)^ps +\[\]pair$`, `(?m)^lookup +map\[string\]\*point$`, `(?m)^tv +\*tape\.Tensor$`} { // cell types by name
		if !regexp.MustCompile(want).MatchString(r.rec.out()) {
			t.Errorf("%%who lacks %q:\n%s", want, r.rec.out())
		}
	}
	r = run(t, e, "%help")
	for _, want := range []string{"%%time", "%timeit [-n N] [-r R] STMT", "%env [NAME[=VALUE]]", "!cmd", "%who", "%reset", "%%writefile [-a] FILE", "%go get MODULE@VERSION"} {
		if !strings.Contains(r.rec.out(), want) {
			t.Errorf("%%help lacks %q:\n%s", want, r.rec.out())
		}
	}
	r = run(t, e, "%reset\nx := \"fresh\"\nx")
	if r.err != nil || r.result != "fresh" {
		t.Errorf("%%reset: %+v %q", r.err, r.result)
	}
	if r = run(t, e, "pt"); r.err == nil || !strings.Contains(r.err.Value, "undefined: pt") {
		t.Errorf("after %%reset: %+v", r.err)
	}
	if r = run(t, e, "tape.Scalar(2).Float()"); r.err != nil || r.result != "2" {
		t.Errorf("after %%reset, preloaded packages: %+v %q", r.err, r.result)
	}
	r = run(t, e, "%tim 1")
	if r.err == nil || r.err.Name != "UsageError" || !strings.Contains(r.err.Value, "Line magic function `%tim` not found. Known: ") ||
		!strings.Contains(r.err.Value, "%timeit") {
		t.Errorf("unknown magic: %+v", r.err)
	}
	if r = run(t, e, "fmt.Println(1)\n%nope\n"); r.err == nil || r.rec.out() != "" {
		t.Errorf("unknown magic after Go: ran the Go (%q) or no error %+v", r.rec.out(), r.err)
	}
	if r = run(t, e, "fmt.Println(1)\n!echo 2\nfmt.Println(3"); r.err == nil || r.err.Name != "CompileError" || !strings.Contains(r.err.Value, "cell:3:") || r.rec.out() != "" {
		t.Errorf("syntax error after a shell line: %+v %q", r.err, r.rec.out())
	}
}

func TestMagicCompleteAndIsComplete(t *testing.T) {
	e := New()
	for _, c := range []struct {
		code       string
		want       []string
		start, end int
	}{
		{"%ti", []string{"%time", "%timeit"}, 0, 3},
		{"%%t", []string{"%%time", "%%timeit"}, 0, 3},
		{"x := 1\n  %e", []string{"%env"}, 9, 11},
		{"x := 1\n%%t", nil, 10, 10},
		{"!ls ta", nil, 6, 6},
		{"%time tape.Sca", []string{"Scalar"}, 11, 14},
	} {
		got, s, en := e.Complete(c.code, len([]rune(c.code)))
		if strings.Join(got, ",") != strings.Join(c.want, ",") || s != c.start || en != c.end {
			t.Errorf("Complete(%q) = %q %d %d, want %q %d %d", c.code, got, s, en, c.want, c.start, c.end)
		}
	}
	for code, want := range map[string]string{
		"%time f(1)":                       "complete",
		"!ls -l":                           "complete",
		"%%time":                           "incomplete",
		"%%time\nfor i := 0; i < 3; i++ {": "incomplete",
		"%%time\nx := 1":                   "complete",
		"%%writefile a.txt\nabc":           "incomplete",
		"%%writefile a.txt\nabc\n":         "complete",
		"x := 1\n!echo\nf(":                "incomplete",
		"x := 1\n!echo\ny := 2":            "complete",
		"%%time\nx := )":                   "invalid",
	} {
		if got, _ := e.IsComplete(code); got != want {
			t.Errorf("IsComplete(%q) = %q, want %q", code, got, want)
		}
	}
}

func TestMagicInterrupt(t *testing.T) {
	e := New()
	for _, code := range []string{"!sleep 30", "%timeit -n 1000 time.Sleep(10 * time.Millisecond)", "%%time\nfor {\n}"} {
		run(t, e, `import "time"`)
		ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
		t0 := time.Now()
		r := runCtx(t, ctx, e, code, &recorder{})
		cancel()
		if r.err == nil || r.err.Name != "Interrupted" || time.Since(t0) > 5*time.Second {
			t.Errorf("%q: error %+v after %v, want Interrupted soon", code, r.err, time.Since(t0))
		}
	}
	if r := run(t, e, "1 + 1"); r.result != "2" {
		t.Errorf("after interrupts: %+v %q", r.err, r.result)
	}
}

func TestMagicInspect(t *testing.T) {
	e := New()
	run(t, e, `import "fmt"`)
	for _, c := range []struct {
		code   string
		cursor int
		want   string
	}{
		{"%timeit x", 3, "%timeit [-n N] [-r R] STMT\n\ntime STMT over auto-ranged loops: mean ± std. dev. of 7 runs"},
		{"x := 1\n!ls -l", 8, "!cmd\n\nrun a shell command (sh -c), streaming its output; a non-zero exit is shown"},
		{"%%time\nx := 1", 2, "%%time\n\nrun the cell once and print its CPU and wall times"},
	} {
		b, ok := e.Inspect(c.code, c.cursor, 0)
		if !ok || b.Data["text/plain"] != c.want {
			t.Errorf("Inspect(%q, %d) = %v %v, want %q", c.code, c.cursor, ok, b, c.want)
		}
	}
	if b, ok := e.Inspect("%timeit fmt.Println", 15, 0); !ok || !strings.Contains(b.Data["text/plain"].(string), "Println formats") {
		t.Errorf("Inspect in a magic's statement: %v %v", ok, b)
	}
}
