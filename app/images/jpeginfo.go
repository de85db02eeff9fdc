package images

import "encoding/binary"

// jpegInfo is what the markers before a JPEG's first scan say: how the
// picture must be turned to stand upright (EXIF orientation, 1 to 8) and
// what decoding it will cost (progressive or not, components, sampling).
type jpegInfo struct {
	orientation int
	progressive bool
	// samples is the number of decoded samples per pixel, counting the
	// subsampled chroma planes at their own size (1.5 for 4:2:0 colour).
	samples    float64
	components int
}

// readJPEGInfo walks the marker segments of a JPEG up to its first scan.
// It never fails: what it cannot read it leaves at the defaults
// (orientation 1, baseline, 3 full-size components).
func readJPEGInfo(data []byte) jpegInfo {
	info := jpegInfo{orientation: 1, samples: 3, components: 3}
	if len(data) < 4 || data[0] != 0xFF || data[1] != 0xD8 {
		return info
	}
	p := 2
	for p+4 <= len(data) {
		if data[p] != 0xFF {
			return info
		}
		marker := data[p+1]
		if marker == 0xFF { // fill byte
			p++
			continue
		}
		if marker == 0xD8 || marker == 0x01 || marker >= 0xD0 && marker <= 0xD7 {
			p += 2 // no length
			continue
		}
		if marker == 0xDA || marker == 0xD9 { // start of scan, end of image
			return info
		}
		n := int(binary.BigEndian.Uint16(data[p+2:]))
		if n < 2 || p+2+n > len(data) {
			return info
		}
		seg := data[p+4 : p+2+n]
		switch {
		case marker == 0xE1 && len(seg) >= 6 && string(seg[:6]) == "Exif\x00\x00":
			if o := exifOrientation(seg[6:]); o >= 1 && o <= 8 {
				info.orientation = o
			}
		case marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC:
			info.progressive = marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE
			readSOF(seg, &info)
		}
		p += 2 + n
	}
	return info
}

// readSOF reads a start-of-frame segment's components and sampling factors.
func readSOF(seg []byte, info *jpegInfo) {
	if len(seg) < 6 {
		return
	}
	nc := int(seg[5])
	if nc < 1 || len(seg) < 6+3*nc {
		return
	}
	hmax, vmax := 1, 1
	for i := 0; i < nc; i++ {
		s := seg[6+3*i+1]
		hmax, vmax = max(hmax, int(s>>4)), max(vmax, int(s&15))
	}
	var samples float64
	for i := 0; i < nc; i++ {
		s := seg[6+3*i+1]
		h, v := max(1, int(s>>4)), max(1, int(s&15))
		samples += float64(h*v) / float64(hmax*vmax)
	}
	info.components, info.samples = nc, samples
}

// exifOrientation reads tag 0x0112 of IFD0 from a TIFF structure (the body
// of an EXIF APP1 segment); 0 when it is absent or unreadable.
func exifOrientation(tiff []byte) int {
	if len(tiff) < 8 {
		return 0
	}
	var bo binary.ByteOrder
	switch string(tiff[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 0
	}
	if bo.Uint16(tiff[2:]) != 42 {
		return 0
	}
	ifd := int(bo.Uint32(tiff[4:]))
	if ifd < 8 || ifd+2 > len(tiff) {
		return 0
	}
	n := int(bo.Uint16(tiff[ifd:]))
	for i := 0; i < n; i++ {
		e := ifd + 2 + 12*i
		if e+12 > len(tiff) {
			return 0
		}
		if bo.Uint16(tiff[e:]) != 0x0112 {
			continue
		}
		switch bo.Uint16(tiff[e+2:]) { // the type: SHORT, or LONG from some writers
		case 3:
			return int(bo.Uint16(tiff[e+8:]))
		case 4:
			return int(bo.Uint32(tiff[e+8:]))
		}
		return 0
	}
	return 0
}
