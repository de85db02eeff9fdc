package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The vote a visitor asked for is cast once they sign in: only from the
// vote form's own (same-origin) POST, once, within 30 minutes; taking a
// vote back, a cross-site post, or a plain visit to the sign-in page
// casts nothing (#20 item 9).
func TestVoteIntentIsCastOnceAndOnlyFromTheForm(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	idea := h.idea(admin, cid, "wanted")
	h.fan("fan@x.cn")
	votes := func() int {
		return num(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", idea), admin, nil).must(t, 200).JSON, "votes")
	}
	path := fmt.Sprintf("/ideas/%d/vote", idea)
	ch := fmt.Sprintf("/challenges/%d", cid)
	tap := func(b *browser, vote string) res {
		return b.post(ch, path, url.Values{"vote": {vote}, "next": {ch}})
	}
	signOut := func(b *browser) { b.post("/", "/signout", nil).must(t, http.StatusSeeOther) }

	// The form's post, then signing in: cast, and back at the button.
	b := h.browser()
	if r := tap(b, "1").must(t, http.StatusSeeOther); !strings.HasPrefix(r.Header.Get("Location"), "/signin?next=") {
		t.Fatalf("a visitor's vote leads to %q", r.Header.Get("Location"))
	}
	r := b.post("/signin", "/signin", url.Values{"email": {"fan@x.cn"}, "password": {"fan-password"}, "next": {ch}}).must(t, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != ch+fmt.Sprintf("#vote-%d", idea) || votes() != 1 {
		t.Fatalf("after signing in: at %q with %d votes, want the vote cast", loc, votes())
	}
	// Once: taken back, signed out and in again, nothing is cast.
	tap(b, "0").must(t, http.StatusSeeOther)
	signOut(b)
	b.signIn("fan@x.cn", "fan-password")
	if votes() != 0 {
		t.Error("the intent was cast a second time")
	}
	signOut(b)

	// Taking a vote back as a visitor is no intent.
	tap(b, "0").must(t, http.StatusSeeOther)
	b.signIn("fan@x.cn", "fan-password")
	if votes() != 0 {
		t.Error("a visitor's 'take back' cast a vote")
	}
	signOut(b)

	// A post from another site is refused and leaves nothing behind.
	form := url.Values{"vote": {"1"}, "next": {ch}, "_csrf": {b.csrf(ch)}}
	req, _ := http.NewRequest("POST", h.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if r := h.do(b.client, req); r.Status != http.StatusForbidden {
		t.Errorf("a cross-site vote: %d", r.Status)
	}
	b.signIn("fan@x.cn", "fan-password")
	if votes() != 0 {
		t.Error("a cross-site post planted a vote")
	}
	signOut(b)

	// An intent older than half an hour is forgotten.
	tap(b, "1").must(t, http.StatusSeeOther)
	h.advance(31 * time.Minute)
	b.signIn("fan@x.cn", "fan-password")
	if votes() != 0 {
		t.Error("a stale intent was cast")
	}
	signOut(b)

	// Voting closed in the meantime: the reason, at the button.
	tap(b, "1").must(t, http.StatusSeeOther)
	h.api("PATCH", fmt.Sprintf("/api/v1/challenges/%d", cid), admin, map[string]any{"voting_close_at": h.clock()}).must(t, 200)
	r = b.post("/signin", "/signin", url.Values{"email": {"fan@x.cn"}, "password": {"fan-password"}, "next": {ch}}).must(t, http.StatusSeeOther)
	want := fmt.Sprintf(`<span class="vote-error" role="status">%s</span>`, jT("en", "error.voting_closed"))
	if page := b.get(ch).Body; votes() != 0 || !strings.Contains(page, want) {
		t.Errorf("voting closed: %d votes; the page says:\n%.3000s", votes(), page)
	}
}
