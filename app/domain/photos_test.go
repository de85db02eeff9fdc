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
		{"nothing spent", nil, 12_000_000, 0, 0},
		{"exactly the allowance", []PhotoSpend{ago(time.Minute, PhotoPixelsPerHour-12_000_000)}, 12_000_000, 1, 0},
		{"one pixel past it", []PhotoSpend{ago(10*time.Minute, PhotoPixelsPerHour-12_000_000)}, 12_000_001, 1, 50 * time.Minute},
		{"the oldest spend says the wait", []PhotoSpend{ago(40*time.Minute, 300_000_000), ago(5*time.Minute, 300_000_000)}, 1, 2, 20 * time.Minute},
		{"an hour old no longer counts", []PhotoSpend{ago(time.Hour, PhotoPixelsPerHour), ago(time.Minute, 1)}, 12_000_000, 1, 0},
		{"just under an hour still counts", []PhotoSpend{ago(time.Hour-time.Second, PhotoPixelsPerHour)}, 1, 1, time.Second},
		{"one photo past the allowance alone", nil, PhotoPixelsPerHour + 1, 0, PhotoWindow},
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
		}
	}
}
