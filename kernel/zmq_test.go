package kernel_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"sort"
	"testing"
	"time"

	"github.com/gotape/gotape/kernel"
	"github.com/gotape/gotape/kernel/kerneltest"
	"github.com/gotape/gotape/third_party/zmq4"
)

func freePorts(t testing.TB, n int) []int {
	var ports []int
	var ls []net.Listener
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	for _, l := range ls {
		l.Close()
	}
	return ports
}

// zmqClient is a minimal frontend on real ZeroMQ sockets.
type zmqClient struct {
	shell, iopub, hb zmq4.Socket
	signer           *kernel.Signer
	session          string
}

// newZMQ serves a kernel over ZeroMQ and returns a client whose shell and heartbeat are
// connected and whose IOPub socket is made but not yet connected to iopub (its endpoint).
func newZMQ(t testing.TB, transport ...string) (c *zmqClient, iopub string) {
	p := freePorts(t, 5)
	conn := kernel.ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", ShellPort: p[0], ControlPort: p[1], StdinPort: p[2], IOPubPort: p[3], HBPort: p[4], Key: "zmq-test-key", SignatureScheme: "hmac-sha256"}
	if len(transport) > 0 && transport[0] == "ipc" {
		conn.Transport, conn.IP = "ipc", t.TempDir()+"/kernel"
	}
	k, err := kernel.New(kernel.Config{Evaluator: kerneltest.Evaluator{}, Key: []byte(conn.Key), SignatureScheme: conn.SignatureScheme, Logger: nil})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	tr, err := kernel.ListenZMQ(ctx, conn)
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan struct{})
	go func() { defer close(served); _, _ = k.Serve(ctx, tr) }()
	c = &zmqClient{session: kernel.NewID()}
	c.signer, _ = kernel.NewSigner([]byte(conn.Key), conn.SignatureScheme)
	c.shell = zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("bench-client")))
	c.iopub = zmq4.NewSub(ctx)
	c.hb = zmq4.NewReq(ctx)
	for s, port := range map[zmq4.Socket]int{c.shell: p[0], c.hb: p[4]} {
		if err := s.Dial(conn.Endpoint(port)); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		k.Shutdown(false)
		<-served
		c.shell.Close()
		c.iopub.Close()
		c.hb.Close()
		cancel()
	})
	return c, conn.Endpoint(p[3])
}

// subscribe connects the client's IOPub socket to all of iopub.
func (c *zmqClient) subscribe(t testing.TB, iopub string) {
	if err := c.iopub.Dial(iopub); err != nil {
		t.Fatal(err)
	}
	if err := c.iopub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
}

func startZMQ(t testing.TB, transport ...string) *zmqClient {
	c, iopub := newZMQ(t, transport...)
	c.subscribe(t, iopub)
	// Wait until iopub is subscribed: kernel_info until a status arrives.
	deadline := time.Now().Add(5 * time.Second)
	got := make(chan struct{})
	go func() {
		for {
			if _, err := c.iopub.Recv(); err != nil {
				return
			}
			close(got)
			return
		}
	}()
	for {
		c.send("kernel_info_request", map[string]any{})
		select {
		case <-got:
			c.drain()
			return c
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("iopub never connected")
		}
	}
}

// TestFirstCellBeforeIOPubSubscribes: a client that sends its first cell before its IOPub
// subscription has reached the kernel (jupyter console typing at once, ZeroMQ's slow
// joiner) still gets the cell's output and status idle: the kernel waits for a subscriber.
func TestFirstCellBeforeIOPubSubscribes(t *testing.T) {
	c, iopub := newZMQ(t)
	done := make(chan struct{})
	go func() { defer close(done); c.roundTrip(t, "print late") }()
	time.Sleep(300 * time.Millisecond)
	c.subscribe(t, iopub)
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the first cell's status idle never arrived")
	}
}

func (c *zmqClient) drain() {
	done := time.After(100 * time.Millisecond)
	for {
		ch := make(chan struct{})
		go func() { _, _ = c.iopub.Recv(); close(ch) }()
		select {
		case <-ch:
		case <-done:
			return
		}
	}
}

func (c *zmqClient) send(typ string, content any) string {
	m, _ := kernel.NewMessage(typ, c.session, nil, content)
	_ = c.shell.SendMulti(zmq4.NewMsgFrom(kernel.Encode(m, c.signer)...))
	return m.Header.MsgID
}

// roundTrip sends an execute_request and waits for its status idle on iopub.
func (c *zmqClient) roundTrip(t testing.TB, code string) {
	id := c.send("execute_request", map[string]any{"code": code, "silent": false, "store_history": true, "allow_stdin": false})
	for {
		msg, err := c.iopub.Recv()
		if err != nil {
			t.Fatal(err)
		}
		m, err := kernel.Decode(msg.Frames, c.signer)
		if err != nil {
			t.Fatal(err)
		}
		if m.Header.MsgType != "status" || kerneltest.ParentID(m) != id {
			continue
		}
		var s kernel.Status
		_ = json.Unmarshal(m.Content, &s)
		if s.ExecutionState == "idle" {
			// the reply is on shell
			if _, err := c.shell.Recv(); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
}

func TestZMQTransport(t *testing.T) {
	c := startZMQ(t)
	c.roundTrip(t, "result 1")
	startZMQ(t, "ipc").roundTrip(t, "result 2")
	// heartbeat echoes
	if err := c.hb.Send(zmq4.NewMsg([]byte("ping"))); err != nil {
		t.Fatal(err)
	}
	m, err := c.hb.Recv()
	if err != nil || string(m.Frames[0]) != "ping" {
		t.Fatalf("heartbeat: %v %q", err, m.Frames)
	}
}

// BenchmarkRoundTrip measures execute_request → status idle (+ reply) over TCP loopback
// with the scripted evaluator, i.e. the protocol overhead of a trivial cell.
func BenchmarkRoundTrip(b *testing.B) {
	c := startZMQ(b)
	var ds []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		c.roundTrip(b, "result 1")
		ds = append(ds, time.Since(t0))
	}
	b.StopTimer()
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	b.ReportMetric(float64(ds[len(ds)/2].Microseconds()), "median-µs")
	if testing.Verbose() {
		fmt.Println("median", ds[len(ds)/2])
	}
}
