package display

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/name (rewriting it with -update).
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./display -update to create it)", err)
	}
	if filepath.Ext(name) == ".png" {
		comparePNG(t, name, want, got)
		return
	}
	if !bytes.Equal(want, got) {
		os.WriteFile(path+".got", got, 0o644)
		t.Errorf("%s differs from the golden file; got written to %s.got (go test ./display -update to accept)", name, path)
	}
}

// comparePNG compares decoded pixels: exact PNG bytes depend on the zlib encoder, pixels
// only on the rasteriser. A few anti-aliasing differences are tolerated.
func comparePNG(t *testing.T, name string, want, got []byte) {
	t.Helper()
	wi, err := png.Decode(bytes.NewReader(want))
	if err != nil {
		t.Fatalf("%s: golden: %v", name, err)
	}
	gi, err := png.Decode(bytes.NewReader(got))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if wi.Bounds() != gi.Bounds() {
		t.Fatalf("%s: size %v, want %v", name, gi.Bounds(), wi.Bounds())
	}
	bad, total := 0, 0
	r := wi.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			total++
			if pixelDiff(wi, gi, x, y) > 24 {
				bad++
			}
		}
	}
	if bad*1000 > total { // more than 0.1% of the pixels
		os.WriteFile(filepath.Join("testdata", name+".got"), got, 0o644)
		t.Errorf("%s: %d of %d pixels differ from the golden file", name, bad, total)
	}
}

func pixelDiff(a, b image.Image, x, y int) uint32 {
	r1, g1, b1, a1 := a.At(x, y).RGBA()
	r2, g2, b2, a2 := b.At(x, y).RGBA()
	d := func(p, q uint32) uint32 {
		if p > q {
			return (p - q) >> 8
		}
		return (q - p) >> 8
	}
	return max(d(r1, r2), d(g1, g2), d(b1, b2), d(a1, a2))
}
