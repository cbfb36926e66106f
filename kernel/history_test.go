package kernel

import (
	"os"
	"strings"
	"sync"
	"testing"
)

// TestHistorySessionsAreUnique: kernels started at once on the same history file each get a
// session number of their own, and the sessions' first lines (line 0) are not history.
func TestHistorySessionsAreUnique(t *testing.T) {
	file := t.TempDir() + "/history.jsonl"
	hs := make([]*history, 8)
	var wg sync.WaitGroup
	for i := range hs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			h, err := newHistory(file)
			if err != nil {
				t.Error(err)
				return
			}
			hs[i] = h
		}()
	}
	wg.Wait()
	seen := map[int]bool{}
	for _, h := range hs {
		if h == nil || seen[h.session] {
			t.Fatalf("session numbers not unique: %v", seen)
		}
		seen[h.session] = true
		h.add(1, "x := 1", "")
	}
	h, err := newHistory(file)
	if err != nil || h.session != 9 || len(h.entries) != 8 {
		t.Fatalf("the next kernel: session %d, %d entries, %v; want session 9, 8 entries", h.session, len(h.entries), err)
	}
	for _, e := range h.entries {
		if e.Line != 1 || e.Input != "x := 1" {
			t.Errorf("entry %+v", e)
		}
	}
	b, _ := os.ReadFile(file)
	if n := strings.Count(string(b), "\n"); n != 9+8 {
		t.Errorf("%d lines in the file, want 17 (9 session starts, 8 cells)", n)
	}
}
