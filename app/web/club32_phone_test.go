package web

import (
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The phone walk, 375×667 in Chinese: a fan whose city has no club reads
// how many asked for it, asks from /clubs (their profile's city filled
// in), sees their request counted; the admin sees the city atop the
// requested ones, taps 开这个同城会, finds the form filled and founds the
// club; the fan's bell shows the notice, which reads that the club is
// open and leads to it. Nothing scrolls sideways.
func TestClub32PhoneWalk(t *testing.T) {
	t.Parallel()
	c := newClub32(t)
	h := c.h
	other := c.fan(t, "other@x.cn", true)
	c.ask(other, "青岛").must(t, 201)
	c.ask(other, "济南").must(t, 201)
	fan := c.fan(t, "fan@x.cn", true)
	h.api("PUT", "/api/v1/me/profile", fan, map[string]any{"name": "林小雨", "city": "青岛", "bio": ""}).must(t, 200)

	ctx := newBrowser(t, 375, 667)
	jDo(t, ctx, emulation.SetDeviceMetricsOverride(375, 667, 1, true))
	jSignIn(t, ctx, h, "fan@x.cn", "fan-password", "zh")
	jVisit(t, ctx, h.srv.URL+"/clubs")
	jWant(t, "the heading", jText(t, ctx, "#no-club-here"), jT("zh", "club32.ask_title"))
	jWant(t, "the city's count", jText(t, ctx, "#profile-city-count"), jN("zh", "club32.count", 1, "青岛"))
	var city string
	jDo(t, ctx, chromedp.Value("#request-city", &city, chromedp.ByQuery))
	jWant(t, "the city filled in", city, "青岛")
	jDo(t, ctx, chromedp.ScrollIntoView("#club-request-form button[type=submit]", chromedp.ByQuery))
	jInView(t, ctx, "the ask button", "#club-request-form button[type=submit]")
	jFits(t, ctx, "/clubs with the ask form")
	jGo(t, ctx, "#club-request-form button[type=submit]")
	jWant(t, "asked", jText(t, ctx, ".flash"), jT("zh", "club32.asked"))
	jInView(t, ctx, "the asked message, in the requests", "#club-requests > .flash")
	jWant(t, "the request's count", jText(t, ctx, "#my-club-requests .club-request-count"), jN("zh", "club32.count", 2, "青岛"))
	jWant(t, "take back", jText(t, ctx, "#my-club-requests button"), jT("zh", "club32.withdraw"))
	jFits(t, ctx, "/clubs with the fan's request")

	// The admin: 青岛 first, two requests; one tap fills the form.
	jSignIn(t, ctx, h, "admin@brand.cn", "admin-password", "zh")
	jVisit(t, ctx, h.srv.URL+"/clubs")
	jWant(t, "the most asked", jText(t, ctx, "#requested-city-list li:first-child strong"), "青岛")
	jWant(t, "its count", jText(t, ctx, "#requested-city-list li:first-child .meta"), jN("zh", "club32.requests", 2))
	jFits(t, ctx, "/clubs with the requested cities")
	jGo(t, ctx, "#requested-city-list li:first-child a")
	var name string
	jDo(t, ctx, chromedp.Value("#club-city", &city, chromedp.ByQuery), chromedp.Value("#club-name", &name, chromedp.ByQuery))
	jWant(t, "the city prefilled", city, "青岛")
	jWant(t, "the name prefilled", name, "青岛同城会")
	jInView(t, ctx, "the create button", "#club-form button[type=submit]")
	jGo(t, ctx, "#club-form button[type=submit]")
	club := jPath(t, ctx)

	// The fan's bell.
	jSignIn(t, ctx, h, "fan@x.cn", "fan-password", "zh")
	jVisit(t, ctx, h.srv.URL+"/clubs")
	jWant(t, "the bell", jText(t, ctx, ".notices .count"), "1")
	jGo(t, ctx, ".notices")
	jWant(t, "the notice", jText(t, ctx, "article.notice button.link"), jT("zh", "notice.club_opened", "青岛同城会", "青岛"))
	jFits(t, ctx, "the notices")
	jGo(t, ctx, "article.notice button.link")
	jWant(t, "the notice leads to the club", jPath(t, ctx), club)
}
