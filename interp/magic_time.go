package interp

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"math"
	"reflect"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/gotape/gotape/kernel"
)

// %time, %%time, %timeit and %%timeit, printing what IPython prints.

// runBody runs Go code that may itself hold magic lines.
func (e *Evaluator) runBody(ctx context.Context, code string) (*kernel.Bundle, error) {
	if segs := splitMagics(code); segs != nil {
		return e.executeMagics(ctx, segs)
	}
	return e.runGo(ctx, code)
}

func runTime(e *Evaluator, ctx context.Context, m *magicCall) (*kernel.Bundle, error) {
	code := m.body
	switch {
	case m.cell && m.args != "":
		return nil, usage("Can't use statement directly after '%%%%time'!") // IPython's words
	case !m.cell && m.args == "":
		return nil, usage("%%time needs a statement: %%time STMT")
	case !m.cell: // STMT where it stands in the cell, for errors
		code = strings.Repeat("\n", m.line-1) + strings.Repeat(" ", m.col-1) + m.args
	}
	user0, sys0 := cpuTimes()
	t0 := time.Now()
	res, err := e.runBody(ctx, code)
	wall := time.Since(t0)
	user1, sys1 := cpuTimes()
	if err != nil {
		return nil, err
	}
	user, sys := user1-user0, sys1-sys0
	e.printf("CPU times: user %s, sys: %s, total: %s\nWall time: %s\n",
		formatTime(user), formatTime(sys), formatTime(user+sys), formatTime(wall))
	return res, nil
}

// cpuTimes returns the process's user and system CPU time so far.
func cpuTimes() (user, sys time.Duration) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0, 0
	}
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano())
}

// formatTime writes d as IPython's _format_time does: three significant digits in the
// largest unit of s, ms, µs, ns that keeps the value at least 1; a minute or more as
// "1min 5s" (and h, d).
func formatTime(d time.Duration) string {
	s := d.Seconds()
	if s >= 60 {
		var parts []string
		left := s
		for _, p := range []struct {
			suffix string
			length float64
		}{{"d", 86400}, {"h", 3600}, {"min", 60}, {"s", 1}} {
			if v := math.Floor(left / p.length); v > 0 {
				left = math.Mod(left, p.length)
				parts = append(parts, strconv.Itoa(int(v))+p.suffix)
			}
			if left < 1 {
				break
			}
		}
		return strings.Join(parts, " ")
	}
	units := []string{"s", "ms", "µs", "ns"}
	order := 3
	if s > 0 {
		order = min(-int(math.Floor(math.Floor(math.Log10(s))/3)), 3)
	}
	return strconv.FormatFloat(s*math.Pow(1000, float64(order)), 'g', 3, 64) + " " + units[order]
}

// timeitArgs parses "[-n N] [-r R] STMT".
func timeitArgs(args string) (number, repeat int, stmt string, err error) {
	repeat = 7
	f := strings.Fields(args)
	for len(f) >= 2 && (f[0] == "-n" || f[0] == "-r") {
		v, perr := strconv.Atoi(f[1])
		if perr != nil || v < 1 {
			return 0, 0, "", usage("%%timeit %s wants a positive count, not %q", f[0], f[1])
		}
		if f[0] == "-n" {
			number = v
		} else {
			repeat = v
		}
		args = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(args), f[0]))
		args = strings.TrimSpace(strings.TrimPrefix(args, f[1]))
		f = f[2:]
	}
	return number, repeat, args, nil
}

// timeitState is what the compiled timing loop reports back to the magic.
type timeitState struct {
	ctx            context.Context
	number, repeat int
	runs           []time.Duration // per run of number loops
}

func runTimeit(e *Evaluator, ctx context.Context, m *magicCall) (*kernel.Bundle, error) {
	number, repeat, stmt, err := timeitArgs(m.args)
	if err != nil {
		return nil, err
	}
	// The statement keeps its cell position (a /*line*/ directive) for errors.
	pad, line, col := strings.Repeat("\n", m.line-1), m.line, m.col+len(m.args)-len(stmt)
	if m.cell {
		if stmt != "" {
			return nil, usage("%%%%timeit takes only -n and -r on its line; the statements go in the cell")
		}
		stmt, pad, line, col = m.raw, strings.Repeat("\n", m.line), m.line+1, 1
	} else if stmt == "" {
		return nil, usage("%%timeit needs a statement: %%timeit STMT")
	}
	if x, perr := parser.ParseExpr(stmt); perr == nil {
		if _, isCall := x.(*ast.CallExpr); !isCall {
			stmt, col = "_ = "+stmt, col-len("_ = ") // an expression alone is not a statement
		}
	}
	at := fmt.Sprintf("/*line %s:%d:%d*/", cellFile, line, col)
	st := &timeitState{ctx: ctx, number: number, repeat: repeat}
	e.magic.timeit = st
	defer func() { e.magic.timeit = nil }()
	code := pad + magicPkg + ".Timeit(func(__gotape_n int) { for __gotape_i := 0; __gotape_i < __gotape_n; __gotape_i++ { " + at + stmt + "\n}})"
	if _, err := e.runGo(ctx, code); err != nil {
		return nil, err
	}
	if len(st.runs) < st.repeat {
		return nil, nil // interrupted: the run's error says so
	}
	e.printf("%s\n", timeitReport(st.runs, st.number))
	return nil, nil
}

// timeit is the compiled loop behind %timeit (cells call it as __gotape_magic.Timeit):
// with no -n it finds the loop count like Python's timeit.autorange (1, 2, 5, 10, 20, ...
// until a run takes 0.2 s), then times repeat runs.
func (st *timeitState) timeit(f func(int)) {
	timeRun := func(n int) time.Duration {
		t0 := time.Now()
		f(n)
		return time.Since(t0)
	}
	if st.number == 0 {
	search:
		for i := 1; ; i *= 10 {
			for _, j := range []int{1, 2, 5} {
				st.number = i * j
				if timeRun(st.number) >= 200*time.Millisecond || st.ctx.Err() != nil {
					break search
				}
			}
		}
	}
	for range st.repeat {
		if st.ctx.Err() != nil {
			return
		}
		st.runs = append(st.runs, timeRun(st.number))
	}
}

// timeitReport is IPython's line: "8.23 µs ± 120 ns per loop (mean ± std. dev. of 7 runs,
// 100,000 loops each)".
func timeitReport(runs []time.Duration, number int) string {
	var mean, sq float64
	for _, r := range runs {
		mean += r.Seconds() / float64(number)
	}
	mean /= float64(len(runs))
	for _, r := range runs {
		d := r.Seconds()/float64(number) - mean
		sq += d * d
	}
	std := math.Sqrt(sq / float64(len(runs)))
	plural := func(n int, s string) string {
		if n == 1 {
			return s
		}
		return s + "s"
	}
	return fmt.Sprintf("%s ± %s per loop (mean ± std. dev. of %d %s, %s %s each)",
		formatTime(secs(mean)), formatTime(secs(std)), len(runs), plural(len(runs), "run"),
		thousands(number), plural(number, "loop"))
}

func secs(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// thousands writes n with comma separators (Python's "{:,}").
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// magicPkg is the name cells use for the magics' compiled helpers.
const magicPkg = "__gotape_magic"

// magicSymbols exports the compiled helpers the magics' generated code calls.
func (e *Evaluator) magicSymbols() map[string]map[string]reflect.Value {
	return map[string]map[string]reflect.Value{
		magicPath + "/magic": {
			"Timeit": reflect.ValueOf(func(f func(int)) {
				if st := e.magic.timeit; st != nil {
					st.timeit(f)
				}
			}),
		},
	}
}

// magicPath is the import path of the magics' helpers.
const magicPath = "gotape/magic"

// magicState is the evaluator's state for the magics.
type magicState struct {
	timeit *timeitState // while %timeit runs
}
