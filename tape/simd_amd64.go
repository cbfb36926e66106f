package tape

// SSE kernels for the float32 element loops of the convolutions (simd_amd64.s); the
// float64 paths and other architectures run the Go loops (simd_other.go has the same
// functions in Go).

// biasReluF32 sets o[r*f+j] = max(o[r*f+j]+b[j], 0) for r < rows, j < f (f a multiple of 4).
//
//go:noescape
func biasReluF32(o, b *float32, rows, f int)

// reluMaskSumF32 writes d = gr where o > 0, else 0, in rows of f values (f a multiple of 4),
// and adds every row of d to acc unless acc is nil.
//
//go:noescape
func reluMaskSumF32(gr, o, d, acc *float32, rows, f int)

// poolStepF32 sets best[c], ai[c] = v[c], j+c where v[c] > best[c], for c < n (a multiple of 4).
//
//go:noescape
func poolStepF32(v, best *float32, ai *int32, j, n int)

// blocksF32 copies (add false) or adds (add true) count blocks of width values (a multiple
// of 4) of src to dst, the blocks dstStride and srcStride values apart.
//
//go:noescape
func blocksF32(dst, src *float32, count, width, dstStride, srcStride int, add bool)
