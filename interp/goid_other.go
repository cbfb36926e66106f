//go:build !amd64 && !arm64

package interp

import (
	"bytes"
	"runtime"
	"strconv"
)

// goroutineKey returns the calling goroutine's id, read from the first line of its
// stack trace ("goroutine 7 [running]:"); amd64 and arm64 use a faster key (goid_*.s).
func goroutineKey() uintptr {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = bytes.TrimPrefix(b, []byte("goroutine "))
	if i := bytes.IndexByte(b, ' '); i > 0 {
		b = b[:i]
	}
	id, _ := strconv.ParseUint(string(b), 10, 64)
	return uintptr(id)
}
