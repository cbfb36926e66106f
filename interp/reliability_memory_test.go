package interp

import (
	"context"
	"runtime"
	"testing"
)

// relHeap returns the live heap after a full collection.
func relHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// TestReliabilityMemoryPerCell measures the live heap each repeated cell leaves behind
// and bounds it: yaegi v0.16.1 keeps every compiled cell for its debugger (5-25 KB a cell)
// unless forgetCompiled drops it; with it a cell leaves well under 1 KB.
func TestReliabilityMemoryPerCell(t *testing.T) {
	e := New()
	for _, code := range []string{"1 + 1", "x := 1\nx * 2", `y := 2`} {
		for i := 0; i < 50; i++ {
			if _, err := e.Execute(context.Background(), code, nopOutput{}); err != nil {
				t.Fatal(err)
			}
		}
		const n = 1000
		h0 := relHeap()
		for i := 0; i < n; i++ {
			if _, err := e.Execute(context.Background(), code, nopOutput{}); err != nil {
				t.Fatal(err)
			}
		}
		h1 := relHeap()
		per := (float64(h1) - float64(h0)) / n
		if per > 4<<10 {
			t.Errorf("%q leaves %.1f KB of live heap per execution (bound 4 KB)", code, per/1024)
		}
		t.Logf("%q: live heap %.1f MB -> %.1f MB, %.1f KB per cell", code, float64(h0)/(1<<20), float64(h1)/(1<<20), per/1024)
	}
}
