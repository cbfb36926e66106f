// Package blasthreads lets the BLAS implementation in use tell package tape how to read and
// set its own thread count: tape/openblas sets Get and Set; both stay nil for gonum's pure-Go
// BLAS, which has no threads of its own. It does nothing else.
package blasthreads

// Get returns the BLAS's thread count, Set changes it; nil when the BLAS has none.
var (
	Get func() int
	Set func(n int)
)
