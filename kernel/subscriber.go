package kernel

import "time"

// iopubGrace is how long after Serve begins an execute_request waits for a first IOPub
// subscriber.
const iopubGrace = 3 * time.Second

// awaitIOPubSubscriber holds an execute_request received in the kernel's first seconds until
// some client has subscribed to IOPub. A PUB socket drops what it sends before a subscription
// arrives (ZeroMQ's slow joiner), and a client that sends its first cell as soon as
// kernel_info is answered — jupyter console does — would then wait forever for the cell's
// status idle. Later requests never wait, and neither do transports that cannot tell.
func (k *Kernel) awaitIOPubSubscriber() {
	s, ok := k.t.IOPub.(interface{ Subscribed() bool })
	if !ok {
		return
	}
	for !s.Subscribed() && time.Since(k.served) < iopubGrace {
		time.Sleep(time.Millisecond)
	}
}
