package kernel

import (
	"encoding/json"
	"sync"
)

// EchoTarget is a built-in comm target that sends every comm_msg back to the frontend.
const EchoTarget = "gotape.echo"

// CommHandler serves the comms opened for one target.
type CommHandler interface {
	Open(c *Comm, data json.RawMessage)
	Msg(c *Comm, data json.RawMessage)
	Close(c *Comm, data json.RawMessage)
}

// Comm is one open comm. Send and Close publish on iopub in reply to the message being
// handled.
type Comm struct {
	ID, Target string
	k          *Kernel
	parent     *Message
}

// Send publishes a comm_msg with data.
func (c *Comm) Send(data any) {
	c.k.publish(c.parent, "comm_msg", commOut{CommID: c.ID, Data: data})
}

// Close publishes a comm_close and forgets the comm.
func (c *Comm) Close(data any) {
	c.k.comms.remove(c.ID)
	c.k.publish(c.parent, "comm_close", commOut{CommID: c.ID, Data: data})
}

// commOut is the content of comm_msg/comm_close the kernel sends.
type commOut struct {
	CommID string `json:"comm_id"`
	Data   any    `json:"data"`
}

// commRegistry holds the comm targets and the open comms.
type commRegistry struct {
	mu      sync.Mutex
	targets map[string]CommHandler
	open    map[string]*Comm
}

func newCommRegistry() *commRegistry {
	return &commRegistry{targets: map[string]CommHandler{}, open: map[string]*Comm{}}
}

func (r *commRegistry) remove(id string) {
	r.mu.Lock()
	delete(r.open, id)
	r.mu.Unlock()
}

// RegisterCommTarget makes comm_open requests for target reach h.
func (k *Kernel) RegisterCommTarget(target string, h CommHandler) {
	k.comms.mu.Lock()
	k.comms.targets[target] = h
	k.comms.mu.Unlock()
}

func handleCommInfo(k *Kernel, ch *channel, m *Message, c *CommInfoRequest) {
	r := CommInfoReply{Status: "ok", Comms: map[string]CommInfo{}}
	k.comms.mu.Lock()
	for id, cm := range k.comms.open {
		if c.TargetName == "" || c.TargetName == cm.Target {
			r.Comms[id] = CommInfo{TargetName: cm.Target}
		}
	}
	k.comms.mu.Unlock()
	k.reply(ch, m, "comm_info_reply", r)
}

func handleCommOpen(k *Kernel, _ *channel, m *Message, c *CommOpen) {
	k.comms.mu.Lock()
	h, ok := k.comms.targets[c.TargetName]
	cm := &Comm{ID: c.CommID, Target: c.TargetName, k: k, parent: m}
	if ok && c.CommID != "" {
		k.comms.open[c.CommID] = cm
	}
	k.comms.mu.Unlock()
	if !ok || c.CommID == "" {
		k.log.Printf("comm_open: no target %q", c.TargetName)
		k.publish(m, "comm_close", commOut{CommID: c.CommID, Data: map[string]any{}})
		return
	}
	h.Open(cm, c.Data)
}

func (k *Kernel) lookupComm(id string, m *Message) (*Comm, CommHandler, bool) {
	k.comms.mu.Lock()
	defer k.comms.mu.Unlock()
	cm, ok := k.comms.open[id]
	if !ok {
		return nil, nil, false
	}
	cm.parent = m
	return cm, k.comms.targets[cm.Target], true
}

func handleCommMsg(k *Kernel, _ *channel, m *Message, c *CommMsg) {
	cm, h, ok := k.lookupComm(c.CommID, m)
	if !ok {
		k.log.Printf("comm_msg for unknown comm %q", c.CommID)
		return
	}
	h.Msg(cm, c.Data)
}

func handleCommClose(k *Kernel, _ *channel, m *Message, c *CommClose) {
	cm, h, ok := k.lookupComm(c.CommID, m)
	if !ok {
		k.log.Printf("comm_close for unknown comm %q", c.CommID)
		return
	}
	k.comms.remove(c.CommID)
	h.Close(cm, c.Data)
}

// echoComm is the EchoTarget handler.
type echoComm struct{}

func (echoComm) Open(c *Comm, data json.RawMessage) {
	c.Send(map[string]any{"opened": true, "data": rawOrNull(data)})
}
func (echoComm) Msg(c *Comm, data json.RawMessage)   { c.Send(rawOrNull(data)) }
func (echoComm) Close(c *Comm, data json.RawMessage) {}

func rawOrNull(d json.RawMessage) json.RawMessage {
	if len(d) == 0 {
		return json.RawMessage("null")
	}
	return d
}
