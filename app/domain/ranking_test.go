package domain

import (
	"encoding/base64"
	"math"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseSort(t *testing.T) {
	tests := []struct {
		in   string
		want Sort
		err  wantErr
	}{
		{"", SortHot, noErr},
		{"hot", SortHot, noErr},
		{"top", SortTop, noErr},
		{"new", SortNew, noErr},
		{"Top", "", invalid("sort", "invalid_sort")},
		{"best", "", invalid("sort", "invalid_sort")},
		{" top", "", invalid("sort", "invalid_sort")},
		{"stars", "", invalid("sort", "invalid_sort")},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseSort(tt.in)
			checkErr(t, err, tt.err)
			if got != tt.want {
				t.Errorf("ParseSort(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestPageLimit(t *testing.T) {
	tests := []struct {
		in   string
		want int
		err  wantErr
	}{
		{"", 20, noErr},
		{"1", 1, noErr},
		{"20", 20, noErr},
		{"50", 50, noErr},
		{"100", 100, noErr},
		{"0", 0, invalid("limit", "invalid_limit")},
		{"101", 0, invalid("limit", "invalid_limit")},
		{"-1", 0, invalid("limit", "invalid_limit")},
		{"abc", 0, invalid("limit", "invalid_limit")},
		{"1.5", 0, invalid("limit", "invalid_limit")},
		{"10abc", 0, invalid("limit", "invalid_limit")},
		{"99999999999999999999", 0, invalid("limit", "invalid_limit")},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := PageLimit(tt.in)
			checkErr(t, err, tt.err)
			if got != tt.want {
				t.Errorf("PageLimit(%q) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

func TestHotScoreMoreVotesRankHigher(t *testing.T) {
	for _, created := range []time.Time{hotEpoch, t0, time.Date(2019, 3, 1, 0, 0, 0, 0, time.UTC)} {
		for _, p := range [][2]int{{0, 1}, {1, 2}, {2, 3}, {10, 11}, {99, 100}, {1000, 5000}, {999999, 1000000}} {
			lo, hi := HotScore(p[0], created), HotScore(p[1], created)
			if !(hi > lo) {
				t.Errorf("created %s: HotScore(%d) = %v, HotScore(%d) = %v; want more votes higher",
					created.Format(time.DateOnly), p[1], hi, p[0], lo)
			}
		}
	}
}

func TestHotScoreNewerRanksHigher(t *testing.T) {
	for _, votes := range []int{0, 1, 5, 1000} {
		for _, gap := range []time.Duration{time.Second, time.Minute, time.Hour, day, 30 * day} {
			older, newer := HotScore(votes, t0), HotScore(votes, t0.Add(gap))
			if !(newer > older) {
				t.Errorf("%d votes: posted %v later scores %v, earlier %v; want newer higher", votes, gap, newer, older)
			}
		}
	}
}

func TestHotScoreTenfoldVotesPerThreeDays(t *testing.T) {
	// score = log10(votes+1) + age/3 days, so an idea posted three days later
	// with v votes ties one posted earlier with 10(v+1)-1 votes; one vote fewer
	// and the newer idea wins, one more and the older one does.
	for _, created := range []time.Time{hotEpoch, t0, time.Date(2031, 12, 31, 23, 59, 59, 0, time.UTC)} {
		for _, v := range []int{0, 1, 9, 99, 12345} {
			older := 10*(v+1) - 1
			a := HotScore(older, created)
			b := HotScore(v, created.Add(72*time.Hour))
			if math.Abs(a-b) > 1e-9 {
				t.Errorf("HotScore(%d, t) = %v, HotScore(%d, t+72h) = %v; want equal", older, a, v, b)
			}
			if HotScore(older-1, created) >= b {
				t.Errorf("HotScore(%d, t) >= HotScore(%d, t+72h); want the newer idea ahead", older-1, v)
			}
			if HotScore(older+1, created) <= b {
				t.Errorf("HotScore(%d, t) <= HotScore(%d, t+72h); want the older idea ahead", older+1, v)
			}
		}
	}
	// A single day's head start is worth less than tenfold votes.
	if HotScore(0, t0.Add(day)) <= HotScore(0, t0) || HotScore(9, t0) <= HotScore(0, t0.Add(day)) {
		t.Errorf("one day should be worth between 1x and 10x the votes")
	}
}

func TestHotScoreFinite(t *testing.T) {
	for _, tt := range []struct {
		name    string
		votes   int
		created time.Time
	}{
		{"no votes at the epoch", 0, hotEpoch},
		{"no votes now", 0, t0},
		{"no votes, zero time", 0, time.Time{}},
		{"no votes, before the epoch", 0, time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"no votes, far future", 0, time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"many votes", math.MaxInt32, t0},
		{"negative votes", -3, t0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := HotScore(tt.votes, tt.created)
			if math.IsNaN(s) || math.IsInf(s, 0) {
				t.Errorf("HotScore(%d, %s) = %v, want a finite number", tt.votes, tt.created, s)
			}
		})
	}
	if a, b := HotScore(-3, t0), HotScore(0, t0); a != b {
		t.Errorf("negative votes score %v, zero votes %v; want them equal", a, b)
	}
	if a, b := HotScore(0, t0), HotScore(1, t0); a == b {
		t.Errorf("0 and 1 votes score the same (%v)", a)
	}
}

var urlSafe = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

func TestCursorRoundTrip(t *testing.T) {
	tests := []Cursor{
		{Key: 0, ID: 0},
		{Key: 0, ID: 1},
		{Key: 12, ID: 345},
		{Key: 1.2345678901234e5, ID: 9},
		{Key: -1.5, ID: 2},
		{Key: -123456.789, ID: 77},
		{Key: 1.0 / 3.0, ID: 3},
		{Key: math.MaxFloat64, ID: math.MaxInt64},
		{Key: math.SmallestNonzeroFloat64, ID: 1},
		{Key: HotScore(42, t0), ID: 1001},
		{Key: HotScore(42, t0) + 1e-12, ID: 1001},
	}
	for _, c := range tests {
		t.Run(c.Encode(), func(t *testing.T) {
			s := c.Encode()
			if !urlSafe.MatchString(s) {
				t.Errorf("Encode() = %q, want only URL-safe characters without padding", s)
			}
			got, err := ParseCursor(s)
			if err != nil {
				t.Fatalf("ParseCursor(%q): %v", s, err)
			}
			if got == nil || got.Key != c.Key || got.ID != c.ID {
				t.Errorf("ParseCursor(Encode(%+v)) = %+v", c, got)
			}
		})
	}
	if a, b := (Cursor{Key: 1, ID: 2}).Encode(), (Cursor{Key: 1.0000000000000002, ID: 2}).Encode(); a == b {
		t.Errorf("neighbouring keys encode the same: %q", a)
	}
}

func TestParseCursorEmpty(t *testing.T) {
	c, err := ParseCursor("")
	if c != nil || err != nil {
		t.Errorf(`ParseCursor("") = %+v, %v; want nil, nil (the first page)`, c, err)
	}
}

func TestParseCursorRefused(t *testing.T) {
	raw := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		name string
		in   string
	}{
		{"not base64", "!!!"},
		{"padded standard base64", base64.StdEncoding.EncodeToString([]byte("1:2x"))},
		{"garbage bytes", raw("\x00\xff\xfe")},
		{"missing colon", raw("12")},
		{"empty key", raw(":5")},
		{"empty id", raw("5:")},
		{"only a colon", raw(":")},
		{"key not a number", raw("abc:5")},
		{"id not a number", raw("5:abc")},
		{"id fractional", raw("5:1.5")},
		{"two colons", raw("1:2:3")},
		{"NaN key", raw("NaN:1")},
		{"Inf key", raw("Inf:1")},
		{"+Inf key", raw("+Inf:1")},
		{"-Inf key", raw("-Inf:1")},
		{"key overflows to infinity", raw("1e400:1")},
		{"negative id", raw("1:-1")},
		{"id overflows", raw("1:9223372036854775808")},
		{"spaces around", raw(" 1:2 ")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ParseCursor(tt.in)
			checkErr(t, err, invalid("cursor", "invalid_cursor"))
			if c != nil {
				t.Errorf("ParseCursor(%q) = %+v, want nil with the error", tt.in, c)
			}
		})
	}
}

func TestCursorFor(t *testing.T) {
	idea := Idea{ID: 42, Votes: 17, CreatedAt: t0}
	tests := []struct {
		sort Sort
		want Cursor
	}{
		{SortTop, Cursor{Key: 17, ID: 42}},
		{SortHot, Cursor{Key: HotScore(17, t0), ID: 42}},
		{SortNew, Cursor{Key: 0, ID: 42}},
	}
	for _, tt := range tests {
		t.Run(string(tt.sort), func(t *testing.T) {
			got := CursorFor(tt.sort, idea)
			if got != tt.want {
				t.Errorf("CursorFor(%q) = %+v, want %+v", tt.sort, got, tt.want)
			}
			back, err := ParseCursor(got.Encode())
			if err != nil || back == nil || *back != got {
				t.Errorf("round trip of %+v = %+v, %v", got, back, err)
			}
		})
	}
}

func TestParseIDs(t *testing.T) {
	hundred := strings.TrimSuffix(strings.Repeat("7,", MaxIDs), ",")
	tests := []struct {
		in   string
		want []int64
		err  wantErr
	}{
		{"", nil, noErr},
		{"3", []int64{3}, noErr},
		{"1", []int64{1}, noErr},
		{"3,5,8", []int64{3, 5, 8}, noErr},
		{" 3, 5 ,8 ", []int64{3, 5, 8}, noErr},
		{"8,3,8,3", []int64{8, 3}, noErr},
		{hundred, []int64{7}, noErr},
		{hundred + ",7", nil, invalid("ids", "too_many_ids")},
		{"0", nil, invalid("ids", "invalid_number")},
		{"-2", nil, invalid("ids", "invalid_number")},
		{"3,,5", nil, invalid("ids", "invalid_number")},
		{"3,x", nil, invalid("ids", "invalid_number")},
		{"1.5", nil, invalid("ids", "invalid_number")},
		{"99999999999999999999", nil, invalid("ids", "invalid_number")},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseIDs(tt.in)
			checkErr(t, err, tt.err)
			if !slices.Equal(got, tt.want) {
				t.Errorf("ParseIDs(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
