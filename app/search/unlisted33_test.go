package search

import "testing"

// TestModsearch33HitsSayUnlisted: with IncludeHidden, a hit of an unlisted
// idea (and of a comment on it) carries the idea's state, so that the page
// can mark it; listed hits carry none, and without IncludeHidden no hit
// does (none is unlisted). A listing (no text) and a page further on mark
// theirs too.
func TestModsearch33HitsSayUnlisted(t *testing.T) {
	docs := relevanceDocs()
	ix := openWith(t, docs)
	want := map[Key]string{}
	for _, d := range docs {
		if d.hidden() {
			want[Key{d.Type, d.ID}] = d.State
		}
	}
	for k, st := range map[Key]string{{TypeIdea, 7}: "hidden", {TypeIdea, 8}: "merged", {TypeIdea, 9}: "withdrawn", {TypeComment, 100}: "hidden"} {
		if want[k] != st {
			t.Fatalf("the fixture's %v is %q, not %q", k, want[k], st)
		}
	}
	for _, q := range []Query{
		{Text: "二次污染", ChallengeID: chWasher, IncludeHidden: true, Limit: MaxLimit},
		{ChallengeID: chWasher, IncludeHidden: true, Limit: MaxLimit},
		{Text: "二次污染", ChallengeID: chWasher, IncludeHidden: true, Limit: 2, Offset: 1},
	} {
		r := mustSearch(t, ix, q)
		seen := 0
		for _, h := range r.Hits {
			k := Key{h.Type, h.ID}
			if h.Unlisted != want[k] {
				t.Errorf("%+v: %v is marked %q, want %q", q, k, h.Unlisted, want[k])
			}
			if want[k] != "" {
				seen++
			}
		}
		if seen == 0 {
			t.Errorf("%+v: no unlisted hit: %v", q, keys(r))
		}
	}
	for _, h := range mustSearch(t, ix, Query{Text: "二次污染", Limit: MaxLimit}).Hits {
		if h.Unlisted != "" {
			t.Errorf("without IncludeHidden, %s %d is marked %q", h.Type, h.ID, h.Unlisted)
		}
	}
}
