package tape

import (
	"fmt"
	"math"
	mbits "math/bits"
	"os"
	"strconv"
	"strings"
	"sync"
)

// Absurd shapes are refused before anything is allocated: an element count that overflows
// int, or storage larger than the machine's memory, panics with *Error instead of killing the
// process with "fatal error: runtime: out of memory".

// memLimit returns the bytes a single tensor may use: physical memory (MemTotal), or the
// limit of the process's cgroup when that is lower (then cgroup is true); 1<<40 when neither
// can be read.
var memLimit = sync.OnceValues(func() (limit uint64, cgroup bool) {
	limit = uint64(1) << 40
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == "MemTotal:" {
				if kb, err := strconv.ParseUint(f[1], 10, 64); err == nil && kb > 0 {
					limit = kb * 1024
				}
			}
		}
	}
	if c := cgroupMemLimit(""); c > 0 && c < limit {
		return c, true
	}
	return limit, false
})

// elemBytes is the storage of one element: float32 for Float32, float64 for the rest.
func elemBytes(dt DType) uint64 {
	if dt == Float32 {
		return 4
	}
	return 8
}

// checkedNumel returns the number of elements of shape, panicking with *Error on a negative
// dimension, an overflow, or storage of more than the machine's memory (elem bytes each).
func checkedNumel(op string, shape []int, elem uint64) int {
	if n, ok := smallNumel(shape); ok && uint64(n)*elem <= 1<<28 {
		return n // the common case, checked without a loop of 128-bit products
	}
	n := uint64(1)
	over := false
	for _, d := range shape {
		if d < 0 {
			errorf(op, "negative dimension in shape %v", shape)
		}
		if d == 0 { // an empty tensor, whatever the other dimensions are
			for _, e := range shape {
				if e < 0 {
					errorf(op, "negative dimension in shape %v", shape)
				}
			}
			return 0
		}
		hi, lo := mbits.Mul64(n, uint64(d))
		if hi != 0 {
			over = true
		}
		n = lo
	}
	if over || n > math.MaxInt {
		tooBig(op, shape, elem)
	}
	if hi, b := mbits.Mul64(n, elem); hi != 0 || (b > 1<<28 && b > memLimitBytes()) {
		tooBig(op, shape, elem)
	}
	return int(n)
}

// smallNumel returns the number of elements of a shape of at most two dimensions, each in
// [1, 2^24) (so no product overflows); ok is false for any other shape.
func smallNumel(shape []int) (n int, ok bool) {
	switch len(shape) {
	case 0:
		return 1, true
	case 1:
		d := shape[0]
		return d, d > 0 && d < 1<<24
	case 2:
		a, b := shape[0], shape[1]
		return a * b, a > 0 && a < 1<<24 && b > 0 && b < 1<<24
	}
	return 0, false
}

func memLimitBytes() uint64 {
	b, _ := memLimit()
	return b
}

// tooBig panics with "tape: shape [a b] needs 4.0 TiB, more than the machine's memory", or,
// when the process's cgroup limit is what refuses it, "..., more than this process may use
// (its cgroup's memory limit is 2.0 GiB)".
func tooBig(op string, shape []int, elem uint64) {
	size := float64(elem)
	for _, d := range shape {
		size *= float64(d)
	}
	msg := fmt.Sprintf("tape: shape %v needs %s, more than the machine's memory", shape, byteSize(size))
	if limit, cgroup := memLimit(); cgroup && size > float64(limit) {
		msg = fmt.Sprintf("tape: shape %v needs %s, more than this process may use (its cgroup's memory limit is %s)",
			shape, byteSize(size), byteSize(float64(limit)))
	}
	panic(&Error{Op: op, Msg: msg})
}

// byteSize formats a byte count with binary units (1.5 GiB).
func byteSize(b float64) string {
	if b < 1024 {
		return fmt.Sprintf("%.0f B", b)
	}
	units := []string{"KiB", "MiB", "GiB", "TiB", "PiB", "EiB", "ZiB", "YiB"}
	for i, u := range units {
		b /= 1024
		if b < 1024 || i == len(units)-1 {
			if b >= 1e6 {
				return fmt.Sprintf("%.3g %s", b, u)
			}
			return fmt.Sprintf("%.1f %s", b, u)
		}
	}
	return ""
}

// checkCount panics like checkedNumel when a 1-D length computed from floats (Range) is absurd.
func checkCount(op string, n float64, elem uint64) int {
	if n != n || n > float64(math.MaxInt/2) {
		panic(&Error{Op: op, Msg: fmt.Sprintf("tape: %s: %g elements need %s, more than the machine's memory", op, n, byteSize(n*float64(elem)))})
	}
	if n < 0 {
		return 0
	}
	return checkedNumel(op, []int{int(n)}, elem)
}
