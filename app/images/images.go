// Package images accepts pictures from outside: it checks them by content
// (never by name or declared type), refuses what is not a JPEG, PNG, GIF or
// WebP (SVG included: it can carry script), bounds their pixel count before
// decoding, scales them down, and re-encodes them, which drops EXIF metadata
// such as a phone's GPS position. Files get random names under one directory.
package images

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"image"
	"image/draw"
	_ "image/gif" // registers GIF decoding
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"regexp"

	"cocreate/app/domain"

	xdraw "golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // registers WebP decoding
)

// Limits on an upload.
const (
	MaxBytes  = 8 << 20 // per file
	MaxPixels = 40e6    // refuse decompression bombs before decoding
	MaxSide   = 1600    // longest side kept
)

// Dir stores re-encoded images.
type Dir struct{ Path string }

// Save checks data as an image, re-encodes it and writes it under d with a
// random name. field names the form field in errors.
func (d Dir) Save(field string, data []byte) (domain.Image, error) {
	if len(data) > MaxBytes {
		return domain.Image{}, domain.TooLarge(field, "an image may be at most 8 MB")
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return domain.Image{}, domain.Invalid(field, "not_an_image", "the file is not a JPEG, PNG, GIF or WebP image")
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || float64(cfg.Width)*float64(cfg.Height) > MaxPixels {
		return domain.Image{}, domain.Invalid(field, "image_too_big", "the image has too many pixels")
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return domain.Image{}, domain.Invalid(field, "not_an_image", "the image could not be read")
	}
	if img.Bounds().Empty() {
		// A header can promise pixels that the frame does not have.
		return domain.Image{}, domain.Invalid(field, "not_an_image", "the image has no pixels")
	}
	img = fit(img, MaxSide)
	var out bytes.Buffer
	ext := ".jpg"
	if format == "png" || format == "gif" {
		// Keep transparency and sharp edges of drawings.
		ext = ".png"
		err = png.Encode(&out, img)
	} else {
		err = jpeg.Encode(&out, img, &jpeg.Options{Quality: 85})
	}
	if err != nil {
		// A decodable image that cannot be re-encoded is not one we keep.
		return domain.Image{}, domain.Invalid(field, "not_an_image", "the image could not be read")
	}
	name, err := randomName(ext)
	if err != nil {
		return domain.Image{}, err
	}
	if err := d.write(name, out.Bytes()); err != nil {
		return domain.Image{}, err
	}
	b := img.Bounds()
	return domain.Image{File: name, Width: b.Dx(), Height: b.Dy()}, nil
}

// SaveImage writes an image made by the program itself (the demo's pictures).
func (d Dir) SaveImage(img image.Image) (domain.Image, error) {
	var out bytes.Buffer
	if err := png.Encode(&out, img); err != nil {
		return domain.Image{}, fmt.Errorf("images: unable to encode: %w", err)
	}
	name, err := randomName(".png")
	if err != nil {
		return domain.Image{}, err
	}
	if err := d.write(name, out.Bytes()); err != nil {
		return domain.Image{}, err
	}
	b := img.Bounds()
	return domain.Image{File: name, Width: b.Dx(), Height: b.Dy()}, nil
}

// write stores the file durably: written to a temporary name, synced, then
// renamed, so a crash never leaves a half image under a real name.
func (d Dir) write(name string, data []byte) error {
	if err := os.MkdirAll(d.Path, 0o755); err != nil {
		return fmt.Errorf("images: unable to create %s: %w", d.Path, err)
	}
	tmp, err := os.CreateTemp(d.Path, ".upload-*")
	if err != nil {
		return fmt.Errorf("images: unable to create file: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("images: unable to write: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("images: unable to sync: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(d.Path, name))
}

func randomName(ext string) (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("images: unable to name file: %w", err)
	}
	return hex.EncodeToString(b) + ext, nil
}

var nameRE = regexp.MustCompile(`^[0-9a-f]{32}\.(jpg|png)$`)

// ValidName reports whether name could have been written by Save, so that a
// request for /uploads/NAME never reaches outside the directory.
func ValidName(name string) bool { return nameRE.MatchString(name) }

// fit scales img down so its longest side is at most max.
func fit(img image.Image, max int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= max && h <= max {
		// Copy into a plain RGBA so that encoding never sees exotic colour
		// models (and paletted GIF frames become ordinary pixels).
		dst := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Src)
		return dst
	}
	if w >= h {
		h, w = h*max/w, max
	} else {
		w, h = w*max/h, max
	}
	if w < 1 {
		w = 1
	}
	if h < 1 {
		h = 1
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}
