//go:build amd64 || arm64

package interp

// goroutineKey returns a key unique among the live goroutines: the address of the
// calling goroutine's runtime descriptor (goid_*.s). The runtime reuses descriptors of
// goroutines that ended, so a key names one goroutine only while it lives.
func goroutineKey() uintptr
