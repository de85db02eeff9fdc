package web

// Journeys of #20 items 2, 6 and 9, walked on a 375 px phone in Chinese and
// in English: buttons that say why they are off, errors that stay on the
// page they came from, and the vote a visitor asked for before signing in.

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// forEachPhoneJourney runs a journey on one 375 px phone, in zh then en.
func forEachPhoneJourney(t *testing.T, journey func(t *testing.T, ctx context.Context, lang string)) {
	ctx := newBrowser(t, 375, 812)
	if err := chromedp.Run(ctx); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Run(ctx, emulation.SetDeviceMetricsOverride(375, 812, 1, true)); err != nil {
		t.Fatal(err)
	}
	for _, lang := range []string{"zh", "en"} {
		t.Run(lang, func(t *testing.T) {
			journeyOnFailure(t, ctx)
			journey(t, ctx, lang)
			if !t.Failed() {
				journeyEnd(t, ctx)
			}
		})
	}
}

// jAttr is an attribute of the first element matching sel ("" when absent).
func jAttr(t *testing.T, ctx context.Context, sel, name string) string {
	t.Helper()
	var v string
	jDo(t, ctx, chromedp.Evaluate(fmt.Sprintf(`(function(){var e=document.querySelector(%q);return e&&e.getAttribute(%q)||""})()`, sel, name), &v))
	return v
}

// jCount counts the elements matching sel.
func jCount(t *testing.T, ctx context.Context, sel string) int {
	t.Helper()
	var n int
	jDo(t, ctx, chromedp.Evaluate(fmt.Sprintf(`document.querySelectorAll(%q).length`, sel), &n))
	return n
}

// Item 2: a visitor on a phone sees no button they could not use, and is
// told why: a finished challenge says submissions and voting have ended,
// its vote buttons are off and point at the reason; a design poll tells a
// fan that the organiser adds the designs.
func TestJourneyButtonsSayWhy(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@x.cn")
	now := h.clock()
	done := h.openChallenge(admin, map[string]any{"title": "旧挑战 old call",
		"submissions_open_at": now.Add(-time.Hour), "submissions_close_at": now.Add(time.Hour),
		"voting_open_at": now.Add(-time.Hour), "voting_close_at": now.Add(2 * time.Hour)})
	doneIdea := h.idea(fan, done, "晚到的创意 late idea")
	poll := h.openChallenge(admin, map[string]any{"kind": "design_poll", "title": "七格格 poll"})
	h.idea(admin, poll, "候选设计 candidate")
	h.advance(3 * time.Hour)

	forEachPhoneJourney(t, func(t *testing.T, ctx context.Context, lang string) {
		jFresh(t, ctx)
		jVisit(t, ctx, h.srv.URL+fmt.Sprintf("/challenges/%d", done))
		jLang(t, ctx, lang)
		if n := jCount(t, ctx, fmt.Sprintf(`a[href="/challenges/%d/submit"]`, done)); n != 0 {
			t.Errorf("a finished challenge offers %d submit buttons", n)
		}
		jWant(t, "why no submit button", jText(t, ctx, "#submit-why"), jT(lang, "journeys.submissions_over"))
		jWant(t, "why no vote", jText(t, ctx, "#vote-why"), jT(lang, "journeys.voting_over"))
		vote := fmt.Sprintf(`form.vote[data-idea="%d"] button`, doneIdea)
		if jAttr(t, ctx, vote, "disabled") == "" && jCount(t, ctx, vote+"[disabled]") == 0 {
			t.Error("the vote button of a finished challenge is live")
		}
		jWant(t, "vote button described by", jAttr(t, ctx, vote, "aria-describedby"), "vote-why")
		// The reason can be read: on screen, in the page's width.
		var tall float64
		jDo(t, ctx, chromedp.Evaluate(`document.querySelector("#vote-why").getBoundingClientRect().height`, &tall))
		if tall < 10 {
			t.Errorf("the reason is %v px tall", tall)
		}

		// The idea's own page says the same.
		jVisit(t, ctx, h.srv.URL+fmt.Sprintf("/ideas/%d", doneIdea))
		jWant(t, "idea page: why no vote", jText(t, ctx, "#vote-why"), jT(lang, "journeys.voting_over"))
		jWant(t, "idea page: vote button described by", jAttr(t, ctx, vote, "aria-describedby"), "vote-why")

		// A fan on a design poll: no add-candidate button, and why.
		jSignIn(t, ctx, h, "fan@x.cn", "fan-password", lang)
		jVisit(t, ctx, h.srv.URL+fmt.Sprintf("/challenges/%d", poll))
		if n := jCount(t, ctx, fmt.Sprintf(`a[href="/challenges/%d/submit"]`, poll)); n != 0 {
			t.Errorf("a fan is offered adding a candidate design (%d buttons)", n)
		}
		jWant(t, "why no add-candidate button", jText(t, ctx, "#submit-why"), jT(lang, "journeys.only_organiser"))
		// Typing the submit address gives the reason and a way back, no form.
		jVisit(t, ctx, h.srv.URL+fmt.Sprintf("/challenges/%d/submit", poll))
		jWant(t, "submit page refusal", jText(t, ctx, "main .alert"), jT(lang, "journeys.only_organiser"))
		if n := jCount(t, ctx, "main form[enctype]"); n != 0 {
			t.Errorf("the refused submit page shows %d forms", n)
		}
		jGo(t, ctx, "main a.button")
		jWantContains(t, "back to the challenge", jPath(t, ctx), fmt.Sprintf("/challenges/%d", poll))
	})
}

// Item 6: no dead ends. Without JavaScript, a vote over the budget returns
// to the challenge with the reason at that idea's button; a comment of only
// spaces shows the idea again with the text kept and the reason at the
// box; the last admin unticking their own role stays on the users page
// with the reason on their row.
func TestJourneyErrorsStayOnThePage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"title": "一票 one vote", "vote_budget": 1})
	first := h.idea(admin, cid, "第一个 first")
	second := h.idea(admin, cid, "第二个 second")
	for _, lang := range []string{"zh", "en"} {
		jUser(h, "budget-"+lang+"@x.cn", "budget-"+lang)
	}

	forEachPhoneJourney(t, func(t *testing.T, ctx context.Context, lang string) {
		jDo(t, ctx, emulation.SetScriptExecutionDisabled(true))
		defer jDo(t, ctx, emulation.SetScriptExecutionDisabled(false))
		jSignIn(t, ctx, h, "budget-"+lang+"@x.cn", "fan-password", lang)
		challenge := fmt.Sprintf("/challenges/%d", cid)
		jVisit(t, ctx, h.srv.URL+challenge)
		jGo(t, ctx, fmt.Sprintf(`form.vote[data-idea="%d"] button`, first))
		if n := jCount(t, ctx, fmt.Sprintf(`form.vote.voted[data-idea="%d"]`, first)); n != 1 {
			t.Fatalf("the first vote was not counted (%d)", n)
		}
		jGo(t, ctx, fmt.Sprintf(`form.vote[data-idea="%d"] button`, second))
		jWant(t, "after a vote over the budget, the page", jPath(t, ctx), challenge)
		jWant(t, "the reason at the button", jText(t, ctx, fmt.Sprintf(`#vote-%d .vote-error`, second)), jT(lang, "error.vote_budget_spent"))
		if n := jCount(t, ctx, ".alert"); n != 0 {
			t.Errorf("the reason also shows in %d alerts elsewhere", n)
		}

		// A comment of only spaces.
		jVisit(t, ctx, h.srv.URL+fmt.Sprintf("/ideas/%d", first))
		jDo(t, ctx, chromedp.SendKeys("#comment-body", "   ", chromedp.ByQuery))
		jGo(t, ctx, `form.comment-form button`)
		jWant(t, "the page after an empty comment", jText(t, ctx, "main h1"), "第一个 first")
		jWant(t, "the reason at the box", jText(t, ctx, "#comment-error"), jT(lang, "error.required"))
		jWant(t, "the box described by it", jAttr(t, ctx, "#comment-body", "aria-describedby"), "comment-error")
		// The page's own buttons still lead somewhere: its address for the language switch.
		jWant(t, "the language switch's way back", jAttr(t, ctx, `.header-tools form[action="/lang"] input[name="next"]`, "value"), fmt.Sprintf("/ideas/%d", first))
	})

	forEachPhoneJourney(t, func(t *testing.T, ctx context.Context, lang string) {
		jSignIn(t, ctx, h, "admin@brand.cn", "admin-password", lang)
		jVisit(t, ctx, h.srv.URL+"/admin/users")
		me := jUserID(h, admin)
		row := fmt.Sprintf("#user-%d", me)
		jDo(t, ctx, chromedp.Click(row+` input[value="admin"]`, chromedp.ByQuery))
		jGo(t, ctx, row+" .roles-form button")
		jWant(t, "after removing the last admin, the page", jPath(t, ctx), "/admin/users")
		jWant(t, "the reason on the row", jText(t, ctx, row+" .alert"), jT(lang, "error.last_admin"))
		if roles := fmt.Sprint(h.api("GET", "/api/v1/me", admin, nil).must(t, 200).JSON["roles"]); !strings.Contains(roles, "admin") {
			t.Errorf("the last admin's roles are now %s", roles)
		}
	})
}

// Item 9: a visitor on a phone taps "support", signs up (zh) or signs in
// (en) from where that sent them, and comes back to the challenge with the
// vote they asked for cast, and said so.
func TestJourneyVisitorVotesThroughSignUp(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"title": "先投票 vote first"})
	ideas := map[string]int{"zh": h.idea(admin, cid, "一个创意 an idea"), "en": h.idea(admin, cid, "another idea")}
	jUser(h, "back@x.cn", "back")

	forEachPhoneJourney(t, func(t *testing.T, ctx context.Context, lang string) {
		jFresh(t, ctx)
		challenge := fmt.Sprintf("/challenges/%d", cid)
		jVisit(t, ctx, h.srv.URL+challenge)
		jLang(t, ctx, lang)
		form := fmt.Sprintf(`form.vote[data-idea="%d"]`, ideas[lang])
		jGo(t, ctx, form+" button")
		jWant(t, "tapping support as a visitor leads to", jPath(t, ctx), "/signin")
		if lang == "zh" {
			jGo(t, ctx, `main a[href^="/signup"]`)
			jDo(t, ctx,
				chromedp.SendKeys("#email", "new-"+lang+"@x.cn", chromedp.ByQuery),
				chromedp.SendKeys("#name", "新粉丝", chromedp.ByQuery),
				chromedp.SendKeys("#password", "fan-password", chromedp.ByQuery),
			)
			jGo(t, ctx, `main form[action="/signup"] button[type="submit"]`)
			jWantContains(t, "the message after signing up", jText(t, ctx, ".flash"), jT(lang, "journeys.vote_counted"))
		} else {
			jDo(t, ctx,
				chromedp.SendKeys("#email", "back@x.cn", chromedp.ByQuery),
				chromedp.SendKeys("#password", "fan-password", chromedp.ByQuery),
			)
			jGo(t, ctx, `main form[action="/signin"] button[type="submit"]`)
			jWant(t, "the message after signing in", jText(t, ctx, ".flash"), jT(lang, "journeys.vote_counted"))
		}
		jWant(t, "back at", jPath(t, ctx), challenge)
		jInView(t, ctx, "the vote's message, in its idea's card", fmt.Sprintf("#idea-%d > .flash", ideas[lang]))
		shot(t, ctx, "/tmp/phone40-vote-"+lang+".png", false)
		if n := jCount(t, ctx, form+".voted"); n != 1 {
			t.Errorf("the idea does not show the vote (%d)", n)
		}
		jWant(t, "the vote's label", jText(t, ctx, form+" .vote-label"), jT(lang, "vote.supported"))
		jWant(t, "the count", jText(t, ctx, form+" .vote-count"), "1")
	})
}

// Item 9: on a phone the header that stays on screen is one row of at most
// 64 px, whose every link and button is a 44 px target, for a visitor, a
// fan and an admin (whose menu is longest), in both languages.
func TestJourneyPhoneHeaderIsSmall(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	for i := 0; i < 12; i++ {
		h.idea(admin, cid, fmt.Sprintf("idea %d", i))
	}
	jUser(h, "long@x.cn", "一个名字很长很长的粉丝")

	forEachPhoneJourney(t, func(t *testing.T, ctx context.Context, lang string) {
		for _, who := range []string{"visitor", "long@x.cn", "admin@brand.cn"} {
			switch who {
			case "visitor":
				jFresh(t, ctx)
				jVisit(t, ctx, h.srv.URL+"/")
				jLang(t, ctx, lang)
			case "admin@brand.cn":
				jSignIn(t, ctx, h, who, "admin-password", lang)
			default:
				jSignIn(t, ctx, h, who, "fan-password", lang)
			}
			jVisit(t, ctx, h.srv.URL+fmt.Sprintf("/challenges/%d", cid))
			var height float64
			jDo(t, ctx, chromedp.Evaluate(`document.querySelector(".site-header").getBoundingClientRect().height`, &height))
			if height > 64 {
				t.Errorf("%s: the header is %v px tall", who, height)
			}
			var small []string
			jDo(t, ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll(".site-header a, .site-header button, .site-nav a, .site-nav input")).filter(e => {
				const r = e.getBoundingClientRect(); return r.height < 44 || r.width < 44 }).map(e => e.outerHTML.slice(0, 80))`, &small))
			if len(small) > 0 {
				t.Errorf("%s: tap targets under 44 px: %q", who, small)
			}
			// Scrolled down, the header is still there and still small.
			var top float64
			jDo(t, ctx, chromedp.Evaluate(`window.scrollTo(0, 800); document.querySelector(".site-header").getBoundingClientRect().top`, &top))
			if top != 0 {
				t.Errorf("%s: scrolled down, the header is at %v", who, top)
			}
		}
	})
}
