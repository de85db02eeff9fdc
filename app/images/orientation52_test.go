package images

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"os"
	"testing"
)

// tiffWithOrientation is the TIFF data of an EXIF block (little-endian,
// as many phones write it) whose one tag is orientation o.
func tiffWithOrientation(o int) []byte {
	var t bytes.Buffer
	le := binary.LittleEndian
	t.WriteString("II")
	_ = binary.Write(&t, le, uint16(42))
	_ = binary.Write(&t, le, uint32(8))
	_ = binary.Write(&t, le, uint16(1))
	_ = binary.Write(&t, le, uint16(0x0112))
	_ = binary.Write(&t, le, uint16(3))
	_ = binary.Write(&t, le, uint32(1))
	_ = binary.Write(&t, le, uint16(o))
	_ = binary.Write(&t, le, uint16(0))
	_ = binary.Write(&t, le, uint32(0))
	return t.Bytes()
}

// webpWithOrientation wraps testdata's 150×100 simple WebP in the
// extended format a phone writes: a VP8X chunk saying it has EXIF, the
// image, then an EXIF chunk (with JPEG's "Exif\0\0" before it when
// prefixed) holding orientation o.
func webpWithOrientation(t *testing.T, o int, prefixed bool) []byte {
	t.Helper()
	src, err := os.ReadFile("testdata/blue-purple-pink.lossy.webp")
	if err != nil {
		t.Fatal(err)
	}
	chunk := func(b *bytes.Buffer, id string, d []byte) {
		b.WriteString(id)
		_ = binary.Write(b, binary.LittleEndian, uint32(len(d)))
		b.Write(d)
		if len(d)%2 == 1 {
			b.WriteByte(0)
		}
	}
	var body bytes.Buffer
	body.WriteString("WEBP")
	x := make([]byte, 10)
	x[0] = 0x08 // EXIF
	w, h := 150-1, 100-1
	x[4], x[5], x[6] = byte(w), byte(w>>8), byte(w>>16)
	x[7], x[8], x[9] = byte(h), byte(h>>8), byte(h>>16)
	chunk(&body, "VP8X", x)
	body.Write(src[12:])
	exif := tiffWithOrientation(o)
	if prefixed {
		exif = append([]byte("Exif\x00\x00"), exif...)
	}
	chunk(&body, "EXIF", exif)
	var out bytes.Buffer
	out.WriteString("RIFF")
	_ = binary.Write(&out, binary.LittleEndian, uint32(body.Len()))
	out.Write(body.Bytes())
	return out.Bytes()
}

// pngWithOrientation is a 60×20 PNG, red on its left third, with an eXIf
// chunk of orientation o after its header.
func pngWithOrientation(t *testing.T, o int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 60, 20))
	for y := 0; y < 20; y++ {
		for x := 0; x < 60; x++ {
			c := color.RGBA{20, 20, 220, 255}
			if x < 20 {
				c = color.RGBA{220, 20, 20, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	raw := b.Bytes()
	ihdrEnd := 8 + 8 + 13 + 4
	data := tiffWithOrientation(o)
	var c bytes.Buffer
	_ = binary.Write(&c, binary.BigEndian, uint32(len(data)))
	c.WriteString("eXIf")
	c.Write(data)
	_ = binary.Write(&c, binary.BigEndian, crc32.ChecksumIEEE(append([]byte("eXIf"), data...)))
	return append(append(append([]byte{}, raw[:ihdrEnd]...), c.Bytes()...), raw[ihdrEnd:]...)
}

// A phone's WebP or PNG turned by EXIF is stored upright, as its JPEG is.
func TestSave52WebPAndPNGStandUpright(t *testing.T) {
	d := Dir{Path: t.TempDir()}
	for _, c := range []struct {
		name string
		data []byte
		w, h int
	}{
		{"webp, orientation 6", webpWithOrientation(t, 6, false), 100, 150},
		{"webp, orientation 8, Exif prefix", webpWithOrientation(t, 8, true), 100, 150},
		{"webp, orientation 3", webpWithOrientation(t, 3, false), 150, 100},
		{"webp, orientation 1", webpWithOrientation(t, 1, false), 150, 100},
		{"png, orientation 6", pngWithOrientation(t, 6), 20, 60},
		{"png, orientation 1", pngWithOrientation(t, 1), 60, 20},
	} {
		img, err := d.Save("images", c.data)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if img.Width != c.w || img.Height != c.h {
			t.Errorf("%s: stored %d×%d, want %d×%d", c.name, img.Width, img.Height, c.w, c.h)
		}
	}
	// Turned a quarter clockwise (6), the PNG's red left third is its top.
	img, err := d.Save("images", pngWithOrientation(t, 6))
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(d.Path + "/" + img.File)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pic, _, err := image.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if r, g, b, _ := pic.At(10, 5).RGBA(); r>>8 < 200 || g>>8 > 60 || b>>8 > 60 {
		t.Errorf("the top of the turned PNG is %d,%d,%d, want red", r>>8, g>>8, b>>8)
	}
	if r, _, b, _ := pic.At(10, 55).RGBA(); b>>8 < 200 || r>>8 > 60 {
		t.Errorf("the bottom of the turned PNG is not blue")
	}
}

// Chunks that lie (a length past the file's end, a file of empty chunks)
// cost a bounded walk and say no orientation.
func TestContainerOrientationWalksBounded(t *testing.T) {
	riff := func(chunks ...[]byte) []byte {
		var b bytes.Buffer
		b.WriteString("RIFF\x00\x00\x00\x00WEBP")
		for _, c := range chunks {
			b.Write(c)
		}
		return b.Bytes()
	}
	huge := append([]byte("EXIF"), 0xff, 0xff, 0xff, 0x7f)
	empty := []byte("JUNK\x00\x00\x00\x00")
	many := make([][]byte, maxChunks+1)
	for i := range many {
		many[i] = empty
	}
	many = append(many, append([]byte("EXIF\x1a\x00\x00\x00"), tiffWithOrientation(6)...))
	for _, c := range []struct {
		name string
		data []byte
		want int
	}{
		{"EXIF longer than the file", riff(huge), 1},
		{"EXIF past the chunks read", riff(many...), 1},
		{"EXIF in reach", riff(empty, append([]byte("EXIF\x1a\x00\x00\x00"), tiffWithOrientation(6)...)), 6},
		{"not RIFF", []byte("GIF89a........"), 1},
	} {
		if got := containerOrientation("webp", bytes.NewReader(c.data), int64(len(c.data))); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}
