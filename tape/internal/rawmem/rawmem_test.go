package rawmem

import (
	"math"
	"testing"
)

// Large slices have the asked length and, poisoned, hold NaN; small ones are zeroed makes.
func TestSlices(t *testing.T) {
	Poison = true
	defer func() { Poison = false }()
	big32, big64 := Float32s(1<<14), Float64s(1<<13)
	if len(big32) != 1<<14 || len(big64) != 1<<13 {
		t.Fatalf("lengths %d, %d", len(big32), len(big64))
	}
	if !math.IsNaN(float64(big32[100])) || !math.IsNaN(big64[len(big64)-1]) {
		t.Fatalf("poisoned slices hold %v, %v", big32[100], big64[len(big64)-1])
	}
	if idx := Int32s(1 << 14); len(idx) != 1<<14 || idx[7] != math.MinInt32 {
		t.Fatalf("poisoned indices: %d long, %d", len(idx), idx[7])
	}
	big32[len(big32)-1], big64[0] = 1, 2 // writable to the end
	if small := Float32s(100); len(small) != 100 || small[99] != 0 {
		t.Fatalf("small slice %d long, last %v", len(small), small[99])
	}
}
