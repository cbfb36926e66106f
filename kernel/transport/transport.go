// Package transport is the ZeroMQ layer under gotape's Jupyter kernel: it binds a kernel's
// five sockets (shell, control and stdin as ROUTER, iopub as PUB, heartbeat as REP) on the
// in-module zmq4, answers heartbeats, and guards the TCP connections it accepts: the frames
// of a ROUTER message go out in one write (frameconn.go), and a peer that stops reading is
// dropped once its send queue has not moved for a few seconds (watch.go), because zmq4
// writes to its peers in turn and one stalled peer would stall the others. Messages over
// MaxMessageSize are refused, handshakes have HandshakeTimeout, and zmq4's log of failed
// handshakes is rate-limited.
//
// It moves whole multipart messages and nothing else: signing, decoding and dispatching
// Jupyter messages is package kernel's.
package transport

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"sync"
	"time"

	"github.com/gotape/gotape/third_party/zmq4"
)

// MaxMessageSize is the largest message a peer may send, in bytes: a peer announcing a
// larger one is disconnected before anything is allocated for it.
const MaxMessageSize = 1 << 30

// HandshakeTimeout bounds a connection's ZMTP handshake; handshakes run concurrently, so
// a peer that stalls in its handshake delays nobody else.
const HandshakeTimeout = 10 * time.Second

// zmqLog is zmq4's log (a line per failed handshake), at most 10 lines a second.
var zmqLog = log.New(&rateLimited{w: os.Stderr, period: time.Second, burst: 10}, "zmq4: ", 0)

// options are the zmq4 options of every socket.
func options(more ...zmq4.Option) []zmq4.Option {
	return append(more, zmq4.WithMaxMessageSize(MaxMessageSize), zmq4.WithHandshakeTimeout(HandshakeTimeout), zmq4.WithLogger(zmqLog))
}

// Endpoints are the ZeroMQ endpoints of a kernel's sockets ("tcp://ip:port" or "ipc://path").
type Endpoints struct {
	Shell, Control, Stdin, IOPub, HB string
}

// Socket is one bound socket: whole multipart messages in and out. For ROUTER sockets the
// first frame is the peer identity.
type Socket struct {
	s    zmq4.Socket
	mu   sync.Mutex // zmq4 router writes are not meant for concurrent use
	once sync.Once
	err  error
}

// Recv returns the frames of the next message.
func (z *Socket) Recv() ([][]byte, error) {
	m, err := z.s.Recv()
	if err != nil {
		return nil, err
	}
	return m.Frames, nil
}

// Send sends frames as one multipart message.
func (z *Socket) Send(frames [][]byte) error {
	z.mu.Lock()
	defer z.mu.Unlock()
	return z.s.SendMulti(zmq4.NewMsgFrom(frames...))
}

// Subscribed reports whether a peer has subscribed to a PUB socket (true for other sockets).
func (z *Socket) Subscribed() bool {
	p, ok := z.s.(interface{ Topics() []string })
	return !ok || len(p.Topics()) > 0
}

// Close closes the socket; closing it again is a no-op.
func (z *Socket) Close() error {
	z.once.Do(func() { z.err = z.s.Close() })
	return z.err
}

// Sockets are a kernel's bound sockets.
type Sockets struct {
	Shell, Control, Stdin, IOPub *Socket
	hb                           zmq4.Socket
	cancel                       context.CancelFunc
}

// Close closes every socket and stops the heartbeat.
func (s *Sockets) Close() error {
	var errs []error
	for _, z := range []*Socket{s.Shell, s.Control, s.Stdin, s.IOPub} {
		errs = append(errs, z.Close())
	}
	errs = append(errs, s.hb.Close())
	s.cancel()
	return errors.Join(errs...)
}

// Listen binds the five sockets of ep and starts answering heartbeats. Close the returned
// Sockets to release them.
func Listen(ctx context.Context, ep Endpoints) (*Sockets, error) {
	ctx, cancel := context.WithCancel(ctx)
	var opened []zmq4.Socket
	bind := func(s zmq4.Socket, endpoint string) error {
		opened = append(opened, s)
		if err := s.Listen(endpoint); err != nil {
			return fmt.Errorf("transport: %w", err)
		}
		return nil
	}
	router := func(name, endpoint string) (*Socket, error) {
		s := zmq4.NewRouter(ctx, options(zmq4.WithID(zmq4.SocketIdentity(name)))...)
		return &Socket{s: s}, bind(s, routerEndpoint(endpoint))
	}
	fail := func(err error) (*Sockets, error) {
		for _, s := range opened {
			_ = s.Close()
		}
		cancel()
		return nil, err
	}
	out := &Sockets{cancel: cancel}
	var err error
	if out.Shell, err = router("shell", ep.Shell); err != nil {
		return fail(err)
	}
	if out.Control, err = router("control", ep.Control); err != nil {
		return fail(err)
	}
	if out.Stdin, err = router("stdin", ep.Stdin); err != nil {
		return fail(err)
	}
	iopub := zmq4.NewPub(ctx, options()...)
	out.IOPub = &Socket{s: iopub}
	if err := bind(iopub, iopubEndpoint(ep.IOPub)); err != nil {
		return fail(err)
	}
	out.hb = zmq4.NewRep(ctx, options()...)
	if err := bind(out.hb, ep.HB); err != nil {
		return fail(err)
	}
	go heartbeat(ctx, out.hb)
	return out, nil
}

// heartbeat echoes every heartbeat message until ctx is done.
func heartbeat(ctx context.Context, hb zmq4.Socket) {
	for {
		m, err := hb.Recv()
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			time.Sleep(10 * time.Millisecond)
			continue
		}
		if err := hb.Send(m); err != nil && ctx.Err() != nil {
			return
		}
	}
}
