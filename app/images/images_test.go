package images

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"cocreate/app/domain"
)

func encodePNG(t *testing.T, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		img.Set(x, x%h, color.RGBA{200, 30, 30, 255})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestSave(t *testing.T) {
	d := Dir{Path: t.TempDir()}
	img, err := d.Save("images", encodePNG(t, 3200, 800))
	if err != nil {
		t.Fatal(err)
	}
	if img.Width != MaxSide || img.Height != 400 {
		t.Errorf("scaled to %dx%d, want %dx400", img.Width, img.Height, MaxSide)
	}
	if !ValidName(img.File) {
		t.Errorf("name %q is not a valid stored name", img.File)
	}
	f, err := os.Open(filepath.Join(d.Path, img.File))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, format, err := image.DecodeConfig(f); err != nil || format != "png" {
		t.Errorf("stored file format %q, %v", format, err)
	}
}

func TestSaveJPEGDropsMetadata(t *testing.T) {
	var b bytes.Buffer
	jpeg.Encode(&b, image.NewRGBA(image.Rect(0, 0, 40, 30)), nil)
	// Splice an EXIF APP1 segment with a recognisable marker after SOI.
	exif := append([]byte{0xFF, 0xE1, 0x00, 0x12}, []byte("Exif\x00\x00GPS-SECRET")...)
	data := append(append([]byte{0xFF, 0xD8}, exif...), b.Bytes()[2:]...)
	d := Dir{Path: t.TempDir()}
	img, err := d.Save("images", data)
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := os.ReadFile(filepath.Join(d.Path, img.File))
	if bytes.Contains(stored, []byte("GPS-SECRET")) {
		t.Error("re-encoded image still carries the EXIF segment")
	}
}

func TestSaveRefuses(t *testing.T) {
	d := Dir{Path: t.TempDir()}
	for _, tc := range []struct {
		name string
		data []byte
		kind domain.ErrKind
	}{
		{"text", []byte("hello, not an image"), domain.KindInvalid},
		{"svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>`), domain.KindInvalid},
		{"truncated png", encodePNG(t, 50, 50)[:60], domain.KindInvalid},
		{"too large", make([]byte, MaxBytes+1), domain.KindTooLarge},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := d.Save("images", tc.data)
			e := domain.AsError(err)
			if e == nil || e.Kind != tc.kind || e.Field != "images" {
				t.Fatalf("Save = %v, want a %v error on field images", err, tc.kind)
			}
		})
	}
	entries, _ := os.ReadDir(d.Path)
	if len(entries) != 0 {
		t.Errorf("refused uploads left %d files behind", len(entries))
	}
}
