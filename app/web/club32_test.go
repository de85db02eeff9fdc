package web

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// club32 is a site with an admin and confirmed fans, for asking for clubs.
type club32 struct {
	h     *harness
	admin string
}

func newClub32(t *testing.T) *club32 {
	h := newHarness(t)
	return &club32{h: h, admin: h.setup()}
}

// fan signs a fan up; confirmed: their email is confirmed. Their token.
func (c *club32) fan(t *testing.T, email string, confirmed bool) string {
	t.Helper()
	tok := c.h.fan(email)
	if confirmed {
		id := num(c.h.api("GET", "/api/v1/me", tok, nil).JSON, "id")
		if err := c.h.store.SetVerified(context.Background(), int64(id), true); err != nil {
			t.Fatal(err)
		}
	}
	return tok
}

func (c *club32) ask(tok, city string) res {
	return c.h.api("POST", "/api/v1/clubs/requests", tok, map[string]any{"city": city})
}

func (c *club32) mine(t *testing.T, tok string) map[string]any {
	t.Helper()
	return c.h.api("GET", "/api/v1/clubs/requests", tok, nil).must(t, 200).JSON
}

func club32Cities(m map[string]any, key string) []string {
	var out []string
	list, _ := m[key].([]any)
	for _, r := range list {
		r := r.(map[string]any)
		out = append(out, fmt.Sprintf("%s:%v", r["city"], r["count"]))
	}
	return out
}

// Asking: recorded (201, with the count), asking again is the same request
// (200, already, "Qingdao" and "ＱＩＮＧＤＡＯ" one city), three cities at
// most (409 too_many_club_requests on the fourth, which writes nothing),
// and a request taken back frees its place; taking back twice is no error.
func TestClub32AskAskAgainTakeBackAndCap(t *testing.T) {
	t.Parallel()
	c := newClub32(t)
	fan := c.fan(t, "fan@x.cn", true)
	r := c.ask(fan, "Qingdao").must(t, 201)
	if r.JSON["count"] != float64(1) || r.JSON["already"] != false || r.JSON["city"] != "Qingdao" {
		t.Fatalf("asked: %v", r.JSON)
	}
	if r := c.ask(fan, " ＱＩＮＧＤＡＯ ").must(t, 200); r.JSON["already"] != true || r.JSON["count"] != float64(1) {
		t.Fatalf("asked again: %v", r.JSON)
	}
	c.ask(fan, "济南").must(t, 201)
	c.ask(fan, "烟台").must(t, 201)
	if r := c.ask(fan, "威海").must(t, 409); r.errCode() != "too_many_club_requests" || str(r.JSON, "error", "field") != "city" {
		t.Fatalf("a fourth city: %s", r.Body)
	}
	if got := club32Cities(c.mine(t, fan), "requests"); strings.Join(got, ",") != "Qingdao:1,济南:1,烟台:1" {
		t.Fatalf("mine %v", got)
	}
	// The page says the fan holds as many as they may, in place of the form.
	b := c.h.browser()
	b.signIn("fan@x.cn", "fan-password")
	if page := b.zhPage("/clubs"); !strings.Contains(page, `id="club-request-full"`) || strings.Contains(page, `id="club-request-form"`) {
		t.Errorf("a fan with three requests: %.3000s", page)
	}
	if r := c.h.api("DELETE", "/api/v1/clubs/requests?city="+url.QueryEscape("烟台"), fan, nil).must(t, 200); r.JSON["withdrawn"] != true {
		t.Fatalf("take back: %v", r.JSON)
	}
	if r := c.h.api("DELETE", "/api/v1/clubs/requests?city="+url.QueryEscape("烟台"), fan, nil).must(t, 200); r.JSON["withdrawn"] != false {
		t.Fatalf("take back twice: %v", r.JSON)
	}
	c.ask(fan, "威海").must(t, 201)
	if m := c.mine(t, fan); m["max_requests"] != float64(3) {
		t.Errorf("max_requests %v", m["max_requests"])
	}
}

// A bad city is refused naming the field, and nothing is written; no
// city given means the profile's; an account that has not confirmed its
// email is refused (403), its request not counted.
func TestClub32BadCityProfileCityAndUnconfirmed(t *testing.T) {
	t.Parallel()
	c := newClub32(t)
	fan := c.fan(t, "fan@x.cn", true)
	for _, city := range []string{"", "   ", strings.Repeat("岛", 41), "青岛\n济南", "\x00"} {
		if r := c.ask(fan, city).must(t, 400); str(r.JSON, "error", "field") != "city" {
			t.Errorf("city %q: %s", city, r.Body)
		}
	}
	c.h.api("DELETE", "/api/v1/clubs/requests", fan, nil).must(t, 400) // no city to take back
	if got := club32Cities(c.mine(t, fan), "requests"); len(got) != 0 {
		t.Fatalf("bad cities wrote %v", got)
	}
	c.h.api("PUT", "/api/v1/me/profile", fan, map[string]any{"name": "fan", "city": "青岛", "bio": ""}).must(t, 200)
	if r := c.h.api("POST", "/api/v1/clubs/requests", fan, map[string]any{}).must(t, 201); r.JSON["city"] != "青岛" {
		t.Fatalf("the profile's city: %v", r.JSON)
	}
	newbie := c.fan(t, "newbie@x.cn", false)
	if r := c.ask(newbie, "青岛").must(t, 403); r.errCode() != "verification_required_club_request" {
		t.Fatalf("unconfirmed: %s", r.Body)
	}
	if r := c.ask(fan, "青岛").must(t, 200); r.JSON["count"] != float64(1) {
		t.Fatalf("the unconfirmed request counted: %v", r.JSON)
	}
	// The page says why instead of offering the form.
	b := c.h.browser()
	b.signIn("newbie@x.cn", "fan-password")
	page := b.zhPage("/clubs")
	if !strings.Contains(page, `id="club-request-verify"`) || strings.Contains(page, `id="club-request-form"`) {
		t.Errorf("an unconfirmed fan's /clubs: %.2000s", page)
	}
}

// A city with its club is refused (409 city_has_club, naming the club),
// on the page with a link to it.
func TestClub32CityWithAClubPointsToIt(t *testing.T) {
	t.Parallel()
	c := newClub32(t)
	club := num(c.h.api("POST", "/api/v1/clubs", c.admin, map[string]string{"city": "青岛", "name": "青岛同城会"}).must(t, 201).JSON, "id")
	fan := c.fan(t, "fan@x.cn", true)
	r := c.ask(fan, "青岛").must(t, 409)
	if r.errCode() != "city_has_club" || !strings.Contains(str(r.JSON, "error", "message"), "青岛同城会") {
		t.Fatalf("a city with its club: %s", r.Body)
	}
	b := c.h.browser()
	b.signIn("fan@x.cn", "fan-password")
	p := b.post("/clubs", "/clubs/requests", url.Values{"city": {"青岛"}})
	if p.Status != http.StatusConflict || !strings.Contains(p.Body, fmt.Sprintf(`<a href="/clubs/%d">`, club)) || !strings.Contains(p.Body, `id="err-request-city"`) {
		t.Fatalf("the page's refusal: %d %.3000s", p.Status, p.Body)
	}
	if got := club32Cities(c.mine(t, fan), "requests"); len(got) != 0 {
		t.Fatalf("refused requests written: %v", got)
	}
}

// Admins see the cities asked for, most asked first, with counts; a fan
// sees their own requests only (no cities, nobody else's); founding a
// city's club tells each fan who asked (club_opened, zh and en, linking
// to the club) and clears the city's requests.
func TestClub32AdminCountsAndCreationTellsAndClears(t *testing.T) {
	t.Parallel()
	c := newClub32(t)
	a := c.fan(t, "a@x.cn", true)
	b := c.fan(t, "b@x.cn", true)
	d := c.fan(t, "d@x.cn", true)
	c.ask(a, "青岛").must(t, 201)
	c.ask(b, "青岛").must(t, 201)
	c.ask(b, "济南").must(t, 201)
	c.ask(d, "Yantai").must(t, 201)
	c.ask(d, "yantai").must(t, 200)
	c.ask(d, "青岛").must(t, 201)
	c.ask(d, "济南").must(t, 201)
	admin := c.mine(t, c.admin)
	if got := strings.Join(club32Cities(admin, "cities"), ","); got != "青岛:3,济南:2,Yantai:1" {
		t.Fatalf("admins' cities %s", got)
	}
	fan := c.mine(t, a)
	if _, ok := fan["cities"]; ok {
		t.Errorf("a fan sees the cities: %v", fan)
	}
	if got := strings.Join(club32Cities(fan, "requests"), ","); got != "青岛:3" {
		t.Errorf("a fan's own: %s", got)
	}
	// The admin page lists them, with the one-tap prefill.
	ab := c.h.adminBrowser()
	page := ab.zhPage("/clubs")
	if !strings.Contains(page, `id="requested-city-list"`) || !strings.Contains(page, `href="/clubs?city=%e9%9d%92%e5%b2%9b#new-club"`) ||
		strings.Index(page, "青岛") > strings.Index(page, "济南") {
		t.Errorf("the admins' list: %.4000s", page)
	}
	pre := ab.zhPage("/clubs?city=" + url.QueryEscape("青岛"))
	if !strings.Contains(pre, `id="club-city" name="city" required maxlength="40" value="青岛"`) || !strings.Contains(pre, `value="青岛同城会"`) {
		t.Errorf("the prefilled form: %.4000s", pre)
	}
	// Founding the club, from the page.
	r := ab.mf31Post("/clubs", "/clubs", "zh", url.Values{"city": {"青岛"}, "name": {"青岛同城会"}})
	if r.Status != http.StatusSeeOther {
		t.Fatalf("create: %d %.500s", r.Status, r.Body)
	}
	club := r.Header.Get("Location")
	// The admin is told what founding it did, and what comes next.
	if landed := ab.zhPage(club); !strings.Contains(landed, "同城会已开：申请过“青岛”同城会的粉丝都已收到通知。") {
		t.Errorf("the new club's page does not say it opened: %.3000s", landed)
	}
	for _, tok := range []string{a, b, d} {
		zh := noticesOf(t, c.h, tok, "club_opened", "zh-CN")
		en := noticesOf(t, c.h, tok, "club_opened", "en")
		if len(zh) != 1 || zh[0]["url"] != club || !strings.Contains(zh[0]["text"].(string), "同城会开了") ||
			len(en) != 1 || !strings.Contains(en[0]["text"].(string), "is open") {
			t.Errorf("notices %v / %v", zh, en)
		}
	}
	if got := strings.Join(club32Cities(c.mine(t, c.admin), "cities"), ","); got != "济南:2,Yantai:1" {
		t.Errorf("cities after the club: %s", got)
	}
	if got := strings.Join(club32Cities(c.mine(t, b), "requests"), ","); got != "济南:2" {
		t.Errorf("b's requests after the club: %s", got)
	}
	// A fan who did not ask hears nothing.
	e := c.fan(t, "e@x.cn", true)
	c.h.api("POST", "/api/v1/clubs", c.admin, map[string]string{"city": "威海", "name": "威海同城会"}).must(t, 201)
	if n := noticesOf(t, c.h, e, "club_opened", "en"); len(n) != 0 {
		t.Errorf("told without asking: %v", n)
	}
}

// The page: the fan's profile city with its count, asking from the form
// (flash, then their request with "已有 N 位粉丝…" and 撤回), a bad city
// refused at the field, asking again said so, taking back.
func TestClub32Page(t *testing.T) {
	t.Parallel()
	c := newClub32(t)
	other := c.fan(t, "other@x.cn", true)
	c.ask(other, "青岛").must(t, 201)
	fan := c.fan(t, "fan@x.cn", true)
	c.h.api("PUT", "/api/v1/me/profile", fan, map[string]any{"name": "fan", "city": "青岛", "bio": ""}).must(t, 200)
	b := c.h.browser()
	b.signIn("fan@x.cn", "fan-password")
	page := b.zhPage("/clubs")
	clubfix29Has(t, "the profile city's count", page, "club32.count.other", 1, "青岛")
	if !strings.Contains(page, `id="request-city" name="city" required maxlength="40" value="青岛"`) {
		t.Errorf("the form is not filled with the profile's city: %.3000s", page)
	}
	if r := b.post("/clubs", "/clubs/requests", url.Values{"city": {strings.Repeat("岛", 41)}}); r.Status != 400 || !strings.Contains(r.Body, `id="err-request-city"`) {
		t.Fatalf("a bad city: %d %.3000s", r.Status, r.Body)
	}
	r := b.post("/clubs", "/clubs/requests", url.Values{"city": {"青岛"}})
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/clubs#club-requests" {
		t.Fatalf("ask: %d %s", r.Status, r.Header.Get("Location"))
	}
	page = b.zhPage("/clubs")
	if !strings.Contains(page, html.EscapeString(jT("en", "club32.asked"))) {
		t.Errorf("no flash")
	}
	clubfix29Has(t, "the request's count", page, "club32.count.other", 2, "青岛")
	if !strings.Contains(page, `id="my-club-requests"`) {
		t.Errorf("no list of requests")
	}
	b.post("/clubs", "/clubs/requests", url.Values{"city": {"青岛"}})
	if page := b.get("/clubs").Body; !strings.Contains(page, html.EscapeString(jT("en", "club32.already_asked"))) {
		t.Errorf("asking again is not said so")
	}
	if r := b.post("/clubs", "/clubs/requests/withdraw", url.Values{"city": {"青岛"}}); r.Status != http.StatusSeeOther {
		t.Fatalf("take back: %d", r.Status)
	}
	if got := club32Cities(c.mine(t, fan), "requests"); len(got) != 0 {
		t.Errorf("after taking back: %v", got)
	}
	// A visitor is asked to sign in.
	if page := c.h.browser().zhPage("/clubs"); !strings.Contains(page, `href="/signin?next=%2Fclubs%23club-requests"`) {
		t.Errorf("a visitor's /clubs: %.2000s", page)
	}
}
