package transport

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"net"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/gotape/gotape/third_party/zmq4"
)

// listenEcho binds a kernel's sockets on 127.0.0.1 and echoes every shell message back to
// its sender. It returns the shell port.
func listenEcho(t *testing.T) (shellAddr string) {
	t.Helper()
	var ports []string
	var ls []net.Listener
	for i := 0; i < 5; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		ports = append(ports, strconv.Itoa(l.Addr().(*net.TCPAddr).Port))
	}
	for _, l := range ls {
		l.Close()
	}
	ep := func(i int) string { return "tcp://127.0.0.1:" + ports[i] }
	ctx, cancel := context.WithCancel(context.Background())
	s, err := Listen(ctx, Endpoints{Shell: ep(0), Control: ep(1), Stdin: ep(2), IOPub: ep(3), HB: ep(4)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(); cancel() })
	go func() {
		for {
			m, err := s.Shell.Recv()
			if err != nil {
				return
			}
			_ = s.Shell.Send(m)
		}
	}()
	return "127.0.0.1:" + ports[0]
}

// greeting is a ZMTP 3.0 greeting with the NULL mechanism.
func greeting() []byte {
	g := make([]byte, 64)
	g[0], g[9], g[10] = 0xff, 0x7f, 3
	copy(g[12:], "NULL")
	return g
}

// ready is a READY command of a DEALER with identity id.
func ready(id string) []byte {
	prop := func(name, value string) []byte {
		b := append([]byte{byte(len(name))}, name...)
		b = binary.BigEndian.AppendUint32(b, uint32(len(value)))
		return append(b, value...)
	}
	body := append([]byte{5}, "READY"...)
	body = append(body, prop("Socket-Type", "DEALER")...)
	body = append(body, prop("Identity", id)...)
	return append([]byte{0x04, byte(len(body))}, body...)
}

// dealer returns a zmq4 DEALER with identity id, connected to addr.
func dealer(t *testing.T, addr, id string) zmq4.Socket {
	t.Helper()
	d := zmq4.NewDealer(context.Background(), zmq4.WithID(zmq4.SocketIdentity(id)), zmq4.WithDialerMaxRetries(0))
	t.Cleanup(func() { d.Close() })
	within(t, 5*time.Second, "dial", func() error { return d.Dial("tcp://" + addr) })
	return d
}

// within runs f and fails the test when f fails or has not returned after d.
func within(t *testing.T, d time.Duration, what string, f func() error) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	case <-time.After(d):
		t.Fatalf("%s: not done within %v", what, d)
	}
}

// echoes sends a message on d and waits for it to come back.
func echoes(t *testing.T, d zmq4.Socket, in time.Duration) {
	t.Helper()
	within(t, in, "echo", func() error {
		if err := d.Send(zmq4.NewMsgString("ping")); err != nil {
			return err
		}
		m, err := d.Recv()
		if err == nil && string(m.Frames[0]) != "ping" {
			err = errors.New("echo of " + string(m.Frames[0]))
		}
		return err
	})
}

// closedByPeer reports whether c is closed by the other end within d.
func closedByPeer(c net.Conn, d time.Duration) bool {
	_ = c.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, c)
	return err == nil || errors.Is(err, syscall.ECONNRESET)
}

// TestOversizedFrameRejected: frame headers announcing 2^62 bytes (past any memory) or
// 40 GB, in the handshake or after it, disconnect that peer without allocating; the socket
// keeps serving.
func TestOversizedFrameRejected(t *testing.T) {
	addr := listenEcho(t)
	long := func(size uint64, flags byte) []byte {
		return binary.BigEndian.AppendUint64([]byte{flags | 0x02}, size)
	}
	for _, attack := range [][]byte{
		append(greeting(), long(1<<62, 0x04)...),                     // as the READY command
		append(greeting(), long(40<<30, 0)...),                       // as a message
		append(append(greeting(), ready("x")...), long(1<<62, 0)...), // after the handshake
		append(append(greeting(), ready("y")...), long(MaxMessageSize+1, 0)...),
	} {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Write(attack); err != nil {
			t.Fatal(err)
		}
		if !closedByPeer(c, 5*time.Second) {
			t.Errorf("a peer announcing %x was not disconnected", attack[len(attack)-9:])
		}
		c.Close()
	}
	echoes(t, dealer(t, addr, "client"), 5*time.Second)
}

// TestStalledHandshakeBlocksNobody: a connection that sends 2 bytes and waits does not
// delay other clients, and is disconnected once the handshake timeout passes; a failed
// handshake closes its connection at once.
func TestStalledHandshakeBlocksNobody(t *testing.T) {
	addr := listenEcho(t)
	stalled, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer stalled.Close()
	if _, err := stalled.Write([]byte{0xff, 0}); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	echoes(t, dealer(t, addr, "client"), 2*time.Second)

	bad, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer bad.Close()
	if _, err := bad.Write(bytes.Repeat([]byte{'G'}, 64)); err != nil { // not a greeting
		t.Fatal(err)
	}
	if !closedByPeer(bad, time.Second) {
		t.Error("a failed handshake's connection stayed open")
	}
}

// TestPeerThatNeverReadsIsDropped: a peer that copies a client's identity and never reads
// gets that client's replies until its buffers fill; then it is dropped (send-queue
// watchdog) and the client keeps being answered.
func TestPeerThatNeverReadsIsDropped(t *testing.T) {
	if testing.Short() {
		t.Skip("takes writeTimeout")
	}
	addr := listenEcho(t)
	client := dealer(t, addr, "victim")
	echoes(t, client, 2*time.Second)
	d := net.Dialer{Control: func(_, _ string, rc syscall.RawConn) error {
		return rc.Control(func(fd uintptr) { _ = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096) })
	}}
	thief, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer thief.Close()
	if _, err := thief.Write(append(greeting(), ready("victim")...)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	big := zmq4.NewMsg(bytes.Repeat([]byte("r"), 64<<10))
	// 12.8 MB of replies, far more than the thief's buffers, within the watchdog's timeout
	within(t, writeTimeout+5*time.Second, "200 replies", func() error {
		for i := 0; i < 200; i++ {
			if err := client.Send(big); err != nil {
				return err
			}
			if _, err := client.Recv(); err != nil {
				return err
			}
		}
		return nil
	})
	echoes(t, client, 2*time.Second)
}

// TestIPv4LiteralListensOnIPv4Only: 0.0.0.0 is not also every IPv6 address.
func TestIPv4LiteralListensOnIPv4Only(t *testing.T) {
	ln, err := net.Listen("tcp6", "[::1]:0")
	if err != nil {
		t.Skip("no IPv6 loopback")
	}
	ln.Close()
	tr := wrappedTCP{wrap: func(c net.Conn) net.Conn { return c }}
	l, err := tr.Listen(context.Background(), "0.0.0.0:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
	if c, err := net.DialTimeout("tcp6", "[::1]:"+port, time.Second); err == nil {
		c.Close()
		t.Fatal("0.0.0.0 accepted a connection on ::1")
	}
	c, err := net.DialTimeout("tcp4", "127.0.0.1:"+port, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
}
