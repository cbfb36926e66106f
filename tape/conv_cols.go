package tape

// im2col and col2im: the patch matrices of a convolution (one image at a time, NHWC) and
// their adjoint, which adds patch rows back into an image.

// im2col writes the patches of image img as rows of cols [oh*ow, kh*kw*c].
func im2col[T float](x []T, g *convGeom, img int, cols []T) {
	x = x[img*g.h*g.w*g.c : (img+1)*g.h*g.w*g.c]
	kc := g.kw * g.c
	if g.stride1Valid() {
		c32, vec := any(cols).([]float32)
		switch {
		case kc <= 4:
			im2colNarrow(x, g, cols)
			return
		case vec && kc%4 == 0:
			im2colBlocks(any(x).([]float32), g, c32)
			return
		}
	}
	row := 0
	for oy := range g.oh {
		for ox := range g.ow {
			dst := cols[row*g.kh*kc : (row+1)*g.kh*kc]
			y0, x0 := oy*g.stride-g.pt, ox*g.stride-g.pl
			for ky := range g.kh {
				y := y0 + ky
				d := dst[ky*kc : (ky+1)*kc]
				if y < 0 || y >= g.h {
					clear(d)
					continue
				}
				if x0 >= 0 && x0+g.kw <= g.w {
					src := x[(y*g.w+x0)*g.c : (y*g.w+x0+g.kw)*g.c]
					if len(d) <= 16 { // few channels: a loop beats memmove's call
						for i, v := range src {
							d[i] = v
						}
					} else {
						copy(d, src)
					}
					continue
				}
				for kx := range g.kw {
					xx := x0 + kx
					e := d[kx*g.c : (kx+1)*g.c]
					if xx < 0 || xx >= g.w {
						clear(e)
					} else {
						copy(e, x[(y*g.w+xx)*g.c:(y*g.w+xx+1)*g.c])
					}
				}
			}
			row++
		}
	}
}

// im2colNarrow is im2col of one image (x) for stride 1 without padding and kernel rows of at
// most 4 values (kw·c ≤ 4: a first layer on one or few channels), where a call of copy per
// kernel row would cost more than the copy: row by row of the image, element by element.
func im2colNarrow[T float](x []T, g *convGeom, cols []T) {
	kc, kk := g.kw*g.c, g.kh*g.kw*g.c
	for oy := range g.oh {
		for ky := range g.kh {
			src := x[(oy+ky)*g.w*g.c : (oy+ky+1)*g.w*g.c]
			dst := cols[oy*g.ow*kk+ky*kc:]
			for ox := range g.ow {
				s, d := src[ox*g.c:ox*g.c+kc], dst[ox*kk:ox*kk+kc]
				switch kc {
				case 4:
					d[0], d[1], d[2], d[3] = s[0], s[1], s[2], s[3]
				case 3:
					d[0], d[1], d[2] = s[0], s[1], s[2]
				default:
					copy(d, s)
				}
			}
		}
	}
}

// im2colBlocks is im2col of one float32 image (x) for stride 1 without padding and kernel
// rows of a multiple of 4 values: for each output row and kernel row, one call of the SSE
// block copy moves the kernel row of every output pixel.
func im2colBlocks(x []float32, g *convGeom, cols []float32) {
	kc, kk := g.kw*g.c, g.kh*g.kw*g.c
	for oy := range g.oh {
		for ky := range g.kh {
			d := cols[oy*g.ow*kk+ky*kc : oy*g.ow*kk+ky*kc+(g.ow-1)*kk+kc]
			s := x[(oy+ky)*g.w*g.c : (oy+ky)*g.w*g.c+(g.ow-1)*g.c+kc]
			blocksF32(&d[0], &s[0], g.ow, kc, kk, g.c, false)
		}
	}
}

// col2im adds the rows of cols back into image img of dx.
func col2im[T float](cols []T, g *convGeom, img int, dx []T) {
	dx = dx[img*g.h*g.w*g.c : (img+1)*g.h*g.w*g.c]
	kc := g.kw * g.c
	row := 0
	for oy := range g.oh {
		for ox := range g.ow {
			src := cols[row*g.kh*kc : (row+1)*g.kh*kc]
			y0, x0 := oy*g.stride-g.pt, ox*g.stride-g.pl
			for ky := range g.kh {
				y := y0 + ky
				if y < 0 || y >= g.h {
					continue
				}
				for kx := range g.kw {
					xx := x0 + kx
					if xx < 0 || xx >= g.w {
						continue
					}
					s := src[(ky*g.kw+kx)*g.c : (ky*g.kw+kx+1)*g.c]
					d := dx[(y*g.w+xx)*g.c : (y*g.w+xx+1)*g.c]
					for i, v := range s {
						d[i] += v
					}
				}
			}
			row++
		}
	}
}
