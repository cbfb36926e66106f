package kernel

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

// TestDigestHistory: a signature is accepted once; the history is bounded and forgets the
// oldest first; empty signatures (no key) are never replays; hex case does not matter.
func TestDigestHistory(t *testing.T) {
	h := newDigestHistory(3)
	sig := func(i int) []byte { s := sha256.Sum256([]byte{byte(i)}); return []byte(hex.EncodeToString(s[:])) }
	for i := 0; i < 3; i++ {
		if !h.add(sig(i)) {
			t.Fatalf("signature %d refused the first time", i)
		}
	}
	if h.add(sig(1)) || h.add(bytes.ToUpper(sig(2))) {
		t.Fatal("a replayed signature was accepted")
	}
	if !h.add(sig(3)) || len(h.seen) != 3 {
		t.Fatalf("history not bounded: %d entries", len(h.seen))
	}
	if !h.add(sig(0)) { // the oldest was forgotten
		t.Fatal("the oldest signature was not forgotten")
	}
	if !h.add(nil) || !h.add([]byte{}) {
		t.Fatal("an empty signature counted as a replay")
	}
}
