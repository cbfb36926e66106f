package interp

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// heapFloor is the heap size below which the garbage collector leaves garbage alone while the
// live heap is small. An interpreted training loop allocates a few KB per step (yaegi's call
// frames and reflect arguments, the tape's small tensors) on a live heap of a few MB, which
// with GOGC=100 means a collection every 1,000 steps or so: about a quarter of a tight cell's
// time (the seed regression, 150 collections in 100,000 steps; 30 with the floor). Raising the
// collector's percentage while the live heap is under half the floor keeps the heap goal at
// about heapFloor; above that the collector runs as usual. It costs at most heapFloor of
// resident memory (measured: a light kernel's RSS 45 → 52 MB), and GOGC in the environment
// turns it off.
const heapFloor = 16 << 20

var gcFloorOnce sync.Once

// startGCFloor starts adjusting the collector's percentage after every cycle (once per
// process).
func startGCFloor() {
	if os.Getenv("GOGC") != "" {
		return
	}
	gcFloorOnce.Do(func() {
		t := &gcFloor{percent: 100, sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
		t.adjust()
		t.arm()
	})
}

type gcFloor struct {
	percent int
	off     bool // a cell called debug.SetGCPercent
	sample  []metrics.Sample
}

// gcCycle is garbage whose finalizer runs once per collection cycle.
type gcCycle struct{ _ *gcFloor }

func (t *gcFloor) arm() {
	runtime.SetFinalizer(&gcCycle{}, func(*gcCycle) {
		if t.adjust(); !t.off {
			t.arm()
		}
	})
}

// adjust sets the collector's percentage to floorPercent of the live heap.
func (t *gcFloor) adjust() {
	metrics.Read(t.sample)
	live := uint64(0)
	if t.sample[0].Value.Kind() == metrics.KindUint64 {
		live = t.sample[0].Value.Uint64()
	}
	if p := floorPercent(live); p != t.percent {
		if old := debug.SetGCPercent(p); old != t.percent {
			debug.SetGCPercent(old) // a cell set its own: leave the collector to it
			t.off = true
			return
		}
		t.percent = p
	}
}

// floorPercent is the percentage that puts the next heap goal at about heapFloor: the goal is
// live·(1+p/100), or the runtime's minimum heap, 4 MB·p/100, when that is larger (so p is at
// most 100·heapFloor/4 MB); 100 once the live heap is half the floor.
func floorPercent(live uint64) int {
	p := 100 * heapFloor / (4 << 20)
	if live > 0 {
		p = min(p, int(100*(float64(heapFloor)/float64(live)-1)))
	}
	return max(p, 100)
}
