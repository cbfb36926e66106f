package interp

import (
	"strings"
	"testing"
	"time"
)

// TestLateGoroutineOutput: output, displays and panics of a goroutine whose cell has ended
// are shown (issue 13 item 12): on the running cell's stderr, tagged with the cell that
// started the goroutine, or held for the next cell; a goroutine of the running cell
// prints to it as usual.
func TestLateGoroutineOutput(t *testing.T) {
	e := New()
	run(t, e, "import (\n\t\"fmt\"\n\t\"time\"\n)")

	own := run(t, e, "done := make(chan bool)\ngo func() { fmt.Println(\"own\"); close(done) }()\n<-done")
	if own.rec.out() != "own\n" || own.rec.errOut() != "" {
		t.Errorf("a goroutine of the running cell: %q %q", own.rec.out(), own.rec.errOut())
	}

	start := run(t, e, "// ticker\ngo func() {\n\ttime.Sleep(150 * time.Millisecond)\n\tfmt.Println(\"during\")\n"+
		"\ttime.Sleep(500 * time.Millisecond)\n\tfmt.Println(\"between\")\n\tdisplay.HTML(\"<i>late</i>\")\n\tpanic(\"late boom\")\n}()")
	// (The cell waits up to 50 ms for its goroutines: the ticker sleeps longer.)
	if start.err != nil || start.rec.out() != "" {
		t.Fatalf("starting cell: %v %q", start.err, start.rec.out())
	}
	during := run(t, e, "time.Sleep(400 * time.Millisecond)\nfmt.Println(\"mine\")")
	if during.err != nil || during.rec.out() != "mine\n" || during.rec.errOut() != "[goroutine of «// ticker»] during\n" {
		t.Errorf("while another cell runs: %v out %q err %q", during.err, during.rec.out(), during.rec.errOut())
	}
	time.Sleep(600 * time.Millisecond) // "between", the display and the panic happen between cells
	next := run(t, e, `fmt.Println("next")`)
	if next.err != nil {
		t.Fatalf("a late panic failed the next cell: %v", next.err)
	}
	errText := next.rec.errOut()
	if !strings.HasPrefix(errText, "[goroutine of «// ticker»] between\n[goroutine of «// ticker»] panic in goroutine: late boom\n") {
		t.Errorf("held output: %q", errText)
	}
	if len(next.rec.displays) != 1 || next.rec.displays[0].Metadata["gotape_from_cell"] != "// ticker" ||
		next.rec.displays[0].Data["text/html"] != "<i>late</i>" {
		t.Errorf("held display: %+v", next.rec.displays)
	}
	if next.rec.out() != "next\n" {
		t.Errorf("next cell's own output: %q", next.rec.out())
	}
	if again := run(t, e, `fmt.Println("again")`); again.rec.errOut() != "" {
		t.Errorf("held output delivered twice: %q", again.rec.errOut())
	}
}
