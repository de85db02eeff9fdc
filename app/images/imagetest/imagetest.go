// Package imagetest makes the pictures tests upload: phone-shaped JPEGs
// with an EXIF orientation, and large PNGs written row by row (so that a
// test can send a 6324×6324 16-bit PNG without holding its pixels).
package imagetest

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
)

// Corner colours of Quadrants: top-left, top-right, bottom-left, bottom-right.
var (
	Red    = color.RGBA{220, 20, 20, 255}
	Green  = color.RGBA{20, 200, 20, 255}
	Blue   = color.RGBA{20, 20, 220, 255}
	Yellow = color.RGBA{230, 220, 20, 255}
)

// Quadrants is a w×h picture whose four quarters have the four colours
// above, as a 4:2:0 YCbCr image (what a camera's JPEG decodes to).
func Quadrants(w, h int) *image.YCbCr {
	img := image.NewYCbCr(image.Rect(0, 0, w, h), image.YCbCrSubsampleRatio420)
	colours := [4]color.YCbCr{}
	for i, c := range []color.RGBA{Red, Green, Blue, Yellow} {
		y, cb, cr := color.RGBToYCbCr(c.R, c.G, c.B)
		colours[i] = color.YCbCr{Y: y, Cb: cb, Cr: cr}
	}
	at := func(x, y int) color.YCbCr {
		i := 0
		if x >= w/2 {
			i++
		}
		if y >= h/2 {
			i += 2
		}
		return colours[i]
	}
	for y := 0; y < h; y++ {
		row := img.Y[y*img.YStride:]
		for x := 0; x < w; x++ {
			row[x] = at(x, y).Y
		}
	}
	for y := 0; y < (h+1)/2; y++ {
		for x := 0; x < (w+1)/2; x++ {
			c := at(2*x, 2*y)
			img.Cb[y*img.CStride+x] = c.Cb
			img.Cr[y*img.CStride+x] = c.Cr
		}
	}
	return img
}

// JPEG encodes img as a baseline JPEG of quality q.
func JPEG(img image.Image, q int) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: q}); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// WithOrientation inserts, after the SOI marker of a JPEG, an EXIF APP1
// segment (big-endian, as many cameras write it) whose IFD0 holds the
// orientation tag o and a make tag, like a phone's.
func WithOrientation(jpg []byte, o int) []byte {
	var t bytes.Buffer
	be := binary.BigEndian
	t.WriteString("MM")
	binary.Write(&t, be, uint16(42))
	binary.Write(&t, be, uint32(8))
	binary.Write(&t, be, uint16(2)) // two entries
	// Make (ASCII, 6 bytes, stored after the IFD)
	binary.Write(&t, be, uint16(0x010F))
	binary.Write(&t, be, uint16(2))
	binary.Write(&t, be, uint32(6))
	binary.Write(&t, be, uint32(8+2+2*12+4))
	// Orientation (SHORT)
	binary.Write(&t, be, uint16(0x0112))
	binary.Write(&t, be, uint16(3))
	binary.Write(&t, be, uint32(1))
	binary.Write(&t, be, uint16(o))
	binary.Write(&t, be, uint16(0))
	binary.Write(&t, be, uint32(0)) // no next IFD
	t.WriteString("Phone\x00")
	seg := append([]byte("Exif\x00\x00"), t.Bytes()...)
	out := []byte{0xFF, 0xD8, 0xFF, 0xE1, byte((len(seg) + 2) >> 8), byte(len(seg) + 2)}
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// PNG writes a w×h PNG row by row: 16-bit RGBA when deep, else 8-bit RGBA,
// with a faint diagonal so that rows differ. Its pixels are never held.
func PNG(w, h int, deep bool) []byte {
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(kind string, data []byte) {
		binary.Write(&out, binary.BigEndian, uint32(len(data)))
		c := crc32.NewIEEE()
		c.Write([]byte(kind))
		c.Write(data)
		out.WriteString(kind)
		out.Write(data)
		binary.Write(&out, binary.BigEndian, c.Sum32())
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr, uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	bpp := 4
	ihdr[8] = 8
	if deep {
		ihdr[8], bpp = 16, 8
	}
	ihdr[9] = 6 // RGBA
	chunk("IHDR", ihdr)
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	row := make([]byte, 1+w*bpp)
	for y := 0; y < h; y++ {
		clear(row)
		x := y % w
		for k := 0; k < bpp; k++ {
			row[1+x*bpp+k] = 0xFF
		}
		zw.Write(row)
	}
	zw.Close()
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return out.Bytes()
}
