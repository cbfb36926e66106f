//go:build !unix

package lifeline

// alive cannot tell without the Unix signal 0: a process is assumed alive.
func alive(int) bool { return true }
