package transport

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// rateLimited passes at most burst writes (log lines) per period to w and drops the rest,
// counting them: zmq4 logs every failed handshake, and a peer that opens thousands of
// connections must not fill the kernel's log (the notebook server's terminal or file).
type rateLimited struct {
	w      io.Writer
	period time.Duration
	burst  int

	mu      sync.Mutex
	start   time.Time // of the current period
	n       int       // lines written in it
	dropped int       // lines dropped since the last one written
}

func (r *rateLimited) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := time.Now()
	if now.Sub(r.start) >= r.period {
		r.start, r.n = now, 0
	}
	if r.n >= r.burst {
		r.dropped++
		return len(p), nil
	}
	r.n++
	if r.dropped > 0 {
		fmt.Fprintf(r.w, "zmq4: (%d more lines like the following dropped)\n", r.dropped)
		r.dropped = 0
	}
	return r.w.Write(p)
}
