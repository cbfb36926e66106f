package kerneltest

import (
	"errors"
	"sync"
	"time"

	"github.com/gotape/gotape/kernel"
)

// pipe is a bidirectional in-memory multipart-message channel.
type pipe struct {
	toKernel, toClient chan [][]byte
	closed             chan struct{}
	once               sync.Once
}

func newPipe() *pipe {
	return &pipe{toKernel: make(chan [][]byte, 4096), toClient: make(chan [][]byte, 4096), closed: make(chan struct{})}
}

func (p *pipe) close() { p.once.Do(func() { close(p.closed) }) }

// end is one side of a pipe; it implements kernel.Socket.
type end struct {
	p       *pipe
	in, out chan [][]byte
}

func (e *end) Recv() ([][]byte, error) {
	select {
	case f := <-e.in:
		return f, nil
	case <-e.p.closed:
		return nil, kernel.ErrClosed
	}
}

func (e *end) Send(frames [][]byte) error {
	cp := make([][]byte, len(frames))
	for i, f := range frames {
		cp[i] = append([]byte(nil), f...)
	}
	select {
	case <-e.p.closed:
		return kernel.ErrClosed
	default:
	}
	select {
	case e.out <- cp:
		return nil
	case <-e.p.closed:
		return kernel.ErrClosed
	}
}

func (e *end) Close() error { e.p.close(); return nil }

func (p *pipe) kernelEnd() *end { return &end{p: p, in: p.toKernel, out: p.toClient} }
func (p *pipe) clientEnd() *end { return &end{p: p, in: p.toClient, out: p.toKernel} }

// NewTransport returns an in-memory kernel transport and the client-side sockets of its
// shell, control, stdin and iopub channels, in that order.
func NewTransport() (*kernel.Transport, [4]kernel.Socket) {
	t, ends := newTransport()
	var client [4]kernel.Socket
	for i, e := range ends {
		client[i] = e
	}
	return t, client
}

func newTransport() (*kernel.Transport, [4]*end) {
	var ps [4]*pipe
	var client [4]*end
	for i := range ps {
		ps[i] = newPipe()
		client[i] = ps[i].clientEnd()
	}
	t := &kernel.Transport{Shell: ps[0].kernelEnd(), Control: ps[1].kernelEnd(), Stdin: ps[2].kernelEnd(), IOPub: ps[3].kernelEnd()}
	return t, client
}

// recvTimeout is Recv with a deadline.
func (e *end) recvTimeout(d time.Duration) ([][]byte, error) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case f := <-e.in:
		return f, nil
	case <-e.p.closed:
		return nil, kernel.ErrClosed
	case <-t.C:
		return nil, errTimeout
	}
}

var errTimeout = errors.New("kerneltest: timeout")
