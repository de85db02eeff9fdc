package images

import (
	"image"
	"image/color"
	"sync"
)

// Decoding is where an upload costs memory: a 50 MP JPEG decodes to 75 MB,
// a 16-bit PNG of a few hundred KB to hundreds of MB. So decoding is
// rationed across the whole server: at most maxDecodes at a time, and
// together within decodeBudget bytes (as estimated by decodeCost before
// decoding). An image whose estimate alone exceeds the budget is refused.
const (
	maxDecodes   = 2
	decodeBudget = 256 << 20
	// fixedCost covers what every decode adds besides its pixels: the
	// scaled 1600 px picture, its upright copy, the smaller copies and the
	// encoders' buffers.
	fixedCost = 24 << 20
)

var budget = struct {
	sync.Mutex
	cond    *sync.Cond
	used    int64
	running int
}{}

func init() { budget.cond = sync.NewCond(&budget.Mutex) }

// acquire waits until cost bytes and a decoding slot are free, takes them,
// and returns the function that gives them back.
func acquire(cost int64) (release func()) {
	budget.Lock()
	for budget.running >= maxDecodes || budget.used+cost > decodeBudget {
		budget.cond.Wait()
	}
	budget.running++
	budget.used += cost
	budget.Unlock()
	return func() {
		budget.Lock()
		budget.running--
		budget.used -= cost
		budget.Unlock()
		budget.cond.Broadcast()
	}
}

// decodeCost estimates the bytes that decoding and scaling an image hold at
// once, from what its header says, for the Go decoders used here.
func decodeCost(format string, cfg image.Config, head []byte, j jpegInfo) int64 {
	px := float64(cfg.Width) * float64(cfg.Height)
	var perPixel float64
	switch format {
	case "jpeg":
		perPixel = j.samples // *image.YCbCr or *image.Gray
		if j.components == 4 {
			perPixel += 4 // CMYK: the black plane and a CMYK image besides
		}
		if j.progressive {
			perPixel += 4 * j.samples // every coefficient kept, as int32
		}
	case "png":
		switch cfg.ColorModel {
		case color.GrayModel, color.AlphaModel:
			perPixel = 1
		case color.Gray16Model, color.Alpha16Model:
			perPixel = 2
		case color.RGBA64Model, color.NRGBA64Model:
			perPixel = 8
		default:
			if _, ok := cfg.ColorModel.(color.Palette); ok {
				perPixel = 1
			} else {
				perPixel = 4
			}
		}
		if len(head) > 28 && head[28] == 1 { // Adam7: the passes besides the image
			perPixel *= 2
		}
	case "gif":
		perPixel = 1
	default: // webp: lossless decodes to NRGBA through uint32 planes
		perPixel = 8
	}
	return int64(px*perPixel) + 64<<10 + fixedCost
}
