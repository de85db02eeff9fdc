package domain

import "time"

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

// PhotoSpend is the pixels an account had decoded at a time.
type PhotoSpend struct {
	At     time.Time
	Pixels int64
}

// PhotoAllowed decides whether an account that spent what spent records
// may have a photo of pixels decoded at now, allowance pixels an hour
// (PhotoPixelsPerHour but in tests): the spends older than
// PhotoWindow no longer count. It returns the spends still counting (for
// the caller to keep) and, past the allowance, a refusal saying when the
// oldest counting spend leaves the window.
func PhotoAllowed(spent []PhotoSpend, now time.Time, pixels, allowance int64) ([]PhotoSpend, error) {
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
		return kept, &Error{Kind: KindRateLimited, Code: "too_many_photos", RetryAfter: wait,
			Message: "you have sent many photos in the last hour; try again later"}
	}
	return kept, nil
}

// PhotosBusy refuses a post of photos while the same account's last one
// is still being read.
var PhotosBusy = &Error{Kind: KindRateLimited, Code: "photos_busy", RetryAfter: 10 * time.Second,
	Message: "your other photos are still being read; wait for them, then send this again"}
