package images

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"cocreate/app/domain"
)

// fzSeeds are small real images of each accepted format, and some that must
// be refused, for the fuzzer to start from.
func fzSeeds() [][]byte {
	img := image.NewRGBA(image.Rect(0, 0, 3, 2))
	img.Set(1, 1, color.RGBA{200, 30, 30, 255})
	var p, j, g bytes.Buffer
	png.Encode(&p, img)
	jpeg.Encode(&j, img, nil)
	gif.Encode(&g, img, nil)
	// The smallest lossless WebP: one pixel.
	webp := []byte("RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00")
	return [][]byte{p.Bytes(), j.Bytes(), g.Bytes(), webp,
		[]byte(`<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>`),
		p.Bytes()[:len(p.Bytes())/2]}
}

// FuzzSave hands arbitrary bytes to Dir.Save, as an upload would. It must
// never panic; what it accepts must be stored under a valid name as a file
// that decodes again as an image of the size it reports; what it refuses
// must be a *domain.Error naming the form field, and leave no file behind.
func FuzzSave(f *testing.F) {
	for _, s := range fzSeeds() {
		f.Add(s)
	}
	dir := Dir{Path: f.TempDir()}
	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := dir.Save("images", data)
		if err != nil {
			e, ok := err.(*domain.Error)
			if !ok {
				t.Fatalf("refusal %T %v is not a *domain.Error", err, err)
			}
			if e.Field != "images" || (e.Kind != domain.KindInvalid && e.Kind != domain.KindTooLarge) {
				t.Fatalf("refusal %+v: want an invalid or too-large error on field images", e)
			}
			if left, _ := os.ReadDir(dir.Path); len(left) != 0 {
				t.Fatalf("a refused image left %d file(s) behind", len(left))
			}
			return
		}
		path := filepath.Join(dir.Path, img.File)
		defer dir.Delete(img) // no row names it: deleted at once, the directory left empty
		if !ValidName(img.File) {
			t.Fatalf("stored under %q, not a name Save could have made", img.File)
		}
		stored, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		back, format, err := image.Decode(bytes.NewReader(stored))
		if err != nil {
			t.Fatalf("the stored file does not decode: %v", err)
		}
		if b := back.Bounds(); b.Dx() != img.Width || b.Dy() != img.Height || img.Width < 1 || img.Height < 1 || img.Width > MaxSide || img.Height > MaxSide {
			t.Fatalf("stored %dx%d %s, reported %dx%d", b.Dx(), b.Dy(), format, img.Width, img.Height)
		}
		if want := map[string]string{".png": "png", ".jpg": "jpeg"}[filepath.Ext(img.File)]; format != want {
			t.Fatalf("%s holds %s", img.File, format)
		}
	})
}

// The first four seeds are real images of the four accepted formats, so
// that the fuzzer starts from inputs that reach decoding and re-encoding.
func TestFuzzSeedsAreAcceptedImages(t *testing.T) {
	dir := Dir{Path: t.TempDir()}
	for i, s := range fzSeeds()[:4] {
		if _, err := dir.Save("images", s); err != nil {
			t.Errorf("seed %d refused: %v", i, err)
		}
	}
}

// emptyFrameGIF is a GIF whose header says 1×1 but whose only frame is 1
// pixel wide and 0 tall. The fuzzer found the first such file
// (testdata/fuzz/FuzzSave/crasher-gif-empty-frame); this is the smallest.
var emptyFrameGIF = []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff" +
	",\x00\x00\x00\x00\x01\x00\x00\x00\x00" + "\x02\x01\x2c\x00" + ";")

// A GIF whose header promises pixels its only frame does not have is
// refused on its field, never a plain error (which would be a 500).
func TestSaveRefusesAGIFWithAnEmptyFrame(t *testing.T) {
	_, err := Dir{Path: t.TempDir()}.Save("images", emptyFrameGIF)
	if e, ok := err.(*domain.Error); !ok || e.Field != "images" || e.Kind != domain.KindInvalid {
		t.Fatalf("Save(GIF with an empty frame) = %T %v, want an invalid-image error on images", err, err)
	}
}
