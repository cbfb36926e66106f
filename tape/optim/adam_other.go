//go:build !amd64

package optim

// adamStep32 is adamStep for float32 (amd64 has a vector version).
func adamStep32(dst, x, g, m, v []float32, alpha, b1, b2, eps float32) {
	adamStep(dst, x, g, m, v, alpha, b1, b2, eps)
}
