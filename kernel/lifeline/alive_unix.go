//go:build unix

package lifeline

import (
	"errors"
	"syscall"
)

// alive reports whether process pid exists (signal 0; EPERM means it exists).
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
