//go:build ignore

// genlogo draws the kernel logo (a gopher-blue face with big eyes above a strip of
// tape) and writes logo-32x32.png and logo-64x64.png. Run: go generate ./install
package main

import (
	"image"
	"image/color"
	"image/png"
	"log"
	"math"
	"os"
)

func main() {
	for _, n := range []int{32, 64} {
		if err := write(n); err != nil {
			log.Fatal(err)
		}
	}
}

func write(n int) error {
	img := image.NewNRGBA(image.Rect(0, 0, n, n))
	blue := color.NRGBA{0x00, 0xAD, 0xD8, 0xFF}
	dark := color.NRGBA{0x1B, 0x3A, 0x4B, 0xFF}
	tape := color.NRGBA{0xE8, 0xA3, 0x3D, 0xFF}
	s := float64(n) / 64
	const ss = 4 // supersampling
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					px := (float64(x) + (float64(sx)+0.5)/ss) / s
					py := (float64(y) + (float64(sy)+0.5)/ss) / s
					c, ok := shade(px, py, blue, dark, tape)
					if !ok {
						continue
					}
					r += float64(c.R)
					g += float64(c.G)
					b += float64(c.B)
					a += 255
				}
			}
			if a == 0 {
				continue
			}
			k := a / 255
			img.SetNRGBA(x, y, color.NRGBA{uint8(r / k), uint8(g / k), uint8(b / k), uint8(a / ss / ss)})
		}
	}
	f, err := os.Create(map[int]string{32: "logo-32x32.png", 64: "logo-64x64.png"}[n])
	if err != nil {
		return err
	}
	defer f.Close()
	return png.Encode(f, img)
}

// shade returns the colour at (x, y) in a 64×64 design, ok=false for transparent.
func shade(x, y float64, blue, dark, tape color.NRGBA) (color.NRGBA, bool) {
	in := func(cx, cy, r float64) bool { return math.Hypot(x-cx, y-cy) <= r }
	white := color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
	// tape strip with two reels
	if y >= 46 && y <= 58 && x >= 4 && x <= 60 {
		if in(18, 52, 4) || in(46, 52, 4) {
			if in(18, 52, 1.6) || in(46, 52, 1.6) {
				return tape, true
			}
			return dark, true
		}
		return tape, true
	}
	switch {
	case in(20, 20, 9) || in(44, 20, 9): // eyes
		if in(23, 21, 3.5) || in(47, 21, 3.5) {
			return dark, true
		}
		return white, true
	case in(10, 8, 5) || in(54, 8, 5): // ears
		return blue, true
	case y >= 8 && y <= 46 && x >= 8 && x <= 56 && (y >= 20 || in(32, 26, 24)): // head
		if in(32, 34, 3) { // nose
			return dark, true
		}
		return blue, true
	}
	return color.NRGBA{}, false
}
