package service

import (
	"errors"
	"testing"
	"time"

	"cocreate/app/domain"
)

// One post of an account's photos is read at a time; another account's
// is not held up by it; an account with nothing left counting is
// forgotten once its post ends, one still counting is not.
func TestPhotoUseOnePostAtATime(t *testing.T) {
	t.Parallel()
	var p photoUse
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	done, err := p.begin(1, clock)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.begin(1, clock); !errors.Is(err, domain.PhotosBusy) {
		t.Fatalf("a second post while the first is read: %v", err)
	}
	doneOther, err := p.begin(2, clock)
	if err != nil {
		t.Fatalf("another account waits for the first: %v", err)
	}
	doneOther()
	if _, ok := p.by[2]; ok {
		t.Error("an account that spent nothing is remembered")
	}
	if err := p.spend(1, now, 10, 1_500_000); err != nil { // charged a megapixel
		t.Fatal(err)
	}
	if err := p.spend(1, now, 10, 1_500_000); err == nil {
		t.Error("past the allowance: allowed")
	}
	done()
	if _, ok := p.by[1]; !ok {
		t.Error("an account whose spend still counts is forgotten")
	}
	done, err = p.begin(1, clock)
	if err != nil {
		t.Fatalf("after the first post ended: %v", err)
	}
	now = now.Add(time.Hour)
	done()
	if _, ok := p.by[1]; ok {
		t.Error("an account whose spends are an hour old is remembered")
	}
	if err := p.spend(3, now, 1<<40, 1); err != nil {
		t.Errorf("an account with no post begun is rationed: %v", err)
	}
	// Accounts whose spends left the hour are swept at the next post of
	// anyone's, a minute on at most; one still counting is kept.
	p.by[4] = &photoAccount{spent: []domain.PhotoSpend{{At: now.Add(-2 * time.Hour), Pixels: 1}}}
	p.by[5] = &photoAccount{spent: []domain.PhotoSpend{{At: now.Add(-time.Minute), Pixels: 1}}}
	p.swept = now.Add(-time.Minute)
	done, err = p.begin(6, clock)
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	if _, ok := p.by[4]; ok {
		t.Error("an account whose spends left the hour is not swept")
	}
	if _, ok := p.by[5]; !ok {
		t.Error("an account whose spend still counts is swept")
	}
}
