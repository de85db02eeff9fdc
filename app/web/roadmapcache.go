package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"cocreate/app/domain"
	"cocreate/app/i18n"
	"cocreate/app/service"

	"golang.org/x/sync/singleflight"
)

// A page of the roadmap shows up to 300 posts (service.RoadmapLimit per
// column; each column goes on a page at a time), and executing
// the template for each was most of its cost (BENCHMARKS.md, "Board and
// roadmap pages"). So each item's HTML is kept, cut where its vote count
// goes, under a key made of everything the HTML is made from (language,
// post, title, response and when it was given, board and its title): a
// changed post or board makes a new key, so a kept item is never stale,
// and the vote count, which votes change all the time, is written from the
// request's own read. What a reader may see is still decided per request
// (service.Roadmap), before any of this. Nor does the key hold where the
// post stands in its column: which page it is on is read per request, so
// paging cannot make a kept item stale either.
//
// Only the items of each column's first page are kept: they are what
// nearly every reader asks for, while a deeper page is read rarely, and a
// crawler walking every column to its end would otherwise fill the cache
// with pages no one else reads and push out everyone's first pages.
// Deeper pages use a kept item when there is one and render the rest.

// votesMark is where the item template leaves the vote count out.
const votesMark = "<!--votes-->"

// roadmapItemsMax bounds the kept items of a generation. Only first pages
// are kept (a page of the roadmap is at most 300 posts per language), so
// the kept items grow only as first-page posts change (each change makes a
// new key); when a generation is full it becomes the old one and a new one
// starts, and an item found in the old one moves to the new: the items of
// the current first pages stay, those no first page shows any more go.
// An item is at most about 16 KB (a 5,000-character response in Chinese),
// so at most about 32 MB.
const roadmapItemsMax = 1024

type roadmapItems struct {
	mu     sync.Mutex
	m, old map[string][2]string // key → HTML before and after the vote count
	// The roadmap's counts by column and board (service.RoadmapCounts),
	// read while ContentVersion returned countsAt: kept while it still
	// does, so they are never stale either.
	counts   map[domain.Status]map[int64]int
	countsAt uint64
	// recount lets one count run at a time: any write but a vote moves
	// ContentVersion, so without it every roadmap request arriving while
	// the counts are read again would start its own grouped COUNT.
	recount  singleflight.Group
	recounts atomic.Int64 // counts read, for the tests
	// slowCount, when set (by a test), runs before each count is read:
	// a count as long as one at 120,000 posts.
	slowCount func()
}

func newRoadmapItems() *roadmapItems {
	return &roadmapItems{m: map[string][2]string{}, old: map[string][2]string{}}
}

// get is the kept item of key, if any; an item found in the old
// generation moves to the new one if it is on a first page (keep).
func (r *roadmapItems) get(key string, keep bool) ([2]string, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if parts, ok := r.m[key]; ok {
		return parts, true
	}
	parts, ok := r.old[key]
	if ok && keep {
		r.put(key, parts)
	}
	return parts, ok
}

// keep keeps an item of a first page.
func (r *roadmapItems) keep(key string, parts [2]string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.put(key, parts)
}

func (r *roadmapItems) put(key string, parts [2]string) {
	if len(r.m) >= roadmapItemsMax {
		r.old, r.m = r.m, map[string][2]string{}
	}
	r.m[key] = parts
}

// roadmapItem is what the item template shows.
type roadmapItem struct {
	Idea  domain.Idea
	Board domain.Challenge
}

func roadmapKey(lang string, it roadmapItem) string {
	var at int64
	if it.Idea.StatusAt != nil {
		at = it.Idea.StatusAt.UnixMilli()
	}
	return strings.Join([]string{lang, strconv.FormatInt(it.Idea.ID, 10), it.Idea.Title, it.Idea.Response, strconv.FormatInt(at, 10),
		strconv.FormatInt(it.Board.ID, 10), it.Board.Title}, "\x00")
}

// roadmapHTML is each post's item on the roadmap page, by post.
func (s *Server) roadmapHTML(lang string, v roadmapView) (map[int64]template.HTML, error) {
	p := &page{printer: i18n.For(lang), Lang: lang, loc: s.cfg.Location}
	out := map[int64]template.HTML{}
	for st, col := range v.Columns {
		first := v.From[st] == nil // a column's first page: its items are kept
		for _, idea := range col {
			it := roadmapItem{Idea: idea, Board: v.Board(idea)}
			key := roadmapKey(lang, it)
			parts, ok := s.roadmap.get(key, first)
			if !ok {
				var buf bytes.Buffer
				if err := s.views.pages["roadmap"].ExecuteTemplate(&buf, "roadmap_item", p.With(it)); err != nil {
					return nil, fmt.Errorf("web: unable to render a roadmap item: %w", err)
				}
				head, tail, found := strings.Cut(buf.String(), votesMark)
				if !found {
					return nil, fmt.Errorf("web: the roadmap item has no %s", votesMark)
				}
				parts = [2]string{head, tail}
				if first {
					s.roadmap.keep(key, parts)
				}
			}
			out[idea.ID] = template.HTML(parts[0] + template.HTMLEscapeString(p.N("roadmap.votes", idea.Votes)) + parts[1])
		}
	}
	return out, nil
}

// roadmapTotals fills in r's column totals for the request's reader
// (service.RoadmapTotals), from the counts kept while the store's
// ContentVersion has not moved, read again when it has: one read at a
// time (recount), which every request waiting for newer counts shares.
func (s *Server) roadmapTotals(ctx context.Context, u *domain.User, r *service.Roadmap) error {
	v := s.svc.ContentVersion()
	s.roadmap.mu.Lock()
	counts, ok := s.roadmap.counts, s.roadmap.counts != nil && s.roadmap.countsAt >= v
	s.roadmap.mu.Unlock()
	// A count already running may have started before v was seen; the
	// next one starts after it, so a second wait at most reads what v
	// includes.
	for try := 0; !ok && try < 2; try++ {
		got, err, _ := s.roadmap.recount.Do("counts", func() (any, error) {
			// Shared by whoever waits: the first asker's leaving does
			// not cancel it for the others.
			s.roadmap.recounts.Add(1)
			if s.roadmap.slowCount != nil {
				s.roadmap.slowCount()
			}
			counts, at, err := s.svc.RoadmapCounts(context.WithoutCancel(ctx))
			if err != nil {
				return nil, err
			}
			s.roadmap.mu.Lock()
			if at >= s.roadmap.countsAt {
				s.roadmap.counts, s.roadmap.countsAt = counts, at
			}
			s.roadmap.mu.Unlock()
			return keptCounts{counts, at}, nil
		})
		if err != nil {
			return err
		}
		k := got.(keptCounts)
		counts, ok = k.counts, k.at >= v
	}
	var err error
	r.Totals, err = s.svc.RoadmapTotals(ctx, u, counts)
	return err
}

// keptCounts is one read of the roadmap's counts and the ContentVersion
// it includes.
type keptCounts struct {
	counts map[domain.Status]map[int64]int
	at     uint64
}
