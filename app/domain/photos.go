package domain

import (
	"fmt"
	"time"
)

// A fan's photos are decoded on the server, which costs seconds of CPU
// for a large picture, and the server decodes only two at a time for
// everyone (images.maxDecodes). So one account's photos are rationed:
// at most PhotoPixelsPerHour decoded in any hour (some fifty 12 MP phone
// photos, or four posts of five 50 MP ones), and one post of photos at a
// time. Without this, one account swapping five 52 MP photos in a loop
// from many connections kept every other fan's photo waiting, then
// refused.
const (
	PhotoPixelsPerHour = 600_000_000
	PhotoWindow        = time.Hour
)

// PhotoMinPixels is the least a photo is charged: a tiny picture costs
// its decoding's fixed work all the same, and an account's spends stay
// few (at most PhotoPixelsPerHour / PhotoMinPixels an hour to remember).
const PhotoMinPixels = 1_000_000

// PhotoSpend is the pixels an account had decoded at a time.
type PhotoSpend struct {
	At     time.Time
	Pixels int64
}

// PhotoAllowed decides whether an account that spent what spent records
// may have a photo of pixels (at least PhotoMinPixels) decoded at now,
// allowance pixels an hour (PhotoPixelsPerHour but in tests): the spends
// older than PhotoWindow no longer count. It returns the spends to keep:
// those still counting, and this photo's when allowed; past the
// allowance, a refusal saying in how many minutes the oldest counting
// spend leaves the window.
func PhotoAllowed(spent []PhotoSpend, now time.Time, pixels, allowance int64) ([]PhotoSpend, error) {
	pixels = max(pixels, PhotoMinPixels)
	kept := spent[:0]
	var sum int64
	for _, s := range spent {
		if now.Sub(s.At) < PhotoWindow {
			kept = append(kept, s)
			sum += s.Pixels
		}
	}
	if sum+pixels > allowance {
		wait := PhotoWindow
		if len(kept) > 0 {
			wait = kept[0].At.Add(PhotoWindow).Sub(now)
		}
		minutes := int((wait + time.Minute - 1) / time.Minute)
		return kept, &Error{Kind: KindRateLimited, Code: "too_many_photos", RetryAfter: wait, Args: []any{minutes},
			Message: fmt.Sprintf("you have sent many photos in the last hour; try again in about %d minutes", minutes)}
	}
	return append(kept, PhotoSpend{At: now, Pixels: pixels}), nil
}

// PhotosBusy refuses a post of photos while the same account's last one
// is still being read.
var PhotosBusy = &Error{Kind: KindRateLimited, Code: "photos_busy", RetryAfter: 10 * time.Second,
	Message: "your other photos are still being read; wait for them, then send this again"}
