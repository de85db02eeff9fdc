package images

import (
	"bytes"
	"encoding/binary"
	"io"
)

// Phones save WebP and PNG with the picture as the sensor read it and the
// way up in EXIF, as they do JPEG: a WebP's EXIF chunk, a PNG's eXIf. Both
// are read here, as a JPEG's APP1 is (readJPEGInfo), so every format comes
// out upright.

// maxChunks bounds how many chunks a file's walk reads: a file of a
// million empty chunks costs no more than this many small reads.
const maxChunks = 64

// maxEXIF bounds the EXIF read: the orientation is in the first IFD.
const maxEXIF = 64 << 10

// containerOrientation is the EXIF orientation of a WebP or PNG file of
// size bytes read from r, 1 when it has none (or another format).
func containerOrientation(format string, r io.ReaderAt, size int64) int {
	var tiff []byte
	switch format {
	case "webp":
		tiff = webpEXIF(r, size)
	case "png":
		tiff = pngEXIF(r, size)
	}
	if o := exifOrientation(tiff); o >= 1 && o <= 8 {
		return o
	}
	return 1
}

// webpEXIF is the TIFF data of a WebP's EXIF chunk (RIFF: a four-letter
// id, a little-endian size, the data, padded to even), nil without one.
// Some writers keep JPEG's "Exif\0\0" before it.
func webpEXIF(r io.ReaderAt, size int64) []byte {
	head := make([]byte, 12)
	if _, err := r.ReadAt(head, 0); err != nil || string(head[:4]) != "RIFF" || string(head[8:]) != "WEBP" {
		return nil
	}
	for off, n := int64(12), 0; off+8 <= size && n < maxChunks; n++ {
		h := make([]byte, 8)
		if _, err := r.ReadAt(h, off); err != nil {
			return nil
		}
		length := int64(binary.LittleEndian.Uint32(h[4:]))
		if string(h[:4]) == "EXIF" {
			return bytes.TrimPrefix(readChunk(r, off+8, length, size), []byte("Exif\x00\x00"))
		}
		off += 8 + length + length&1
	}
	return nil
}

// pngEXIF is the TIFF data of a PNG's eXIf chunk (a big-endian length, a
// four-letter type, the data, a CRC), nil without one; the walk stops at
// the image's end.
func pngEXIF(r io.ReaderAt, size int64) []byte {
	for off, n := int64(8), 0; off+8 <= size && n < maxChunks; n++ {
		h := make([]byte, 8)
		if _, err := r.ReadAt(h, off); err != nil {
			return nil
		}
		length := int64(binary.BigEndian.Uint32(h[:4]))
		switch string(h[4:]) {
		case "eXIf":
			return readChunk(r, off+8, length, size)
		case "IEND":
			return nil
		}
		off += 12 + length
	}
	return nil
}

// readChunk reads a chunk's data of length bytes at off, at most maxEXIF
// of it and never past the file's size.
func readChunk(r io.ReaderAt, off, length, size int64) []byte {
	length = min(length, maxEXIF, size-off)
	if length <= 0 {
		return nil
	}
	b := make([]byte, length)
	if _, err := r.ReadAt(b, off); err != nil {
		return nil
	}
	return b
}
