package display

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/vgimg"
)

// Raster is a rendered picture (an image grid); it displays as PNG.
type Raster struct {
	img  image.Image
	desc string
}

// Image returns the picture.
func (r *Raster) Image() image.Image { return r.img }

// PNG encodes the picture.
func (r *Raster) PNG() []byte { return encodePNG(r.img) }

// String is the text/plain form.
func (r *Raster) String() string {
	b := r.img.Bounds()
	return fmt.Sprintf("<%s %dx%d>", r.desc, b.Dx(), b.Dy())
}

// Show displays the picture.
func (r *Raster) Show() { Show(r) }

// MaxGridImages bounds the number of images an image grid draws.
const MaxGridImages = 400

// Image grid geometry (pixels).
const (
	gridCell   = 56 // images smaller than this are magnified (28×28 MNIST digits ×2)
	gridGap    = 6  // space between images
	gridLabelH = 16 // label line under each image
)

// imageGrid draws images laid out as [n, h, w, c] (c 1 or 3) in cols columns with an
// optional label under each; values are scaled to [0,1] from [0,1], [0,255] or their
// min–max range. Grey images use the "binary" map (0 white, 1 black) as in the TF tutorials.
func imageGrid(data []float64, n, h, w, c int, labels []string, cols int) *Raster {
	n = min(n, MaxGridImages)
	if cols <= 0 {
		cols = min(n, 10)
	}
	cols = max(1, min(cols, n))
	rows := (n + cols - 1) / cols
	lo, hi := valueRange(data[:n*h*w*c])
	gridScale := max(1, gridCell/max(h, w)) // each image pixel is gridScale×gridScale pixels
	labelH := 0
	if len(labels) > 0 {
		labelH = gridLabelH
	}
	cw, ch := w*gridScale+gridGap, h*gridScale+labelH+gridGap
	W, H := cols*cw+gridGap, rows*ch+gridGap
	img := image.NewRGBA(image.Rect(0, 0, W, H))
	for i := range img.Pix {
		img.Pix[i] = 0xff
	}
	for k := 0; k < n; k++ {
		ox := gridGap + (k%cols)*cw
		oy := gridGap + (k/cols)*ch
		base := k * h * w * c
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				var col color.RGBA
				p := base + (y*w+x)*c
				if c == 3 {
					col = color.RGBA{unit8(data[p], lo, hi), unit8(data[p+1], lo, hi), unit8(data[p+2], lo, hi), 0xff}
				} else {
					g := 0xff - unit8(data[p], lo, hi)
					col = color.RGBA{g, g, g, 0xff}
				}
				for dy := 0; dy < gridScale; dy++ {
					for dx := 0; dx < gridScale; dx++ {
						img.SetRGBA(ox+x*gridScale+dx, oy+y*gridScale+dy, col)
					}
				}
			}
		}
	}
	if labelH > 0 {
		// 72 DPI: one point is one pixel.
		cv := vgimg.NewWith(vgimg.UseWH(vg.Length(W), vg.Length(H)), vgimg.UseDPI(72),
			vgimg.UseBackgroundColor(color.Transparent))
		face := font.DefaultCache.Lookup(plotFont, 12)
		cv.SetColor(color.Black)
		for k := 0; k < n && k < len(labels); k++ {
			ox := gridGap + (k%cols)*cw
			oy := gridGap + (k/cols)*ch + h*gridScale
			tw := face.Width(labels[k]).Points()
			x := float64(ox) + float64(w*gridScale)/2 - tw/2
			y := float64(H - oy - 13) // canvas y grows upwards; baseline 13px below the image
			cv.FillString(face, vg.Point{X: vg.Length(x), Y: vg.Length(y)}, labels[k])
		}
		draw.Draw(img, img.Bounds(), cv.Image(), image.Point{}, draw.Over)
	}
	return &Raster{img: img, desc: fmt.Sprintf("ImageGrid %d images", n)}
}

func valueRange(data []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, v := range data {
		if finite(v) {
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	switch {
	case lo > hi:
		return 0, 1
	case lo >= 0 && hi <= 1:
		return 0, 1
	case lo >= 0 && hi <= 255:
		return 0, 255
	case lo == hi:
		return lo - 1, hi
	}
	return lo, hi
}

func unit8(v, lo, hi float64) uint8 {
	f := (v - lo) / (hi - lo)
	if !(f >= 0) { // also NaN
		f = 0
	}
	return uint8(math.Round(math.Min(f, 1) * 255))
}

// gridShape interprets an image tensor shape as [n, h, w, c].
func gridShape(shape []int) (n, h, w, c int, err error) {
	switch len(shape) {
	case 2:
		if s := int(math.Round(math.Sqrt(float64(shape[1])))); s*s == shape[1] && shape[1] > 1 {
			return shape[0], s, s, 1, nil // [N, 784]
		}
		return 1, shape[0], shape[1], 1, nil // one [H, W] image
	case 3:
		if shape[2] == 1 || shape[2] == 3 {
			if shape[0] > 4 && shape[1] > 4 { // one [H, W, C] image
				return 1, shape[0], shape[1], shape[2], nil
			}
		}
		return shape[0], shape[1], shape[2], 1, nil
	case 4:
		if shape[3] == 1 || shape[3] == 3 {
			return shape[0], shape[1], shape[2], shape[3], nil
		}
	}
	return 0, 0, 0, 0, fmt.Errorf("display: ImageGrid wants images shaped [N,H,W], [N,H,W,1|3] or [N,H*W], got %v", shape)
}
