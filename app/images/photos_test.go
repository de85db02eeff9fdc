package images

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/images/imagetest"
)

// stored decodes a file Save wrote.
func stored(t *testing.T, d Dir, name string) image.Image {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(d.Path, name))
	if err != nil {
		t.Fatal(err)
	}
	img, _, err := image.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func near(a color.Color, b color.RGBA) bool {
	r, g, bl, _ := a.RGBA()
	d := func(x uint32, y uint8) int { v := int(x>>8) - int(y); return v * v }
	return d(r, b.R)+d(g, b.G)+d(bl, b.B) < 3*40*40
}

// Each EXIF orientation is applied: the stored picture is the one a photo
// viewer shows, checked by its four corners' colours. The camera stored a
// landscape 1000×500 picture whose quarters are red, green / blue, yellow.
func TestSaveAppliesEachOrientation(t *testing.T) {
	const W, H = 1000, 500
	raw := imagetest.JPEG(imagetest.Quadrants(W, H), 90)
	R, G, B, Y := imagetest.Red, imagetest.Green, imagetest.Blue, imagetest.Yellow
	// What a viewer shows in its top-left, top-right, bottom-left and
	// bottom-right corners (the EXIF specification's drawings of "F").
	for _, tc := range []struct {
		o        int
		portrait bool
		corners  [4]color.RGBA
	}{
		{1, false, [4]color.RGBA{R, G, B, Y}},
		{2, false, [4]color.RGBA{G, R, Y, B}}, // mirrored
		{3, false, [4]color.RGBA{Y, B, G, R}}, // upside down
		{4, false, [4]color.RGBA{B, Y, R, G}}, // mirrored upside down
		{5, true, [4]color.RGBA{R, B, G, Y}},  // mirrored, turned
		{6, true, [4]color.RGBA{B, R, Y, G}},  // held upright: turned clockwise
		{7, true, [4]color.RGBA{Y, G, B, R}},
		{8, true, [4]color.RGBA{G, Y, R, B}}, // turned anticlockwise
	} {
		d := Dir{Path: t.TempDir()}
		img, err := d.Save("images", imagetest.WithOrientation(raw, tc.o))
		if err != nil {
			t.Fatalf("orientation %d: %v", tc.o, err)
		}
		w, h := W, H
		if tc.portrait {
			w, h = H, W
		}
		if img.Width != w || img.Height != h {
			t.Errorf("orientation %d: stored %d×%d, want %d×%d", tc.o, img.Width, img.Height, w, h)
			continue
		}
		got := stored(t, d, img.File)
		if b := got.Bounds(); b.Dx() != w || b.Dy() != h {
			t.Fatalf("orientation %d: file is %v", tc.o, b)
		}
		at := [4]image.Point{{w / 4, h / 4}, {3 * w / 4, h / 4}, {w / 4, 3 * h / 4}, {3 * w / 4, 3 * h / 4}}
		for i, p := range at {
			if c := got.At(p.X, p.Y); !near(c, tc.corners[i]) {
				t.Errorf("orientation %d: corner %d at %v is %v, want %v", tc.o, i, p, c, tc.corners[i])
			}
		}
		// The smaller copies are upright too.
		small := stored(t, d, VariantName(img.File, 400))
		if b := small.Bounds(); b.Dx() != 400 || b.Dy() != 400*h/w {
			t.Errorf("orientation %d: 400 px copy is %v", tc.o, b)
		}
		if c := small.At(10, 10); !near(c, tc.corners[0]) {
			t.Errorf("orientation %d: 400 px copy's top-left is %v, want %v", tc.o, c, tc.corners[0])
		}
	}
}

func TestReadJPEGInfo(t *testing.T) {
	raw := imagetest.JPEG(imagetest.Quadrants(64, 32), 90)
	for o := 1; o <= 8; o++ {
		if got := readJPEGInfo(imagetest.WithOrientation(raw, o)); got.orientation != o || got.progressive || got.samples != 1.5 {
			t.Errorf("orientation %d: read %+v", o, got)
		}
	}
	prog, err := os.ReadFile("testdata/progressive.jpg")
	if err != nil {
		t.Fatal(err)
	}
	if got := readJPEGInfo(prog); !got.progressive || got.orientation != 1 {
		t.Errorf("progressive: read %+v", got)
	}
	// Unreadable EXIF leaves the picture as stored.
	for _, junk := range [][]byte{nil, {0xFF, 0xD8}, []byte("\xFF\xD8\xFF\xE1\x00\x08Exif\x00\x00"), []byte("\xFF\xD8\xFF\xE1\xFF\xFFExif")} {
		if got := readJPEGInfo(junk); got.orientation != 1 {
			t.Errorf("%q: orientation %d", junk, got.orientation)
		}
	}
}

// A progressive JPEG (as some editors and older phones save) is accepted
// and turned upright too.
func TestSaveProgressiveJPEG(t *testing.T) {
	prog, err := os.ReadFile("testdata/progressive.jpg")
	if err != nil {
		t.Fatal(err)
	}
	d := Dir{Path: t.TempDir()}
	img, err := d.Save("images", imagetest.WithOrientation(prog, 6))
	if err != nil {
		t.Fatal(err)
	}
	if img.Width != 900 || img.Height != 1200 {
		t.Fatalf("stored %d×%d, want 900×1200", img.Width, img.Height)
	}
	if c := stored(t, d, img.File).At(10, 10); !near(c, imagetest.Blue) {
		t.Errorf("top-left %v, want blue", c)
	}
}

// A PNG keeps its transparency, in the full image and the smaller copies.
func TestSavePNGKeepsTransparency(t *testing.T) {
	src := image.NewNRGBA(image.Rect(0, 0, 1000, 500))
	for y := 0; y < 500; y++ {
		for x := 500; x < 1000; x++ {
			src.Set(x, y, color.NRGBA{200, 30, 30, 255})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, src)
	d := Dir{Path: t.TempDir()}
	img, err := d.Save("images", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Ext(img.File) != ".png" {
		t.Fatalf("stored as %s", img.File)
	}
	for _, name := range []string{img.File, VariantName(img.File, 400), VariantName(img.File, 800)} {
		got := stored(t, d, name)
		w := got.Bounds().Dx()
		if _, _, _, a := got.At(w/4, 10).RGBA(); a != 0 {
			t.Errorf("%s: the transparent half has alpha %d", name, a)
		}
		if c := got.At(3*w/4, 10); !near(c, color.RGBA{200, 30, 30, 255}) {
			t.Errorf("%s: the opaque half is %v", name, c)
		}
	}
}

var big50 = sync.OnceValue(func() []byte {
	// A 50 MP phone photo: 8160×6144, 4:2:0, held upright (orientation 6).
	return imagetest.WithOrientation(imagetest.JPEG(imagetest.Quadrants(8160, 6144), 75), 6)
})

// A 50 MP photo is accepted, scaled to 1600 px and turned upright, and its
// decoding stays within the budget: no full-size RGBA copy.
func TestSave50MegapixelPhoto(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MP")
	}
	data := big50()
	if len(data) > MaxBytes {
		t.Fatalf("the test photo weighs %d bytes, over the limit", len(data))
	}
	d := Dir{Path: t.TempDir()}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	img, err := d.Save("images", data)
	if err != nil {
		t.Fatal(err)
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("50 MP: %v, %d MB allocated", time.Since(start), alloc>>20)
	if img.Width != 1204 || img.Height != 1600 {
		t.Errorf("stored %d×%d, want 1204×1600", img.Width, img.Height)
	}
	// YCbCr 4:2:0 is 75 MB; a 64-bit RGBA copy would add 400 MB, an 8-bit
	// one 200 MB.
	if alloc > 150<<20 {
		t.Errorf("saving a 50 MP photo allocated %d MB", alloc>>20)
	}
	got := stored(t, d, img.File)
	if c := got.At(10, 10); !near(c, imagetest.Blue) {
		t.Errorf("top-left %v, want blue", c)
	}
}

// Photos over the limit are refused before decoding, with a message that
// names the limit; so is a 16-bit PNG bomb that would need 320 MB.
func TestSaveRefusesTooManyPixels(t *testing.T) {
	d := Dir{Path: t.TempDir()}
	for _, tc := range []struct {
		name string
		data []byte
		code string
	}{
		{"54 MP", imagetest.PNG(9000, 6000, false), "image_too_many_pixels"},
		{"16-bit 6324×6324", imagetest.PNG(6324, 6324, true), "image_too_heavy"},
	} {
		start := time.Now()
		_, err := d.Save("images", tc.data)
		e := domain.AsError(err)
		if e == nil || e.Code != tc.code || e.Field != "images" {
			t.Fatalf("%s: Save = %v, want %s", tc.name, err, tc.code)
		}
		if time.Since(start) > time.Second {
			t.Errorf("%s: refused after %v (decoded?)", tc.name, time.Since(start))
		}
	}
	_, err := d.Save("images", imagetest.PNG(9000, 6000, false))
	if e := domain.AsError(err); e == nil || !bytes.Contains([]byte(e.Message), []byte("52 megapixels")) {
		t.Errorf("message %v does not name the limit", err)
	}
}

// The scaler averages areas: a fine checkerboard becomes its mean grey,
// a uniform picture keeps its colour exactly, and sizes are as asked.
func TestScale(t *testing.T) {
	src := image.NewGray(image.Rect(0, 0, 999, 601))
	for y := 0; y < 601; y++ {
		for x := 0; x < 999; x++ {
			if (x+y)%2 == 0 {
				src.Pix[y*src.Stride+x] = 255
			}
		}
	}
	out := scale(src, src.Bounds(), 333, 200)
	if out.Bounds().Dx() != 333 || out.Bounds().Dy() != 200 {
		t.Fatalf("size %v", out.Bounds())
	}
	for _, p := range []image.Point{{0, 0}, {100, 100}, {332, 199}} {
		if c := out.RGBAAt(p.X, p.Y); c.R < 112 || c.R > 143 || c.A != 255 {
			t.Errorf("checkerboard at %v scaled to %v, want mid grey", p, c)
		}
	}
	u := image.NewUniform(color.RGBA{10, 120, 250, 255})
	out = scale(u, image.Rect(0, 0, 1601, 977), 400, 244)
	for _, p := range []image.Point{{0, 0}, {200, 100}, {399, 243}} {
		if c := out.RGBAAt(p.X, p.Y); c != (color.RGBA{10, 120, 250, 255}) {
			t.Errorf("uniform at %v scaled to %v", p, c)
		}
	}
}

// Remove and Delete take the smaller copies with the image: Remove into
// RemovedDir, Delete for good.
func TestRemoveTakesVariants(t *testing.T) {
	d := Dir{Path: t.TempDir()}
	img, err := d.Save("images", imagetest.JPEG(imagetest.Quadrants(1000, 800), 80))
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := os.ReadDir(d.Path); len(n) != 3 {
		t.Fatalf("%d files, want the image and two copies", len(n))
	}
	d.Remove(img)
	if n, _ := os.ReadDir(d.Path); len(n) != 1 || n[0].Name() != RemovedDir {
		t.Fatalf("%d files left, want only %s", len(n), RemovedDir)
	}
	if n, _ := os.ReadDir(filepath.Join(d.Path, RemovedDir)); len(n) != 3 {
		t.Fatalf("%d files kept, want the image and two copies", len(n))
	}
	again, err := d.Save("images", imagetest.JPEG(imagetest.Quadrants(1000, 800), 80))
	if err != nil {
		t.Fatal(err)
	}
	d.Delete(again)
	if n, _ := os.ReadDir(d.Path); len(n) != 1 {
		t.Fatalf("%d entries after a delete, want only %s", len(n), RemovedDir)
	}
	if !ValidName(VariantName(img.File, 800)) || BaseName(VariantName(img.File, 800)) != img.File || BaseName(img.File) != img.File {
		t.Error("variant names")
	}
}
