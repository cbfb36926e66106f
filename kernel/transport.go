package kernel

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/gotape/gotape/third_party/zmq4"
)

// Socket is one kernel channel as the kernel uses it: whole multipart messages in and out.
// For router sockets the first frame is the peer identity.
type Socket interface {
	Recv() ([][]byte, error)
	Send(frames [][]byte) error
	Close() error
}

// Transport holds the four message channels. The heartbeat is not part of it: it is
// answered below the protocol (see ListenZMQ).
type Transport struct {
	Shell, Control, Stdin, IOPub Socket
	closeExtra                   func() error
}

// Close closes every socket.
func (t *Transport) Close() error {
	var errs []error
	for _, s := range []Socket{t.Shell, t.Control, t.Stdin, t.IOPub} {
		if s != nil {
			errs = append(errs, s.Close())
		}
	}
	if t.closeExtra != nil {
		errs = append(errs, t.closeExtra())
	}
	return errors.Join(errs...)
}

// zsock adapts a zmq4.Socket.
type zsock struct {
	s  zmq4.Socket
	mu sync.Mutex // zmq4 router writes are not meant for concurrent use
}

func (z *zsock) Recv() ([][]byte, error) {
	m, err := z.s.Recv()
	if err != nil {
		return nil, err
	}
	return m.Frames, nil
}

func (z *zsock) Send(frames [][]byte) error {
	z.mu.Lock()
	defer z.mu.Unlock()
	return z.s.SendMulti(zmq4.NewMsgFrom(frames...))
}

func (z *zsock) Close() error { return z.s.Close() }

// ListenZMQ binds the five kernel sockets of c (only to c.IP) and starts answering
// heartbeats. Close the returned transport to release them.
func ListenZMQ(ctx context.Context, c ConnectionInfo) (*Transport, error) {
	ctx, cancel := context.WithCancel(ctx)
	var opened []zmq4.Socket
	fail := func(err error) (*Transport, error) {
		for _, s := range opened {
			_ = s.Close()
		}
		cancel()
		return nil, err
	}
	listen := func(s zmq4.Socket, port int) error {
		opened = append(opened, s)
		if err := s.Listen(routerEndpoint(c, port)); err != nil {
			return fmt.Errorf("kernel: %w", err)
		}
		return nil
	}
	shell := zmq4.NewRouter(ctx, zmq4.WithID(zmq4.SocketIdentity("shell")))
	if err := listen(shell, c.ShellPort); err != nil {
		return fail(err)
	}
	control := zmq4.NewRouter(ctx, zmq4.WithID(zmq4.SocketIdentity("control")))
	if err := listen(control, c.ControlPort); err != nil {
		return fail(err)
	}
	stdin := zmq4.NewRouter(ctx, zmq4.WithID(zmq4.SocketIdentity("stdin")))
	if err := listen(stdin, c.StdinPort); err != nil {
		return fail(err)
	}
	iopub := zmq4.NewPub(ctx)
	opened = append(opened, iopub)
	if err := iopub.Listen(iopubEndpoint(c, c.IOPubPort)); err != nil { // see iopubconn.go
		return fail(fmt.Errorf("kernel: %w", err))
	}
	hb := zmq4.NewRep(ctx)
	if err := listen(hb, c.HBPort); err != nil {
		return fail(err)
	}
	go func() {
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
	}()
	return &Transport{
		Shell: &zsock{s: shell}, Control: &zsock{s: control}, Stdin: &zsock{s: stdin}, IOPub: &zsock{s: iopub},
		closeExtra: func() error { err := hb.Close(); cancel(); return err },
	}, nil
}
