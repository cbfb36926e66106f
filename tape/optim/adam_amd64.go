package optim

// The float32 Adam kernel in assembly (adam_amd64.s): eight lanes with AVX, else four with
// SSE2 (always present on amd64). Both are bit-identical to adamLoop.

//go:noescape
func adamSSE(dst, xs, gs, ms, vs *float32, n int, alpha, c1, c2, eps float32)

//go:noescape
func adamAVX(dst, xs, gs, ms, vs *float32, n int, alpha, c1, c2, eps float32)

func hasAVX() bool

var useAVX = hasAVX()

// adamStep32 is adamStep for float32, bit-identical, with the vector kernel on the bulk.
func adamStep32(dst, x, g, m, v []float32, alpha, b1, b2, eps float32) {
	n := len(dst)
	x, g, m, v = x[:n], g[:n], m[:n], v[:n]
	c1, c2 := float32(1-b1), float32(1-b2)
	k := n &^ 3
	if useAVX {
		k = n &^ 7
	}
	if k > 0 {
		if useAVX {
			adamAVX(&dst[0], &x[0], &g[0], &m[0], &v[0], k, alpha, c1, c2, eps)
		} else {
			adamSSE(&dst[0], &x[0], &g[0], &m[0], &v[0], k, alpha, c1, c2, eps)
		}
	}
	adamLoop(dst[k:], x[k:], g[k:], m[k:], v[k:], alpha, c1, c2, eps)
}
