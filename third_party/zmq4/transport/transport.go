// Copyright 2020 The go-zeromq Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// Package transport defines the Transport interface and provides a net-based
// implementation that can be used by zmq4 sockets to exchange messages.
package transport // import "github.com/gotape/gotape/third_party/zmq4/transport"

import (
	"context"
	"fmt"
	"net"
	"strings"
)

// Dialer is the interface that wraps the DialContext method.
type Dialer interface {
	DialContext(ctx context.Context, network, address string) (net.Conn, error)
}

// Transport is the zmq4 transport interface that wraps
// the Dial and Listen methods.
type Transport interface {
	// Dial connects to the address on the named network using the provided
	// context.
	Dial(ctx context.Context, dialer Dialer, addr string) (net.Conn, error)

	// Listen announces on the provided network address.
	Listen(ctx context.Context, addr string) (net.Listener, error)

	// Addr returns the end-point address.
	Addr(ep string) (addr string, err error)
}

// netTransport implements the Transport interface using the net package.
type netTransport struct {
	prot string
}

// New returns a new net-based transport with the given network (e.g "tcp").
func New(network string) Transport {
	return netTransport{prot: network}
}

// Dial connects to the address on the named network using the provided
// context.
func (trans netTransport) Dial(ctx context.Context, dialer Dialer, addr string) (net.Conn, error) {
	return dialer.DialContext(ctx, trans.prot, addr)
}

// Listen announces on the provided network address. A TCP address whose host is an IPv4
// literal (0.0.0.0 included) listens on IPv4 only, an IPv6 literal on IPv6 only, as libzmq
// does; Go's "tcp" would make 0.0.0.0 a dual-stack socket listening on every IPv6 address too.
func (trans netTransport) Listen(ctx context.Context, addr string) (net.Listener, error) {
	return net.Listen(ListenNetwork(trans.prot, addr), addr)
}

// ListenNetwork returns the network to listen on for addr: "tcp4" or "tcp6" when network
// is "tcp" and addr's host is an IP literal of that family, else network.
func ListenNetwork(network, addr string) string {
	if network != "tcp" {
		return network
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return network
	}
	ip := net.ParseIP(host)
	switch {
	case ip == nil:
		return network
	case ip.To4() != nil && !strings.Contains(host, ":"):
		return "tcp4"
	default:
		return "tcp6"
	}
}

// Addr returns the end-point address.
func (trans netTransport) Addr(ep string) (addr string, err error) {
	switch trans.prot {
	case "tcp", "udp":
		host, port, err := net.SplitHostPort(ep)
		if err != nil {
			return addr, err
		}
		switch port {
		case "0", "*", "":
			port = "0"
		}
		switch host {
		case "", "*":
			host = "0.0.0.0"
		}
		addr = net.JoinHostPort(host, port)
		return addr, err

	case "unix":
		return ep, nil

	default:
		err = fmt.Errorf("zmq4: unknown protocol %q", trans.prot)
	}

	return addr, err
}

var (
	_ Transport = (*netTransport)(nil)
)
