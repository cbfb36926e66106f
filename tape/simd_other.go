//go:build !amd64

package tape

import "unsafe"

// The Go versions of simd_amd64.s's kernels (see simd_amd64.go for what each does).

func biasReluF32(o, b *float32, rows, f int) {
	os, bs := unsafe.Slice(o, rows*f), unsafe.Slice(b, f)
	for i := 0; i < len(os); i += f {
		r := os[i : i+f : i+f]
		for j, v := range bs {
			r[j] = max(r[j]+v, 0)
		}
	}
}

func reluMaskSumF32(gr, o, d, acc *float32, rows, f int) {
	n := rows * f
	gs, os, ds := unsafe.Slice(gr, n), unsafe.Slice(o, n), unsafe.Slice(d, n)
	for i, v := range gs {
		if !(os[i] > 0) {
			v = 0
		}
		ds[i] = v
	}
	if acc != nil {
		addRows(unsafe.Slice(acc, f), ds, f)
	}
}

func poolStepF32(v, best *float32, ai *int32, j, n int) {
	vs, bs, as := unsafe.Slice(v, n), unsafe.Slice(best, n), unsafe.Slice(ai, n)
	for c, e := range vs {
		if e > bs[c] {
			bs[c], as[c] = e, int32(j+c)
		}
	}
}

func blocksF32(dst, src *float32, count, width, dstStride, srcStride int, add bool) {
	if count <= 0 {
		return
	}
	ds := unsafe.Slice(dst, (count-1)*dstStride+width)
	ss := unsafe.Slice(src, (count-1)*srcStride+width)
	for i := range count {
		d, s := ds[i*dstStride:i*dstStride+width], ss[i*srcStride:i*srcStride+width]
		if !add {
			copy(d, s)
			continue
		}
		for j, v := range s {
			d[j] += v
		}
	}
}
