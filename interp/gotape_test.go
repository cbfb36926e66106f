package interp

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gotape/gotape/kernel"
)

// Preloaded gotape packages, results, display and tape output.
var gotapeScenario = []step{
	{code: "x := tape.Constant(3.0)\ntp := tape.NewGradientTape()\nvar y *tape.Tensor\ntp.Watch(x)\ntp.Record(func() { y = x.Mul(x) })\ntp.Gradient(y, x)",
		result: "<tf.Tensor: shape=(), dtype=float32, numpy=6.0>"},
	{code: "u := tape.Constant(2.0)\ntp2 := tape.NewGradientTape()\nvar w *tape.Tensor\ntp2.Record(func() { w = u.Mul(u) })\ntp2.Gradient(w, u)", result: "None"},
	{code: "import \"github.com/gotape/gotape/tape\"\ntape.Constant([]float64{1, 2})", result: "<tf.Tensor: shape=(2,), dtype=float32, numpy=array([1., 2.], dtype=float32)>"},
	{code: "import tp3 \"github.com/gotape/gotape/tape\"\ntp3.Scalar(2).Float()", result: "2"},
	{code: "v := tape.NewVariable(1.0)\nv", result: "<tf.Variable 'Variable:0' shape=() dtype=float32, numpy=1.0>"},
	{code: "opt := optim.NewSGD(0.1)\nopt.LearningRate()", result: "0.1"},
	{code: "import \"fmt\"\nfmt.Fprintln(tape.Output(), \"via tape.Output\")", stdout: "via tape.Output\n"},
	{code: "tape.Constant([]float64{1, 2}).MatMul(tape.Constant([]float64{1, 2, 3}))", errName: "panic", errHas: "tape:", tbHas: "cell:1: tape.Constant"},
	{code: "var g *tape.Tensor\ng.Float()", errName: "panic"},
	{code: "panic(tape.ErrInterrupted)", errName: "Interrupted"},
	{code: "tape.Scalar(1).Add(2)", result: "<tf.Tensor: shape=(), dtype=float32, numpy=3.0>"},
	// Indexing what a compiled method returns, at a cell's top level (once "constant definition loop").
	{code: "a := tape.NewVariable(3.0)\nb := tape.NewVariable(2.0)\nvs := []*tape.Variable{a, b}\npt := tape.NewGradientTape(tape.Persistent(true))\nvar loss *tape.Tensor\npt.Record(func() { loss = a.Mul(b) })"},
	{code: "d := pt.Gradients(loss, vs)[0]\nd", result: "<tf.Tensor: shape=(), dtype=float32, numpy=2.0>"},
	{code: "gs := pt.Gradients(loss, vs)\nd1 := gs[1]\nd1", result: "<tf.Tensor: shape=(), dtype=float32, numpy=3.0>"},
	{code: "var d2 = pt.Gradients(loss, vs)[1].Float()\nd2", result: "3"},
	{code: "sh := tape.Ones(2, 3).Shape()[1]\nsh", result: "3"},
	{code: "w0 := strings.Fields(\"ab cd\")[1][0]\nw0", result: "99"},
}

func TestGotapeCells(t *testing.T) {
	e := New()
	for i, s := range gotapeScenario {
		r := runCtx(t, t.Context(), e, s.code, &recorder{})
		if s.errName == "" && r.err != nil {
			t.Errorf("step %d %q: unexpected error %s: %s\n%s", i, s.code, r.err.Name, r.err.Value, strings.Join(r.err.Traceback, "\n"))
			continue
		}
		if s.errName != "" {
			if r.err == nil || r.err.Name != s.errName || !strings.Contains(r.err.Value, s.errHas) {
				t.Errorf("step %d %q: error %+v, want %s containing %q", i, s.code, r.err, s.errName, s.errHas)
			} else if s.tbHas != "" && !strings.Contains(strings.Join(r.err.Traceback, "\n"), s.tbHas) {
				t.Errorf("step %d %q: traceback %q lacks %q", i, s.code, r.err.Traceback, s.tbHas)
			}
		}
		if s.result != "" && r.result != s.result {
			t.Errorf("step %d %q: result %q, want %q", i, s.code, r.result, s.result)
		}
		if s.stdout != "" && r.rec.out() != s.stdout {
			t.Errorf("step %d %q: stdout %q, want %q", i, s.code, r.rec.out(), s.stdout)
		}
	}
}

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
