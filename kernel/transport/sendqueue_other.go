//go:build !linux

package transport

import (
	"errors"
	"net"
)

const sendQueueSupported = false

func sendQueue(c *net.TCPConn) (int, error) { return 0, errors.ErrUnsupported }
