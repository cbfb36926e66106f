package kernel

import (
	"sync"
	"time"
)

// stop_on_error ("Run All" after a failure): every execute_request the frontend sent before
// it could have seen the failure is answered "aborted", however fast the cell failed. A
// request that was still in flight (in the frontend's proxy, TCP, zmq4) when the cell
// failed reaches the kernel after the failure, so the time the kernel read it is not
// enough: the kernel also estimates when it was sent, from its header's date, on its own
// clock (sendClock), and aborts it when that is before the failure.

// sendClock estimates when requests were sent, on the kernel's clock. The header date is
// the sender's clock; per session, the smallest (received - date) seen is the clock offset
// plus the smallest transit time, so date + that offset is when the request would have
// arrived with no delay: never later than a real arrival, never earlier than its sending.
// An offset older than offsetTTL is re-learnt, so a sender's clock stepping back only
// skews the estimate for that long (and a re-learnt offset errs towards later, i.e.
// towards running a request rather than aborting it).
type sendClock struct {
	mu       sync.Mutex
	sessions map[string]clockOffset
}

type clockOffset struct {
	d  time.Duration // smallest received - date
	at time.Time     // when it was learnt
}

const (
	offsetTTL   = time.Minute
	maxSessions = 256
	// maxTransit is the longest a request is believed to have been in flight: an estimate
	// further back than this from the request's arrival says more about the sender's clock
	// (stuck, or a constant date) than about the request, and is not used.
	maxTransit = 2 * time.Second
)

// sent returns when m was sent (estimated, kernel clock) and whether its header has a
// usable date (one that puts the sending at most maxTransit before the arrival).
// m.received must be set.
func (c *sendClock) sent(m *Message) (time.Time, bool) {
	date, err := time.Parse(time.RFC3339Nano, m.Header.Date)
	if err != nil || m.Header.Session == "" {
		return time.Time{}, false
	}
	d := m.received.Sub(date)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.sessions == nil || len(c.sessions) > maxSessions {
		c.sessions = map[string]clockOffset{}
	}
	o, ok := c.sessions[m.Header.Session]
	if !ok || d < o.d || m.received.Sub(o.at) > offsetTTL {
		o = clockOffset{d: d, at: m.received}
		c.sessions[m.Header.Session] = o
	}
	sent := date.Add(o.d)
	if m.received.Sub(sent) > maxTransit {
		return time.Time{}, false
	}
	return sent, true
}

// sentBefore reports whether m was sent before t: read by the kernel before t, or sent
// (estimated) before t.
func sentBefore(m *Message, t time.Time) bool {
	return m.received.Before(t) || (!m.sent.IsZero() && m.sent.Before(t))
}

// abortIfQueued answers m with status "aborted" when it is an execute_request sent before
// the failure that set k.abortBefore, and reports whether it did. The first execute_request
// sent after the failure ends the aborting.
func (k *Kernel) abortIfQueued(ch *channel, m *Message) bool {
	if k.abortBefore.IsZero() || m.Header.MsgType != "execute_request" {
		return false
	}
	if !sentBefore(m, k.abortBefore) {
		k.abortBefore = time.Time{}
		return false
	}
	k.publish(m, "status", Status{ExecutionState: "busy"})
	k.reply(ch, m, "execute_reply", ExecuteReply{Status: "aborted", ExecutionCount: k.count, Payload: []any{}})
	k.publish(m, "status", Status{ExecutionState: "idle"})
	return true
}
