package web

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The phone walk, 375×667 in Chinese: the organiser opens 修改见面会 on
// the meetup's page, finds it filled in, moves it to another place and
// saves; then opens 取消见面会, gives the reason and cancels. The page
// says 已取消 and why, and offers no answer. A fan who was going finds
// both notices in the bell, the latest first, which leads to the meetup.
// Nothing scrolls sideways.
func TestClubs49PhoneWalkChangeAndCancel(t *testing.T) {
	t.Parallel()
	m := newClubs49Meetup(t)
	h := m.h
	ev := fmt.Sprintf("/events/%d", m.ev)
	ctx := newBrowser(t, 375, 667)
	jDo(t, ctx, emulation.SetDeviceMetricsOverride(375, 667, 1, true))
	jSignIn(t, ctx, h, "org@x.cn", "fan-password", "zh")
	jVisit(t, ctx, h.srv.URL+ev)
	jWant(t, "the organisers' part", jText(t, ctx, "#organise-title"), jT("zh", "clubs49.organise"))
	jDo(t, ctx, chromedp.ScrollIntoView("#edit-event > summary", chromedp.ByQuery), chromedp.Click("#edit-event > summary", chromedp.ByQuery))
	var place string
	jDo(t, ctx, chromedp.Value("#event-place", &place, chromedp.ByQuery))
	jWant(t, "the place filled in", place, "海尔路")
	jDo(t, ctx, chromedp.SetValue("#event-place", "海尔路 1 号", chromedp.ByQuery), chromedp.ScrollIntoView("#edit-save", chromedp.ByQuery))
	jInView(t, ctx, "the save button", "#edit-save")
	jFits(t, ctx, "the meetup with its edit form open")
	jGo(t, ctx, "#edit-save")
	jWant(t, "saved", jText(t, ctx, ".flash"), jT("zh", "clubs49.edited"))
	jInView(t, ctx, "the saved words", ".flash")
	jWant(t, "the new place", jText(t, ctx, "article.event > .meta span"), "海尔路 1 号")

	jDo(t, ctx, chromedp.ScrollIntoView("#call-off > summary", chromedp.ByQuery), chromedp.Click("#call-off > summary", chromedp.ByQuery))
	jDo(t, ctx, chromedp.SendKeys("#call-off-reason", "场地临时关闭", chromedp.ByQuery), chromedp.ScrollIntoView("#call-off-yes", chromedp.ByQuery))
	jInView(t, ctx, "the cancel button", "#call-off-yes")
	jFits(t, ctx, "the meetup with its cancel form open")
	jGo(t, ctx, "#call-off-yes")
	jWant(t, "cancelled", jText(t, ctx, ".flash"), jT("zh", "clubs49.cancelled"))
	jInView(t, ctx, "the cancelled words", ".flash")
	jWant(t, "the badge", jText(t, ctx, "#cancelled-badge"), jT("zh", "clubs49.cancelled_badge"))
	jWant(t, "the reason", jText(t, ctx, "#cancelled-reason"), jT("zh", "clubs49.cancelled_reason", "场地临时关闭"))
	jWant(t, "no answers", jText(t, ctx, "#rsvp-closed"), jT("zh", "clubs49.no_answers"))
	if n := jCount(t, ctx, "#rsvp-go, #edit-form, #call-off-form"); n != 0 {
		t.Errorf("the cancelled meetup offers %d forms", n)
	}
	jFits(t, ctx, "the cancelled meetup")

	jSignIn(t, ctx, h, "going@x.cn", "fan-password", "zh")
	jVisit(t, ctx, h.srv.URL+"/clubs")
	jWant(t, "the bell", jText(t, ctx, ".notices .count"), "2")
	jGo(t, ctx, ".notices")
	jWant(t, "the latest notice", jText(t, ctx, "article.notice button.link"), jT("zh", "notice.meetup_cancelled", "见面会", "场地临时关闭"))
	jFits(t, ctx, "the notices")
	jGo(t, ctx, "article.notice button.link")
	jWant(t, "the notice leads to the meetup", jPath(t, ctx), ev)
	jWant(t, "the fan reads the reason", jText(t, ctx, "#cancelled-reason"), jT("zh", "clubs49.cancelled_reason", "场地临时关闭"))
	jFits(t, ctx, "the cancelled meetup, as the fan sees it")
}

// The phone walk at the door, 375×667 in Chinese: the organiser's own row
// has no check-in button but says another organiser checks her in; the
// others' rows have theirs. Another organiser fills the places meanwhile;
// her tap on the waiting fan's (now stale) button comes back to the
// meetup's page at that row, the reason on the screen; the page read again
// no longer offers it. Nothing scrolls sideways.
func TestClubs49PhoneWalkCheckIn(t *testing.T) {
	t.Parallel()
	d := newClubs49Door(t, "fan0@x.cn", "fan1@x.cn", "fan2@x.cn", "fan3@x.cn")
	h, org2, evID, path := d.h, d.org2, d.evID, d.path
	orgID, going, waiting := d.ids[0], d.ids[1], d.ids[4]
	h.advance(2 * time.Hour)

	ctx := newBrowser(t, 375, 667)
	jDo(t, ctx, emulation.SetDeviceMetricsOverride(375, 667, 1, true))
	jSignIn(t, ctx, h, "org@x.cn", "fan-password", "zh")
	jVisit(t, ctx, h.srv.URL+fmt.Sprintf("/events/%d", evID))
	own := fmt.Sprintf("#attendee-%d", orgID)
	if n := jCount(t, ctx, own+" form"); n != 0 {
		t.Errorf("her own row offers %d check-ins", n)
	}
	jWant(t, "her own row", jText(t, ctx, own+" .own-check-in"), jT("zh", "clubs49.own_check_in"))
	jWant(t, "the fan's button", jText(t, ctx, fmt.Sprintf("#attendee-%d button", going)), jT("zh", "event.check_in"))
	last := fmt.Sprintf("#attendee-%d", waiting)
	jWant(t, "the waiting fan's button", jText(t, ctx, last+" button"), jT("zh", "clubfix29.check_in_waitlisted"))

	for _, id := range []int{orgID, going} {
		h.api("POST", path+"/checkins", org2, map[string]any{"user_id": id}).must(t, 201)
	}
	jDo(t, ctx, chromedp.ScrollIntoView(last+" button", chromedp.ByQuery))
	jGo(t, ctx, last+" button")
	errAt := fmt.Sprintf("#err-checkin-%d", waiting)
	jWant(t, "the reason at the row", jText(t, ctx, errAt), jT("zh", "error.no_place_left"))
	jInView(t, ctx, "the reason at the row", errAt)
	jFits(t, ctx, "the refused check-in")
	jVisit(t, ctx, h.srv.URL+fmt.Sprintf("/events/%d", evID))
	if n := jCount(t, ctx, last+" form"); n != 0 {
		t.Errorf("with the places checked in, the waiting fan's row still offers %d check-ins", n)
	}
	jFits(t, ctx, "the meetup at the door, its places taken")
}
