package kernel

import (
	"context"
	"errors"

	"github.com/gotape/gotape/kernel/transport"
)

// Socket is one kernel channel as the kernel uses it: whole multipart messages in and out.
// For router sockets the first frame is the peer identity.
type Socket interface {
	Recv() ([][]byte, error)
	Send(frames [][]byte) error
	Close() error
}

// Transport holds the four message channels. The heartbeat is not part of it: it is
// answered below the protocol (package kernel/transport).
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

// ListenZMQ binds the five kernel sockets of c (only to c.IP) with package kernel/transport
// and starts answering heartbeats. Close the returned transport to release them.
func ListenZMQ(ctx context.Context, c ConnectionInfo) (*Transport, error) {
	s, err := transport.Listen(ctx, transport.Endpoints{
		Shell: c.Endpoint(c.ShellPort), Control: c.Endpoint(c.ControlPort), Stdin: c.Endpoint(c.StdinPort),
		IOPub: c.Endpoint(c.IOPubPort), HB: c.Endpoint(c.HBPort),
	})
	if err != nil {
		return nil, err
	}
	return &Transport{Shell: s.Shell, Control: s.Control, Stdin: s.Stdin, IOPub: s.IOPub, closeExtra: s.Close}, nil
}
