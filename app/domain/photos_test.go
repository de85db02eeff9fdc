package domain

import (
	"errors"
	"testing"
	"time"
)

func TestPhotoAllowed(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	ago := func(d time.Duration, px int64) PhotoSpend { return PhotoSpend{At: now.Add(-d), Pixels: px} }
	for _, c := range []struct {
		name   string
		spent  []PhotoSpend
		pixels int64
		kept   int
		wait   time.Duration // 0: allowed
	}{
		{"nothing spent", nil, 12_000_000, 1, 0},
		{"exactly the allowance", []PhotoSpend{ago(time.Minute, PhotoPixelsPerHour-12_000_000)}, 12_000_000, 2, 0},
		{"one pixel past it", []PhotoSpend{ago(10*time.Minute, PhotoPixelsPerHour-12_000_000)}, 12_000_001, 1, 50 * time.Minute},
		{"the oldest spend says the wait", []PhotoSpend{ago(40*time.Minute, 300_000_000), ago(5*time.Minute, 300_000_000)}, 1, 2, 20 * time.Minute},
		{"an hour old no longer counts", []PhotoSpend{ago(time.Hour, PhotoPixelsPerHour), ago(time.Minute, 1)}, 12_000_000, 2, 0},
		{"just under an hour still counts", []PhotoSpend{ago(time.Hour-time.Second, PhotoPixelsPerHour)}, 1, 1, time.Second},
		{"one photo past the allowance alone", nil, PhotoPixelsPerHour + 1, 0, PhotoWindow},
		{"a tiny photo is charged a megapixel", []PhotoSpend{ago(30*time.Minute, PhotoPixelsPerHour-PhotoMinPixels+1)}, 1, 1, 30 * time.Minute},
		{"a megapixel left takes a tiny photo", []PhotoSpend{ago(30*time.Minute, PhotoPixelsPerHour-PhotoMinPixels)}, 1, 2, 0},
	} {
		kept, err := PhotoAllowed(append([]PhotoSpend(nil), c.spent...), now, c.pixels, PhotoPixelsPerHour)
		if len(kept) != c.kept {
			t.Errorf("%s: kept %d spends, want %d", c.name, len(kept), c.kept)
		}
		var e *Error
		switch {
		case c.wait == 0 && err != nil:
			t.Errorf("%s: refused: %v", c.name, err)
		case c.wait != 0 && (!errors.As(err, &e) || e.Code != "too_many_photos" || e.Kind != KindRateLimited || e.RetryAfter != c.wait):
			t.Errorf("%s: got %v (%+v), want too_many_photos after %v", c.name, err, e, c.wait)
		case c.wait != 0 && (len(e.Args) != 1 || e.Args[0] != int((c.wait+time.Minute-1)/time.Minute)):
			t.Errorf("%s: says %v minutes, want %v rounded up", c.name, e.Args, c.wait)
		case c.wait == 0 && (kept[len(kept)-1].At != now || kept[len(kept)-1].Pixels != max(c.pixels, PhotoMinPixels)):
			t.Errorf("%s: this photo's spend kept as %+v", c.name, kept[len(kept)-1])
		}
	}
}
