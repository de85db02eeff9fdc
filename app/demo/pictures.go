package demo

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
)

// The demo draws its own pictures, so it needs no files and no network.

// dress draws a simple dress silhouette on a soft background.
func dress(body, accent, bg color.RGBA, pattern int) []byte {
	const w, h = 480, 640
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, bg)
		}
	}
	cx := float64(w) / 2
	for y := 60; y < 600; y++ {
		fy := float64(y)
		var half float64
		switch {
		case y < 110: // straps
			for _, sx := range []float64{cx - 55, cx + 55} {
				for x := int(sx - 8); x < int(sx+8); x++ {
					img.Set(x, y, body)
				}
			}
			continue
		case y < 260: // bodice, narrowing to the waist
			half = 75 - (fy-110)*0.15
		default: // skirt, flaring out
			half = 52 + (fy-260)*0.55
		}
		for x := int(cx - half); x < int(cx+half); x++ {
			c := body
			switch pattern {
			case 1: // polka dots
				if math.Mod(float64(x), 36) < 12 && math.Mod(fy, 36) < 12 {
					c = accent
				}
			case 2: // stripes
				if int(fy/24)%2 == 0 && y > 260 {
					c = accent
				}
			case 3: // a belt and a hem
				if (y > 250 && y < 272) || y > 570 {
					c = accent
				}
			}
			img.Set(x, y, c)
		}
	}
	return encode(img)
}

// washer draws a front-loading washing machine, for the Haier cover.
func washer() []byte {
	const w, h = 960, 540
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	bg := color.RGBA{232, 240, 248, 255}
	shell := color.RGBA{250, 250, 252, 255}
	rim := color.RGBA{150, 160, 175, 255}
	glass := color.RGBA{120, 170, 215, 255}
	water := color.RGBA{70, 130, 200, 255}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := bg
			if x > 330 && x < 630 && y > 60 && y < 500 {
				c = shell
				if y < 120 {
					c = color.RGBA{225, 230, 238, 255}
				}
			}
			d := math.Hypot(float64(x-480), float64(y-300))
			switch {
			case d < 95 && y > 300:
				c = water
			case d < 95:
				c = glass
			case d < 115 && x > 330 && x < 630:
				c = rim
			}
			img.Set(x, y, c)
		}
	}
	return encode(img)
}

func encode(img image.Image) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		panic(err) // an in-memory image into a buffer: cannot fail
	}
	return b.Bytes()
}

func rgb(r, g, b uint8) color.RGBA { return color.RGBA{r, g, b, 255} }

// fridge draws a two-door fridge with a green crisper drawer, for the
// finished Haier challenge's cover.
func fridge() []byte {
	const w, h = 960, 540
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := rgb(236, 246, 238)
			if x > 380 && x < 580 && y > 40 && y < 510 {
				c = rgb(250, 250, 252)
				switch {
				case y > 205 && y < 212: // the line between the doors
					c = rgb(190, 196, 205)
				case x > 545 && x < 556 && (y > 90 && y < 170 || y > 240 && y < 320): // handles
					c = rgb(160, 168, 180)
				case x > 400 && x < 560 && y > 420 && y < 490: // the crisper drawer
					c = rgb(120, 190, 130)
				}
			}
			img.Set(x, y, c)
		}
	}
	return encode(img)
}

// airConditioner draws a wall unit blowing a soft breeze over a night
// sky, for the Haier challenge being judged.
func airConditioner() []byte {
	const w, h = 960, 540
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := rgb(30, 42, 78) // the night
			switch {
			case x > 230 && x < 730 && y > 120 && y < 250: // the unit
				c = rgb(246, 247, 250)
				if y > 215 && y < 228 && x > 260 && x < 700 { // its vent
					c = rgb(170, 178, 192)
				}
				if x > 680 && x < 700 && y > 140 && y < 160 { // its sleep light
					c = rgb(120, 200, 255)
				}
			case y > 270 && y < 470 && (y-270+x/24)%40 < 4 && x > 260 && x < 700: // the breeze
				c = rgb(120, 160, 220)
			}
			img.Set(x, y, c)
		}
	}
	return encode(img)
}
