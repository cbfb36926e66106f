package interp

import "testing"

func TestFloorPercent(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int
	}{
		{0, 400},       // unknown: the runtime's minimum heap alone gives 16 MB
		{1 << 20, 400}, // 1 MB live: capped so the minimum heap stays 16 MB
		{4 << 20, 300}, // 4 MB · 4 = 16 MB
		{8 << 20, 100}, // half the floor: the default
		{6 << 20, 166}, // 6 MB · 2.66 ≈ 16 MB
		{1 << 30, 100}, // large heaps: the default
	} {
		if got := floorPercent(c.live); got != c.want {
			t.Errorf("floorPercent(%d MB) = %d, want %d", c.live>>20, got, c.want)
		}
	}
}
