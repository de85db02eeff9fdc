package images

import (
	"context"
	"image"
	"image/color"
	"sync"
	"time"

	"cocreate/app/domain"
)

// Decoding is where an upload costs memory: a 50 MP JPEG decodes to 75 MB,
// a 16-bit PNG of a few hundred KB to hundreds of MB. So decoding is
// rationed across the whole server: at most maxDecodes at a time, and
// together within decodeBudget bytes (as estimated by decodeCost before
// decoding). An image whose estimate alone exceeds the budget is refused.
//
// Decoding also costs seconds of CPU, so the line is short and nobody
// waits in it for a client that has left: at most maxWaiting uploads wait
// for their turn (the next is refused at once, ErrBusy), and one whose
// request ends while it waits leaves the line undecoded.
const (
	maxDecodes   = 2
	maxWaiting   = 16
	decodeBudget = 256 << 20
	// fixedCost covers what every decode adds besides its pixels: the
	// scaled 1600 px picture, its upright copy, the smaller copies and the
	// encoders' buffers.
	fixedCost = 24 << 20
)

// ErrBusy refuses an image while maxWaiting others wait to be decoded; the
// web layer answers 503, and the person sends the form again a little later.
var ErrBusy = &domain.Error{Kind: domain.KindUnavailable, Code: "images_busy",
	Message: "the server is busy reading other photos; try again in a minute", RetryAfter: time.Minute}

var budget = struct {
	sync.Mutex
	used    int64
	running int
	waiting int
	// freed is closed, and replaced, whenever a decode gives back its
	// share: the waiters' signal to look again.
	freed chan struct{}
}{freed: make(chan struct{})}

// acquire waits until cost bytes and a decoding slot are free, takes them,
// and returns the function that gives them back. It gives up, with ctx's
// error, when ctx is done before its turn (the client left), and refuses
// with ErrBusy when maxWaiting others are waiting already.
func acquire(ctx context.Context, cost int64) (release func(), err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	budget.Lock()
	if !fits(cost) {
		if budget.waiting >= maxWaiting {
			budget.Unlock()
			return nil, ErrBusy
		}
		budget.waiting++
		for !fits(cost) {
			freed := budget.freed
			budget.Unlock()
			select {
			case <-freed:
			case <-ctx.Done():
				budget.Lock()
				budget.waiting--
				budget.Unlock()
				return nil, ctx.Err()
			}
			budget.Lock()
		}
		budget.waiting--
	}
	budget.running++
	budget.used += cost
	budget.Unlock()
	return func() {
		budget.Lock()
		budget.running--
		budget.used -= cost
		close(budget.freed)
		budget.freed = make(chan struct{})
		budget.Unlock()
	}, nil
}

// fits says whether a decode of cost bytes may start now (budget held).
func fits(cost int64) bool {
	return budget.running < maxDecodes && budget.used+cost <= decodeBudget
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
