package images

import (
	"image"
	"image/draw"
	"math"
)

// scale reduces the src rectangle r of img to a w×h RGBA by area averaging
// (each output pixel is the mean of the source area it covers). It reads the
// source one row at a time, converting that row with image/draw's fast paths
// (YCbCr, Gray, CMYK, NRGBA...), so it never holds a full-size converted
// copy: its memory is one source row and two output rows of accumulators,
// whatever the source size. For enlargements (never asked for here) and
// reductions alike the result is well defined; it suits reductions.
func scale(img image.Image, r image.Rectangle, w, h int) *image.RGBA {
	sw, sh := r.Dx(), r.Dy()
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	if sw <= 0 || sh <= 0 || w <= 0 || h <= 0 {
		return dst
	}
	cols := spans(sw, w)
	rows := spans(sh, h)
	row := image.NewRGBA(image.Rect(0, 0, sw, 1))
	hrow := make([]float32, 4*w)
	cur := make([]float32, 4*w)  // output row ci
	next := make([]float32, 4*w) // output row ci+1
	ci := 0
	emit := func(buf []float32, i int) {
		out := dst.Pix[i*dst.Stride : i*dst.Stride+4*w]
		wy := rows.sum[i]
		for j := 0; j < w; j++ {
			inv := 1 / (wy * cols.sum[j])
			for c := 0; c < 4; c++ {
				out[4*j+c] = clamp8(buf[4*j+c] * inv)
			}
		}
	}
	for y := 0; y < sh; y++ {
		draw.Draw(row, row.Rect, img, image.Pt(r.Min.X, r.Min.Y+y), draw.Src)
		clear(hrow)
		for x := 0; x < sw; x++ {
			px := row.Pix[4*x : 4*x+4 : 4*x+4]
			s := cols.at[x]
			a := hrow[4*s.i0 : 4*s.i0+4 : 4*s.i0+4]
			a[0] += s.w0 * float32(px[0])
			a[1] += s.w0 * float32(px[1])
			a[2] += s.w0 * float32(px[2])
			a[3] += s.w0 * float32(px[3])
			if s.w1 != 0 {
				b := hrow[4*s.i0+4 : 4*s.i0+8 : 4*s.i0+8]
				b[0] += s.w1 * float32(px[0])
				b[1] += s.w1 * float32(px[1])
				b[2] += s.w1 * float32(px[2])
				b[3] += s.w1 * float32(px[3])
			}
		}
		s := rows.at[y]
		for ci < s.i0 {
			emit(cur, ci)
			cur, next = next, cur
			clear(next)
			ci++
		}
		for k, v := range hrow {
			cur[k] += s.w0 * v
		}
		if s.w1 != 0 {
			for k, v := range hrow {
				next[k] += s.w1 * v
			}
		}
	}
	for ; ci < h; ci++ {
		emit(cur, ci)
		cur, next = next, cur
		clear(next)
	}
	return dst
}

// span says which output cells (i0, and i0+1 when w1 > 0) one source cell
// falls into, and with what weights.
type span struct {
	i0     int
	w0, w1 float32
}

type spanTable struct {
	at  []span    // per source cell
	sum []float32 // total weight per output cell
}

// spans maps n source cells onto m output cells, each output cell covering
// n/m source cells.
func spans(n, m int) spanTable {
	t := spanTable{at: make([]span, n), sum: make([]float32, m)}
	f := float64(m) / float64(n) // output cells per source cell
	for x := 0; x < n; x++ {
		lo, hi := float64(x)*f, float64(x+1)*f
		i := int(math.Floor(lo))
		if i >= m {
			i = m - 1
		}
		edge := float64(i + 1)
		s := span{i0: i}
		if hi <= edge || i+1 >= m {
			s.w0 = float32(hi - lo)
		} else {
			s.w0, s.w1 = float32(edge-lo), float32(hi-edge)
		}
		t.at[x] = s
		t.sum[i] += s.w0
		if s.w1 != 0 {
			t.sum[i+1] += s.w1
		}
	}
	for i := range t.sum {
		if t.sum[i] == 0 {
			t.sum[i] = 1 // only when enlarging; the cell stays empty
		}
	}
	return t
}

func clamp8(v float32) uint8 {
	v += 0.5
	if v <= 0 {
		return 0
	}
	if v >= 255 {
		return 255
	}
	return uint8(v)
}

// fitSize is w×h scaled down so that its longest side is at most max.
func fitSize(w, h, max int) (int, int) {
	if w <= max && h <= max {
		return w, h
	}
	if w >= h {
		h, w = h*max/w, max
	} else {
		w, h = w*max/h, max
	}
	return maxInt(w, 1), maxInt(h, 1)
}

func maxInt(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// orient turns an image stored with EXIF orientation o (1 to 8) into the
// upright picture a photo viewer shows.
func orient(src *image.RGBA, o int) *image.RGBA {
	if o <= 1 || o > 8 {
		return src
	}
	b := src.Bounds()
	W, H := b.Dx(), b.Dy()
	dw, dh := W, H
	if o >= 5 {
		dw, dh = H, W
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < dh; y++ {
		for x := 0; x < dw; x++ {
			var sx, sy int
			switch o {
			case 2: // mirrored
				sx, sy = W-1-x, y
			case 3: // upside down
				sx, sy = W-1-x, H-1-y
			case 4: // mirrored upside down
				sx, sy = x, H-1-y
			case 5: // transposed
				sx, sy = y, x
			case 6: // turn 90° clockwise
				sx, sy = y, H-1-x
			case 7: // transversed
				sx, sy = W-1-y, H-1-x
			case 8: // turn 90° anticlockwise
				sx, sy = W-1-y, x
			}
			si := sy*src.Stride + 4*sx
			di := y*dst.Stride + 4*x
			copy(dst.Pix[di:di+4], src.Pix[si:si+4])
		}
	}
	return dst
}
