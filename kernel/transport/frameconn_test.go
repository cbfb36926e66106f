package transport

import (
	"bytes"
	"net"
	"testing"
)

// recConn records each write that reaches the socket.
type recConn struct {
	net.Conn
	writes [][]byte
}

func (r *recConn) Write(b []byte) (int, error) {
	r.writes = append(r.writes, append([]byte(nil), b...))
	return len(b), nil
}

// TestFrameConnCoalesces: the frames of a message (header and body writes, as zmq4 sends
// them) reach the socket as one write when the last frame is complete; the greeting,
// commands and their bodies go out as they come, and the byte stream is unchanged.
func TestFrameConnCoalesces(t *testing.T) {
	long := bytes.Repeat([]byte("x"), 300)
	in := [][]byte{
		append([]byte{0xff}, make([]byte, 63)...), // greeting
		{frameCommand, 5}, []byte("READY"),        // command
		{frameMore, 0}, {}, // delimiter frame
		{frameMore, 3}, []byte("abc"),
		{frameLong, 0, 0, 0, 0, 0, 0, 1, 44}, long, // last frame, long header
		{0, 2}, []byte("hi"), // a one-frame message
	}
	r := &recConn{}
	c := &frameConn{Conn: r}
	var all []byte
	for _, b := range in {
		if n, err := c.Write(b); err != nil || n != len(b) {
			t.Fatalf("Write(%d bytes) = %d, %v", len(b), n, err)
		}
		all = append(all, b...)
	}
	if got := bytes.Join(r.writes, nil); !bytes.Equal(got, all) {
		t.Fatalf("the byte stream changed")
	}
	var sizes []int
	for _, w := range r.writes {
		sizes = append(sizes, len(w))
	}
	want := []int{64, 2, 5, 2 + 0 + 2 + 3 + 9 + 300, 2 + 2}
	if len(sizes) != len(want) {
		t.Fatalf("writes of %v bytes, want %v", sizes, want)
	}
	for i := range want {
		if sizes[i] != want[i] {
			t.Fatalf("writes of %v bytes, want %v", sizes, want)
		}
	}
}
