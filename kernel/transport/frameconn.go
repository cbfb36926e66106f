package transport

import (
	"net"
	"sync"
)

// zmq4's ROUTER sockets write a message frame by frame, each frame as two writes (its
// header, then its body): a shell reply cost a dozen system calls. Their connections
// (frameConn) gather the frames of one message and write them with one system call when its last
// frame is complete. Anything it does not recognise as a message frame (the greeting,
// commands) flushes what it holds and goes out as it came.

// routerEndpoint returns the endpoint a ROUTER socket (shell, control, stdin) listens on:
// ep, with TCP replaced by a transport whose connections gather the frames of a message
// and are dropped when the peer stops reading (zmq4's ROUTER writes a reply to every
// connection with the reply's identity and waits for all: a peer that copied a client's
// identity and never reads would otherwise stall the channel for everyone).
func routerEndpoint(ep string) string {
	return tcpVia(ep, "gotape-frames+tcp", func(c net.Conn) net.Conn { return &frameConn{Conn: watchPeer(c)} })
}

// ZMTP frame flags.
const (
	frameMore    = 0x01
	frameLong    = 0x02
	frameCommand = 0x04
)

// frameConn holds the frames of a message until its last frame is complete. Writes come
// from one goroutine at a time (zmq4 serialises a connection's sends).
type frameConn struct {
	net.Conn
	mu   sync.Mutex
	buf  []byte
	body int  // bytes of the announced body expected next (-1: a header)
	hold bool // the body belongs to a message frame that is held (else a command: sent)
	last bool // that frame is the message's last
}

func (c *frameConn) Write(b []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.buf == nil {
		c.body = -1
	}
	if c.body >= 0 && len(b) == c.body {
		c.body = -1
		if !c.hold {
			return c.Conn.Write(b) // a command's body
		}
		c.buf = append(c.buf, b...)
		if !c.last {
			return len(b), nil
		}
		err := c.flush()
		return len(b), err
	}
	c.body = -1
	if size, flags, ok := frameHeader(b); ok {
		c.body = size
		if flags&frameCommand == 0 {
			c.buf = append(c.buf, b...)
			c.hold, c.last = true, flags&frameMore == 0
			return len(b), nil
		}
		c.hold = false
	}
	// a command or anything unexpected: send what is held, then b as it is
	if err := c.flush(); err != nil {
		return 0, err
	}
	return c.Conn.Write(b)
}

func (c *frameConn) flush() error {
	if len(c.buf) == 0 {
		return nil
	}
	_, err := c.Conn.Write(c.buf)
	c.buf = c.buf[:0]
	return err
}

// frameHeader decodes b as a whole frame header: the body size and the flags.
func frameHeader(b []byte) (size int, flags byte, ok bool) {
	if len(b) == 0 || b[0]&^(frameMore|frameLong|frameCommand) != 0 {
		return 0, 0, false
	}
	flags = b[0]
	switch {
	case flags&frameLong == 0 && len(b) == 2:
		return int(b[1]), flags, true
	case flags&frameLong != 0 && len(b) == 9:
		var n uint64
		for _, x := range b[1:] {
			n = n<<8 | uint64(x)
		}
		if n > 1<<40 {
			return 0, 0, false
		}
		return int(n), flags, true
	}
	return 0, 0, false
}
