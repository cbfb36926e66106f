package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"
)

// Config configures a Kernel.
type Config struct {
	Evaluator       Evaluator
	Key             []byte // HMAC key from the connection file
	SignatureScheme string // "hmac-sha256"
	// AllowEmptyKey accepts an empty key (unsigned messages). Without it New refuses one.
	AllowEmptyKey bool
	Logger        *log.Logger // default: standard error, prefix "gotape kernel: "
	Version       string      // implementation_version
	Banner        string
	HelpLinks     []HelpLink
	// HistoryFile, when set, persists the execution history (JSON lines) across sessions.
	HistoryFile string
	// DigestFile, when set, keeps the signatures of accepted messages across a restart with
	// the same connection file, so that a message captured before it is refused after it
	// (replay.go); it is removed when the kernel shuts down without a restart.
	DigestFile string
	// FlushDelay bounds how long stream writes are coalesced (default 2ms).
	FlushDelay time.Duration
}

// Kernel serves the Jupyter protocol for one Evaluator.
type Kernel struct {
	cfg     Config
	eval    Evaluator
	signer  *Signer
	session string
	log     *log.Logger
	t       *Transport

	shellQ chan *Message
	count  int // execution count; shell goroutine only
	// abortBefore, when set, asks the shell loop to abort the execute_requests sent
	// before it (stop_on_error after a failed cell; abort.go). Shell goroutine only.
	abortBefore time.Time
	clock       sendClock
	hist        *history
	comms       *commRegistry
	digests     *digestHistory // signatures seen: replays are refused

	runMu     sync.Mutex
	cancelRun context.CancelFunc // cancels the running cell, nil when idle

	inputMu      sync.Mutex
	stdinReplies chan *Message

	served   time.Time     // when Serve began (awaitIOPubSubscriber)
	done     chan struct{} // closed by Shutdown
	doneOnce sync.Once
	restart  bool
}

// New returns a kernel for cfg. It refuses an empty key unless cfg.AllowEmptyKey is set.
func New(cfg Config) (*Kernel, error) {
	if cfg.Evaluator == nil {
		return nil, errors.New("kernel: no evaluator")
	}
	if len(cfg.Key) == 0 && !cfg.AllowEmptyKey {
		return nil, errors.New("kernel: the connection file has an empty key (messages would be unsigned); pass --allow-empty-key to accept that")
	}
	s, err := NewSigner(cfg.Key, cfg.SignatureScheme)
	if err != nil {
		return nil, err
	}
	if cfg.Logger == nil {
		cfg.Logger = log.New(os.Stderr, "gotape kernel: ", log.LstdFlags)
	}
	if cfg.FlushDelay <= 0 {
		cfg.FlushDelay = 2 * time.Millisecond
	}
	if cfg.Version == "" {
		cfg.Version = "dev"
	}
	if cfg.Banner == "" {
		cfg.Banner = "gotape " + cfg.Version + " — Go cells (yaegi) with GradientTape autodiff, " + runtime.Version()
	}
	if cfg.HelpLinks == nil {
		cfg.HelpLinks = []HelpLink{
			{Text: "Go documentation", URL: "https://go.dev/doc/"},
			{Text: "Go standard library", URL: "https://pkg.go.dev/std"},
			{Text: "yaegi", URL: "https://github.com/gotape/gotape/third_party/yaegi"},
		}
	}
	k := &Kernel{
		cfg: cfg, eval: cfg.Evaluator, signer: s, session: NewID(), log: cfg.Logger,
		shellQ: make(chan *Message, 256), comms: newCommRegistry(), digests: loadDigestHistory(digestHistorySize, cfg.DigestFile),
		stdinReplies: make(chan *Message, 1), done: make(chan struct{}),
	}
	k.hist, err = newHistory(cfg.HistoryFile)
	if err != nil {
		k.log.Printf("history disabled: %v", err)
		k.hist, _ = newHistory("")
	}
	k.RegisterCommTarget(EchoTarget, echoComm{})
	return k, nil
}

// Session returns the kernel's session id (used in the headers it sends).
func (k *Kernel) Session() string { return k.session }

// Interrupt cancels the running cell, if any (interrupt_request and SIGINT).
func (k *Kernel) Interrupt() {
	k.runMu.Lock()
	if k.cancelRun != nil {
		k.cancelRun()
	}
	k.runMu.Unlock()
}

// Shutdown stops the kernel: the running cell is cancelled and Serve returns.
func (k *Kernel) Shutdown(restart bool) {
	k.doneOnce.Do(func() {
		k.restart = restart
		close(k.done)
	})
	k.Interrupt()
}

// Done is closed once the kernel has been asked to shut down.
func (k *Kernel) Done() <-chan struct{} { return k.done }

// Serve runs the kernel on t until a shutdown_request (or Shutdown) or until ctx is done.
// It closes t before returning. It reports whether a restart was requested.
func (k *Kernel) Serve(ctx context.Context, t *Transport) (restart bool, err error) {
	k.t, k.served = t, time.Now()
	go k.readLoop("shell", t.Shell, func(m *Message) {
		m.sent, _ = k.clock.sent(m)
		select {
		case k.shellQ <- m:
		case <-k.done:
		}
	})
	control := &channel{name: "control", sock: t.Control}
	go k.readLoop("control", t.Control, func(m *Message) { k.dispatch(control, m) })
	go k.readLoop("stdin", t.Stdin, func(m *Message) {
		if m.Header.MsgType != "input_reply" {
			k.log.Printf("ignoring %s on stdin", m.Header.MsgType)
			return
		}
		select {
		case k.stdinReplies <- m:
		default:
			k.log.Printf("dropping unexpected input_reply")
		}
	})
	shellDone := make(chan struct{})
	go func() {
		defer close(shellDone)
		k.shellLoop()
	}()
	select {
	case <-k.done:
	case <-ctx.Done():
		k.Shutdown(false)
	}
	select { // let a cancelled cell finish its reply
	case <-shellDone:
	case <-time.After(2 * time.Second):
		k.log.Printf("running cell did not stop; exiting anyway")
	}
	time.Sleep(20 * time.Millisecond) // let queued iopub messages out
	if !k.restart {
		k.digests.remove()
	}
	return k.restart, t.Close()
}

// readLoop receives, verifies and decodes messages from s until the kernel stops.
func (k *Kernel) readLoop(name string, s Socket, handle func(*Message)) {
	for {
		frames, err := s.Recv()
		if err != nil {
			select {
			case <-k.done:
				return
			default:
			}
			if errors.Is(err, io.EOF) || errors.Is(err, context.Canceled) || errors.Is(err, ErrClosed) {
				return
			}
			k.log.Printf("%s: receive: %v", name, err)
			time.Sleep(10 * time.Millisecond)
			continue
		}
		m, err := Decode(frames, k.signer)
		if err != nil {
			k.log.Printf("%s: dropping message: %v", name, err)
			releaseIfLarge(frames)
			continue
		}
		if !k.digests.add(m.signature) {
			k.log.Printf("%s: dropping replayed message (signature already seen): %s", name, m.Header.MsgType)
			continue
		}
		m.received = time.Now()
		handle(m)
	}
}

// largeMessage is the size from which a dropped message's memory is handed back to the
// system at once rather than whenever the Go runtime's scavenger gets to it (minutes).
const largeMessage = 32 << 20

// releaseIfLarge returns the memory of a dropped message of largeMessage bytes or more to
// the system, so that an unsigned 1 GB message leaves nothing resident.
func releaseIfLarge(frames [][]byte) {
	n := 0
	for _, f := range frames {
		n += len(f)
	}
	if n >= largeMessage {
		go debug.FreeOSMemory() // frames are unreferenced once readLoop moves on
	}
}

// ErrClosed is returned by in-memory sockets after Close.
var ErrClosed = errors.New("kernel: socket closed")

func (k *Kernel) shellLoop() {
	shell := &channel{name: "shell", sock: k.t.Shell}
	for {
		select {
		case <-k.done:
			return
		case m := <-k.shellQ:
			if !k.abortIfQueued(shell, m) {
				k.dispatch(shell, m)
			}
		}
	}
}

// channel is a socket requests arrive on and replies go back to.
type channel struct {
	name string
	sock Socket
}

// handlerFunc handles one decoded request.
type handlerFunc func(k *Kernel, ch *channel, m *Message) error

// route is a row of the dispatch table.
type route struct {
	fn      handlerFunc
	shell   bool // accepted on the shell channel
	control bool // accepted on the control channel
}

// handlers is the dispatch table: one handler per msg_type.
var handlers map[string]route

func init() {
	handlers = map[string]route{
		"kernel_info_request": {typed(handleKernelInfo), true, true},
		"execute_request":     {typed(handleExecute), true, false},
		"is_complete_request": {typed(handleIsComplete), true, true},
		"complete_request":    {typed(handleComplete), true, true},
		"inspect_request":     {typed(handleInspect), true, true},
		"history_request":     {typed(handleHistory), true, true},
		"comm_info_request":   {typed(handleCommInfo), true, true},
		"comm_open":           {typed(handleCommOpen), true, false},
		"comm_msg":            {typed(handleCommMsg), true, false},
		"comm_close":          {typed(handleCommClose), true, false},
		"shutdown_request":    {typed(handleShutdown), true, true},
		"interrupt_request":   {typed(handleInterrupt), false, true},
	}
}

// typed decodes the content into T before calling fn.
func typed[T any](fn func(k *Kernel, ch *channel, m *Message, c *T)) handlerFunc {
	return func(k *Kernel, ch *channel, m *Message) error {
		c := new(T)
		if err := json.Unmarshal(m.Content, c); err != nil {
			return fmt.Errorf("kernel: bad %s content: %w", m.Header.MsgType, err)
		}
		fn(k, ch, m, c)
		return nil
	}
}

// dispatch runs the handler for m between status busy and status idle.
func (k *Kernel) dispatch(ch *channel, m *Message) {
	r, ok := handlers[m.Header.MsgType]
	if !ok || (ch.name == "shell" && !r.shell) || (ch.name == "control" && !r.control) {
		k.log.Printf("%s: ignoring message type %q", ch.name, m.Header.MsgType)
		return
	}
	if m.Header.MsgType == "execute_request" {
		k.awaitIOPubSubscriber()
	}
	k.publish(m, "status", Status{ExecutionState: "busy"})
	defer k.publish(m, "status", Status{ExecutionState: "idle"})
	defer func() {
		if p := recover(); p != nil {
			k.log.Printf("%s: panic handling %s: %v\n%s", ch.name, m.Header.MsgType, p, debug.Stack())
		}
	}()
	if err := r.fn(k, ch, m); err != nil {
		k.log.Printf("%s: %v", ch.name, err)
	}
}

// send signs and sends a message built from content on s.
func (k *Kernel) send(s Socket, m *Message) {
	if err := s.Send(Encode(m, k.signer)); err != nil {
		k.log.Printf("send %s: %v", m.Header.MsgType, err)
	}
}

// reply answers req on ch.
func (k *Kernel) reply(ch *channel, req *Message, msgType string, content any) {
	m, err := NewMessage(msgType, k.session, req, content)
	if err != nil {
		k.log.Print(err)
		return
	}
	k.send(ch.sock, m)
}

// publish sends a message on iopub with parent as its parent header.
func (k *Kernel) publish(parent *Message, msgType string, content any) {
	m, err := NewMessage(msgType, k.session, parent, content)
	if err != nil {
		k.log.Print(err)
		return
	}
	topic := "kernel." + k.session + "." + msgType
	if msgType == "stream" {
		if s, ok := content.(Stream); ok {
			topic = "stream." + s.Name
		}
	}
	m.Identities = [][]byte{[]byte(topic)}
	k.send(k.t.IOPub, m)
}

func handleKernelInfo(k *Kernel, ch *channel, m *Message, _ *KernelInfoRequest) {
	k.reply(ch, m, "kernel_info_reply", k.kernelInfo())
}

func (k *Kernel) kernelInfo() KernelInfoReply {
	return KernelInfoReply{
		Status: "ok", ProtocolVersion: ProtocolVersion, Implementation: "gotape",
		ImplementationVersion: k.cfg.Version,
		LanguageInfo: LanguageInfo{
			Name: "go", Version: strings.TrimPrefix(runtime.Version(), "go"), MIMEType: "text/x-go",
			FileExtension: ".go", CodemirrorMode: "go", PygmentsLexer: "go",
		},
		Banner: k.cfg.Banner, HelpLinks: k.cfg.HelpLinks,
	}
}

func handleShutdown(k *Kernel, ch *channel, m *Message, c *ShutdownRequest) {
	r := ShutdownReply{Status: "ok", Restart: c.Restart}
	k.reply(ch, m, "shutdown_reply", r)
	k.publish(m, "shutdown_reply", r) // older frontends listen on iopub
	k.Shutdown(c.Restart)
}

func handleInterrupt(k *Kernel, ch *channel, m *Message, _ *InterruptRequest) {
	k.Interrupt()
	k.reply(ch, m, "interrupt_reply", InterruptReply{Status: "ok"})
}

func handleIsComplete(k *Kernel, ch *channel, m *Message, c *IsCompleteRequest) {
	status, indent := k.eval.IsComplete(c.Code)
	r := IsCompleteReply{Status: status}
	if status == "incomplete" {
		r.Indent = indent
	}
	k.reply(ch, m, "is_complete_reply", r)
}

func handleComplete(k *Kernel, ch *channel, m *Message, c *CompleteRequest) {
	matches, start, end := k.eval.Complete(c.Code, c.CursorPos)
	if matches == nil {
		matches = []string{}
	}
	k.reply(ch, m, "complete_reply", CompleteReply{Status: "ok", Matches: matches, CursorStart: start, CursorEnd: end, Metadata: map[string]any{}})
}

func handleInspect(k *Kernel, ch *channel, m *Message, c *InspectRequest) {
	doc, found := k.eval.Inspect(c.Code, c.CursorPos, c.DetailLevel)
	r := InspectReply{Status: "ok", Found: found && doc != nil, Data: map[string]any{}, Metadata: map[string]any{}}
	if r.Found {
		r.Data = nonNil(doc.Data)
		r.Metadata = nonNil(doc.Metadata)
	}
	k.reply(ch, m, "inspect_reply", r)
}

func nonNil(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}
