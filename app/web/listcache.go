package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"cocreate/app/domain"
	"cocreate/app/markdown"
	"cocreate/app/service"
)

// The idea list during a storm of votes. A vote changes an idea's tally and
// its place in the lists, nothing else; so a page is made of two parts:
//
//   - its order and live counters (service.RankedIdeas: one narrow read of
//     the list's index, no join, no text), read on every request;
//   - each idea's encoded text (ideaText: everything else of its JSON, cut
//     where the counters go), cached while the store's ContentVersion,
//     which votes do not move, stays the same.
//
// The encoded page (JSON and gzip) is kept in pageCache under the same
// ContentVersion, with the order and counters it was made from: it is
// served while they are still what the live read returns, and rebuilt from
// the cached texts when a vote has changed them. A page is never stale:
// its counters come from the request's own read, and its text from a read
// made while ContentVersion was what it still is.

// ideaText is an idea's JSON (as toIdeaJSON encodes it) without its
// counters and author, cut where those go:
//
//	head   `{"id":…,"challenge_id":…,"title":…,…,"tags":[…]`
//	author `,"author":{…}` (empty when the idea has none)
//	state  `,"state":"…"` and `,"merged_into":…` when set
//	(live) `,"votes":…,"votes_under_review":…` unless masked, then `,"comments":…,`
//	tail   `"images":[…],"created_at":"…",…}`: every field after comments
//	blind  the tail as one who may not see the crowd reads it (a blind
//	       judge: IdeaMask.Apply's rule, so no buyers, stars or pair scores);
//	       nil when nothing in the tail is the crowd's
//
// The cuts are found in the encoding of ideaJSON itself, so a field added
// to it later is carried along (in the tail, or wherever it stands): the
// markers cannot occur inside a JSON string, where every quote is escaped.
type ideaText struct {
	authorID                         int64
	head, author, state, tail, blind []byte
}

// The markers newIdeaText cuts at.
var (
	stateMark    = []byte(`,"state":`)
	commentsMark = []byte(`,"comments":0,`)
)

func newIdeaText(md *markdown.Renderer, idea domain.Idea) (*ideaText, error) {
	body, response := md.Render(idea.Body), md.Render(idea.Response)
	j := ideaJSONOf(idea, body, response)
	author := j.Author
	whole, cm, err := textWithoutCounters(j)
	if err != nil {
		return nil, err
	}
	st := bytes.Index(whole, stateMark)
	if st < 0 || cm < st {
		return nil, fmt.Errorf("web: idea %d's JSON has no state where expected", idea.ID)
	}
	t := &ideaText{authorID: idea.Author.ID, head: whole[:st:st], state: whole[st:cm:cm], tail: whole[cm+len(commentsMark):]}
	// The tail a blind judge reads; its head (the text) is not kept, so
	// not encoded twice.
	m := ideaJSONOf(domain.IdeaMask{Votes: true}.Apply(nil, idea), body, response)
	m.Title, m.Summary, m.Body, m.BodyHTML = "", "", "", ""
	masked, mcm, err := textWithoutCounters(m)
	if err != nil {
		return nil, err
	}
	if b := masked[mcm+len(commentsMark):]; !bytes.Equal(b, t.tail) {
		t.blind = b
	}
	if author != nil {
		a, err := json.Marshal(author)
		if err != nil {
			return nil, err
		}
		t.author = append([]byte(`,"author":`), a...)
	}
	return t, nil
}

// textWithoutCounters encodes j without its author and counters, and
// finds where its comments were.
func textWithoutCounters(j ideaJSON) ([]byte, int, error) {
	j.Author, j.Votes, j.VotesUnderReview, j.Comments = nil, nil, nil, 0
	whole, err := json.Marshal(j)
	if err != nil {
		return nil, 0, err
	}
	cm := bytes.Index(whole, commentsMark)
	if cm < 0 {
		return nil, 0, fmt.Errorf("web: idea %d's JSON has no comments where expected", j.ID)
	}
	return whole, cm, nil
}

func (t *ideaText) size() int {
	return len(t.head) + len(t.author) + len(t.state) + len(t.tail) + len(t.blind) + 64
}

// appendTo appends the idea's whole JSON with the live counters r, as
// viewer may see it under mask m (the domain's rule, IdeaMask.Apply).
func (t *ideaText) appendTo(b []byte, r domain.IdeaRank, m domain.IdeaMask, viewer *domain.User) []byte {
	seen := m.Apply(viewer, domain.Idea{Author: domain.Author{ID: t.authorID}, Votes: r.Votes})
	b = append(b, t.head...)
	if seen.Author.ID != 0 {
		b = append(b, t.author...)
	}
	b = append(b, t.state...)
	tail := t.tail
	if seen.Votes >= 0 {
		b = strconv.AppendInt(append(b, `,"votes":`...), int64(r.Votes), 10)
		b = strconv.AppendInt(append(b, `,"votes_under_review":`...), int64(r.VotesUnderReview), 10)
	} else if t.blind != nil {
		tail = t.blind
	}
	b = strconv.AppendInt(append(b, `,"comments":`...), int64(r.Comments), 10)
	b = append(b, ',')
	return append(b, tail...)
}

// textCache keeps ideaTexts read at one ContentVersion; a newer version
// empties it. When full, the texts read least recently make room.
type textCache = sizedCache[int64, *ideaText]

// textCacheBytes holds the texts of a few thousand ideas (about 1 KB each
// for a typical idea; 40 KB for the longest).
const textCacheBytes = 16 << 20

func newTextCache(max int) *textCache { return newSizedCache[int64, *ideaText](max) }

// rankedPage encodes the page rp as viewer sees it, from its ideas' texts.
func rankedPage(rp service.RankedPage, texts []*ideaText, viewer *domain.User) (*cachedPage, error) {
	b := make([]byte, 0, 1024*len(rp.Ranks)+64)
	b = append(b, `{"ideas":[`...)
	for i, r := range rp.Ranks {
		if i > 0 {
			b = append(b, ',')
		}
		b = texts[i].appendTo(b, r, rp.Mask, viewer)
	}
	b = append(b, `],"next_cursor":`...)
	if rp.Next != nil {
		next, err := json.Marshal(rp.Next.Encode())
		if err != nil {
			return nil, err
		}
		b = append(b, next...)
	} else {
		b = append(b, "null"...)
	}
	b = append(b, "}\n"...)
	return compressPage(b)
}

// pageTexts returns the texts of rp's ideas, from the cache or read now;
// nil when one of them is no longer a listed idea of the challenge.
func (s *Server) pageTexts(ctx context.Context, rp service.RankedPage) ([]*ideaText, error) {
	ids := make([]int64, len(rp.Ranks))
	for i, r := range rp.Ranks {
		ids[i] = r.ID
	}
	texts := make([]*ideaText, len(ids))
	var missing []int64
	for i, id := range ids {
		if texts[i] = s.texts.get(rp.Content, id); texts[i] == nil {
			missing = append(missing, id)
		}
	}
	if len(missing) == 0 {
		return texts, nil
	}
	ideas, err := s.svc.IdeasOf(ctx, rp.Challenge, missing)
	if err != nil {
		return nil, err
	}
	for _, idea := range ideas {
		t, err := newIdeaText(s.md, idea)
		if err != nil {
			return nil, err
		}
		s.texts.put(rp.Content, idea.ID, t)
		texts[slices.Index(ids, idea.ID)] = t
	}
	if slices.Contains(texts, nil) {
		return nil, nil
	}
	return texts, nil
}

// sameRanks reports whether a cached page was made from the order and
// counters of rp.
func (page *cachedPage) sameRanks(rp service.RankedPage) bool {
	return slices.Equal(page.ranks, rp.Ranks) && page.next == cursorText(rp.Next)
}

func cursorText(c *domain.Cursor) string {
	if c == nil {
		return ""
	}
	return c.Encode()
}

// nextCursorJSON is a list's next_cursor in the API: the cursor's text
// (cursorText, or a service's already encoded), null on the last page
// (""). Every list of the API says it so.
func nextCursorJSON(text string) *string {
	if text == "" {
		return nil
	}
	return &text
}

// compressPage is encodePage for bytes already encoded.
func compressPage(b []byte) (*cachedPage, error) {
	page := &cachedPage{json: b}
	if len(b) >= gzipMinLength {
		gz, err := gzipBytes(b)
		if err != nil {
			return nil, err
		}
		page.gz = gz
	}
	return page, nil
}
