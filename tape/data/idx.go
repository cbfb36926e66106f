package data

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"

	"github.com/gotape/gotape/tape"
)

// idx is the content of an IDX file: its element type code, dimensions and elements. Unsigned
// bytes (the MNIST case) stay in u8; every other type is widened to float64 in f.
type idx struct {
	typ  byte
	dims []int
	u8   []byte
	f    []float64
}

// IDX element type codes.
const (
	idxUint8   = 0x08
	idxInt8    = 0x09
	idxInt16   = 0x0B
	idxInt32   = 0x0C
	idxFloat32 = 0x0D
	idxFloat64 = 0x0E
)

var idxSize = map[byte]int{idxUint8: 1, idxInt8: 1, idxInt16: 2, idxInt32: 4, idxFloat32: 4, idxFloat64: 8}

// readIDXFile reads an IDX file, gunzipping it when it starts with the gzip magic bytes.
func readIDXFile(path string) (*idx, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<16)
	var r io.Reader = br
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("data: %s: %w", path, err)
		}
		defer zr.Close()
		r = zr
	}
	d, err := readIDX(r)
	if err != nil {
		return nil, fmt.Errorf("data: %s: %w", path, err)
	}
	return d, nil
}

// readIDX decodes one IDX stream: 0, 0, type, rank, rank big-endian uint32 dimensions, then
// the elements in row-major order, big-endian.
func readIDX(r io.Reader) (*idx, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, fmt.Errorf("not an IDX file: %w", err)
	}
	if hdr[0] != 0 || hdr[1] != 0 {
		return nil, fmt.Errorf("not an IDX file (magic %#x %#x)", hdr[0], hdr[1])
	}
	size, ok := idxSize[hdr[2]]
	if !ok {
		return nil, fmt.Errorf("unknown IDX element type %#x", hdr[2])
	}
	rank := int(hdr[3])
	d := &idx{typ: hdr[2], dims: make([]int, rank)}
	n := 1
	for i := range d.dims {
		var b [4]byte
		if _, err := io.ReadFull(r, b[:]); err != nil {
			return nil, fmt.Errorf("truncated IDX header: %w", err)
		}
		d.dims[i] = int(binary.BigEndian.Uint32(b[:]))
		n *= d.dims[i]
		if n > 1<<31 {
			return nil, fmt.Errorf("IDX dimensions %v too large", d.dims)
		}
	}
	buf := make([]byte, n*size)
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, fmt.Errorf("IDX data truncated (want %d elements of %d bytes): %w", n, size, err)
	}
	if d.typ == idxUint8 {
		d.u8 = buf
		return d, nil
	}
	d.f = make([]float64, n)
	for i := range d.f {
		b := buf[i*size:]
		switch d.typ {
		case idxInt8:
			d.f[i] = float64(int8(b[0]))
		case idxInt16:
			d.f[i] = float64(int16(binary.BigEndian.Uint16(b)))
		case idxInt32:
			d.f[i] = float64(int32(binary.BigEndian.Uint32(b)))
		case idxFloat32:
			d.f[i] = float64(math.Float32frombits(binary.BigEndian.Uint32(b)))
		case idxFloat64:
			d.f[i] = math.Float64frombits(binary.BigEndian.Uint64(b))
		}
	}
	return d, nil
}

// ReadIDX reads an IDX file (gzipped or not) into a tensor of its shape. Integer element types
// (unsigned byte, byte, short, int) become Int32 tensors holding the stored values, float
// becomes Float32 and double Float64. MNIST-style images are therefore 0..255 integers: use
// LoadFashionMNIST, or tape.Cast and a division by 255, for float pixels.
func ReadIDX(path string) (*tape.Tensor, error) {
	d, err := readIDXFile(path)
	if err != nil {
		return nil, err
	}
	var t *tape.Tensor
	switch d.typ {
	case idxUint8:
		v := make([]int32, len(d.u8))
		for i, b := range d.u8 {
			v[i] = int32(b)
		}
		t = tape.FromInt32s(v)
	case idxFloat32:
		v := make([]float32, len(d.f))
		for i, x := range d.f {
			v[i] = float32(x)
		}
		t = tape.FromFloat32s(v)
	case idxFloat64:
		t = tape.FromFloat64s(d.f)
	default:
		v := make([]int32, len(d.f))
		for i, x := range d.f {
			v[i] = int32(x)
		}
		t = tape.FromInt32s(v)
	}
	return tape.Reshape(t, d.dims...), nil
}
