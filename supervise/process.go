package supervise

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"sync"
	"time"

	"github.com/gotape/gotape/kernel"
)

// child is one evaluator process and the supervisor's end of its pipes.
type child struct {
	s      *Supervisor
	cmd    *exec.Cmd
	in     *os.File // the child's replies
	toKill *os.File // our end of its requests pipe (closed to make it exit)
	w      writer
	stderr *stderrLog

	ready chan struct{} // closed when the child said it is ready
	dead  chan struct{} // closed after it ended; report and waitErr are set then
	// set before dead is closed
	report  []string
	waitErr error
	killed  string // why the supervisor killed it, if it did

	mu        sync.Mutex
	exec      *running               // the cell running, nil between cells
	calls     map[uint32]chan *reply // Complete/Inspect/IsComplete waiting
	readyOnce sync.Once
	isReady   bool
}

// running is a cell being executed by the child.
type running struct {
	id   uint32
	ctx  context.Context
	out  kernel.Output
	done chan *result
}

func (c *child) wasReady() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.isReady
}

// start starts a child process (s.mu held). A child that cannot be started is returned
// already dead, with the reason.
func (s *Supervisor) start() *child {
	c := &child{s: s, ready: make(chan struct{}), dead: make(chan struct{}), calls: map[uint32]chan *reply{}, stderr: newStderrLog()}
	reqR, reqW, err1 := os.Pipe()
	repR, repW, err2 := os.Pipe()
	errR, errW, err3 := os.Pipe()
	for _, err := range []error{err1, err2, err3} {
		if err != nil {
			c.waitErr = fmt.Errorf("cannot create pipes: %w", err)
			close(c.stderr.done)
			close(c.dead)
			return c
		}
	}
	c.cmd = exec.Command(s.cfg.Path, s.cfg.Args...)
	c.cmd.Env = s.cfg.Env
	c.cmd.Stdout = s.cfg.Stdout
	c.cmd.Stderr = errW
	c.cmd.ExtraFiles = []*os.File{reqR, repW} // fds 3 and 4
	c.cmd.SysProcAttr = sysProcAttr()
	err := c.cmd.Start()
	reqR.Close()
	repW.Close()
	errW.Close()
	c.in, c.toKill, c.w.w = repR, reqW, reqW
	go c.stderr.copy(errR, s.cfg.Stderr)
	if err != nil {
		c.waitErr = fmt.Errorf("cannot start %s: %w", s.cfg.Path, err)
		repR.Close()
		reqW.Close()
		<-c.stderr.done
		close(c.dead)
		return c
	}
	go c.readLoop()
	return c
}

// killFor kills the child, recording why for the cell's error.
func (c *child) killFor(why string) {
	c.mu.Lock()
	c.killed = why
	c.mu.Unlock()
	c.s.cfg.Logger.Print(why)
	c.kill()
}

// deathError is the error of the cell that was running when the child died (after dead).
func (c *child) deathError() *kernel.ExecError {
	c.mu.Lock()
	killed := c.killed
	c.mu.Unlock()
	if killed != "" {
		return deathError([]string{killed}, nil)
	}
	return deathError(c.report, c.waitErr)
}

// kill ends the child process.
func (c *child) kill() {
	if c.cmd != nil && c.cmd.Process != nil {
		c.cmd.Process.Kill()
	}
}

// readLoop delivers what the child sends, in order, until its pipe ends; then it waits
// for the process and its last words on standard error, and reports the death.
func (c *child) readLoop() {
	br := bufio.NewReaderSize(c.in, 64<<10)
	var buf []byte
	for {
		kind, body, err := readFrame(br, &buf)
		if err != nil {
			break
		}
		if err := c.handle(kind, body); err != nil {
			c.s.cfg.Logger.Print(err)
			c.kill()
			break
		}
	}
	c.in.Close()
	c.toKill.Close() // a child still running sees its requests end and exits
	waited := make(chan error, 1)
	go func() { waited <- c.cmd.Wait() }()
	select {
	case c.waitErr = <-waited:
	case <-time.After(2 * time.Second):
		c.kill()
		c.waitErr = <-waited
	}
	select { // a grandchild (`!cmd`) may hold standard error open
	case <-c.stderr.done:
	case <-time.After(time.Second):
	}
	c.report = c.stderr.lastReport()
	c.mu.Lock()
	idle, ready := c.exec == nil, c.isReady
	c.mu.Unlock()
	if ready {
		c.s.died(c, idle)
	}
	close(c.dead)
}

// handle delivers one message of the child. Output goes straight to the running cell's
// Output from this goroutine, so it keeps the child's order.
func (c *child) handle(kind byte, body []byte) error {
	c.mu.Lock()
	r := c.exec
	c.mu.Unlock()
	switch kind {
	case kindReady:
		c.mu.Lock()
		c.isReady = true
		c.mu.Unlock()
		c.readyOnce.Do(func() { close(c.ready) })
		return nil
	case kindStream:
		id, name, text, err := parseStream(body)
		if err != nil {
			return err
		}
		if r != nil {
			r.out.Stream(name, text)
		} else {
			c.s.cfg.Logger.Printf("output of finished cell %d dropped: %q", id, text)
		}
		return nil
	}
	switch kind {
	case kindDisplay, kindClear:
		var d display
		if err := json.Unmarshal(body, &d); err != nil {
			return fmt.Errorf("supervise: bad display: %w", err)
		}
		if r == nil {
			return nil
		}
		if kind == kindClear {
			r.out.ClearOutput(d.Wait)
		} else {
			r.out.Display(d.Bundle, d.DisplayID, d.Update)
		}
	case kindInput:
		var in input
		if err := json.Unmarshal(body, &in); err != nil {
			return fmt.Errorf("supervise: bad input request: %w", err)
		}
		go c.input(r, in)
	case kindResult:
		res := new(result)
		if err := json.Unmarshal(body, res); err != nil {
			return fmt.Errorf("supervise: bad result: %w", err)
		}
		if r != nil && r.id == res.ID {
			r.done <- res
		}
	case kindReply:
		rep := new(reply)
		if err := json.Unmarshal(body, rep); err != nil {
			return fmt.Errorf("supervise: bad reply: %w", err)
		}
		deliver(&c.mu, c.calls, rep.ID, rep, false) // the caller removes its entry
	default:
		return fmt.Errorf("supervise: unknown message kind %q from the evaluator", kind)
	}
	return nil
}

// input asks the frontend for a line on behalf of the child and sends the answer back.
func (c *child) input(r *running, in input) {
	ans := input{Req: in.Req}
	if r == nil {
		ans.Err = "kernel: input requested after the cell ended"
	} else if v, err := r.out.Input(r.ctx, in.Prompt, in.Password); err != nil {
		ans.Err = err.Error()
	} else {
		ans.Value = v
	}
	c.w.sendJSON(kindInputReply, ans)
}
