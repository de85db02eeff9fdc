package pairwise

import (
	"strings"
	"testing"
	"time"

	"cocreate/app/domain"
)

func TestTokens(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	now := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	q := Question{Challenge: 3, User: 7, Left: 11, Right: 12, Expires: now.Add(TokenLife)}
	tok := Sign(key, q)
	got, err := Verify(key, tok, 3, 7, now)
	if err != nil || got != (Question{3, 7, 11, 12, q.Expires}) {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	if _, err := Verify(key, tok, 3, 7, q.Expires.Add(-time.Millisecond)); err != nil {
		t.Errorf("a millisecond before expiry: %v", err)
	}
	code := func(err error) string {
		if e := domain.AsError(err); e != nil && e.Field == "pair_token" && e.Kind == domain.KindInvalid {
			return e.Code
		}
		return "?"
	}
	if c := code(func() error { _, err := Verify(key, tok, 3, 7, q.Expires); return err }()); c != "pair_token_expired" {
		t.Errorf("at expiry: %s", c)
	}
	swap := Sign(key, Question{Challenge: 3, User: 7, Left: 12, Right: 11, Expires: q.Expires})
	if swap == tok {
		t.Error("left and right are not in the token")
	}
	for name, bad := range map[string]struct {
		tok       string
		key       []byte
		challenge int64
		user      int64
	}{
		"another fan's":          {tok, key, 3, 8},
		"another challenge's":    {tok, key, 4, 7},
		"another key's":          {tok, []byte("another key"), 3, 7},
		"a changed pair":         {strings.Replace(tok, ".11.", ".13.", 1), key, 3, 7},
		"a changed expiry":       {strings.Replace(tok, ".12.", ".12.9", 1), key, 3, 7},
		"a changed mac":          {tok[:len(tok)-2] + "AA", key, 3, 7},
		"no mac":                 {tok[:strings.LastIndex(tok, ".")], key, 3, 7},
		"empty":                  {"", key, 3, 7},
		"not base64":             {tok[:strings.LastIndex(tok, ".")] + ".%%%", key, 3, 7},
		"too long":               {tok + strings.Repeat("A", 200), key, 3, 7},
		"the same idea twice":    {Sign(key, Question{3, 7, 11, 11, q.Expires}), key, 3, 7},
		"numbers that are words": {Sign(key, Question{3, 7, 11, 12, q.Expires})[:0] + "a.b.c.d.e." + tok[strings.LastIndex(tok, ".")+1:], key, 3, 7},
	} {
		if _, err := Verify(bad.key, bad.tok, bad.challenge, bad.user, now); code(err) != "invalid_pair_token" {
			t.Errorf("%s: %v", name, err)
		}
	}
	// Not a number though correctly signed.
	payload := "3.7.x.12.1"
	forged := payload + "." + encode(mac(key, payload))
	if _, err := Verify(key, forged, 3, 7, now); code(err) != "invalid_pair_token" {
		t.Errorf("a signed non-number: %v", err)
	}
}

func TestChoices(t *testing.T) {
	q := Question{Left: 5, Right: 9}
	for _, tc := range []struct {
		in     string
		ok     bool
		winner int64
	}{{"left", true, 5}, {"right", true, 9}, {"skip", true, 0}, {"Left", false, 0}, {"", false, 0}, {"both", false, 0}} {
		c, err := ParseChoice(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("ParseChoice(%q): %v", tc.in, err)
			continue
		}
		if err != nil {
			if e := domain.AsError(err); e == nil || e.Field != "choice" {
				t.Errorf("ParseChoice(%q) names no field: %v", tc.in, err)
			}
			continue
		}
		if c.Winner(q) != tc.winner {
			t.Errorf("%s wins %d", tc.in, c.Winner(q))
		}
	}
}

func TestCanCompare(t *testing.T) {
	now := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	open, closeAt := now.Add(-time.Hour), now.Add(time.Hour)
	c := domain.Challenge{Schedule: domain.Schedule{VotingOpenAt: &open, VotingCloseAt: &closeAt}}
	c.VotingMethod = domain.MethodPairwise
	fan := &domain.User{ID: 1}
	codeOf := func(err error) string {
		if e := domain.AsError(err); e != nil {
			return e.Code
		}
		return ""
	}
	if err := CanCompare(fan, c, now); err != nil {
		t.Errorf("open pairwise: %v", err)
	}
	if e := domain.AsError(CanCompare(nil, c, now)); e == nil || e.Kind != domain.KindUnauthorized {
		t.Errorf("a visitor: %v", e)
	}
	if got := codeOf(CanCompare(fan, c, closeAt)); got != "voting_closed" {
		t.Errorf("at close: %s", got)
	}
	stars := c
	stars.VotingMethod = domain.MethodStars
	if got := codeOf(CanCompare(fan, stars, now)); got != "wrong_voting_method" {
		t.Errorf("stars: %s", got)
	}
}
