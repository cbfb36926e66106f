package kernel

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
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

// TestDigestHistoryFile: with a file, the signatures survive a new history on the same file
// (a restarted kernel), the file stays bounded, and remove deletes it.
func TestDigestHistoryFile(t *testing.T) {
	path := t.TempDir() + "/kernel-1.json.seen"
	sig := func(i int) []byte { s := sha256.Sum256([]byte{byte(i)}); return []byte(hex.EncodeToString(s[:])) }
	h := loadDigestHistory(4, path)
	for i := 0; i < 20; i++ {
		if !h.add(sig(i)) {
			t.Fatalf("signature %d refused the first time", i)
		}
	}
	st, err := os.Stat(path)
	if err != nil || st.Size() > 2*4*16 || st.Mode().Perm() != 0o600 {
		t.Fatalf("file %v, %v: want at most %d bytes, mode 0600", st, err, 2*4*16)
	}
	h2 := loadDigestHistory(4, path) // the restarted kernel
	for i := 16; i < 20; i++ {
		if h2.add(sig(i)) {
			t.Fatalf("signature %d, seen before the restart, was accepted after it", i)
		}
	}
	if !h2.add(sig(15)) { // older than the last 4: forgotten, as in memory
		t.Fatal("signature 15 should have been forgotten")
	}
	h3 := loadDigestHistory(4, path)
	if h3.add(sig(15)) {
		t.Fatal("a signature accepted after the restart was not kept in the file")
	}
	h3.remove()
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("file not removed: %v", err)
	}
	if h3.add(sig(19)) || !h3.add(sig(30)) {
		t.Fatal("after remove the history goes on in memory")
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("file written again after remove: %v", err)
	}
}

// TestDigestFileFor: the file is the connection file's name + ".seen"; files of kernels whose
// connection file is gone are removed, the others kept, and so is any file not made of keys.
func TestDigestFileFor(t *testing.T) {
	dir := t.TempDir()
	for f, content := range map[string]string{"kernel-live.json": "{}", "kernel-live.json.seen": "0123456789abcdef",
		"kernel-dead.json.seen": "0123456789abcdef", "notes.seen": "", "odd.json.seen": "not keys", "other.txt": "x"} {
		if err := os.WriteFile(dir+"/"+f, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if got := DigestFileFor(dir + "/kernel-new.json"); got != dir+"/kernel-new.json.seen" {
		t.Fatalf("DigestFileFor = %q", got)
	}
	for f, want := range map[string]bool{"kernel-live.json.seen": true, "kernel-dead.json.seen": false, "notes.seen": true,
		"odd.json.seen": true, "other.txt": true} {
		if _, err := os.Stat(dir + "/" + f); (err == nil) != want {
			t.Errorf("%s: exists %v, want %v", f, err == nil, want)
		}
	}
}
