package bench

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// list is the second target figure: reading a challenge's idea list (hot or
// top) with 100,000 ideas, p99 under 20 ms. Each worker reads the first
// page and follows next_cursor for a few more, as a fan scrolling does.
type list struct {
	cfg       *Config
	challenge int64
}

func (l *list) Name() string { return "list" }

func (l *list) Conns() int { return l.cfg.ListConns }

// Seed adds cfg.ListIdeas ideas created over the last 30 days and about half
// as many votes, skewed as real votes are (a few ideas get most of them), so
// that top and hot are real orders and not ties broken by id.
func (l *list) Seed(ctx context.Context, s *Seeder) error {
	var err error
	l.challenge, _, _, err = seedPopular(ctx, s, "Bench: a challenge with many ideas", "list", s.Fans)
	return err
}

// seedPopular creates a challenge of cfg.ListIdeas ideas spread over 30 days
// and queues half as many Zipf-skewed votes by fans (cast alongside the
// index build). It returns the ideas in creation order and the tally each
// will have once those votes are cast.
func seedPopular(ctx context.Context, s *Seeder, title, what string, fans []Fan) (int64, []int64, []int, error) {
	c, err := s.Challenge(ctx, title)
	if err != nil {
		return 0, nil, nil, err
	}
	began := time.Now()
	ids, err := s.Ideas(ctx, c.ID, s.Cfg.ListIdeas, 30*24*time.Hour)
	if err != nil || len(ids) == 0 {
		return c.ID, ids, nil, err
	}
	s.Cfg.logf("%s: %d ideas in %s", what, len(ids), time.Since(began).Round(time.Millisecond))
	r := rand.New(rand.NewPCG(7, 7))
	zipf := rand.NewZipf(r, 1.2, 8, uint64(len(ids)-1))
	type vote struct{ fan, idea int }
	pending := make([]vote, len(ids)/2)
	tallies, cast := make([]int, len(ids)), map[vote]bool{}
	for i := range pending {
		v := vote{fan: r.IntN(len(fans)), idea: popular(int(zipf.Uint64()), len(ids))}
		pending[i] = v
		if !cast[v] { // a second vote by the same fan changes nothing
			cast[v] = true
			tallies[v.idea]++
		}
	}
	s.Alongside(func(ctx context.Context) error {
		began := time.Now()
		err := Parallel(ctx, len(pending), func(i int) error {
			v := pending[i]
			_, err := s.Service.Vote(ctx, &fans[v.fan].User, ids[v.idea])
			return err
		})
		s.Cfg.logf("%s: %d votes in %s", what, len(pending), time.Since(began).Round(time.Millisecond))
		return err
	})
	return c.ID, ids, tallies, nil
}

func (l *list) Run(ctx context.Context, t *Target) ([]Row, error) {
	var rows []Row
	ceil := t.Ceiling(l.Conns())
	for _, sort := range []string{"top", "hot"} {
		st := t.Load("list "+sort, l.Conns(), t.Cfg.Duration, l.walker(t.Base, sort))
		t.Cfg.logf("list %s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, %d errors %s",
			sort, st.PerSec, st.P50, st.P99, st.Errors, st.FirstError)
		name := fmt.Sprintf("idea list %s (%d ideas)", sort, l.cfg.ListIdeas)
		rows = append(rows,
			Row{Figure: name + ": requests/s", Value: st.PerSec, Unit: "/s", Ceiling: ceil.PerSec},
			Row{Figure: name + ": p50 latency", Value: st.P50, Unit: "ms", Ceiling: ceil.P50},
			Row{Figure: name + ": p99 latency", Value: st.P99, Unit: "ms", Ceiling: ceil.P99, Target: "< 20 ms", Met: yes(st.P99 < 20)},
			Row{Figure: name + ": errors", Value: float64(st.Errors), Target: "0", Met: yes(st.Errors == 0)},
		)
		if st.OK == 0 {
			return rows, fmt.Errorf("list %s: no page was served: %s", sort, st.FirstError)
		}
	}
	return rows, nil
}

// walker reads cfg.Pages pages of the list, following next_cursor, and
// checks what it can without knowing the scores: full pages until the last,
// no idea twice, and for top, votes never rising from one idea to the next.
func (l *list) walker(base, sort string) Worker { return l.walk(base, sort, true) }

// walk is walker; with across false, the checks hold within each page only:
// while votes move ideas between pages as they are read, an idea can rise
// past the cursor or fall behind it, and keyset paging promises each page,
// not a snapshot of all of them.
func (l *list) walk(base, sort string, across bool) Worker {
	const limit = 20
	first := fmt.Sprintf("%s/api/v1/challenges/%d/ideas?sort=%s&limit=%d", base, l.challenge, sort, limit)
	return func(w int, deadline time.Time, rec *Recorder) {
		var p page
		for time.Now().Before(deadline) {
			next, seen, lastVotes := first, map[int64]bool{}, int(^uint(0)>>1)
			for range l.cfg.Pages {
				if !across {
					clear(seen)
					lastVotes = int(^uint(0) >> 1)
				}
				req, _ := rec.NewRequest(http.MethodGet, next, nil)
				status, body, err := rec.Do(req)
				if err != nil || status != http.StatusOK {
					break
				}
				if err := p.read(&rec.json, body); err != nil {
					rec.Fail("list: unreadable page: " + err.Error())
					break
				}
				if msg := p.check(sort, limit, seen, &lastVotes); msg != "" {
					rec.Fail("list " + sort + ": " + msg)
					break
				}
				if p.NextCursor == nil {
					break
				}
				next = first + "&cursor=" + url.QueryEscape(*p.NextCursor)
			}
		}
	}
}

func (p *page) check(sort string, limit int, seen map[int64]bool, lastVotes *int) string {
	if p.NextCursor != nil && len(p.Ideas) != limit {
		return strconv.Itoa(len(p.Ideas)) + " ideas on a page that has a next one"
	}
	for _, idea := range p.Ideas {
		if seen[idea.ID] {
			return fmt.Sprintf("idea %d listed twice", idea.ID)
		}
		seen[idea.ID] = true
		if sort == "top" && idea.Votes > *lastVotes {
			return fmt.Sprintf("idea %d has %d votes after one with %d", idea.ID, idea.Votes, *lastVotes)
		}
		*lastVotes = idea.Votes
	}
	return ""
}
