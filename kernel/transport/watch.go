package transport

import (
	"context"
	"errors"
	"net"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/gotape/gotape/third_party/zmq4"
	"github.com/gotape/gotape/third_party/zmq4/transport"
)

// writeTimeout bounds how long one peer may block a write. zmq4's PUB socket writes each
// message to its subscribers one after the other with blocking writes, and its ROUTER
// writes a reply to every connection of the identity, so a peer that stops reading (a
// suspended console, a hung tab, a peer that copied a client's identity) would stall the
// channel for every client; past this timeout its connection is closed (zmq4 drops it and
// libzmq clients reconnect by themselves).
const writeTimeout = 3 * time.Second

// iopubEndpoint returns the endpoint the iopub socket listens on: ep, with TCP replaced by
// a transport whose connections drop a subscriber that stops reading.
func iopubEndpoint(ep string) string {
	return tcpVia(ep, "gotape+tcp", watchPeer)
}

// watchPeer wraps an accepted connection: a send-queue watchdog where the queue can be
// read, else a deadline on every write.
func watchPeer(c net.Conn) net.Conn {
	if tc, ok := c.(*net.TCPConn); ok && sendQueueSupported {
		return watchSendQueue(tc, writeTimeout)
	}
	return &writeTimeoutConn{Conn: c, timeout: writeTimeout}
}

// tcpVia returns ep with its tcp:// scheme replaced by the zmq4 transport name: TCP whose
// accepted connections go through wrap (registered on first use).
func tcpVia(ep, name string, wrap func(net.Conn) net.Conn) string {
	if !strings.HasPrefix(ep, "tcp://") {
		return ep
	}
	registered.Lock()
	defer registered.Unlock()
	if !registered.names[name] {
		_ = zmq4.RegisterTransport(name, wrappedTCP{wrap})
		registered.names[name] = true
	}
	return name + strings.TrimPrefix(ep, "tcp")
}

var registered = struct {
	sync.Mutex
	names map[string]bool
}{names: map[string]bool{}}

// wrappedTCP is a zmq4 transport: TCP whose accepted connections go through wrap.
type wrappedTCP struct{ wrap func(net.Conn) net.Conn }

func (t wrappedTCP) Dial(ctx context.Context, d transport.Dialer, addr string) (net.Conn, error) {
	return d.DialContext(ctx, "tcp", addr)
}

func (t wrappedTCP) Listen(ctx context.Context, addr string) (net.Listener, error) {
	l, err := transport.New("tcp").Listen(ctx, addr) // IPv4 literals on IPv4 only
	if err != nil {
		return nil, err
	}
	return wrappedListener{Listener: l, wrap: t.wrap}, nil
}

func (t wrappedTCP) Addr(ep string) (string, error) { return transport.New("tcp").Addr(ep) }

type wrappedListener struct {
	net.Listener
	wrap func(net.Conn) net.Conn
}

func (l wrappedListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return l.wrap(c), nil
}

// watchedConn is a subscriber's TCP connection that a watchdog closes when its send queue
// is not empty and has not moved for timeout (the subscriber stopped reading). It embeds
// *net.TCPConn so that zmq4's net.Buffers reach writev: one system call per message
// instead of two per frame (a wrapper's Write would get each buffer separately).
type watchedConn struct {
	*net.TCPConn
	done chan struct{}
	once sync.Once
}

func watchSendQueue(tc *net.TCPConn, timeout time.Duration) *watchedConn {
	c := &watchedConn{TCPConn: tc, done: make(chan struct{})}
	go c.watch(timeout)
	return c
}

func (c *watchedConn) watch(timeout time.Duration) {
	tick := time.NewTicker(timeout / 6)
	defer tick.Stop()
	last, moved := 0, time.Now()
	for {
		select {
		case <-c.done:
			return
		case now := <-tick.C:
			q, err := sendQueue(c.TCPConn)
			if err != nil {
				return
			}
			if q == 0 || q != last {
				last, moved = q, now
			} else if now.Sub(moved) >= timeout {
				_ = c.Close() // zmq4 drops it; libzmq clients reconnect by themselves
				return
			}
		}
	}
}

func (c *watchedConn) Close() error {
	c.once.Do(func() { close(c.done) })
	return c.TCPConn.Close()
}

// writeTimeoutConn is the fallback where the send queue cannot be read: every write gets a
// deadline (the writes of a message are then separate system calls).
type writeTimeoutConn struct {
	net.Conn
	timeout time.Duration
}

func (c *writeTimeoutConn) Write(b []byte) (int, error) {
	_ = c.Conn.SetWriteDeadline(time.Now().Add(c.timeout))
	n, err := c.Conn.Write(b)
	if err != nil && errors.Is(err, os.ErrDeadlineExceeded) {
		// Part of a frame may have gone out: the stream is unusable, drop the subscriber.
		_ = c.Conn.Close()
	}
	return n, err
}
