package supervise

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gotape/gotape/kernel"
)

// Config says how to start the child process.
type Config struct {
	Path string   // the executable (e.g. os.Executable())
	Args []string // its arguments (without argv[0]); the child must call ServeChild
	Env  []string // nil: the supervisor's environment
	// Stderr receives the child's standard error (the kernel's log; default os.Stderr).
	// The child's standard output goes to Stdout (default os.Stdout).
	Stderr, Stdout io.Writer
	Logger         *log.Logger // default: standard error
	// CallTimeout bounds Complete, Inspect and IsComplete (default 10s).
	CallTimeout time.Duration
	// StopTimeout is how long a cell may take to stop after an interrupt before its
	// child is killed and restarted (default 10s; the interpreter stops in well under
	// 3s unless it is stuck).
	StopTimeout time.Duration
}

// Supervisor is a kernel.Evaluator that runs cells in a child process and starts a new
// child when one dies. Its methods are safe for concurrent use; Execute runs one cell at
// a time, as the kernel calls it.
type Supervisor struct {
	cfg    Config
	nextID atomic.Uint32

	mu     sync.Mutex
	cur    *child
	closed bool
	// idleDeath is the reason of a child (idleChild) that died between cells, told to the
	// next cell.
	idleDeath *kernel.ExecError
	idleChild *child
}

var _ kernel.Evaluator = (*Supervisor)(nil)

// New returns a supervisor. Its first child starts with Start, or with the first request.
func New(cfg Config) *Supervisor {
	if cfg.Stderr == nil {
		cfg.Stderr = os.Stderr
	}
	if cfg.Stdout == nil {
		cfg.Stdout = os.Stdout
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(os.Stderr, "gotape supervisor: ", log.LstdFlags)
	}
	if cfg.CallTimeout <= 0 {
		cfg.CallTimeout = 10 * time.Second
	}
	if cfg.StopTimeout <= 0 {
		cfg.StopTimeout = 10 * time.Second
	}
	return &Supervisor{cfg: cfg}
}

// Start starts the first child in the background (so that it is ready, its packages
// loaded, when the first cell comes).
func (s *Supervisor) Start() {
	s.mu.Lock()
	if s.cur == nil && !s.closed {
		s.cur = s.start()
	}
	s.mu.Unlock()
}

// Close stops the child: its requests end, so it exits by itself (writing, say, a CPU
// profile); after a second it is killed. The supervisor cannot be used afterwards.
func (s *Supervisor) Close() error {
	s.mu.Lock()
	s.closed = true
	c := s.cur
	s.mu.Unlock()
	if c != nil {
		if c.toKill != nil {
			c.toKill.Close()
		}
		select {
		case <-c.dead:
		case <-time.After(time.Second):
			c.kill()
			<-c.dead
		}
	}
	return nil
}

// PID returns the process id of the current child (0 when none runs).
func (s *Supervisor) PID() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur == nil || s.cur.cmd.Process == nil {
		return 0
	}
	return s.cur.cmd.Process.Pid
}

// ready returns a child that is ready to run requests, starting one if needed.
func (s *Supervisor) ready(ctx context.Context) (*child, error) {
	for {
		s.mu.Lock()
		if s.closed {
			s.mu.Unlock()
			return nil, errors.New("supervise: the evaluator was shut down")
		}
		if s.cur == nil {
			s.cur = s.start()
		}
		c := s.cur
		s.mu.Unlock()
		select {
		case <-c.ready:
		case <-c.dead:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		select {
		case <-c.dead:
			if !c.wasReady() {
				s.mu.Lock()
				if s.cur == c {
					s.cur = nil // the next request tries again
				}
				s.mu.Unlock()
				return nil, fmt.Errorf("kernel: the evaluator failed to start: %s", deathReason(c.report, c.waitErr))
			}
			s.mu.Lock()
			if s.cur == c {
				s.cur = nil
			}
			s.mu.Unlock()
			continue // it died between cells; the next one is starting
		default:
			return c, nil
		}
	}
}

// died is called once a child that was ready has ended: the next child starts at once.
func (s *Supervisor) died(c *child, idle bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if idle {
		s.idleDeath, s.idleChild = c.deathError(), c
	}
	if s.cur == c && !s.closed {
		s.cur = s.start()
	}
}

// Execute implements kernel.Evaluator: the cell runs in the child; output is delivered
// as the child writes it. If the child dies, the cell's error is the runtime's reason.
func (s *Supervisor) Execute(ctx context.Context, code string, out kernel.Output) (*kernel.Bundle, error) {
	c, err := s.ready(ctx)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	if e := s.idleDeath; e != nil {
		s.idleDeath, s.idleChild = nil, nil
		out.Stream("stderr", "The evaluator process died after the previous cell ended: "+e.Value+".\n"+lostState+"\n")
	}
	s.mu.Unlock()
	r := &running{id: s.nextID.Add(1), ctx: ctx, out: out, done: make(chan *result, 1)}
	c.mu.Lock()
	c.exec = r
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		if c.exec == r {
			c.exec = nil
		}
		c.mu.Unlock()
	}()
	c.w.sendJSON(kindExecute, request{ID: r.id, Code: code}) // a failure shows as c.dead
	interrupt := ctx.Done()
	var stuck <-chan time.Time
	for {
		select {
		case res := <-r.done:
			return res.Bundle, res.err()
		case <-interrupt:
			c.w.sendJSON(kindInterrupt, request{ID: r.id})
			interrupt = nil
			stuck = time.After(s.cfg.StopTimeout)
		case <-stuck:
			c.killFor(fmt.Sprintf("the cell did not stop within %v of the interrupt; its evaluator process was killed", s.cfg.StopTimeout))
			stuck = nil
		case <-c.dead:
			select { // the result may have been the child's last word
			case res := <-r.done:
				return res.Bundle, res.err()
			default:
			}
			s.mu.Lock()
			if s.idleChild == c { // it died as the cell started: this error says it
				s.idleDeath, s.idleChild = nil, nil
			}
			s.mu.Unlock()
			return nil, c.deathError()
		}
	}
}

func (r *result) err() error {
	switch {
	case r.Err != nil:
		return r.Err
	case r.Canceled:
		return fmt.Errorf("%s: %w", r.ErrText, context.Canceled)
	case r.ErrText != "":
		return errors.New(r.ErrText)
	}
	return nil
}

// call sends a Complete, Inspect or IsComplete request and waits for its reply (nil when
// the child died or did not answer in time).
func (s *Supervisor) call(kind byte, q request) *reply {
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.CallTimeout)
	defer cancel()
	c, err := s.ready(ctx)
	if err != nil {
		return nil
	}
	q.ID = s.nextID.Add(1)
	ch := make(chan *reply, 1)
	c.mu.Lock()
	c.calls[q.ID] = ch
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.calls, q.ID)
		c.mu.Unlock()
	}()
	if c.w.sendJSON(kind, q) != nil {
		return nil
	}
	select {
	case r := <-ch:
		return r
	case <-c.dead:
	case <-ctx.Done():
		s.cfg.Logger.Printf("the evaluator did not answer a %c request within %v", kind, s.cfg.CallTimeout)
	}
	return nil
}

// Complete implements kernel.Evaluator.
func (s *Supervisor) Complete(code string, cursor int) ([]string, int, int) {
	r := s.call(kindComplete, request{Code: code, Cursor: cursor})
	if r == nil {
		return nil, cursor, cursor
	}
	return r.Matches, r.Start, r.End
}

// Inspect implements kernel.Evaluator.
func (s *Supervisor) Inspect(code string, cursor, detailLevel int) (*kernel.Bundle, bool) {
	r := s.call(kindInspect, request{Code: code, Cursor: cursor, Detail: detailLevel})
	if r == nil {
		return nil, false
	}
	return r.Doc, r.Found
}

// IsComplete implements kernel.Evaluator.
func (s *Supervisor) IsComplete(code string) (string, string) {
	r := s.call(kindIsComplete, request{Code: code})
	if r == nil {
		return "unknown", ""
	}
	return r.Status, r.Indent
}
