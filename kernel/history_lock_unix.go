//go:build unix

package kernel

import (
	"os"
	"syscall"
)

// lockFile takes an exclusive advisory lock on f (waiting for it) and returns its release.
func lockFile(f *os.File) (unlock func()) {
	fd := int(f.Fd())
	if syscall.Flock(fd, syscall.LOCK_EX) != nil {
		return func() {}
	}
	return func() { _ = syscall.Flock(fd, syscall.LOCK_UN) }
}
