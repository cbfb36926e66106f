package tape

import "math"

// The element loops of the convolutions: bias and ReLU on a GEMM's output, the ReLU's
// gradient mask, and col2im's row sums. Their float32 cases run the SSE kernels of
// simd_amd64.s (Go loops on other architectures) when the channel count suits them.

// biasAct adds bias (length f, may be nil) to every row of o and applies ReLU if relu.
func biasAct[T float](o, bias []T, relu bool, f int) {
	switch {
	case bias != nil && relu:
		bias = bias[:f]
		if o32, ok := any(o).([]float32); ok && f%4 == 0 && len(o) >= f {
			biasReluF32(&o32[0], &any(bias).([]float32)[0], len(o)/f, f)
			return
		}
		for i := 0; i+f <= len(o); i += f {
			r := o[i : i+f : i+f]
			for j, b := range bias {
				r[j] = max(r[j]+b, 0)
			}
		}
	case bias != nil:
		bias = bias[:f]
		for i := 0; i+f <= len(o); i += f {
			r := o[i : i+f : i+f]
			for j, b := range bias {
				r[j] += b
			}
		}
	case relu:
		for i, v := range o {
			o[i] = max(v, 0)
		}
	}
}

// reluMaskSum writes d = g where o > 0, else 0 (rows of length f), and adds every row of d
// to acc when acc is not nil.
func reluMaskSum[T float](g, o, d, acc []T, f int) {
	if g32, ok := any(g).([]float32); ok && f%4 == 0 && len(g) >= f {
		o32, d32 := any(o).([]float32)[:len(g)], any(d).([]float32)[:len(g)]
		var a *float32
		if acc != nil {
			a = &any(acc).([]float32)[:f][0]
		}
		reluMaskSumF32(&g32[0], &o32[0], &d32[0], a, len(g)/f, f)
		return
	}
	if acc == nil {
		reluMask(g, o, d)
		return
	}
	acc = acc[:f]
	for i := 0; i+f <= len(g); i += f {
		dr := d[i : i+f : i+f]
		reluMask(g[i:i+f:i+f], o[i:i+f:i+f], dr)
		for j, v := range dr {
			acc[j] += v
		}
	}
}

// reluMask writes d = g where o > 0, else 0 (o is ReLU's output, so o > 0 exactly where
// its input was). The test is integer arithmetic on o's bits, without branches (random signs
// defeat branch prediction): o > 0 exactly when 1 ≤ bits(o) ≤ bits(+Inf).
func reluMask[T float](g, o, d []T) {
	switch gs := any(g).(type) {
	case []float32:
		os, ds := any(o).([]float32), any(d).([]float32)
		os, ds = os[:len(gs)], ds[:len(gs)]
		for i, gv := range gs {
			b := int64(math.Float32bits(os[i])) - 1
			m := ^(b >> 63) & ((b - 0x7F800000) >> 63)
			ds[i] = math.Float32frombits(math.Float32bits(gv) & uint32(m))
		}
	case []float64:
		os, ds := any(o).([]float64), any(d).([]float64)
		os, ds = os[:len(gs)], ds[:len(gs)]
		for i, gv := range gs {
			b := int64(math.Float64bits(os[i]))
			m := (-b >> 63) & ((b - 0x7FF0000000000001) >> 63)
			ds[i] = math.Float64frombits(math.Float64bits(gv) & uint64(m))
		}
	}
}

// addRows adds every row (length f) of v to acc.
func addRows[T float](acc, v []T, f int) {
	acc = acc[:f]
	for i := 0; i+f <= len(v); i += f {
		r := v[i : i+f : i+f]
		for j := range acc {
			acc[j] += r[j]
		}
	}
}

// col2imValid adds the rows of cols back into image img of dx, for stride 1 without padding
// (g.stride1Valid()): each kernel row of a patch is kw·c contiguous values.
func col2imValid[T float](cols []T, g *convGeom, img int, dx []T) {
	kc := g.kw * g.c
	dx = dx[img*g.h*g.w*g.c : (img+1)*g.h*g.w*g.c]
	if c32, ok := any(cols).([]float32); ok && g.c%4 == 0 {
		col2imBlocks(c32, g, any(dx).([]float32))
		return
	}
	r := 0
	for oy := range g.oh {
		for ox := range g.ow {
			src := cols[r*g.kh*kc : (r+1)*g.kh*kc]
			for ky := range g.kh {
				s := src[ky*kc : (ky+1)*kc]
				d := dx[((oy+ky)*g.w+ox)*g.c:]
				d = d[:len(s)]
				for i, v := range s {
					d[i] += v
				}
			}
			r++
		}
	}
}

// col2imBlocks is col2imValid of one float32 image (dx) with a multiple of 4 channels: for
// each output row and kernel position, one call of the SSE block add sums the patch values of
// every output pixel of the row into a contiguous run of the image row.
func col2imBlocks(cols []float32, g *convGeom, dx []float32) {
	kk, c := g.kh*g.kw*g.c, g.c
	for oy := range g.oh {
		for ky := range g.kh {
			for kx := range g.kw {
				d := dx[((oy+ky)*g.w+kx)*c : ((oy+ky)*g.w+kx+g.ow)*c]
				so := oy*g.ow*kk + (ky*g.kw+kx)*c
				s := cols[so : so+(g.ow-1)*kk+c]
				blocksF32(&d[0], &s[0], g.ow, c, c, kk, true)
			}
		}
	}
}
