package lifeline

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain plays the processes of the tests: a "child" that watches its parents and
// writes why it was told they are gone, and a "parent" that starts a child and waits.
func TestMain(m *testing.M) {
	switch os.Getenv("LIFELINE_ROLE") {
	case "child":
		gone := make(chan string)
		Watch(func(reason string) { gone <- reason })
		select {
		case r := <-gone:
			_ = os.WriteFile(os.Getenv("LIFELINE_OUT"), []byte(r), 0o644)
		case <-time.After(20 * time.Second):
		}
		os.Exit(0)
	case "parent":
		child := exec.Command(os.Args[0], "-test.run=NONE") // as jupyter_client starts kernels
		child.Env = append(os.Environ(), "LIFELINE_ROLE=child", "JPY_PARENT_PID="+strconv.Itoa(os.Getpid()))
		if err := child.Start(); err != nil {
			os.Exit(1)
		}
		fmt.Println(child.Process.Pid)
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func waitFor(t *testing.T, path string) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(path); err == nil && len(b) > 0 {
			return string(b)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the child was never told its parent died")
	return ""
}

// TestParentKilled: SIGKILL the kernel's parent; the kernel is told at once.
func TestParentKilled(t *testing.T) {
	out := t.TempDir() + "/reason"
	parent := exec.Command(os.Args[0], "-test.run=NONE")
	parent.Env = append(os.Environ(), "LIFELINE_ROLE=parent", "LIFELINE_OUT="+out)
	stdout, _ := parent.StdoutPipe()
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	var line [32]byte
	n, _ := stdout.Read(line[:])
	childPID, err := strconv.Atoi(strings.TrimSpace(string(line[:n])))
	if err != nil {
		t.Fatalf("child pid %q", line[:n])
	}
	defer syscall.Kill(childPID, syscall.SIGKILL)
	time.Sleep(200 * time.Millisecond) // the child is watching
	t0 := time.Now()
	_ = parent.Process.Kill()
	_ = parent.Wait()
	want := []string{fmt.Sprintf("parent process %d died", parent.Process.Pid), fmt.Sprintf("parent process %d (JPY_PARENT_PID) died", parent.Process.Pid)}
	if got := waitFor(t, out); got != want[0] && got != want[1] {
		t.Fatalf("reason %q, want %q", got, want)
	}
	if took := time.Since(t0); took > 500*time.Millisecond {
		t.Errorf("noticed after %v: the parent-death signal did not work", took) // polling alone takes up to 1 s
	}
}

// TestJPYParentKilled: the process JPY_PARENT_PID names dies while the direct parent (here
// the test) lives on.
func TestJPYParentKilled(t *testing.T) {
	out := t.TempDir() + "/reason"
	frontend := exec.Command("sleep", "60")
	if err := frontend.Start(); err != nil {
		t.Skip("no sleep command")
	}
	child := exec.Command(os.Args[0], "-test.run=NONE")
	child.Env = append(os.Environ(), "LIFELINE_ROLE=child", "LIFELINE_OUT="+out, "JPY_PARENT_PID="+strconv.Itoa(frontend.Process.Pid))
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer child.Process.Kill()
	time.Sleep(200 * time.Millisecond)
	_ = frontend.Process.Kill()
	_ = frontend.Wait()
	want := fmt.Sprintf("parent process %d (JPY_PARENT_PID) died", frontend.Process.Pid)
	if got := waitFor(t, out); got != want {
		t.Fatalf("reason %q, want %q", got, want)
	}
	// A stale JPY_PARENT_PID (no such process) is ignored, not a reason to exit.
	if jpy := func() int { t.Setenv("JPY_PARENT_PID", strconv.Itoa(frontend.Process.Pid)); return jpyParent() }(); jpy != 0 {
		t.Errorf("a dead JPY_PARENT_PID was watched: %d", jpy)
	}
}

// TestNotStartedByJupyter: without JPY_PARENT_PID (a kernel started by hand, or
// independent) nothing is watched, as with ipykernel.
func TestNotStartedByJupyter(t *testing.T) {
	t.Setenv("JPY_PARENT_PID", "")
	fired := make(chan string, 1)
	stop := Watch(func(r string) { fired <- r })
	defer stop()
	if jpyParent() != 0 {
		t.Fatal("an empty JPY_PARENT_PID named a parent")
	}
	select {
	case r := <-fired:
		t.Fatalf("fired without a Jupyter parent: %s", r)
	case <-time.After(Interval + 200*time.Millisecond):
	}
}
