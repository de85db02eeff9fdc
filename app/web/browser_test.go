package web

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"cocreate/app/pgtest"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// newBrowser opens a tab for one test, in a browser context of its own
// (as a fresh incognito window: its own cookies, storage and cache), in
// the package's one headless Chromium (Debian's), with a phone's or a
// desktop's screen emulated. Tests that need it are skipped where no
// Chromium is installed (CI installs it).
//
// One Chromium serves every test, as starting one costs about 2.5 s of CPU
// (measured in session 35) and some hundred tests open pages; the tabs of
// parallel tests share it. It is closed when the tests end (closeBrowser).
//
// The PostgreSQL pass (pgtest) skips them: a page reaches the engine only
// through the service, which the API and page tests without a browser cover
// there, and the browser would double CI's slowest tests.
func newBrowser(t *testing.T, width, height int) context.Context {
	t.Helper()
	return newBrowserFor(t, width, height, 60*time.Second)
}

// newBrowserFor is newBrowser with a tab that lives for life: longer for a
// test that walks many pages in one tab (the demo walk), whose steps are
// each bounded anyway (jDo).
func newBrowserFor(t *testing.T, width, height int, life time.Duration) context.Context {
	t.Helper()
	pgtest.SQLiteOnly(t, "browser journeys run in the SQLite pass")
	bctx, err := sharedBrowser()
	if errors.Is(err, exec.ErrNotFound) {
		t.Skip("no chromium on this machine")
	}
	if err != nil {
		t.Fatal(err)
	}
	// The window is opened by hand, as chromedp's WithNewBrowserContext asks
	// for a tab where headless Chromium has no window of the new context to
	// put it in ("no browser is open"). Disposing of the context closes it.
	// Each call to the browser itself is bounded, as the tab's are (below).
	browser := func(d time.Duration) (context.Context, context.CancelFunc) {
		on, stop := context.WithTimeout(bctx, d)
		return cdp.WithExecutor(on, chromedp.FromContext(bctx).Browser), stop
	}
	on, stop := browser(60 * time.Second)
	t.Cleanup(stop)
	id, err := target.CreateBrowserContext().Do(on)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { // gone with the browser otherwise
		off, stop := browser(10 * time.Second)
		defer stop()
		_ = target.DisposeBrowserContext(id).Do(off)
	})
	tab, err := target.CreateTarget("about:blank").WithBrowserContextID(id).WithNewWindow(true).
		WithWidth(int64(width)).WithHeight(int64(height)).Do(on)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := chromedp.NewContext(bctx, chromedp.WithTargetID(tab))
	t.Cleanup(cancel)
	ctx, cancel2 := context.WithTimeout(ctx, life)
	t.Cleanup(cancel2)
	// Headless Chromium keeps windows at least 500 px wide whatever size
	// was asked for, so a phone's width is emulated (as a mobile screen).
	if err := chromedp.Run(ctx, emulation.SetDeviceMetricsOverride(int64(width), int64(height), 1, width < 600)); err != nil {
		t.Fatal(err)
	}
	return ctx
}

// chromium is the package's Chromium, started by the first test that asks.
var chromium struct {
	once    sync.Once
	ctx     context.Context // the browser's first context: its tabs' parent
	err     error
	stop    func()
	profile string
}

// sharedBrowser starts the package's Chromium on first use and returns
// the context its tests' tabs are opened from.
func sharedBrowser() (context.Context, error) {
	chromium.once.Do(func() {
		bin, err := exec.LookPath("chromium")
		if err != nil {
			chromium.err = err
			return
		}
		if chromium.profile, err = os.MkdirTemp("", "cocreate-chromium-"); err != nil {
			chromium.err = err
			return
		}
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(bin),
			chromedp.NoSandbox,
			chromedp.Flag("disable-gpu", true),
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			// Chromium 156 preloads its omnibox popup, a web page of its
			// own, in every window: a renderer per window that cost almost
			// a quarter of a journey's browser CPU; without it the browser
			// tests took 310 s instead of 377 s (session 36, measured).
			// chromedp's own disabled features (v0.16.0's defaults) are
			// kept beside them, as this flag replaces its.
			chromedp.Flag("disable-features", "site-per-process,Translate,BlinkGenPropertyTrees,WebUIOmniboxPopup,WebUIOmniboxAimPopup"),
			chromedp.UserDataDir(chromium.profile),
			chromedp.WindowSize(1280, 900),
		)
		actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
		ctx, cancel2 := chromedp.NewContext(actx)
		chromium.ctx, chromium.stop = ctx, func() { cancel2(); cancel() }
		// The first Run starts the browser (its context, never a shorter
		// one, owns it: chromedp closes the browser with it; chromedp waits
		// 20 s at most for it to listen); tabs are its children. A browser
		// that does not start fails every test that asks for one (no
		// retry: the next would most likely fail the same way).
		chromium.err = chromedp.Run(ctx)
	})
	return chromium.ctx, chromium.err
}

// closeBrowser stops the package's Chromium, if a test started it, and
// removes its profile (Chromium may still be writing it as it exits, so
// retrying briefly).
func closeBrowser() {
	if chromium.stop != nil {
		chromium.stop()
	}
	if chromium.profile != "" {
		for i := 0; i < 20 && os.RemoveAll(chromium.profile) != nil; i++ {
			time.Sleep(50 * time.Millisecond)
		}
	}
}

// fitsWidth is the script that says whether a page scrolls sideways. On an
// emulated phone innerWidth grows with overflowing content, while the
// layout viewport (clientWidth) keeps the screen's width.
const scrollsSideways = `document.documentElement.scrollWidth > Math.min(window.innerWidth, document.documentElement.clientWidth)`

// run performs browser actions; on failure it saves a screenshot beside the
// test's output so the failure can be seen.
func run(t *testing.T, ctx context.Context, actions ...chromedp.Action) {
	t.Helper()
	if err := chromedp.Run(ctx, actions...); err != nil {
		var shot []byte
		sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		if chromedp.Run(sctx, chromedp.FullScreenshot(&shot, 80)) == nil {
			dir := os.Getenv("COCREATE_SCREENSHOTS")
			if dir == "" {
				dir = os.TempDir()
			}
			path := filepath.Join(dir, strings.ReplaceAll(t.Name(), "/", "_")+".jpg")
			os.WriteFile(path, shot, 0o644)
			t.Logf("screenshot: %s", path)
		}
		t.Fatal(err)
	}
}

// TestVoteWithoutReload signs a fan in through the page, votes from the list
// and from the idea page with JavaScript, and checks the page never reloads.
func TestVoteWithoutReload(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, map[string]any{"vote_budget": 1})
	a := h.idea(admin, cid, "无孔内筒")
	b := h.idea(admin, cid, "Steam cleaning")
	h.fan("fan@x.cn")
	for _, size := range [][2]int{{375, 812}, {1280, 900}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			ctx := newBrowser(t, size[0], size[1])
			var count, label, marker, errText string
			var wide bool
			run(t, ctx,
				chromedp.Navigate(h.srv.URL+"/signin"),
				chromedp.SendKeys("#email", "fan@x.cn", chromedp.ByQuery),
				chromedp.SendKeys("#password", "fan-password", chromedp.ByQuery),
				chromedp.Submit("#password", chromedp.ByQuery),
				chromedp.WaitVisible(".user-name", chromedp.ByQuery),
				chromedp.Navigate(fmt.Sprintf("%s/challenges/%d?sort=new", h.srv.URL, cid)),
				chromedp.WaitVisible(fmt.Sprintf(`form.vote[data-idea="%d"] button`, a), chromedp.ByQuery),
				// A marker that a reload would wipe.
				chromedp.Evaluate(`window.__marker = "kept"`, nil),
				chromedp.Click(fmt.Sprintf(`form.vote[data-idea="%d"] button`, a), chromedp.ByQuery),
				chromedp.WaitVisible(fmt.Sprintf(`form.vote.voted[data-idea="%d"]`, a), chromedp.ByQuery),
				chromedp.Text(fmt.Sprintf(`form.vote[data-idea="%d"] .vote-count`, a), &count, chromedp.ByQuery),
				chromedp.Text(fmt.Sprintf(`form.vote[data-idea="%d"] .vote-label`, a), &label, chromedp.ByQuery),
				chromedp.Evaluate(`window.__marker || ""`, &marker),
				// The budget is one vote: the second shows the reason, in place.
				chromedp.Click(fmt.Sprintf(`form.vote[data-idea="%d"] button`, b), chromedp.ByQuery),
				chromedp.Poll(fmt.Sprintf(`document.querySelector('form.vote[data-idea="%d"] .vote-error').textContent`, b), &errText, chromedp.WithPollingTimeout(10*time.Second)),
				chromedp.Evaluate(scrollsSideways, &wide),
			)
			if count != "1" || label != "Supported" || marker != "kept" {
				t.Errorf("after voting: count %q, label %q, marker %q (want 1, Supported, kept)", count, label, marker)
			}
			if !strings.Contains(errText, "votes") {
				t.Errorf("over-budget message = %q", errText)
			}
			if wide {
				t.Error("the page scrolls sideways")
			}
			// Undo from the idea page.
			run(t, ctx,
				chromedp.Navigate(fmt.Sprintf("%s/ideas/%d", h.srv.URL, a)),
				chromedp.WaitVisible(`form.vote.voted button`, chromedp.ByQuery),
				chromedp.Click(`form.vote button`, chromedp.ByQuery),
				chromedp.WaitNotPresent(`form.vote.voted`, chromedp.ByQuery),
				chromedp.Text(`form.vote .vote-count`, &count, chromedp.ByQuery),
			)
			if count != "0" {
				t.Errorf("after undo: count %q", count)
			}
		})
	}
	if v, _ := h.store.Check(t.Context()); len(v) > 0 {
		t.Fatal(v)
	}
}

// TestEveryPageFitsAPhone visits each page at 375 px, in both languages, and
// checks nothing scrolls sideways, even with long unbroken titles.
func TestEveryPageFitsAPhone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	long := strings.Repeat("超长标题没有空格", 14) // 112 characters, no break opportunities
	cid := h.openChallenge(admin, map[string]any{"title": long, "vote_budget": 3})
	id := h.idea(admin, cid, strings.Repeat("Supercalifragilistic", 6))
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", id), admin, map[string]string{"body": strings.Repeat("https://example.com/a/very/long/link/", 4)}).must(t, 201)
	pages := []string{"/", fmt.Sprintf("/challenges/%d", cid), fmt.Sprintf("/ideas/%d", id), fmt.Sprintf("/challenges/%d/submit", cid),
		fmt.Sprintf("/ideas/%d/edit", id), "/challenges/new", fmt.Sprintf("/challenges/%d/edit", cid), "/admin/users", "/settings", "/nowhere"}
	ctx := newBrowser(t, 375, 812)
	run(t, ctx,
		chromedp.Navigate(h.srv.URL+"/signin"),
		chromedp.SendKeys("#email", "admin@brand.cn", chromedp.ByQuery),
		chromedp.SendKeys("#password", "admin-password", chromedp.ByQuery),
		chromedp.Submit("#password", chromedp.ByQuery),
		chromedp.WaitVisible(".user-name", chromedp.ByQuery),
	)
	for _, lang := range []string{"zh", "en"} {
		run(t, ctx, chromedp.Navigate(h.srv.URL+"/"), chromedp.WaitVisible(".header-tools button", chromedp.ByQuery))
		var current string
		run(t, ctx, chromedp.AttributeValue("html", "lang", &current, nil, chromedp.ByQuery))
		if !strings.HasPrefix(current, lang) {
			run(t, ctx, chromedp.Click(".header-tools button.link", chromedp.ByQuery), chromedp.WaitVisible(`html[lang^="`+lang+`"]`, chromedp.ByQuery))
		}
		for _, p := range pages {
			var wide bool
			var scroll float64
			run(t, ctx,
				chromedp.Navigate(h.srv.URL+p),
				chromedp.WaitReady("footer", chromedp.ByQuery),
				chromedp.Evaluate(`document.documentElement.scrollWidth`, &scroll),
				chromedp.Evaluate(scrollsSideways, &wide),
			)
			if wide {
				t.Errorf("%s (%s) is %v px wide at 375 px", p, lang, scroll)
			}
		}
	}
}
