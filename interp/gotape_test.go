package interp

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gotape/gotape/kernel"
)

func TestDisplay(t *testing.T) {
	e := New()
	rec := &recorder{}
	r := runCtx(t, t.Context(), e, "display.Show(tape.Constant(1.0))\ndisplay.ClearOutput(true)\ndisplay.Markdown(\"**hi**\")", rec)
	if r.err != nil || r.result != "" {
		t.Fatalf("err %v result %q", r.err, r.result)
	}
	if len(rec.displays) != 2 || rec.clears != 1 {
		t.Fatalf("displays %v clears %d; want 2 displays and 1 clear", rec.displays, rec.clears)
	}
	if rec.displays[0].Data["text/plain"] != "tf.Tensor(1.0, shape=(), dtype=float32)" || rec.displays[1].Data["text/markdown"] != "**hi**" {
		t.Errorf("displays %v", rec.displays)
	}
	// A tensor result carries display's rich forms besides text/plain, its TensorFlow repr.
	b, err := e.Execute(t.Context(), "tape.Constant([]float64{1, 2})", &recorder{})
	if err != nil || len(b.Data) < 2 || b.Data["text/plain"] != "<tf.Tensor: shape=(2,), dtype=float32, numpy=array([1., 2.], dtype=float32)>" {
		t.Errorf("tensor result %v, %v; want text/plain plus rich forms", b, err)
	}
}

// timedRecorder notes when stdout text arrives.
type timedRecorder struct {
	recorder
	mu    sync.Mutex
	times map[string]time.Time
}

func (r *timedRecorder) Stream(name, text string) {
	r.mu.Lock()
	r.times[strings.TrimSpace(text)] = time.Now()
	r.mu.Unlock()
	r.recorder.Stream(name, text)
}

func TestStreamingWhileRunning(t *testing.T) {
	e := New()
	rec := &timedRecorder{times: map[string]time.Time{}}
	code := "import (\"fmt\"; \"os\"; \"time\")\nfmt.Println(\"first\")\nfmt.Fprintln(os.Stderr, \"to stderr\")\nfmt.Fprintln(tape.Output(), \"compiled\")\ntime.Sleep(300 * time.Millisecond)\nfmt.Println(\"second\")"
	if _, err := e.Execute(t.Context(), code, rec); err != nil {
		t.Fatal(err)
	}
	end := time.Now()
	for _, s := range []string{"first", "to stderr", "compiled"} {
		at, ok := rec.times[s]
		if !ok {
			t.Errorf("%q never streamed", s)
		} else if end.Sub(at) < 200*time.Millisecond {
			t.Errorf("%q streamed %v before the end of the cell; want it while the cell runs", s, end.Sub(at))
		}
	}
	if rec.errOut() != "to stderr\n" || rec.out() != "first\ncompiled\nsecond\n" {
		t.Errorf("stdout %q stderr %q", rec.out(), rec.errOut())
	}
}

func TestInterrupt(t *testing.T) {
	if raceEnabled {
		t.Skip("yaegi v0.16.1 ExecuteWithContext races with itself on cancellation (see race_test.go)")
	}
	e := New()
	for _, c := range []struct{ name, code string }{
		{"interpreted loop", "n := 0\nfor { n++ }"},
		{"tape ops", "acc := tape.Scalar(0)\nfor { acc = acc.Add(1) }"},
		{"function", "func spin() int { s := 0; for { s++ }; return s }\nspin()"},
	} {
		ctx, cancel := context.WithCancel(t.Context())
		time.AfterFunc(100*time.Millisecond, cancel)
		start := time.Now()
		r := runCtx(t, ctx, e, c.code, &recorder{})
		if r.err == nil || r.err.Name != "Interrupted" {
			t.Errorf("%s: error %+v, want Interrupted", c.name, r.err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: interrupt took %v", c.name, d)
		}
		// State stays usable.
		if r := run(t, e, "tape.Scalar(2).Add(3).Float()"); r.err != nil || r.result != "5" {
			t.Errorf("%s: after interrupt: %+v %q", c.name, r.err, r.result)
		}
	}
	// Compiled ops see the cancellation too: tape.CheckInterrupt panics with ErrInterrupted.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	rec := &recorder{}
	_, err := e.Execute(ctx, "tape.CheckInterrupt()", rec)
	if ee, ok := err.(*kernel.ExecError); !ok || ee.Name != "Interrupted" {
		t.Errorf("cancelled context: %v, want Interrupted", err)
	}
}
