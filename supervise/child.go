package supervise

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gotape/gotape/kernel"
)

// Child file descriptors: the supervisor's requests arrive on fd 3, the child answers on
// fd 4 (cmd.ExtraFiles).
const (
	childIn  = 3
	childOut = 4
)

// ServeChild is the main function of the child process: it builds the evaluator with
// newEval, serves the supervisor on fds 3 and 4 until the supervisor goes away, and
// returns nil then. SIGINT is ignored (the supervisor forwards interrupts as messages; a
// frontend may signal the whole process group).
func ServeChild(newEval func() kernel.Evaluator) error {
	signal.Ignore(os.Interrupt)
	in := os.NewFile(childIn, "supervisor-requests")
	out := os.NewFile(childOut, "supervisor-replies")
	if in == nil || out == nil {
		return errors.New("supervise: no supervisor on fds 3 and 4 (this command is started by `gotape kernel`)")
	}
	return Serve(newEval, in, out)
}

// Serve runs the child end of the protocol on r and w: it builds the evaluator, says it
// is ready, then runs the requests it reads until r ends (nil) or fails.
func Serve(newEval func() kernel.Evaluator, r io.Reader, w io.Writer) error {
	s := &server{w: &writer{w: w}, cancels: map[uint32]context.CancelFunc{}, inputs: map[uint32]chan input{}}
	s.eval = newEval()
	if err := s.w.send(kindReady); err != nil {
		return err
	}
	br := bufio.NewReaderSize(r, 64<<10)
	var buf []byte
	for {
		kind, body, err := readFrame(br, &buf)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := s.handle(kind, body); err != nil {
			return err
		}
	}
}

type server struct {
	eval kernel.Evaluator
	w    *writer

	mu      sync.Mutex
	cancels map[uint32]context.CancelFunc // running cells
	inputs  map[uint32]chan input         // input requests waiting for a reply
	nextReq atomic.Uint32
}

func (s *server) handle(kind byte, body []byte) error {
	var q request
	var in input
	var err error
	if kind == kindInputReply {
		err = json.Unmarshal(body, &in)
	} else {
		err = json.Unmarshal(body, &q)
	}
	if err != nil {
		return fmt.Errorf("supervise: bad request %c: %w", kind, err)
	}
	switch kind {
	case kindExecute:
		ctx, cancel := context.WithCancel(context.Background())
		s.mu.Lock()
		s.cancels[q.ID] = cancel
		s.mu.Unlock()
		go s.execute(ctx, q)
	case kindInterrupt:
		s.mu.Lock()
		if c := s.cancels[q.ID]; c != nil {
			c()
		}
		s.mu.Unlock()
	case kindComplete:
		go func() {
			m, start, end := s.eval.Complete(q.Code, q.Cursor)
			s.w.sendJSON(kindReply, reply{ID: q.ID, Matches: m, Start: start, End: end})
		}()
	case kindInspect:
		go func() {
			doc, found := s.eval.Inspect(q.Code, q.Cursor, q.Detail)
			s.w.sendJSON(kindReply, reply{ID: q.ID, Doc: doc, Found: found})
		}()
	case kindIsComplete:
		go func() {
			st, indent := s.eval.IsComplete(q.Code)
			s.w.sendJSON(kindReply, reply{ID: q.ID, Status: st, Indent: indent})
		}()
	case kindInputReply:
		deliver(&s.mu, s.inputs, in.Req, in, true)
	default:
		return fmt.Errorf("supervise: unknown request kind %q", kind)
	}
	return nil
}

// execute runs one cell and sends its result; a panic of the evaluator becomes the
// cell's error, as in the kernel.
func (s *server) execute(ctx context.Context, q request) {
	res := result{ID: q.ID}
	defer func() {
		if p := recover(); p != nil {
			res.Bundle = nil
			res.Err = &kernel.ExecError{Name: "panic", Value: fmt.Sprint(p),
				Traceback: append([]string{fmt.Sprintf("panic: %v", p)}, strings.Split(string(debug.Stack()), "\n")...)}
		}
		s.mu.Lock()
		if c := s.cancels[q.ID]; c != nil {
			c()
		}
		delete(s.cancels, q.ID)
		s.mu.Unlock()
		s.w.sendJSON(kindResult, res)
	}()
	b, err := s.eval.Execute(ctx, q.Code, &childOutput{s: s, id: q.ID, ctx: ctx})
	res.Bundle = b
	if err != nil {
		var e *kernel.ExecError
		if errors.As(err, &e) {
			res.Err = e
		} else {
			res.ErrText, res.Canceled = err.Error(), errors.Is(err, context.Canceled)
		}
	}
}

// childOutput is the kernel.Output of a cell in the child: each call is one frame to the
// supervisor, written at once (nothing waits in the child's memory if it dies).
type childOutput struct {
	s   *server
	id  uint32
	ctx context.Context
}

func (o *childOutput) Stream(name, text string) {
	if text != "" {
		o.s.w.sendStream(o.id, name, text)
	}
}

func (o *childOutput) Display(b kernel.Bundle, displayID string, update bool) {
	o.s.w.sendJSON(kindDisplay, display{ID: o.id, Bundle: b, DisplayID: displayID, Update: update})
}

func (o *childOutput) ClearOutput(wait bool) {
	o.s.w.sendJSON(kindClear, display{ID: o.id, Wait: wait})
}

func (o *childOutput) Input(ctx context.Context, prompt string, password bool) (string, error) {
	s := o.s
	req := s.nextReq.Add(1)
	ch := make(chan input, 1)
	s.mu.Lock()
	s.inputs[req] = ch
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.inputs, req)
		s.mu.Unlock()
	}()
	if err := s.w.sendJSON(kindInput, input{ID: o.id, Req: req, Prompt: prompt, Password: password}); err != nil {
		return "", err
	}
	select {
	case in := <-ch:
		if in.Err != "" {
			return "", errors.New(in.Err)
		}
		return in.Value, nil
	case <-ctx.Done():
		return "", ctx.Err()
	case <-o.ctx.Done():
		return "", o.ctx.Err()
	}
}
