//go:build !unix

package kernel

import "os"

// lockFile does nothing where flock is missing: kernels started at the same moment may then
// share a history session number.
func lockFile(*os.File) (unlock func()) { return func() {} }
