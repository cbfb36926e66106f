package supervise

import (
	"context"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gotape/gotape/kernel"
	"github.com/gotape/gotape/kernel/kerneltest"
)

// The test binary is also the child: with childEnv set it serves faultyEval.
const childEnv = "GOTAPE_SUPERVISE_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		if err := ServeChild(func() kernel.Evaluator { return faultyEval{} }); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// faultyEval is kerneltest's scripted evaluator plus cells that kill the process the ways
// the Go runtime does, and a counter that shows whether state survived.
type faultyEval struct{ kerneltest.Evaluator }

var counter int

func (e faultyEval) Execute(ctx context.Context, code string, out kernel.Output) (*kernel.Bundle, error) {
	switch code {
	case "count":
		counter++
		out.Stream("stdout", fmt.Sprintf("count %d\n", counter))
		return nil, nil
	case "concurrent map writes":
		out.Stream("stdout", "before the fault\n")
		m := map[int]int{}
		for i := 0; i < 4; i++ {
			go func() {
				for j := 0; ; j++ {
					m[j%16] = j
				}
			}()
		}
		time.Sleep(10 * time.Second)
	case "out of memory":
		out.Stream("stdout", "allocating\n")
		sink = make([]byte, 1<<46)
	case "stack overflow":
		debug.SetMaxStack(1 << 20)
		go func() { sink = make([]byte, deep(0)) }()
		time.Sleep(10 * time.Second)
	case "late fault":
		go func() {
			time.Sleep(50 * time.Millisecond)
			var m map[int]int
			go func() { m[1] = 1 }() // an unrecovered panic in a goroutine
		}()
		return nil, nil
	case "hang": // ignores the interrupt
		out.Stream("stdout", "hanging\n")
		time.Sleep(time.Hour)
	case "pid":
		out.Stream("stdout", fmt.Sprint(os.Getpid()))
		return nil, nil
	}
	return e.Evaluator.Execute(ctx, code, out)
}

var sink []byte

func deep(n int) int {
	var pad [256]byte
	pad[n%256] = byte(n)
	return deep(n+1) + int(pad[(n+1)%256])
}

// collect is a kernel.Output that keeps everything in order.
type collect struct {
	mu    sync.Mutex
	b     strings.Builder
	input string
}

func (c *collect) Stream(name, text string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Fprintf(&c.b, "[%s]%s", name, text)
}
func (c *collect) Display(b kernel.Bundle, id string, update bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fmt.Fprintf(&c.b, "[display %s %v]%v", id, update, b.Data["text/plain"])
}
func (c *collect) ClearOutput(wait bool) {}
func (c *collect) Input(ctx context.Context, prompt string, password bool) (string, error) {
	if c.input == "" {
		return "", errors.New("no stdin here")
	}
	return c.input + " for " + prompt, nil
}
func (c *collect) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.b.String()
}

func newTestSupervisor(t *testing.T) (*Supervisor, *kerneltest.SyncBuffer) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	log := &kerneltest.SyncBuffer{}
	s := New(Config{Path: exe, Env: append(os.Environ(), childEnv+"=1"), Stderr: log, StopTimeout: time.Second})
	s.Start()
	t.Cleanup(func() { s.Close() })
	return s, log
}

func run(t *testing.T, s *Supervisor, code string) (string, *kernel.Bundle, error) {
	t.Helper()
	out := &collect{input: "line"}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	b, err := s.Execute(ctx, code, out)
	return out.String(), b, err
}

func TestForwarding(t *testing.T) {
	s, _ := newTestSupervisor(t)
	out, b, err := run(t, s, "print one\neprint two\ndisplay text/html <b>x</b>\nupdate d1 first\nupdate d1 second\ninput name?\nresult 42")
	want := "[stdout]one\n[stderr]two\n[display  false]<b>x</b>[display d1 false]first[display d1 true]second[stdout]got: line for name?\n"
	if err != nil || out != want || b == nil || b.Data["text/plain"] != "42" {
		t.Errorf("got %q, %v, %v; want %q and result 42", out, b, err, want)
	}
	_, _, err = run(t, s, "error ValueError bad value")
	var e *kernel.ExecError
	if !errors.As(err, &e) || e.Name != "ValueError" || e.Value != "bad value" {
		t.Errorf("error: %#v", err)
	}
	if m, start, end := s.Complete("pri", 3); len(m) != 1 || m[0] != "print" || start != 0 || end != 3 {
		t.Errorf("complete: %v %d %d", m, start, end)
	}
	if doc, found := s.Inspect("sleep", 2, 0); !found || doc.Data["text/plain"] != "sleep: a kerneltest command" {
		t.Errorf("inspect: %v %v", doc, found)
	}
	if st, indent := s.IsComplete("print a \\"); st != "incomplete" || indent != "  " {
		t.Errorf("is_complete: %q %q", st, indent)
	}
}

// interrupted runs code in a fresh supervisor (after a cell that counts to 1) and
// interrupts it after 200ms; it fails the test if the cell takes over 5s in all.
func interrupted(t *testing.T, code string) (*Supervisor, string, error) {
	s, _ := newTestSupervisor(t)
	run(t, s, "count")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	t0 := time.Now()
	out := &collect{}
	_, err := s.Execute(ctx, code, out)
	if d := time.Since(t0); d > 5*time.Second {
		t.Errorf("the interrupted cell took %v", d)
	}
	return s, out.String(), err
}

func TestInterrupt(t *testing.T) {
	s, _, err := interrupted(t, "print started\nsleep 1h")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupt: %v", err)
	}
	if out, _, _ := run(t, s, "count"); out != "[stdout]count 2\n" {
		t.Errorf("state after an interrupt: %q", out)
	}
}

// TestStuckAfterInterrupt: a cell that ignores the interrupt is stopped by killing its
// child after StopTimeout; the next cell runs in a fresh one.
func TestStuckAfterInterrupt(t *testing.T) {
	s, out, err := interrupted(t, "hang")
	var e *kernel.ExecError
	if !errors.As(err, &e) || !strings.Contains(e.Value, "did not stop within 1s of the interrupt") || out != "[stdout]hanging\n" {
		t.Fatalf("stuck cell: %#v %q", err, out)
	}
	if out, _, err := run(t, s, "count"); err != nil || out != "[stdout]count 1\n" {
		t.Errorf("next cell: %q %v", out, err)
	}
}

// TestFatalErrors: each fault the runtime cannot recover ends the child; the cell's
// error has the runtime's reason, the output before it arrives, and the next cell runs in
// a fresh child.
func TestFatalErrors(t *testing.T) {
	s, log := newTestSupervisor(t)
	for _, c := range []struct{ code, output, reason string }{
		{"concurrent map writes", "[stdout]before the fault\n", "fatal error: concurrent map writes"},
		{"out of memory", "[stdout]allocating\n", "fatal error: runtime: out of memory"},
		{"stack overflow", "", "fatal error: stack overflow"},
	} {
		if raceEnabled && c.code == "out of memory" {
			c.reason = "fatal error: "
		}
		t.Run(strings.ReplaceAll(c.code, " ", "_"), func(t *testing.T) {
			run(t, s, "count")
			pid, _, _ := run(t, s, "pid")
			out, _, err := run(t, s, c.code)
			var e *kernel.ExecError
			if !errors.As(err, &e) || e.Name != "FatalError" || !strings.HasPrefix(e.Value, c.reason) {
				t.Fatalf("error %#v, want FatalError %q", err, c.reason)
			}
			if tb := strings.Join(e.Traceback, "\n"); !strings.Contains(tb, "variables") || !strings.Contains(tb, c.reason) {
				t.Errorf("traceback does not say why and what was lost:\n%s", tb)
			}
			if out != c.output {
				t.Errorf("output before the fault: %q, want %q", out, c.output)
			}
			if out, _, err := run(t, s, "count"); err != nil || out != "[stdout]count 1\n" {
				t.Errorf("next cell: %q %v (want a fresh child)", out, err)
			}
			if pid2, _, _ := run(t, s, "pid"); pid2 == pid {
				t.Errorf("same child pid %s", pid)
			}
		})
	}
	if !strings.Contains(log.String(), "goroutine") {
		t.Errorf("the child's dump is not in the log")
	}
}

// TestDeathBetweenCells: a child that dies after its cell ended is reported on the next
// cell's stderr, which then runs in a fresh child.
func TestDeathBetweenCells(t *testing.T) {
	s, _ := newTestSupervisor(t)
	run(t, s, "count")
	if _, _, err := run(t, s, "late fault"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	out, _, err := run(t, s, "count")
	if err != nil || !strings.Contains(out, "[stderr]The evaluator process died after the previous cell ended: panic: assignment to entry in nil map") ||
		!strings.HasSuffix(out, "[stdout]count 1\n") {
		t.Errorf("next cell: %q %v", out, err)
	}
}

func TestStartFailure(t *testing.T) {
	s := New(Config{Path: "/nonexistent/gotape", Stderr: &kerneltest.SyncBuffer{}})
	defer s.Close()
	_, err := s.Execute(context.Background(), "print x", &collect{})
	if err == nil || !strings.Contains(err.Error(), "failed to start") {
		t.Errorf("err = %v", err)
	}
	if m, _, _ := s.Complete("pri", 3); m != nil {
		t.Errorf("complete without a child: %v", m)
	}
}
