//go:build !linux

package supervise

import "syscall"

// sysProcAttr: elsewhere the child exits when its request pipe ends.
func sysProcAttr() *syscall.SysProcAttr { return nil }
