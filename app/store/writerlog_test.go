package store

import (
	"bytes"
	"context"
	"log/slog"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/pgtest"
)

// A phase log keeps every duration in its histogram and the longest few
// with when they began, also across a merge.
func TestPhaseLogKeepsTheLongestWithTheirTimes(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC)
	var a, b phaseLog
	var all []time.Duration
	for i := range 40 {
		d := time.Duration((i*7919)%101+1) * time.Millisecond // 40 distinct durations
		l := &a
		if i%3 == 0 {
			l = &b
		}
		l.addDur(phLogSync, t0.Add(time.Duration(i)*time.Second), d)
		all = append(all, d)
	}
	a.addDur(phStop, t0, time.Millisecond)
	a.merge(&b)
	h := &a.took[phLogSync]
	var sum time.Duration
	for _, d := range all {
		sum += d
	}
	if h.n != len(all) || a.total[phLogSync] != sum || h.max != slices.Max(all) {
		t.Errorf("after the merge: n %d, total %v, max %v; want %d, %v, %v", h.n, a.total[phLogSync], h.max, len(all), sum, slices.Max(all))
	}
	if a.took[phStop].n != 1 || len(a.longest[phStop]) != 1 || a.took[phCommit].n != 0 {
		t.Errorf("the phases mixed: stop n %d (%d kept), commit n %d", a.took[phStop].n, len(a.longest[phStop]), a.took[phCommit].n)
	}
	sorted := slices.Clone(all)
	slices.Sort(sorted)
	want := sorted[len(sorted)-keepLongest:]
	var got []time.Duration
	for _, k := range a.longest[phLogSync] {
		got = append(got, k.d)
		i := slices.Index(all, k.d) // when it began: its index in seconds
		if !k.at.Equal(t0.Add(time.Duration(i) * time.Second)) {
			t.Errorf("%v is kept as beginning at %v, want %v", k.d, k.at, t0.Add(time.Duration(i)*time.Second))
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("the longest kept are %v, want %v", got, want)
	}
}

// The histogram's quantiles: the bucket that holds the (q·n)-th shortest.
func TestDurHistQuantile(t *testing.T) {
	var h durHist
	for i := 1; i <= 1000; i++ {
		h.add(time.Duration(i) * time.Millisecond)
	}
	for _, tc := range []struct {
		q    float64
		want time.Duration
	}{{0, time.Millisecond}, {0.5, 501 * time.Millisecond}, {0.99, 991 * time.Millisecond}, {1, 1000 * time.Millisecond}} {
		lo, hi := h.quantile(tc.q)
		if tc.want < lo || tc.want > hi || hi > h.max || (lo >= 4 && float64(hi) > 1.25*float64(lo)) {
			t.Errorf("quantile %v in [%v, %v], want a bucket at most a quarter wide holding %v", tc.q, lo, hi, tc.want)
		}
	}
	var one durHist
	one.add(7 * time.Millisecond)
	if lo, hi := one.quantile(0.99); lo > 7*time.Millisecond || hi != 7*time.Millisecond {
		t.Errorf("one duration: p99 in [%v, %v], want it to end at 7ms", lo, hi)
	}
}

// Close logs the write path's phases of a storm of votes: every phase the
// writer and the syncer go through, each write's wait among them; the
// longest wait of a batch's oldest write is at least the longest log sync
// (a sync's batches were queued before it began and answered after it
// ended), which holds only if each is timed where it happens.
func TestTheWritePathIsLoggedAtClose(t *testing.T) {
	var buf bytes.Buffer
	var mu sync.Mutex
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewTextHandler(&lockedWriter{w: &buf, mu: &mu}, nil)))

	s := mustOpen(t)
	users, c := fixture(t, s, 16)
	var ideas []int64
	for range 8 {
		ideas = append(ideas, addIdea(t, s, c, users[0].ID, "idea").ID)
	}
	voteAllAtOnce(t, s, users, ideas)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	out := buf.String()
	mu.Unlock()

	line := regexp.MustCompile(`msg="store: the write path" phase=(\w+) n=(\d+) total=\S+ p50=\S+ p99=\S+ max=(\S+) longest=("[^"]*"|\S+)`)
	n := map[string]int{}
	maxOf := map[string]time.Duration{}
	for _, m := range line.FindAllStringSubmatch(out, -1) {
		n[m[1]], _ = strconv.Atoi(m[2])
		d, err := time.ParseDuration(m[3])
		if err != nil {
			t.Fatalf("max %q: %v", m[3], err)
		}
		maxOf[m[1]] = d
		if kept := strings.Count(m[4], "/"); kept != min(n[m[1]], keepLongest) {
			t.Errorf("phase %s: %d longest shown, want %d: %s", m[1], kept, min(n[m[1]], keepLongest), m[0])
		}
	}
	want := []string{"statements", "commit", "oldest_write"}
	if s.logs != nil {
		want = append(want, "sync_wait", "log_sync")
	}
	for _, ph := range want {
		if n[ph] == 0 {
			t.Errorf("no %s line (or n=0) in the log:\n%s", ph, out)
		}
	}
	if n["statements"] < n["commit"] || n["oldest_write"] < n["commit"] {
		t.Errorf("%d statement phases and %d oldest writes for %d commits: each batch has one of each", n["statements"], n["oldest_write"], n["commit"])
	}
	if s.logs != nil && maxOf["oldest_write"] < maxOf["log_sync"] {
		t.Errorf("the longest wait of a batch's oldest write %v is shorter than the longest log sync %v", maxOf["oldest_write"], maxOf["log_sync"])
	}
	if !pgtest.Postgres() && n["checkpointer"] == 0 {
		// It runs after a commit wakes it, and may not have before Close.
		t.Logf("no checkpointer run logged")
	}
}

// lockedWriter serialises writes to w (slog's handler may be called from
// the store's goroutines at once).
type lockedWriter struct {
	w  *bytes.Buffer
	mu *sync.Mutex
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// voteAllAtOnce has every user vote for every idea, a goroutine a user.
func voteAllAtOnce(t *testing.T, s *Store, users []domain.User, ideas []int64) {
	t.Helper()
	var wg sync.WaitGroup
	for _, u := range users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, idea := range ideas {
				if _, err := s.Vote(context.Background(), u.ID, idea, allow); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
