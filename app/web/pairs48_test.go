package web

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A fan who has been asked their share of a challenge's pairs reads so on
// the pair page (not that they compared every pair), and the API answers
// 204 as when nothing is left.
func TestPairs48EnoughIsSaid(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	h.svc.PairsPerFan = 1
	cid := h.openChallenge(admin, map[string]any{"voting_method": "pairwise"})
	for _, title := range []string{"红裙", "黑裙", "白裙"} {
		h.idea(admin, cid, title)
	}
	fan := h.fan("fan@x.cn")
	path := fmt.Sprintf("/api/v1/challenges/%d/pair", cid)
	q := h.api("GET", path, fan, nil).must(t, 200).JSON
	h.api("POST", path, fan, map[string]string{"pair_token": q["pair_token"].(string), "choice": "left"}).must(t, 200)
	h.api("GET", path, fan, nil).must(t, 204)
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	page := b.get(fmt.Sprintf("/challenges/%d/pair", cid), "Accept-Language", "zh-CN").must(t, 200).Body
	if !strings.Contains(page, "你已经比较了很多组") || strings.Contains(page, "所有组合你都比较过了") {
		t.Errorf("the pair page at the fan's share:\n%s", page)
	}
}

// On a 375×667 phone in Chinese, the pair page shows both designs, tall
// photos and long summaries as they come, and the skip on one screen: the
// fan compares without scrolling between them.
func TestPairs48BothOnOnePhoneScreen(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"voting_method": "pairwise"})
	h.fan("fan@x.cn")
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	tall := image.NewRGBA(image.Rect(0, 0, 480, 640))
	for y := range 640 {
		tall.Set(y%480, y, color.RGBA{200, uint8(y), 90, 255})
	}
	var pic bytes.Buffer
	if err := png.Encode(&pic, tall); err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"青花瓷连衣裙，领口和袖口都有手绘的青花图案", "黑色丝绒长裙"} {
		token := b.csrf(fmt.Sprintf("/challenges/%d/submit", cid))
		body, ctype := multipartIdea(t, token, title, pic.Bytes())
		req, _ := http.NewRequest("POST", h.srv.URL+fmt.Sprintf("/challenges/%d/ideas", cid), body)
		req.Header.Set("Content-Type", ctype)
		if r := h.do(b.client, req); r.Status != http.StatusSeeOther {
			t.Fatalf("submitting %q: %d", title, r.Status)
		}
	}
	ctx := newBrowser(t, 375, 667)
	phoneSignIn(t, ctx, h, "fan@x.cn")
	jVisit(t, ctx, fmt.Sprintf("%s/challenges/%d/pair", h.srv.URL, cid))
	jDo(t, ctx, chromedp.ScrollIntoView(".pair-form", chromedp.ByQuery))
	for _, sel := range []string{`button.pair-pick[value="left"]`, `button.pair-pick[value="right"]`, "button.pair-skip"} {
		jInView(t, ctx, sel, sel)
	}
	shot(t, ctx, "/tmp/pairs48-phone.png", false)
}

// A visitor's star is kept through signing in, as a vote is: once signed
// in, the stars they tapped are given, once, and they are back at the
// idea's stars, told so; a visitor's "withdraw" keeps nothing.
func TestPairs48AVisitorsStarIsGivenOnceSignedIn(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"voting_method": "stars"})
	idea := h.idea(admin, cid, "青花瓷连衣裙")
	h.fan("fan@x.cn")
	ratings := func() int {
		return num(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", idea), admin, nil).must(t, 200).JSON, "ratings")
	}
	ch := fmt.Sprintf("/challenges/%d", cid)
	b := h.browser()
	if r := b.post(ch, fmt.Sprintf("/ideas/%d/rating", idea), url.Values{"stars": {"4"}, "next": {ch}}).must(t, http.StatusSeeOther); !strings.HasPrefix(r.Header.Get("Location"), "/signin?next=") {
		t.Fatalf("a visitor's star leads to %q", r.Header.Get("Location"))
	}
	r := b.postLang("/signin", strings.NewReader(url.Values{"email": {"fan@x.cn"}, "password": {"fan-password"}, "next": {ch}, "_csrf": {b.csrf("/signin")}}.Encode()), "zh-CN").must(t, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != ch+fmt.Sprintf("#stars-%d", idea) || ratings() != 1 {
		t.Fatalf("after signing in: at %q with %d ratings, want 4 stars given", loc, ratings())
	}
	if page := b.get(r.Header.Get("Location"), "Accept-Language", "zh-CN").Body; !strings.Contains(page, "你的评分已记下：4 星") {
		t.Errorf("the page does not say the stars were given: %.300s", flashP.FindString(page))
	}
	if mine := h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", idea), admin, nil).JSON; num(mine, "rating") != 4 {
		t.Errorf("the rating is %v, want 4", mine["rating"])
	}
}
