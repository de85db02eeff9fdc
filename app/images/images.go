// Package images accepts pictures from outside: it checks them by content
// (never by name or declared type), refuses what is not a JPEG, PNG, GIF or
// WebP (SVG included: it can carry script), bounds their pixel count and the
// memory their decoding needs before decoding, turns photos upright (EXIF
// orientation), scales them down, and re-encodes them, which drops EXIF
// metadata such as a phone's GPS position. Files get random names under one
// directory; each is stored at up to 1600 px with smaller copies 400 and 800
// px wide beside it, for pages that show it small.
package images

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	_ "image/gif" // registers GIF decoding
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"cocreate/app/domain"

	_ "golang.org/x/image/webp" // registers WebP decoding
)

// Limits on an upload.
const (
	// MaxBytes is the most one file may weigh: a 50 MP phone JPEG is
	// usually 10 to 20 MB.
	MaxBytes = 25 << 20
	// MaxPixels refuses decompression bombs before decoding; 52 MP
	// accepts the 50 MP (8160×6144) of today's phone sensors.
	MaxPixels = 52_000_000
	MaxSide   = 1600 // longest side kept
)

// Widths are the smaller copies stored beside each image (when the image
// is wider), for lists and cards on phones.
var Widths = []int{400, 800}

// Dir stores re-encoded images.
type Dir struct {
	Path string
	// Share, when set, also receives every file written, for the other
	// nodes of an installation (PostgreSQL keeps them: store.PutFile); a
	// file it fails to take is not kept here either.
	Share func(name string, data []byte) error
}

// Save checks data as an image, re-encodes it and writes it under d with a
// random name. field names the form field in errors. It waits its turn to
// be decoded for as long as it takes; SaveFrom gives up with a request.
func (d Dir) Save(field string, data []byte) (domain.Image, error) {
	return d.SaveFrom(context.Background(), field, bytes.NewReader(data), int64(len(data)))
}

// headSize is how much of a file is read to learn its size and kind before
// it waits for its turn to be decoded: so many waiting uploads hold little.
const headSize = 256 << 10

// SaveFrom is Save for a file of size bytes read from r (an upload spooled
// to disk), for the request ctx. Only its head is read before the image
// has its share of the server's decoding memory (see decodeBudget); then
// all of it. While it waits for that share, it gives up when ctx is done
// (with ctx's error), and it is refused with ErrBusy when the line is full.
func (d Dir) SaveFrom(ctx context.Context, field string, r io.ReaderAt, size int64) (domain.Image, error) {
	return d.SaveFromAdmitted(ctx, field, r, size, nil)
}

// SaveFromAdmitted is SaveFrom asking admit, when not nil, whether an image
// of so many pixels may be decoded, once its header is read and its turn
// has come: a refusal is returned as it is, nothing decoded.
func (d Dir) SaveFromAdmitted(ctx context.Context, field string, r io.ReaderAt, size int64, admit func(pixels int64) error) (domain.Image, error) {
	if size > MaxBytes {
		return domain.Image{}, &domain.Error{Kind: domain.KindTooLarge, Code: "image_file_too_large", Field: field,
			Message: fmt.Sprintf("an image may be at most %d MB", MaxBytes>>20)}
	}
	unreadable := domain.Invalid(field, "not_an_image", "the file is not a JPEG, PNG, GIF or WebP image")
	head, err := readAt(r, min(size, headSize))
	if err != nil {
		return domain.Image{}, unreadable
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(head))
	if err != nil && size > int64(len(head)) {
		// Metadata so long that the header lies further on: read it all.
		if head, err = readAt(r, size); err != nil {
			return domain.Image{}, unreadable
		}
		cfg, format, err = image.DecodeConfig(bytes.NewReader(head))
	}
	if err != nil {
		return domain.Image{}, unreadable
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || float64(cfg.Width)*float64(cfg.Height) > MaxPixels {
		return domain.Image{}, domain.Invalid(field, "image_too_many_pixels",
			fmt.Sprintf("a photo may have at most %d megapixels (a 50 MP phone photo, 8160×6144, fits)", MaxPixels/1_000_000))
	}
	orientation := 1
	var jinfo jpegInfo
	if format == "jpeg" {
		jinfo = readJPEGInfo(head)
		orientation = jinfo.orientation
	} else {
		orientation = containerOrientation(format, r, size)
	}
	cost := decodeCost(format, cfg, head, jinfo)
	if cost > decodeBudget {
		return domain.Image{}, domain.Invalid(field, "image_too_heavy",
			"the image needs too much memory to read; save it as an ordinary (baseline) JPEG or with fewer pixels")
	}
	release, err := acquire(ctx, cost)
	if err != nil { // ErrBusy, or the request's end: either stays visible through the wrap
		return domain.Image{}, fmt.Errorf("images: %s had no turn to be decoded: %w", field, err)
	}
	// Asked once the image has its turn: one refused for a busy line
	// (others' photos) is charged nothing.
	if admit != nil {
		if err := admit(int64(cfg.Width) * int64(cfg.Height)); err != nil {
			release()
			return domain.Image{}, err
		}
	}
	img, err := func() (*image.RGBA, error) {
		// The turn goes back however the decode ends: a decoder's panic
		// (the server recovers from it) kept it, and two such files
		// stopped every upload for good.
		defer release()
		return d.decodeAndFit(r, size, orientation)
	}()
	if err != nil {
		return domain.Image{}, domain.Invalid(field, "not_an_image", err.Error())
	}
	ext := ".jpg"
	if format == "png" || format == "gif" {
		// Keep transparency and sharp edges of drawings.
		ext = ".png"
	}
	return d.store(img, ext)
}

func readAt(r io.ReaderAt, n int64) ([]byte, error) {
	b := make([]byte, n)
	m, err := r.ReadAt(b, 0)
	if int64(m) == n {
		return b, nil
	}
	if err == nil {
		err = io.ErrUnexpectedEOF
	}
	return nil, err
}

// decodeAndFit decodes, scales to MaxSide and turns the picture upright.
// A big decode returns its memory to the system at once, so that the
// process's resident size follows the budget rather than the GC's pace.
func (d Dir) decodeAndFit(r io.ReaderAt, size int64, orientation int) (*image.RGBA, error) {
	img, _, err := image.Decode(bufio.NewReaderSize(io.NewSectionReader(r, 0, size), 64<<10))
	if err != nil {
		return nil, fmt.Errorf("the image could not be read")
	}
	b := img.Bounds()
	if b.Empty() {
		// A header can promise pixels that the frame does not have.
		return nil, fmt.Errorf("the image has no pixels")
	}
	big := b.Dx()*b.Dy() > 4_000_000
	w, h := fitSize(b.Dx(), b.Dy(), MaxSide)
	out := scale(img, b, w, h)
	img = nil
	if big {
		debug.FreeOSMemory()
	}
	return orient(out, orientation), nil
}

// store encodes img and its smaller copies and writes them.
func (d Dir) store(img *image.RGBA, ext string) (domain.Image, error) {
	name, err := randomName(ext)
	if err != nil {
		return domain.Image{}, err
	}
	b := img.Bounds()
	written := []string{}
	fail := func(err error) (domain.Image, error) {
		for _, n := range written {
			os.Remove(filepath.Join(d.Path, n))
		}
		return domain.Image{}, err
	}
	for _, w := range Widths {
		if b.Dx() <= w {
			continue
		}
		h := maxInt(1, b.Dy()*w/b.Dx())
		n := VariantName(name, w)
		if err := d.encodeTo(n, scale(img, b, w, h), ext); err != nil {
			return fail(err)
		}
		written = append(written, n)
	}
	if err := d.encodeTo(name, img, ext); err != nil {
		return fail(err)
	}
	return domain.Image{File: name, Width: b.Dx(), Height: b.Dy()}, nil
}

func (d Dir) encodeTo(name string, img *image.RGBA, ext string) error {
	var out bytes.Buffer
	var err error
	if ext == ".png" {
		err = png.Encode(&out, img)
	} else {
		err = jpeg.Encode(&out, opaque(img), &jpeg.Options{Quality: 85})
	}
	if err != nil {
		return fmt.Errorf("images: unable to encode: %w", err)
	}
	return d.write(name, out.Bytes())
}

// opaque lays a picture with transparency (a WebP) on white for JPEG, which
// has none: the JPEG encoder would otherwise show premultiplied black.
func opaque(img *image.RGBA) image.Image {
	if img.Opaque() {
		return img
	}
	dst := image.NewRGBA(img.Bounds())
	draw.Draw(dst, dst.Rect, image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(dst, dst.Rect, img, img.Rect.Min, draw.Over)
	return dst
}

// SaveImage writes an image made by the program itself (the demo's pictures).
func (d Dir) SaveImage(img image.Image) (domain.Image, error) {
	b := img.Bounds()
	w, h := fitSize(b.Dx(), b.Dy(), MaxSide)
	return d.store(scale(img, b, w, h), ".png")
}

// RemovedDir is where a removed image waits, under the uploads, for
// RemovedKept before it is deleted: a backup running meanwhile copied the
// database while a row still named it, and takes it from here
// (backup.Create); a name starting with a dot is no upload of its own.
const RemovedDir = ".removed"

// RemovedKept is how long a removed image is kept: longer than any backup
// of the uploads takes.
const RemovedKept = 24 * time.Hour

// Remove takes a stored image a row named, and its smaller copies, out of
// the uploads into RemovedDir, and deletes those removed RemovedKept ago
// or more. An image no row named (a refused upload) is Deleted instead.
func (d Dir) Remove(img domain.Image) {
	if !ValidName(img.File) {
		return
	}
	trash := filepath.Join(d.Path, RemovedDir)
	if err := os.MkdirAll(trash, 0o755); err != nil {
		d.Delete(img) // as before the trash: a backup under way may miss it
		return
	}
	now := time.Now()
	for _, name := range append([]string{img.File}, variantNames(img.File)...) {
		from := filepath.Join(d.Path, name)
		// Its time is its removal's before it moves: a sweep at that
		// moment must not take it for one removed a day ago.
		if err := os.Chtimes(from, now, now); err != nil {
			continue // not there (a smaller copy never made)
		}
		if err := os.Rename(from, filepath.Join(trash, name)); err != nil {
			os.Remove(from)
		}
	}
	d.sweepRemoved(trash, now)
}

// Delete deletes a stored image and its smaller copies at once: one no
// row named, which no backup needs.
func (d Dir) Delete(img domain.Image) {
	if !ValidName(img.File) {
		return
	}
	os.Remove(filepath.Join(d.Path, img.File))
	for _, name := range variantNames(img.File) {
		os.Remove(filepath.Join(d.Path, name))
	}
}

// variantNames are the names of an image's smaller copies.
func variantNames(name string) []string {
	out := make([]string, 0, len(Widths))
	for _, w := range Widths {
		out = append(out, VariantName(name, w))
	}
	return out
}

// sweepRemoved deletes the images in trash removed RemovedKept before now
// or more.
func (d Dir) sweepRemoved(trash string, now time.Time) {
	entries, err := os.ReadDir(trash)
	if err != nil {
		return
	}
	for _, e := range entries {
		if info, err := e.Info(); err == nil && info.Mode().IsRegular() && now.Sub(info.ModTime()) >= RemovedKept {
			os.Remove(filepath.Join(trash, e.Name()))
		}
	}
}

// VariantName is the name of the copy of the stored image name that is w
// pixels wide: abc….jpg becomes abc…-400.jpg.
func VariantName(name string, w int) string {
	ext := filepath.Ext(name)
	return strings.TrimSuffix(name, ext) + "-" + strconv.Itoa(w) + ext
}

// BaseName is the stored image a name refers to: itself, or for a smaller
// copy the full image (which old uploads, stored before copies existed,
// serve in its place).
func BaseName(name string) string {
	m := nameRE.FindStringSubmatch(name)
	if m == nil || m[2] == "" {
		return name
	}
	return m[1] + "." + m[3]
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
	if d.Share != nil {
		if err := d.Share(name, data); err != nil {
			return fmt.Errorf("images: unable to share %s: %w", name, err)
		}
	}
	return os.Rename(tmp.Name(), filepath.Join(d.Path, name))
}

// Cache keeps here a file another node wrote (read back from where Share
// put it), under its own name.
func (d Dir) Cache(name string, data []byte) error {
	if !ValidName(name) {
		return fmt.Errorf("images: %q is no stored image's name", name)
	}
	local := d
	local.Share = nil
	return local.write(name, data)
}

func randomName(ext string) (string, error) {
	b := make([]byte, 16)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("images: unable to name file: %w", err)
	}
	return hex.EncodeToString(b) + ext, nil
}

var nameRE = regexp.MustCompile(`^([0-9a-f]{32})(-400|-800)?\.(jpg|png)$`)

// ValidName reports whether name could have been written by Save (an image
// or one of its smaller copies), so that a request for /uploads/NAME never
// reaches outside the directory.
func ValidName(name string) bool { return nameRE.MatchString(name) }

// Stored lists the names of the images (and smaller copies) kept here
// whose files were last written before before: what a sweep of copies
// another node's deletion left behind may look at (a file written since
// may belong to an upload whose row is not committed yet).
func (d Dir) Stored(before time.Time) ([]string, error) {
	entries, err := os.ReadDir(d.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("images: unable to list %s: %w", d.Path, err)
	}
	var names []string
	for _, e := range entries {
		if !e.Type().IsRegular() || !ValidName(e.Name()) {
			continue
		}
		info, err := e.Info()
		if err != nil || !info.ModTime().Before(before) {
			continue
		}
		names = append(names, e.Name())
	}
	return names, nil
}
