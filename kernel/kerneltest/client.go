package kerneltest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log"
	"sync"
	"testing"
	"time"

	"github.com/gotape/gotape/kernel"
)

// Channel names a kernel channel.
type Channel int

// The client-visible channels.
const (
	Shell Channel = iota
	Control
	Stdin
	IOPub
)

func (c Channel) String() string { return [...]string{"shell", "control", "stdin", "iopub"}[c] }

// Key is the HMAC key the test client and kernel share.
var Key = []byte("kerneltest-secret-key")

// Client is the frontend side of an in-memory kernel.
type Client struct {
	Kernel   *kernel.Kernel
	Session  string
	Identity []byte
	Signer   *kernel.Signer
	Log      *SyncBuffer // the kernel's log
	socks    [4]*end
	served   chan struct{}
	restart  bool
	serveErr error
}

// SyncBuffer is a goroutine-safe bytes.Buffer for logs.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Start serves a kernel for eval on an in-memory transport and returns its client. The
// kernel is shut down when the test ends. cfg may adjust the kernel Config.
func Start(t testing.TB, eval kernel.Evaluator, cfg ...func(*kernel.Config)) *Client {
	t.Helper()
	logBuf := &SyncBuffer{}
	c := kernel.Config{Evaluator: eval, Key: Key, SignatureScheme: "hmac-sha256", Logger: log.New(logBuf, "", 0), Version: "test"}
	for _, f := range cfg {
		f(&c)
	}
	k, err := kernel.New(c)
	if err != nil {
		t.Fatal(err)
	}
	tr, socks := newTransport()
	s, _ := kernel.NewSigner(c.Key, c.SignatureScheme)
	cl := &Client{Kernel: k, Session: kernel.NewID(), Identity: []byte("client-" + kernel.NewID()[:8]), Signer: s, Log: logBuf, socks: socks, served: make(chan struct{})}
	go func() {
		defer close(cl.served)
		cl.restart, cl.serveErr = k.Serve(context.Background(), tr)
	}()
	t.Cleanup(func() {
		k.Shutdown(false)
		<-cl.served
	})
	return cl
}

// Served is closed when the kernel's Serve has returned.
func (c *Client) Served() <-chan struct{} { return c.served }

// Restart reports the restart flag Serve returned.
func (c *Client) Restart() bool { <-c.served; return c.restart }

// Message builds a request of msgType with content.
func (c *Client) Message(msgType string, content any) *kernel.Message {
	m, err := kernel.NewMessage(msgType, c.Session, nil, content)
	if err != nil {
		panic(err)
	}
	if msgType != "" {
		m.Identities = [][]byte{c.Identity}
	}
	return m
}

// Send signs and sends a request on ch and returns its msg_id.
func (c *Client) Send(ch Channel, msgType string, content any) string {
	m := c.Message(msgType, content)
	c.SendMessage(ch, m)
	return m.Header.MsgID
}

// SendMessage signs and sends m on ch.
func (c *Client) SendMessage(ch Channel, m *kernel.Message) {
	c.SendFrames(ch, kernel.Encode(m, c.Signer))
}

// SendFrames sends raw frames on ch (for malformed-input tests).
func (c *Client) SendFrames(ch Channel, frames [][]byte) {
	if err := c.socks[ch].Send(frames); err != nil {
		panic(fmt.Sprintf("kerneltest: send on %v: %v", ch, err))
	}
}

// Recv returns the next message on ch, or an error after timeout.
func (c *Client) Recv(ch Channel, timeout time.Duration) (*kernel.Message, error) {
	f, err := c.socks[ch].recvTimeout(timeout)
	if err != nil {
		return nil, fmt.Errorf("kerneltest: no message on %v within %v: %w", ch, timeout, err)
	}
	return kernel.Decode(f, c.Signer)
}

// IOPubUntilIdle collects the iopub messages whose parent is parentID up to and
// including its status idle.
func (c *Client) IOPubUntilIdle(parentID string, timeout time.Duration) ([]*kernel.Message, error) {
	var out []*kernel.Message
	deadline := time.Now().Add(timeout)
	for {
		m, err := c.Recv(IOPub, time.Until(deadline))
		if err != nil {
			var got []string
			for _, m := range out {
				got = append(got, m.Header.MsgType)
			}
			return out, fmt.Errorf("%w (got %v)", err, got)
		}
		if ParentID(m) != parentID {
			continue
		}
		out = append(out, m)
		if m.Header.MsgType == "status" && bytes.Contains(m.Content, []byte(`"idle"`)) {
			return out, nil
		}
	}
}

// ParentID returns the msg_id of m's parent header.
func ParentID(m *kernel.Message) string {
	var h kernel.Header
	_ = json.Unmarshal(m.ParentHeader, &h)
	return h.MsgID
}
