package interp

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"testing"

	"github.com/gotape/gotape/kernel"
)

// recorder is a kernel.Output that keeps everything a cell produces.
type recorder struct {
	mu       sync.Mutex
	stdout   strings.Builder
	stderr   strings.Builder
	displays []kernel.Bundle
	clears   int
	inputs   []string // lines to answer input requests with
	prompts  int
}

func (r *recorder) Stream(name, text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if name == "stdout" {
		r.stdout.WriteString(text)
	} else {
		r.stderr.WriteString(text)
	}
}

func (r *recorder) Display(b kernel.Bundle, id string, update bool) {
	r.mu.Lock()
	r.displays = append(r.displays, b)
	r.mu.Unlock()
}

func (r *recorder) ClearOutput(wait bool) { r.mu.Lock(); r.clears++; r.mu.Unlock() }

func (r *recorder) Input(ctx context.Context, prompt string, password bool) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.prompts++
	if len(r.inputs) == 0 {
		return "", errors.New("stdin not allowed")
	}
	l := r.inputs[0]
	r.inputs = r.inputs[1:]
	return l, nil
}

func (r *recorder) out() string { r.mu.Lock(); defer r.mu.Unlock(); return r.stdout.String() }
func (r *recorder) errOut() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stderr.String()
}

// cellRun is the outcome of one cell.
type cellRun struct {
	rec    *recorder
	result string // text/plain of the result, "" when none
	err    *kernel.ExecError
}

func run(t *testing.T, e *Evaluator, code string) cellRun {
	t.Helper()
	return runCtx(t, context.Background(), e, code, &recorder{})
}

func runCtx(t *testing.T, ctx context.Context, e *Evaluator, code string, rec *recorder) cellRun {
	t.Helper()
	b, err := e.Execute(ctx, code, rec)
	r := cellRun{rec: rec}
	if b != nil {
		s, _ := b.Data["text/plain"].(string)
		r.result = s
		if _, ok := b.Data["text/plain"].(string); !ok {
			t.Errorf("result bundle without text/plain: %v", b.Data)
		}
	}
	if err != nil {
		var ee *kernel.ExecError
		if !errors.As(err, &ee) {
			t.Fatalf("error %v is not an *ExecError", err)
		}
		r.err = ee
	}
	return r
}

// needsGo skips a test that runs the go command where there is none; when slow is set, the
// test is also skipped under -short, slow saying why.
func needsGo(t *testing.T, slow string) {
	t.Helper()
	if slow != "" && testing.Short() {
		t.Skip(slow)
	}
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command")
	}
}

// cursorCase is a completion or inspection request: code with the cursor at rune cursor
// (−1: at the end), and what the answer must hold.
type cursorCase struct {
	code   string
	cursor int
	want   []string
}

// at returns the cursor's position in runes.
func (c cursorCase) at() int {
	if c.cursor < 0 {
		return len([]rune(c.code))
	}
	return c.cursor
}

// fmtSscan parses "[a b]" as printed for a []float64 result.
func fmtSscan(s string, a, b *float64) (int, error) {
	return fmt.Sscan(strings.Trim(s, "[]"), a, b)
}
