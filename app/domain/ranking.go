package domain

import (
	"encoding/base64"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Sort is an order for an idea list.
type Sort string

const (
	SortTop Sort = "top" // most votes first
	SortNew Sort = "new" // newest first
	SortHot Sort = "hot" // votes with time decay
	// SortScore is what top means in a stars or pairwise challenge: the
	// method's own measure (Idea.RankScore). The service picks it
	// (Challenge.TopSort); ParseSort never returns it.
	SortScore Sort = "score"
)

// ParseSort reads a sort name; "" means hot, the default a fan sees.
func ParseSort(s string) (Sort, error) {
	switch Sort(s) {
	case "":
		return SortHot, nil
	case SortTop, SortNew, SortHot:
		return Sort(s), nil
	}
	return "", Invalid("sort", "invalid_sort", "sort must be top, new or hot")
}

// hotEpoch and hotHalfDay set the time decay: an idea needs ten times the votes
// to stay level with one posted hotPeriod later.
var hotEpoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

const hotPeriod = 3 * 24 * time.Hour

// HotScore ranks by votes with time decay, as Reddit's "hot" does: the order
// between two ideas never changes as the clock moves, so the score is stored
// beside the vote counter, updated in the same transaction, and a hot list is
// an index scan rather than a computation over the table.
func HotScore(votes int, created time.Time) float64 {
	v := math.Log10(math.Max(float64(votes), 0) + 1)
	return v + created.Sub(hotEpoch).Seconds()/hotPeriod.Seconds()
}

// Cursor marks the last idea of a page, for keyset pagination: the next page
// starts strictly after (Key, ID) in the list's order.
type Cursor struct {
	Key float64
	ID  int64
}

// Encode writes a cursor as an opaque URL-safe string.
func (c Cursor) Encode() string {
	raw := strconv.FormatFloat(c.Key, 'g', -1, 64) + ":" + strconv.FormatInt(c.ID, 10)
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// ParseCursor reads a cursor; "" is the first page (nil).
func ParseCursor(s string) (*Cursor, error) {
	if s == "" {
		return nil, nil
	}
	bad := invalidCursor()
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad
	}
	k, id, ok := strings.Cut(string(raw), ":")
	if !ok {
		return nil, bad
	}
	key, err1 := strconv.ParseFloat(k, 64)
	n, err2 := strconv.ParseInt(id, 10, 64)
	if err1 != nil || err2 != nil || math.IsNaN(key) || math.IsInf(key, 0) || n < 0 {
		return nil, bad
	}
	return &Cursor{Key: key, ID: n}, nil
}

// ParseTimeCursor is ParseCursor for a list ordered by a time in
// milliseconds (the integrity log): a Key that is no whole number of
// milliseconds, or before 1970, or past what a float keeps exactly, is no
// cursor this server gave.
func ParseTimeCursor(s string) (*Cursor, error) {
	c, err := ParseCursor(s)
	if err != nil || c == nil {
		return c, err
	}
	if c.Key < 0 || c.Key > 1<<53 || c.Key != math.Trunc(c.Key) {
		return nil, invalidCursor()
	}
	return c, nil
}

func invalidCursor() error { return Invalid("cursor", "invalid_cursor", "cursor is not valid") }

// IdeaRank is an idea's place on a page of a list and what a vote or a
// comment changes about it: the part of a list page that must be read live
// while the ideas' text can be cached (see Store.ContentVersion).
type IdeaRank struct {
	ID                      int64
	Votes, VotesUnderReview int
	Comments                int
}

// CursorFor is the cursor after idea in a list sorted by s.
func CursorFor(s Sort, idea Idea) Cursor {
	switch s {
	case SortTop:
		return Cursor{Key: float64(idea.Votes), ID: idea.ID}
	case SortHot:
		return Cursor{Key: HotScore(idea.Votes, idea.CreatedAt), ID: idea.ID}
	case SortScore:
		return Cursor{Key: idea.RankScore, ID: idea.ID}
	}
	return Cursor{ID: idea.ID}
}

// PageLimit reads a page size: default 20, at most 100.
// MaxIDs is how many ids one read asks about at most (ParseIDs): a page of
// a list.
const MaxIDs = 100

// ParseIDs reads a comma-separated list of ids ("3,5,8"), as an app asks
// about the ideas it shows: each a positive whole number, at most MaxIDs,
// repeats read once. Empty is none.
func ParseIDs(s string) ([]int64, error) {
	if s == "" {
		return nil, nil
	}
	// Counted before it is split: a query string of a million commas
	// is refused without making a million strings.
	if strings.Count(s, ",") >= MaxIDs {
		return nil, Invalid("ids", "too_many_ids", fmt.Sprintf("ask about %d ids at most", MaxIDs))
	}
	parts := strings.Split(s, ",")
	out := make([]int64, 0, len(parts))
	seen := make(map[int64]bool, len(parts))
	for _, part := range parts {
		id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
		if err != nil || id < 1 {
			return nil, Invalid("ids", "invalid_number", "ids must be whole numbers separated by commas")
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out, nil
}

// PageLimit is the idea lists' limit: 20 unless asked, at most 100.
func PageLimit(s string) (int, error) { return ListLimit(s, 20, 100) }

// ListLimit reads a list's limit parameter: "" is def, and anything but a
// whole number from 1 to max is refused (InvalidLimit), for each list
// with its own page size.
func ListLimit(s string, def, max int) (int, error) {
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > max {
		return 0, InvalidLimit(max)
	}
	return n, nil
}

// InvalidLimit is the refusal of a page's limit outside 1 to max, saying
// max (its translations' %d), for every list that takes one.
func InvalidLimit(max int) *Error {
	e := Invalid("limit", "invalid_limit", fmt.Sprintf("limit must be between 1 and %d", max))
	e.Args = []any{max}
	return e
}
