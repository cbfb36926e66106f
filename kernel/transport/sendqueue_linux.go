package transport

import (
	"net"
	"syscall"
	"unsafe"
)

const sendQueueSupported = true

// sendQueue returns the bytes of c's send queue not yet acknowledged (ioctl SIOCOUTQ).
func sendQueue(c *net.TCPConn) (int, error) {
	rc, err := c.SyscallConn()
	if err != nil {
		return 0, err
	}
	var n int32
	var errno syscall.Errno
	if err := rc.Control(func(fd uintptr) {
		_, _, errno = syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TIOCOUTQ, uintptr(unsafe.Pointer(&n)))
	}); err != nil {
		return 0, err
	}
	if errno != 0 {
		return 0, errno
	}
	return int(n), nil
}
