package domain

import (
	"slices"
	"sort"
	"time"
)

// ReplyWait is a fan's idea or comment and when the brand first answered it
// officially: Xiaomi's rule that engineers answer fans on time, made visible.
type ReplyWait struct {
	Kind        string // "idea" or "comment"
	ID          int64
	IdeaID      int64
	ChallengeID int64 // the challenge or board it was posted in
	Title       string
	PostedAt    time.Time
	RepliedAt   *time.Time
}

// ReplyStats summarises how quickly fans were answered.
type ReplyStats struct {
	Answered   int
	Unanswered int
	Median     time.Duration
	P90        time.Duration
	// Oldest is the longest wait so far among the unanswered, at now.
	Oldest time.Duration
}

// SummariseReplies computes the median and 90th percentile of the answered
// waits (nearest-rank percentiles, so every figure is a real wait), and how
// many fans are still waiting.
func SummariseReplies(waits []ReplyWait, now time.Time) ReplyStats {
	var st ReplyStats
	var d []time.Duration
	for _, w := range waits {
		if w.RepliedAt == nil {
			st.Unanswered++
			st.Oldest = max(st.Oldest, now.Sub(w.PostedAt))
			continue
		}
		d = append(d, w.RepliedAt.Sub(w.PostedAt))
	}
	st.Answered = len(d)
	if len(d) == 0 {
		return st
	}
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] }) // equivalent mutant: <= only reorders equal durations
	st.Median = nearestRank(d, 50)
	st.P90 = nearestRank(d, 90)
	return st
}

// nearestRank is the p-th percentile of sorted d by the nearest-rank method.
func nearestRank(d []time.Duration, p int) time.Duration {
	rank := (p*len(d) + 99) / 100 // ceil(p/100 * n)
	return d[max(rank, 1)-1]
}

// WaitingShown is how many of the fans still waiting the reply-time
// dashboard lists: the oldest, who have waited longest. A challenge with
// thousands unanswered would otherwise be a page of megabytes; the count of
// all of them is shown beside the list.
const WaitingShown = 100

// OldestWaiting is the unanswered of waits, oldest first, at most limit of
// them, and how many are unanswered in all.
func OldestWaiting(waits []ReplyWait, limit int) ([]ReplyWait, int) {
	var out []ReplyWait
	for _, w := range waits {
		if w.RepliedAt == nil {
			out = append(out, w)
		}
	}
	slices.SortStableFunc(out, func(a, b ReplyWait) int { return a.PostedAt.Compare(b.PostedAt) })
	return out[:min(len(out), limit)], len(out)
}
