package supervise

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"

	"github.com/gotape/gotape/kernel"
)

// crashStart matches the first line of the Go runtime's report of a fatal error, an
// unrecovered panic or a signal, as written to standard error before the process dies.
var crashStart = regexp.MustCompile(`^(fatal error: |runtime: |panic: |SIG[A-Z]+: |unexpected signal|signal arrived|fatal: )`)

// goroutineHead starts the goroutine dump that follows the report.
var goroutineHead = regexp.MustCompile(`^(goroutine \d+ \[|runtime stack:)`)

// maxReport bounds the lines kept of one report.
const maxReport = 12

// stderrLog copies the child's standard error to the kernel's log and keeps the last
// runtime report it saw (the lines from a crashStart line to the goroutine dump).
type stderrLog struct {
	mu     sync.Mutex
	report []string
	open   bool // report is still being read
	done   chan struct{}
}

func newStderrLog() *stderrLog { return &stderrLog{done: make(chan struct{})} }

// copy reads r to its end, writing every line to log.
func (l *stderrLog) copy(r io.Reader, log io.Writer) {
	defer close(l.done)
	br := bufio.NewReaderSize(r, 16<<10)
	for {
		line, err := br.ReadString('\n')
		if line != "" {
			if log != nil {
				io.WriteString(log, line)
			}
			l.line(strings.TrimRight(line, "\r\n"))
		}
		if err != nil {
			return
		}
	}
}

func (l *stderrLog) line(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	switch {
	case l.open && (s == "" || goroutineHead.MatchString(s) || len(l.report) >= maxReport):
		l.open = false
	case l.open:
		l.report = append(l.report, s)
	case crashStart.MatchString(s):
		l.report, l.open = []string{s}, true
	}
}

func (l *stderrLog) lastReport() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.report...)
}

// lostState is what the user is told after the child died.
const lostState = "The evaluator process died and a fresh one was started: the variables, functions, " +
	"types and imports of earlier cells are lost (re-run the cells that define them). " +
	"The kernel, the execution count and the history are kept."

// deathReason is the runtime's own reason for the child's death: the "fatal error: ..."
// line of its report, else the report's first line, else how the process ended.
func deathReason(report []string, waitErr error) string {
	for _, l := range report {
		if strings.HasPrefix(l, "fatal error: ") {
			return l
		}
	}
	if len(report) > 0 {
		return report[0]
	}
	var ee *exec.ExitError
	if errors.As(waitErr, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			if ws.Signal() == syscall.SIGKILL {
				return "the evaluator process was killed (SIGKILL), most likely by the system's out-of-memory killer"
			}
			return "the evaluator process was killed by signal " + ws.Signal().String()
		}
		return fmt.Sprintf("the evaluator process exited with status %d", ee.ExitCode())
	}
	if waitErr != nil {
		return "the evaluator process failed: " + waitErr.Error()
	}
	return "the evaluator process exited"
}

// deathError is the error of the cell that was running when the child died.
func deathError(report []string, waitErr error) *kernel.ExecError {
	reason := deathReason(report, waitErr)
	tb := append([]string(nil), report...)
	if len(tb) == 0 {
		tb = []string{reason}
	}
	tb = append(tb, "", lostState)
	return &kernel.ExecError{Name: "FatalError", Value: reason + " (the evaluator process died; variables were lost)", Traceback: tb}
}
