package kernel

import (
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
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
//
// With a file (Config.DigestFile, next to the connection file), the history also survives a
// restart: a frontend restarting a kernel keeps its connection file and key, so a message
// captured before the restart would otherwise run again after it (ipykernel's history is in
// memory only). The file holds the 16-byte keys, appended as they are accepted; it is
// compacted to the last size keys once it holds twice as many, and removed when the kernel
// shuts down for good.
type digestHistory struct {
	mu   sync.Mutex
	seen map[[16]byte]struct{}
	ring [][16]byte // insertion order, for eviction
	next int        // ring index of the oldest entry once ring is full
	size int

	path    string   // the file, "" for none
	file    *os.File // open for appending; nil when there is none or it failed
	written int      // keys in the file
}

func newDigestHistory(size int) *digestHistory {
	return &digestHistory{seen: map[[16]byte]struct{}{}, size: size}
}

// loadDigestHistory returns a history that keeps its keys in the file at path too, starting
// with the last size keys already there. A file that cannot be read or written leaves the
// history in memory only (a replay across a restart is then not caught, as in ipykernel).
func loadDigestHistory(size int, path string) *digestHistory {
	h := newDigestHistory(size)
	if path == "" {
		return h
	}
	h.path = path
	if b, err := os.ReadFile(path); err == nil {
		for i := 0; i+16 <= len(b); i += 16 {
			h.remember([16]byte(b[i : i+16]))
		}
	}
	h.compact()
	return h
}

// compact rewrites the file with the keys in memory, oldest first, and reopens it for
// appending; on an error the history goes on in memory only.
func (h *digestHistory) compact() {
	if h.file != nil {
		_ = h.file.Close()
		h.file = nil
	}
	buf := make([]byte, 0, 16*len(h.ring))
	for i := range h.ring {
		k := h.ring[(h.next+i)%len(h.ring)]
		buf = append(buf, k[:]...)
	}
	// A new file of a random name (O_EXCL, 0600), renamed over the old one: no symbolic link
	// planted in a shared directory (/tmp) is followed.
	tmp, err := os.CreateTemp(filepath.Dir(h.path), filepath.Base(h.path)+".*.tmp")
	if err != nil {
		return
	}
	_, err = tmp.Write(buf)
	if cerr := tmp.Close(); err != nil || cerr != nil || os.Rename(tmp.Name(), h.path) != nil {
		_ = os.Remove(tmp.Name())
		return
	}
	f, err := os.OpenFile(h.path, os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return
	}
	h.file, h.written = f, len(h.ring)
}

// remove deletes the file (the kernel is shutting down for good).
func (h *digestHistory) remove() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.file != nil {
		_ = h.file.Close()
		h.file = nil
	}
	if h.path != "" {
		_ = os.Remove(h.path)
	}
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
	h.remember(key)
	if h.file != nil {
		if _, err := h.file.Write(key[:]); err != nil {
			_ = h.file.Close()
			h.file = nil
		} else if h.written++; h.written >= 2*h.size {
			h.compact()
		}
	}
	return true
}

// remember adds key to the memory, forgetting the oldest key when full.
func (h *digestHistory) remember(key [16]byte) {
	if _, dup := h.seen[key]; dup {
		return
	}
	h.seen[key] = struct{}{}
	if len(h.ring) < h.size {
		h.ring = append(h.ring, key)
		return
	}
	delete(h.seen, h.ring[h.next])
	h.ring[h.next] = key
	h.next = (h.next + 1) % h.size
}

// DigestFileFor returns where the kernel of connection file conn keeps its signatures (conn +
// ".seen", for Config.DigestFile). It also removes, in that directory, the files of kernels
// whose connection file (*.json) is gone: a kernel killed for good (SIGKILL) cannot remove its
// own. Only files of 16-byte keys are removed.
func DigestFileFor(conn string) string {
	stale, _ := filepath.Glob(filepath.Join(filepath.Dir(conn), "*.json"+digestFileSuffix))
	for _, f := range stale {
		st, err := os.Lstat(f)
		if err != nil || !st.Mode().IsRegular() || st.Size()%16 != 0 {
			continue
		}
		if _, err := os.Lstat(strings.TrimSuffix(f, digestFileSuffix)); os.IsNotExist(err) {
			_ = os.Remove(f)
		}
	}
	return conn + digestFileSuffix
}

const digestFileSuffix = ".seen"
