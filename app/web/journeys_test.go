package web

// End-to-end journeys in a real browser (Debian's headless Chromium through
// chromedp), against the real server and SQLite store of the harness. Each
// journey runs at a phone size and a desktop size (one tab per size, each in
// a browser context of its own in the package's one Chromium: newBrowser)
// and in both languages, switched with the header's language button. Data
// the journey does not need to show being made is prepared through the API.
//
// Every page visited is checked for sideways scrolling. A failing subtest
// saves a screenshot (COCREATE_SCREENSHOTS, or the temporary directory); with
// COCREATE_JOURNEY_SHOTS=DIR set, the end of every journey is also saved there
// as a full-page PNG, to look at.

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"cocreate/app/i18n"
	"cocreate/app/pgtest"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// journeySize is a browser window.
type journeySize struct {
	name string
	w, h int
	lang string // the one language it runs in under go test's default -timeout
}

var (
	journeySizes = []journeySize{{"phone", 375, 812, "zh"}, {"desktop", 1280, 900, "en"}}
	journeyLangs = []string{"en", "zh"}
)

// jT is a visible text in a language, as the catalogue has it.
func jT(lang, key string, args ...any) string { return i18n.For(lang).T(key, args...) }

// jN is jT for a message about n things (i18n.Printer.N).
func jN(lang, key string, n int, args ...any) string { return i18n.For(lang).N(key, n, args...) }

// journeyShot saves a full-page screenshot of the tab as dir/name.
func journeyShot(ctx context.Context, dir, name string, quality int) (string, error) {
	sctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	var shot []byte
	// From the top, so that a sticky header is where a person sees it.
	if err := chromedp.Run(sctx, chromedp.Evaluate(`window.scrollTo(0, 0)`, nil), chromedp.FullScreenshot(&shot, quality)); err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	path := filepath.Join(dir, name)
	return path, os.WriteFile(path, shot, 0o644)
}

// journeyOnFailure saves a screenshot of the page when the (sub)test fails,
// whatever the failure: a browser action or a wrong text.
func journeyOnFailure(t *testing.T, ctx context.Context) {
	t.Cleanup(func() {
		if !t.Failed() {
			return
		}
		dir := os.Getenv("COCREATE_SCREENSHOTS")
		if dir == "" {
			dir = os.TempDir()
		}
		if path, err := journeyShot(ctx, dir, strings.ReplaceAll(t.Name(), "/", "_")+".jpg", 80); err == nil {
			t.Logf("screenshot: %s", path)
		} else {
			t.Logf("no screenshot: %v", err)
		}
	})
}

// journeyEnd saves the page at the end of a journey when asked to.
func journeyEnd(t *testing.T, ctx context.Context) {
	dir := os.Getenv("COCREATE_JOURNEY_SHOTS")
	if dir == "" {
		return
	}
	if path, err := journeyShot(ctx, dir, strings.ReplaceAll(t.Name(), "/", "_")+".png", 100); err == nil {
		t.Logf("journey end: %s", path)
	}
}

// jDo runs browser actions with a time limit of their own, so that a missing
// element fails this step quickly instead of using up the browser's time.
func jDo(t *testing.T, ctx context.Context, actions ...chromedp.Action) {
	t.Helper()
	sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	if err := chromedp.Run(sctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// jLoaded waits for the document that replaces the one marked by jMark.
func jLoaded() chromedp.Action {
	return chromedp.ActionFunc(func(ctx context.Context) error {
		for {
			var fresh bool
			err := chromedp.Evaluate(`!window.__journeyOld && document.readyState === "complete" && !!document.querySelector("footer")`, &fresh).Do(ctx)
			if err == nil && fresh {
				return nil
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("waiting for the next page: %w", ctx.Err())
			case <-time.After(40 * time.Millisecond):
			}
		}
	})
}

// jClickLoad clicks something that loads a new page (a link, a form's
// button) and waits for that page.
func jClickLoad(sel string) chromedp.Action {
	return chromedp.Tasks{
		chromedp.Evaluate(`window.__journeyOld = true`, nil),
		chromedp.Click(sel, chromedp.ByQuery),
		jLoaded(),
	}
}

// jFits fails the test when the page scrolls sideways at the window's width.
func jFits(t *testing.T, ctx context.Context, where string) {
	t.Helper()
	// A phone (mobile emulation) zooms out to show content that overflows,
	// which widens innerWidth to the content; the layout viewport
	// (clientWidth) keeps the screen's width.
	var scroll, inner, client float64
	jDo(t, ctx,
		chromedp.Evaluate(`document.documentElement.scrollWidth`, &scroll),
		chromedp.Evaluate(`window.innerWidth`, &inner),
		chromedp.Evaluate(`document.documentElement.clientWidth`, &client),
	)
	if scroll > min(inner, client) {
		t.Errorf("%s scrolls sideways: %v px of content in a %v px window", where, scroll, min(inner, client))
	}
}

// jVisit opens an address as a person typing it would, and checks the page fits.
func jVisit(t *testing.T, ctx context.Context, addr string) {
	t.Helper()
	jDo(t, ctx, chromedp.Navigate(addr), chromedp.WaitReady("footer", chromedp.ByQuery))
	jFits(t, ctx, addr)
}

// jGo clicks sel, waits for the page it loads, and checks that page fits.
func jGo(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	jDo(t, ctx, jClickLoad(sel))
	jFits(t, ctx, "the page after clicking "+sel+" ("+jPath(t, ctx)+")")
}

// jText is the visible text of the first element matching sel, trimmed.
func jText(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	var s string
	jDo(t, ctx, chromedp.Text(sel, &s, chromedp.ByQuery))
	return strings.TrimSpace(s)
}

// jTexts is the visible text of every element matching sel (maybe none).
func jTexts(t *testing.T, ctx context.Context, sel string) []string {
	t.Helper()
	var out []string
	jDo(t, ctx, chromedp.Evaluate(fmt.Sprintf(`Array.from(document.querySelectorAll(%q)).map(e => e.innerText.trim())`, sel), &out))
	return out
}

// jPath is the address bar's path.
func jPath(t *testing.T, ctx context.Context) string {
	t.Helper()
	var loc string
	jDo(t, ctx, chromedp.Location(&loc))
	u, err := url.Parse(loc)
	if err != nil {
		return loc
	}
	return u.Path
}

// jFresh starts a person anew in the same browser: no cookies, a blank tab.
func jFresh(t *testing.T, ctx context.Context) {
	t.Helper()
	jDo(t, ctx, network.ClearBrowserCookies(), chromedp.Navigate("about:blank"))
}

// jLang switches the page to lang with the header's language button, if it
// is not already in it, and checks the page came back in that language.
func jLang(t *testing.T, ctx context.Context, lang string) {
	t.Helper()
	var current string
	jDo(t, ctx, chromedp.AttributeValue("html", "lang", &current, nil, chromedp.ByQuery))
	if !strings.HasPrefix(current, lang) {
		jGo(t, ctx, `.header-tools form[action="/lang"] button`)
		jDo(t, ctx, chromedp.AttributeValue("html", "lang", &current, nil, chromedp.ByQuery))
	}
	if !strings.HasPrefix(current, lang) {
		t.Fatalf("the page is in %q after choosing %s", current, lang)
	}
	if got := jText(t, ctx, `.nav a[href="/"]`); got != jT(lang, "nav.challenges") {
		t.Fatalf("the menu says %q in %s", got, lang)
	}
}

// jSignIn signs in through the sign-in page, then speaks lang.
func jSignIn(t *testing.T, ctx context.Context, h *harness, email, password, lang string) {
	t.Helper()
	jFresh(t, ctx)
	jVisit(t, ctx, h.srv.URL+"/signin")
	jLang(t, ctx, lang)
	jDo(t, ctx,
		chromedp.SendKeys("#email", email, chromedp.ByQuery),
		chromedp.SendKeys("#password", password, chromedp.ByQuery),
	)
	jGo(t, ctx, `main form[action="/signin"] button[type="submit"]`)
	jDo(t, ctx, chromedp.WaitVisible(".user-name", chromedp.ByQuery))
	jLang(t, ctx, lang)
}

// jWant reports a visible text that is not what a person should see.
func jWant(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

func jWantContains(t *testing.T, what, got, want string) {
	t.Helper()
	if !strings.Contains(got, want) {
		t.Errorf("%s = %q, want it to contain %q", what, got, want)
	}
}

// jUserID is the id of the account behind a token.
func jUserID(h *harness, token string) int {
	return num(h.api("GET", "/api/v1/me", token, nil).must(h.t, 200).JSON, "id")
}

// jUser signs a person up through the API with a name of our choosing.
func jUser(h *harness, email, name string) string {
	h.api("POST", "/api/v1/users", "", map[string]string{"email": email, "name": name, "password": "fan-password"}).must(h.t, 201)
	return str(h.api("POST", "/api/v1/tokens", "", map[string]string{"email": email, "password": "fan-password"}).must(h.t, 201).JSON, "token")
}

// jWaitSimilar waits until the search index suggests idea for text, as the
// similar-ideas box will ask it to.
func jWaitSimilar(t *testing.T, h *harness, cid, idea int, text string) {
	t.Helper()
	deadline := time.Now().Add(indexWait)
	for {
		r := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/similar?limit=5&text=%s", cid, url.QueryEscape(text)), "", nil)
		if ideas, ok := r.JSON["ideas"].([]any); ok {
			for _, it := range ideas {
				if num(it.(map[string]any), "id") == idea {
					return
				}
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the index never suggested idea %d for %q: %s", idea, text, r.Body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// forEachJourney runs one journey at every size and in every language, with
// one tab (in a browser context of its own: newBrowser) per size. Under
// go test's default -timeout (journeysInAllLanguages) each size runs in
// one language, the phone in Chinese and the desktop in English, so that
// plain go test ./... stays inside its 10 minutes; CI runs all four.
func forEachJourney(t *testing.T, journey func(t *testing.T, ctx context.Context, size journeySize, lang string)) {
	all := journeysInAllLanguages()
	for _, size := range journeySizes {
		t.Run(size.name, func(t *testing.T) {
			// A minute for each language the tab walks the journey in
			// (the longest, both languages, took 30 s in session 41).
			langs := 1
			if all {
				langs = len(journeyLangs)
			}
			ctx := newBrowserFor(t, size.w, size.h, time.Duration(langs)*time.Minute)
			// Attach to the tab on its own context: steps run on
			// shorter-lived children of it.
			if err := chromedp.Run(ctx); err != nil {
				t.Fatal(err)
			}
			// Headless Chromium keeps windows at least 500 px wide whatever
			// the window size asked for, so the phone's width is emulated.
			var inner int
			if err := chromedp.Run(ctx,
				emulation.SetDeviceMetricsOverride(int64(size.w), int64(size.h), 1, size.w < 600),
				chromedp.Navigate(`data:text/html,<meta name="viewport" content="width=device-width, initial-scale=1"><p>size`),
				chromedp.Evaluate(`window.innerWidth`, &inner),
			); err != nil {
				t.Fatal(err)
			}
			if inner != size.w {
				t.Fatalf("the window is %d px wide, want %d", inner, size.w)
			}
			for _, lang := range journeyLangs {
				if !all && lang != size.lang {
					continue
				}
				t.Run(lang, func(t *testing.T) {
					journeyOnFailure(t, ctx)
					journey(t, ctx, size, lang)
					if !t.Failed() {
						journeyEnd(t, ctx)
					}
				})
			}
		})
	}
}

// Journey 1: a fan signs up, submits an idea (seeing the similar ones while
// typing), and votes on another idea without the page reloading.
func TestJourneyFanSignsUpSubmitsAndVotes(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	lookalike := map[string]int{
		"en": h.idea(admin, cid, "Self-cleaning drum with steam"),
		"zh": h.idea(admin, cid, "无孔内筒自动清洁"),
	}
	typed := map[string]string{"en": "Self-cleaning drum that dries itself", "zh": "无孔内筒烘干"}
	other := h.idea(admin, cid, "Quiet spin cycle")
	jWaitSimilar(t, h, cid, lookalike["en"], typed["en"])
	jWaitSimilar(t, h, cid, lookalike["zh"], typed["zh"])

	forEachJourney(t, func(t *testing.T, ctx context.Context, size journeySize, lang string) {
		jFresh(t, ctx)
		jVisit(t, ctx, h.srv.URL+"/")
		jLang(t, ctx, lang)

		// Sign up from the header.
		jGo(t, ctx, `.header-tools a[href^="/signup"]`)
		jWant(t, "sign-up heading", jText(t, ctx, "main h1"), jT(lang, "auth.signup"))
		name := fmt.Sprintf("maker-%s-%s", size.name, lang)
		jDo(t, ctx,
			chromedp.SendKeys("#email", name+"@x.cn", chromedp.ByQuery),
			chromedp.SendKeys("#name", name, chromedp.ByQuery),
			chromedp.SendKeys("#password", "fan-password", chromedp.ByQuery),
		)
		jGo(t, ctx, `main form[action="/signup"] button[type="submit"]`)
		jWant(t, "name in the header", jText(t, ctx, ".user-name"), name)
		jWant(t, "welcome message", jText(t, ctx, ".flash"), jT(lang, "auth.welcome"))

		// Open the challenge from the home page.
		jGo(t, ctx, fmt.Sprintf(`.card-title a[href^="/challenges/%d"]`, cid))
		jWant(t, "challenge phase", jText(t, ctx, ".page-head .badge"), jT(lang, "phase.submissions")+" · "+jT(lang, "phase.voting"))

		// Submit an idea; the similar ones show up while typing the title.
		submit := fmt.Sprintf(`.actions a[href="/challenges/%d/submit"]`, cid)
		jWant(t, "submit button", jText(t, ctx, submit), jT(lang, "idea.submit"))
		jGo(t, ctx, submit)
		jWant(t, "idea form heading", jText(t, ctx, "main h1"), jT(lang, "idea.submit"))
		var hidden bool
		jDo(t, ctx, chromedp.Evaluate(`document.querySelector("#similar").hidden`, &hidden))
		if !hidden {
			t.Error("the similar-ideas box shows before anything is typed")
		}
		jDo(t, ctx,
			chromedp.SendKeys("#title", typed[lang], chromedp.ByQuery),
			chromedp.WaitVisible("#similar li a", chromedp.ByQuery),
		)
		jWant(t, "similar ideas heading", jText(t, ctx, "#similar .similar-title"), jT(lang, "idea.similar"))
		var links []string
		jDo(t, ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll("#similar li a")).map(a => a.textContent + " " + a.getAttribute("href"))`, &links))
		want := fmt.Sprintf("%s /ideas/%d", map[string]string{"en": "Self-cleaning drum with steam", "zh": "无孔内筒自动清洁"}[lang], lookalike[lang])
		found := false
		for _, l := range links {
			found = found || l == want
		}
		if !found {
			t.Errorf("similar ideas = %q, want one to be %q", links, want)
		}
		var rows []string
		jDo(t, ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll("#similar li")).map(li => li.textContent)`, &rows))
		for _, r := range rows {
			if !strings.Contains(r, " · ▲ ") { // a challenge of support votes shows each one's
				t.Errorf("a similar idea of a support vote shows no votes: %q", r)
			}
		}
		jDo(t, ctx, chromedp.SendKeys("#summary", "Hot air after the last rinse.", chromedp.ByQuery))
		jGo(t, ctx, `main form[data-similar] button[type="submit"]`)
		if p := jPath(t, ctx); !strings.HasPrefix(p, "/ideas/") {
			t.Errorf("after posting the idea the address is %s", p)
		}
		jWant(t, "idea page heading", jText(t, ctx, "main h1"), typed[lang])
		jWant(t, "posted message", jText(t, ctx, ".flash"), jT(lang, "idea.submitted"))
		jWantContains(t, "idea byline", jText(t, ctx, ".idea-head .meta"), jT(lang, "idea.by", name))

		// Back to the challenge: support another idea, then take it back,
		// all without the page reloading.
		jGo(t, ctx, ".crumbs a")
		form := fmt.Sprintf(`form.vote[data-idea="%d"]`, other)
		before := jText(t, ctx, form+" .vote-count")
		jWant(t, "vote label before", jText(t, ctx, form+" .vote-label"), jT(lang, "vote.support"))
		jDo(t, ctx,
			chromedp.Evaluate(`window.__journeyStay = "kept"`, nil),
			chromedp.Click(form+" button", chromedp.ByQuery),
			chromedp.WaitVisible(fmt.Sprintf(`form.vote.voted[data-idea="%d"]`, other), chromedp.ByQuery),
		)
		var n0, n1 int
		fmt.Sscan(before, &n0)
		fmt.Sscan(jText(t, ctx, form+" .vote-count"), &n1)
		if n1 != n0+1 {
			t.Errorf("after supporting, the count went from %d to %d", n0, n1)
		}
		jWant(t, "vote label after supporting", jText(t, ctx, form+" .vote-label"), jT(lang, "vote.supported"))
		jDo(t, ctx,
			chromedp.Click(form+" button", chromedp.ByQuery),
			chromedp.WaitNotPresent(fmt.Sprintf(`form.vote.voted[data-idea="%d"]`, other), chromedp.ByQuery),
		)
		jWant(t, "count after taking the vote back", jText(t, ctx, form+" .vote-count"), before)
		jWant(t, "vote label after taking it back", jText(t, ctx, form+" .vote-label"), jT(lang, "vote.support"))
		var stay string
		jDo(t, ctx, chromedp.Evaluate(`window.__journeyStay || "reloaded"`, &stay))
		if stay != "kept" {
			t.Error("the page reloaded while voting")
		}
		jFits(t, ctx, "the challenge page after voting")
	})
	if v, _ := h.store.Check(t.Context()); len(v) > 0 {
		t.Fatal(v)
	}
}

// Journey 2: an admin creates a challenge from the form, sees it as a draft,
// and moves its phases by hand.
func TestJourneyAdminCreatesChallengeAndMovesPhases(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	forEachJourney(t, func(t *testing.T, ctx context.Context, size journeySize, lang string) {
		jSignIn(t, ctx, h, "admin@brand.cn", "admin-password", lang)
		jGo(t, ctx, jStaffPlace(t, ctx, "/challenges/new"))
		jWant(t, "form heading", jText(t, ctx, "main h1"), jT(lang, "challenge.new"))

		title := map[string]string{"en": "Quieter dryers", "zh": "更安静的烘干机"}[lang] + " " + size.name
		kind := map[string]string{"en": "open_call", "zh": "design_poll"}[lang]
		jDo(t, ctx,
			chromedp.SendKeys("#title", title, chromedp.ByQuery),
			chromedp.Click(fmt.Sprintf(`input[name="kind"][value="%s"]`, kind), chromedp.ByQuery),
			chromedp.SendKeys("#brief", "Tell us how a dryer could be **quiet**.", chromedp.ByQuery),
			// The harness's clock is 2026-11-24 10:00: all of this is to come.
			chromedp.Evaluate(`
				document.querySelector('#submissions_open_at').value = '2026-11-25T09:00';
				document.querySelector('#submissions_close_at').value = '2026-12-05T18:00';
				document.querySelector('#voting_open_at').value = '2026-12-06T09:00';
				document.querySelector('#voting_close_at').value = '2026-12-10T18:00';`, nil),
		)
		jGo(t, ctx, `main form.form button[type="submit"]`)
		jWant(t, "saved message", jText(t, ctx, ".flash"), jT(lang, "challenge.saved"))
		jWant(t, "challenge heading", jText(t, ctx, "main h1"), title)
		jWant(t, "phase badge of the new challenge", jText(t, ctx, ".page-head .badge"), jT(lang, "phase.draft"))
		jWantContains(t, "kind", jText(t, ctx, ".page-head .meta"), jT(lang, "kind."+kind))
		jWantContains(t, "brief", jText(t, ctx, ".brief"), "quiet")
		if !strings.HasPrefix(jPath(t, ctx), "/challenges/") {
			t.Errorf("after saving the address is %s", jPath(t, ctx))
		}

		move := func(to string) {
			t.Helper()
			h.advance(time.Minute) // a person takes a moment between clicks
			jDo(t, ctx, chromedp.SetValue("#move", to, chromedp.ByQuery))
			jWant(t, "move button", jText(t, ctx, ".phase-moves button"), jT(lang, "challenge.move_phase"))
			jGo(t, ctx, ".phase-moves button")
			jWant(t, "message after moving to "+to, jText(t, ctx, ".flash"), jT(lang, "challenge.phase_moved"))
		}
		move("open_submissions")
		jWant(t, "phase badge after opening submissions", jText(t, ctx, ".page-head .badge"), jT(lang, "phase.submissions"))
		addLabel := map[string]string{"open_call": "idea.submit", "design_poll": "idea.add_candidate"}[kind]
		jWant(t, "submit button once open", jText(t, ctx, `.actions a[href$="/submit"]`), jT(lang, addLabel))

		// Open submissions win over open voting in the API's phase
		// (API.md); the badge names both (domain.PhaseKeys), and the
		// schedule marks both phases as current.
		move("open_voting")
		jWant(t, "phase badge while both are open", jText(t, ctx, ".page-head .badge"), jT(lang, "phase.submissions")+" · "+jT(lang, "phase.voting"))
		current := jTexts(t, ctx, "ol.timeline li.current .step-name")
		if len(current) != 2 || current[0] != jT(lang, "phase.submissions") || current[1] != jT(lang, "phase.voting") {
			t.Errorf("current steps of the schedule = %q, want submissions and voting", current)
		}
		move("close_submissions")
		jWant(t, "phase badge after closing submissions", jText(t, ctx, ".page-head .badge"), jT(lang, "phase.voting"))
		var submitLinks int
		jDo(t, ctx, chromedp.Evaluate(`document.querySelectorAll('.actions a[href$="/submit"]').length`, &submitLinks))
		if submitLinks != 0 {
			t.Error("the submit button is still there after submissions closed")
		}
		// The home page agrees.
		jGo(t, ctx, ".brand")
		var badge string
		jDo(t, ctx, chromedp.Evaluate(fmt.Sprintf(`Array.from(document.querySelectorAll(".challenge-card")).filter(c => c.querySelector(".card-title").innerText.trim() === %q).map(c => c.querySelector(".badge").innerText.trim()).join("|")`, title), &badge))
		jWant(t, "phase on the home page", badge, jT(lang, "phase.voting"))
	})
}

// Journey 3: a judge works through the shortlist assigned to them.
func TestJourneyJudgeScoresShortlist(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	maker := h.fan("maker@x.cn")
	voter := h.fan("voter@x.cn")
	cid := h.openChallenge(admin, map[string]any{"shortlist_size": 3, "winners": 1})
	titles := []string{"Steam rinse", "无孔内筒", "UV lamp in the door", "Self-drying gasket"}
	for i, title := range titles {
		id := h.idea(maker, cid, title)
		if i < 3 {
			h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", id), voter, nil).must(t, 200)
		}
	}
	var judges []int
	email := func(size journeySize, lang string) string { return fmt.Sprintf("judge-%s-%s@x.cn", size.name, lang) }
	for _, size := range journeySizes {
		for _, lang := range journeyLangs {
			id := jUserID(h, h.fan(email(size, lang)))
			h.confirm(int64(id))
			h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", id), admin, map[string]any{"roles": []string{"judge"}}).must(t, 200)
			judges = append(judges, id)
		}
	}
	h.advance(80 * time.Hour) // voting is over: judging
	path := func(p string) string { return fmt.Sprintf("/api/v1/challenges/%d/%s", cid, p) }
	h.api("PUT", path("rubric"), admin, map[string]any{
		"criteria": []map[string]any{
			{"key": "novelty", "name": "新颖性 Novelty", "weight": 2, "min": 0, "max": 10},
			{"key": "feasibility", "name": "Feasibility 可行性", "weight": 1, "min": 0, "max": 10},
			{"key": "cost", "name": "Cost 成本", "weight": 1, "min": 1, "max": 5},
		},
		"crowd_weight": 0.25, "blind": true,
	}).must(t, 200)
	short := h.api("POST", path("shortlist"), admin, map[string]any{"top": 3}).must(t, 200)
	n := len(short.JSON["ideas"].([]any))
	if n != 3 {
		t.Fatalf("shortlist has %d ideas: %s", n, short.Body)
	}
	h.api("POST", path("judges"), admin, map[string]any{"user_ids": judges, "per_idea": len(judges)}).must(t, 200)

	progress := func(lang string, done int) string {
		return map[string]string{"en": fmt.Sprintf("%d of %d scored", done, n), "zh": fmt.Sprintf("已评 %d / %d", done, n)}[lang]
	}
	forEachJourney(t, func(t *testing.T, ctx context.Context, size journeySize, lang string) {
		jSignIn(t, ctx, h, email(size, lang), "fan-password", lang)
		jGo(t, ctx, `.nav a[href="/judging"]`)
		jWant(t, "queue heading", jText(t, ctx, "main h1"), jT(lang, "judging.queue"))
		jWant(t, "queue progress", jText(t, ctx, ".progress-line"), progress(lang, 0))
		items := jTexts(t, ctx, "ol.queue li")
		if len(items) != n {
			t.Fatalf("the queue lists %d ideas, want %d: %q", len(items), n, items)
		}
		for _, it := range items {
			jWantContains(t, "queue item", it, jT(lang, "judging.to_score"))
		}

		first := jText(t, ctx, "ol.queue li a")
		jGo(t, ctx, "ol.queue li a")
		firstPath := jPath(t, ctx)
		jWant(t, "scorecard heading", jText(t, ctx, "main h1"), first)
		jWant(t, "blind note", jText(t, ctx, "article.idea .meta"), jT(lang, "judging.blind_note"))
		var inputs []string
		jDo(t, ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll("form.scorecard input[type=number]")).map(i => i.id)`, &inputs))
		if len(inputs) != 3 {
			t.Fatalf("the scorecard has %d score fields, want 3", len(inputs))
		}
		for i, id := range inputs {
			jDo(t, ctx, chromedp.SendKeys("#"+id, fmt.Sprint(3+i), chromedp.ByQuery))
		}
		jDo(t, ctx, chromedp.SendKeys("#comment", "清楚 clear", chromedp.ByQuery))
		save := `main form.scorecard button[type="submit"]`
		jWant(t, "save button", jText(t, ctx, save), jT(lang, "judging.save_next"))
		jGo(t, ctx, save)
		jWant(t, "saved message", jText(t, ctx, ".flash"), jT(lang, "judging.card_saved"))
		if p := jPath(t, ctx); p == firstPath || !strings.HasPrefix(p, "/judging/ideas/") {
			t.Errorf("after \"save and next\" the address is %s (the first idea was %s)", p, firstPath)
		}
		if next := jText(t, ctx, "main h1"); next == first {
			t.Errorf("after \"save and next\" the same idea %q is shown", next)
		}

		// Back to the queue: it moved on by one.
		jGo(t, ctx, `.crumbs a[href="/judging"]`)
		jWant(t, "queue progress after one scorecard", jText(t, ctx, ".progress-line"), progress(lang, 1))
		var value float64
		jDo(t, ctx, chromedp.Evaluate(`document.querySelector(".progress-line progress").value`, &value))
		if value != 1 {
			t.Errorf("progress bar at %v, want 1", value)
		}
		items = jTexts(t, ctx, "ol.queue li")
		for _, it := range items {
			if strings.HasPrefix(it, first) {
				jWantContains(t, "the scored idea in the queue", it, jT(lang, "judging.scored"))
			}
		}
	})
}

// Journey 4: an engineer carries a project from triage to launch.
func TestJourneyEngineerMovesProject(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	eng := jUser(h, "eng@brand.cn", "工程师老李")
	engID := jUserID(h, eng)
	h.confirm(int64(engID))
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", engID), admin, map[string]any{"roles": []string{"engineer"}}).must(t, 200)
	maker := h.fan("maker@x.cn")
	cid := h.openChallenge(admin, nil)
	projects := map[string]int{}
	for _, size := range journeySizes {
		for _, lang := range journeyLangs {
			idea := h.idea(maker, cid, "Drum that rinses itself "+size.name+" "+lang)
			r := h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/project", idea), admin, map[string]any{"owner_id": engID}).must(t, 201)
			projects[size.name+lang] = num(r.JSON, "id")
		}
	}
	stages := []string{"accepted", "concept", "prototype", "fan_test", "pilot", "launched"}
	forEachJourney(t, func(t *testing.T, ctx context.Context, size journeySize, lang string) {
		pid := projects[size.name+lang]
		jSignIn(t, ctx, h, "eng@brand.cn", "fan-password", lang)
		jVisit(t, ctx, fmt.Sprintf("%s/projects/%d", h.srv.URL, pid))
		jWant(t, "stage badge", jText(t, ctx, ".stage-badge"), jT(lang, "stage.triage"))
		jWant(t, "current step", jText(t, ctx, "ol.progress li.current"), jT(lang, "stage.triage"))
		jWantContains(t, "owner", jText(t, ctx, ".page-head .meta"), jT(lang, "project.owner", "工程师老李"))

		// Shelving needs a reason: without one the page says so, and
		// nothing moves.
		shelve := `button[name="to"][value="shelved"]`
		jWant(t, "shelve button", jText(t, ctx, shelve), jT(lang, "project.move_to", jT(lang, "stage.shelved")))
		jGo(t, ctx, shelve)
		refusal := jText(t, ctx, `.project .alert[role="alert"]`)
		if lang == "en" {
			// English pages show the domain's own message (errors.go).
			jWantContains(t, "error when shelving without a note", refusal, "note")
		} else {
			jWant(t, "error when shelving without a note", refusal, jT(lang, "error.note_required"))
		}
		jWant(t, "stage after the refused move", jText(t, ctx, ".stage-badge"), jT(lang, "stage.triage"))

		note := map[string]string{"en": "Sketches approved by the maker", "zh": "创意作者确认了草图"}[lang]
		for i, to := range stages {
			button := fmt.Sprintf(`button[name="to"][value="%s"]`, to)
			jWant(t, "button to "+to, jText(t, ctx, button), jT(lang, "project.move_to", jT(lang, "stage."+to)))
			if to == "concept" {
				jDo(t, ctx, chromedp.SendKeys("#note", note, chromedp.ByQuery))
			}
			jGo(t, ctx, button)
			if p := jPath(t, ctx); p != fmt.Sprintf("/projects/%d", pid) {
				t.Errorf("after moving to %s the address is %s", to, p)
			}
			jWant(t, "message after moving to "+to, jText(t, ctx, ".flash"), jT(lang, "project.moved_flash"))
			jWant(t, "stage badge after moving to "+to, jText(t, ctx, ".stage-badge"), jT(lang, "stage."+to))
			jWant(t, "current step after moving to "+to, jText(t, ctx, "ol.progress li.current"), jT(lang, "stage."+to))
			if done := jTexts(t, ctx, "ol.progress li.done"); len(done) != i+1 {
				t.Errorf("after moving to %s, %d steps are done, want %d: %q", to, len(done), i+1, done)
			}
		}
		// The public timeline tells the story, with the note.
		var withNote, last string
		for _, u := range jTexts(t, ctx, ".updates li") {
			if strings.Contains(u, jT(lang, "project.moved", jT(lang, "stage.accepted"), jT(lang, "stage.concept"))) {
				withNote = u
			}
			last = u
		}
		jWantContains(t, "the timeline's move to concept", withNote, note)
		jWantContains(t, "the timeline's last entry", last, jT(lang, "project.moved", jT(lang, "stage.pilot"), jT(lang, "stage.launched")))
		var moves int
		jDo(t, ctx, chromedp.Evaluate(`document.querySelectorAll('button[name="to"]').length`, &moves))
		if moves != 0 {
			t.Errorf("a launched project still offers %d stage moves", moves)
		}
		jWant(t, "credits heading", jText(t, ctx, ".credits h2"), jT(lang, "project.credits"))
	})
}

// Journey 5: a fan who supported an idea follows its project to launch
// through the notifications.
func TestJourneyFanFollowsProjectToLaunch(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	eng := h.fan("eng@brand.cn")
	engID := jUserID(h, eng)
	h.confirm(int64(engID))
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", engID), admin, map[string]any{"roles": []string{"engineer"}}).must(t, 200)
	author := jUser(h, "wang@x.cn", "王小明")
	cid := h.openChallenge(admin, nil)
	const title = "Quiet spin 静音脱水"
	idea := h.idea(author, cid, title)
	email := func(size journeySize, lang string) string {
		return fmt.Sprintf("supporter-%s-%s@x.cn", size.name, lang)
	}
	for _, size := range journeySizes {
		for _, lang := range journeyLangs {
			h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", idea), h.fan(email(size, lang)), nil).must(t, 200)
		}
	}
	pid := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/project", idea), admin, map[string]any{"owner_id": engID}).must(t, 201).JSON, "id")
	stages := []string{"accepted", "concept", "prototype", "fan_test", "pilot", "launched"}
	for _, to := range stages {
		h.api("POST", fmt.Sprintf("/api/v1/projects/%d/transitions", pid), eng, map[string]string{"to": to, "note": "→ " + to}).must(t, 200)
	}

	forEachJourney(t, func(t *testing.T, ctx context.Context, size journeySize, lang string) {
		jSignIn(t, ctx, h, email(size, lang), "fan-password", lang)
		// The stages, and before them the project's start (a supporter is
		// told of it too).
		jWant(t, "unread count on the bell", jText(t, ctx, ".notices .count"), fmt.Sprint(len(stages)+1))
		jGo(t, ctx, "a.notices")
		jWant(t, "notifications heading", jText(t, ctx, "main h1"), jT(lang, "notice.title"))
		notices := jTexts(t, ctx, "article.notice p:first-child")
		if len(notices) != len(stages)+1 {
			t.Fatalf("%d notifications, want %d: %q", len(notices), len(stages)+1, notices)
		}
		all := strings.Join(notices, "\n")
		for _, to := range stages {
			jWantContains(t, "notifications", all, jT(lang, "notice.stage", title, jT(lang, "stage."+to)))
		}
		if lang == "zh" && strings.Contains(all, "Launched") {
			t.Errorf("Chinese notifications name the stage in English: %q", notices)
		}
		// Reading the page changes nothing (a GET); the button marks them
		// read, and the bell has nothing new then.
		jWant(t, "unread count on the bell after reading", jText(t, ctx, ".notices .count"), fmt.Sprint(len(stages)+1))
		jGo(t, ctx, `form[action="/notifications/read"] button`)
		jWant(t, "notifications heading after marking read", jText(t, ctx, "main h1"), jT(lang, "notice.title"))
		var count int
		jDo(t, ctx, chromedp.Evaluate(`document.querySelectorAll(".notices .count").length`, &count))
		if count != 0 {
			t.Errorf("the bell still shows %q after reading the notifications", jText(t, ctx, ".notices .count"))
		}

		// The launch notice leads to the project.
		launched := jT(lang, "notice.stage", title, jT(lang, "stage.launched"))
		at := -1
		for i, n := range notices {
			if n == launched {
				at = i
			}
		}
		if at < 0 {
			t.Fatalf("no notification says %q: %q", launched, notices)
		}
		jGo(t, ctx, fmt.Sprintf("article.notice:nth-of-type(%d) button", at+1))
		if p := jPath(t, ctx); !strings.HasPrefix(p, fmt.Sprintf("/projects/%d", pid)) {
			t.Errorf("the notification leads to %s", p)
		}
		jWant(t, "project heading", jText(t, ctx, "main h1"), title)
		jWant(t, "stage", jText(t, ctx, ".stage-badge"), map[string]string{"en": "Launched", "zh": "已上市"}[lang])
		jWant(t, "current step", jText(t, ctx, "ol.progress li.current"), jT(lang, "stage.launched"))
		jWant(t, "credits heading", jText(t, ctx, ".credits h2"), jT(lang, "project.credits"))
		jWant(t, "credited author", jText(t, ctx, ".credits p"), map[string]string{"en": "Idea by 王小明", "zh": "创意提出者：王小明"}[lang])
		var count2 int
		jDo(t, ctx, chromedp.Evaluate(`document.querySelectorAll(".notices .count").length`, &count2))
		if count2 != 0 {
			t.Error("the bell shows unread notifications again")
		}
	})
}

// Between phases: submissions have closed and voting opens tomorrow. The
// page must not tell fans that submissions are open when they are refused.
func TestJourneyFanSeesClosedSubmissionsBeforeVoting(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	now := h.clock()
	cid := h.openChallenge(admin, map[string]any{
		"submissions_open_at": now.Add(-time.Hour), "submissions_close_at": now.Add(time.Hour),
		"voting_open_at": now.Add(24 * time.Hour), "voting_close_at": now.Add(48 * time.Hour),
	})
	h.advance(2 * time.Hour) // submissions closed an hour ago; voting opens tomorrow
	h.fan("fan@x.cn")
	forEachJourney(t, func(t *testing.T, ctx context.Context, size journeySize, lang string) {
		jSignIn(t, ctx, h, "fan@x.cn", "fan-password", lang)
		jVisit(t, ctx, fmt.Sprintf("%s/challenges/%d", h.srv.URL, cid))
		if badge := jText(t, ctx, ".page-head .badge"); badge == jT(lang, "phase.submissions") {
			t.Errorf("the badge says %q after submissions closed", badge)
		}
		var submit int
		jDo(t, ctx, chromedp.Evaluate(`document.querySelectorAll('.actions a[href$="/submit"]').length`, &submit))
		if submit != 0 {
			t.Error("the page offers to submit an idea after submissions closed")
		}
	})
}

// journeysInAllLanguages: go test's -timeout leaves room (25m, as for the
// PostgreSQL pass; CI gives 30m) to run every journey at each size in
// each language, not only in the size's own (journeySize.lang).
var journeysInAllLanguages = sync.OnceValue(func() bool {
	all := pgtest.TimeoutUnder(25*time.Minute) == ""
	if !all {
		fmt.Fprintln(os.Stderr, "journeys: each size in one language (the phone in Chinese, the desktop in English); give go test -timeout 25m or more for all four")
	}
	return all
})
