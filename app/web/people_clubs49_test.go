package web

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The event page offers a check-in button only where the rule would take
// it: not on the organiser's own row (another organiser checks them in;
// the row says so), not before the start, not to someone waiting once the
// places are all checked in. A refusal is said at the person's row on the
// meetup's page, with its status, even the organiser's own (403), not on
// an error page; one about someone without a row, above the list.
func TestClubs49CheckInButtonsFollowTheRule(t *testing.T) {
	t.Parallel()
	d := newClubs49Door(t, "fan@x.cn", "wait@x.cn")
	h, org2, evID, path := d.h, d.org2, d.evID, d.path
	orgID, fanID, waitID := d.ids[0], d.ids[1], d.ids[2]
	ev := fmt.Sprintf("/events/%d", evID)
	_, silentID := d.member(t, "silent@x.cn", true)
	b := clubfix29Browser(h, "org@x.cn")
	row := func(page string, id int) string {
		t.Helper()
		start := strings.Index(page, fmt.Sprintf(`<li id="attendee-%d">`, id))
		if start < 0 {
			t.Fatalf("no row for %d", id)
		}
		end := strings.Index(page[start:], "</li>")
		return page[start : start+end]
	}
	const button = `action="` + "/events/"
	page := b.zhPage(ev)
	for _, id := range []int{orgID, fanID, waitID} {
		if r := row(page, id); strings.Contains(r, "checkins") {
			t.Errorf("before the start, row %d offers a check-in: %s", id, r)
		}
	}

	h.advance(2 * time.Hour)
	page = b.zhPage(ev)
	if r := row(page, orgID); strings.Contains(r, "checkins") || !strings.Contains(r, html.EscapeString(jT("zh", "clubs49.own_check_in"))) {
		t.Errorf("the organiser's own row: %s", r)
	}
	if r := row(page, fanID); !strings.Contains(r, button+fmt.Sprint(evID)+"/checkins#attendee-"+fmt.Sprint(fanID)+`"`) || !strings.Contains(r, "primary checkin") {
		t.Errorf("the fan's row has no check-in button: %s", r)
	}
	if r := row(page, waitID); !strings.Contains(r, "waitlist-checkin") {
		t.Errorf("the waiting fan's row, with a place left: %s", r)
	}

	// Her own check-in, posted anyway: at her row, on the meetup's page.
	r := b.zhPost(ev, ev+"/checkins", url.Values{"user_id": {fmt.Sprint(orgID)}})
	if r.Status != 403 || !strings.Contains(r.Body, `<h2 id="attendees-title">`) {
		t.Fatalf("her own check-in: %d, want the meetup's page: %.2000s", r.Status, r.Body)
	}
	if mine := row(r.Body, orgID); !strings.Contains(mine, `id="err-checkin-`+fmt.Sprint(orgID)+`"`) || !strings.Contains(mine, html.EscapeString(jT("zh", "error.own_check_in"))) {
		t.Errorf("the refusal is not at her row: %s", mine)
	}

	// The places are all checked in (the other organiser checks her in):
	// the one waiting has no button, and a stale page's post says why at
	// the row.
	for _, id := range []int{fanID, orgID} {
		h.api("POST", path+"/checkins", org2, map[string]any{"user_id": id}).must(t, 201)
	}
	page = b.zhPage(ev)
	if r := row(page, waitID); strings.Contains(r, "checkins") {
		t.Errorf("no place left, yet the waiting fan's row offers a check-in: %s", r)
	}
	r = b.zhPost(ev, ev+"/checkins", url.Values{"user_id": {fmt.Sprint(waitID)}})
	if r.Status != 409 || !strings.Contains(row(r.Body, waitID), html.EscapeString(jT("zh", "error.no_place_left"))) {
		t.Errorf("the waiting fan let in past the places: %d", r.Status)
	}
	r = b.zhPost(ev, ev+"/checkins", url.Values{"user_id": {fmt.Sprint(fanID)}})
	if r.Status != 409 || !strings.Contains(row(r.Body, fanID), `id="err-checkin-`+fmt.Sprint(fanID)+`"`) {
		t.Errorf("checked in twice: %d", r.Status)
	}
	// Someone who did not answer has no row: said above the list.
	r = b.zhPost(ev, ev+"/checkins", url.Values{"user_id": {fmt.Sprint(silentID)}})
	if r.Status != 400 || !strings.Contains(r.Body, `<p class="field-error" role="alert" id="err-attendees">`+html.EscapeString(jT("zh", "error.no_rsvp"))) {
		t.Errorf("a check-in of someone who did not answer: %d %.3000s", r.Status, r.Body)
	}
}

// clubs49Door is a club with two organisers and a meetup of two places
// in two hours, answered by the first organiser, then by a member for
// each email given, in that order (ids: the organiser's first).
type clubs49Door struct {
	*people27Club
	org2 string
	evID int
	path string // the API's address of the meetup
	ids  []int
}

func newClubs49Door(t *testing.T, emails ...string) *clubs49Door {
	t.Helper()
	c := newPeople27Club(t, "青岛")
	h := c.h
	d := &clubs49Door{people27Club: c, ids: []int{num(h.api("GET", "/api/v1/me", c.org, nil).JSON, "id")}}
	var org2ID int
	d.org2, org2ID = c.member(t, "org2@x.cn", true)
	h.api("PUT", fmt.Sprintf("/api/v1/clubs/%d/organisers/%d", c.club, org2ID), c.admin, nil).must(t, 200)
	d.evID = num(c.post(h.clock().Add(2*time.Hour), 2).must(t, 201).JSON, "id")
	d.path = fmt.Sprintf("/api/v1/events/%d", d.evID)
	h.api("PUT", d.path+"/rsvp", c.org, nil).must(t, 200)
	for _, email := range emails {
		tok, id := c.member(t, email, true)
		h.api("PUT", d.path+"/rsvp", tok, nil).must(t, 200)
		d.ids = append(d.ids, id)
	}
	return d
}

// An admin refused a badge on their own profile keeps the profile form
// filled with the profile (it was blanked), the refusal at the badge form.
func TestClubs49BadgeRefusalKeepsTheProfileForm(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	id := num(h.api("GET", "/api/v1/me", admin, nil).JSON, "id")
	h.api("PUT", "/api/v1/me/profile", admin, map[string]string{"name": "管理员小王", "city": "青岛", "bio": "爱洗衣机"}).must(t, 200)
	b := h.adminBrowser()
	profile := fmt.Sprintf("/users/%d", id)
	b.post(profile, profile+"/badges", url.Values{"key": {"honour_fan"}})
	for key, status := range map[string]int{"no_such_badge": 400, "honour_fan": 409} {
		r := b.post(profile, profile+"/badges", url.Values{"key": {key}})
		if r.Status != status || !strings.Contains(r.Body, `id="err-key"`) {
			t.Errorf("badge %s: %d, want %d with the error at the badge form", key, r.Status, status)
		}
		for _, want := range []string{`id="profile-name" name="name" autocomplete="name" required maxlength="60" value="管理员小王"`,
			`value="青岛"`, `>爱洗衣机</textarea>`} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("badge %s: the profile form lost %s", key, want)
			}
		}
		if strings.Contains(r.Body, `<p class="alert" role="alert">`) {
			t.Errorf("badge %s: the refusal is also said at the profile form", key)
		}
	}
}

// A season the board cannot show (1999, "abcd") or a challenge that is no
// number is refused on the leaderboard's own page, the filter as asked
// and the error at its field, not on a page with only "back home".
func TestClubs49LeaderboardFilterRefusedOnItsPage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	b := h.browser()
	for query, field := range map[string]string{"season=1999": "season", "season=abcd": "season", "challenge=x": "challenge"} {
		r := b.get("/leaderboard?"+query, "Accept-Language", "zh-CN")
		if r.Status != 400 || !strings.Contains(r.Body, `<form method="get" action="/leaderboard"`) || !strings.Contains(r.Body, `id="err-`+field+`"`) ||
			!strings.Contains(r.Body, `aria-describedby="err-`+field+`"`) {
			t.Errorf("%s: %d %.3000s", query, r.Status, r.Body)
		}
	}
	r := b.get("/leaderboard?season=1999", "Accept-Language", "zh-CN")
	if !strings.Contains(r.Body, `value="1999" aria-invalid="true"`) || !strings.Contains(r.Body, html.EscapeString(jT("zh", "error.invalid_season"))) {
		t.Errorf("1999 is not kept in the field with the reason: %.3000s", r.Body)
	}
}

// A season is the calendar year where the site is: points earned on 1
// January at 07:30 in Beijing (23:30 UTC on 31 December) are the new
// season's, on the page and in the API.
func TestClubs49SeasonIsTheSitesYear(t *testing.T) {
	t.Parallel()
	h := newHarness(t, func(c *Config) { c.Location = time.FixedZone("CST", 8*3600) })
	h.setup()
	fan := h.fan("fan@x.cn")
	h.advance(time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC).Sub(h.clock()))
	h.earn(num(h.api("GET", "/api/v1/me", fan, nil).JSON, "id"), 10)
	for season, listed := range map[string]bool{"2027": true, "2026": false} {
		fans := h.api("GET", "/api/v1/leaderboard?season="+season, "", nil).must(t, 200).JSON["fans"].([]any)
		if (len(fans) == 1) != listed {
			t.Errorf("season %s lists %v, want the fan listed: %v", season, fans, listed)
		}
		page := h.browser().get("/leaderboard?season="+season, "Accept-Language", "zh-CN").must(t, 200).Body
		if strings.Contains(page, `<ol class="leaderboard">`) != listed {
			t.Errorf("the page of season %s lists the fan: %v, want %v", season, !listed, listed)
		}
	}
}

// zhPost is b.post asking for Chinese, as the phone in the walks does.
func (b *browser) zhPost(from, path string, form url.Values) res {
	form.Set("_csrf", b.csrf(from))
	req, _ := http.NewRequest("POST", b.h.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept-Language", "zh-CN")
	return b.h.do(b.client, req)
}
