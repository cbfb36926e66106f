package kernel

import (
	"encoding/hex"
	"sync"
)

// digestHistorySize is how many signatures the kernel remembers to refuse replays
// (ipykernel's Session.digest_history_size).
const digestHistorySize = 1 << 16

// digestHistory remembers the signatures of the last digestHistorySize accepted messages,
// so that a signed message captured on the wire and sent again is refused instead of run
// twice. Memory is bounded: the oldest signature is forgotten first (ipykernel culls at
// random). A signature is remembered by its first 16 bytes: HMAC output is uniform, so two
// genuine messages share them with probability 2^-128.
type digestHistory struct {
	mu   sync.Mutex
	seen map[[16]byte]struct{}
	ring [][16]byte // insertion order, for eviction
	next int        // ring index of the oldest entry once ring is full
	size int
}

func newDigestHistory(size int) *digestHistory {
	return &digestHistory{seen: map[[16]byte]struct{}{}, size: size}
}

// add records sig and reports whether it is new. Empty signatures (no key) are never
// replays: without a key anyone can make a new message anyway.
func (h *digestHistory) add(sig []byte) bool {
	if len(sig) == 0 {
		return true
	}
	var key [16]byte
	if n, err := hex.Decode(key[:], sig[:min(len(sig), 32)]); err != nil || n < len(key) {
		copy(key[:], sig) // not hex (Verify compared it anyway): its raw bytes
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, dup := h.seen[key]; dup {
		return false
	}
	h.seen[key] = struct{}{}
	if len(h.ring) < h.size {
		h.ring = append(h.ring, key)
		return true
	}
	delete(h.seen, h.ring[h.next])
	h.ring[h.next] = key
	h.next = (h.next + 1) % h.size
	return true
}
