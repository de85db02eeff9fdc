package web

import (
	"encoding/xml"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// modfeed52Feed fetches a feed as a feed reader does: no cookie and no
// Accept-Language unless lang names one.
func modfeed52Feed(t *testing.T, h *harness, path, lang string) (siteFeed, res) {
	t.Helper()
	var r res
	if lang == "" {
		r = h.browser().get(path).must(t, 200)
	} else {
		r = h.browser().get(path, "Accept-Language", lang).must(t, 200)
	}
	var f siteFeed
	if err := xml.Unmarshal([]byte(r.Body), &f); err != nil {
		t.Fatalf("%s is not XML: %v\n%.500s", path, err, r.Body)
	}
	return f, r
}

var modfeed52Alternate = regexp.MustCompile(`<link rel="alternate" type="application/atom\+xml" href="([^"]*)">`)

// A Chinese reader who subscribes from a page gets a Chinese feed: each
// page's feed link (in its head, for a feed reader, and on the page)
// carries the language it was read in, and the feed, fetched as a feed
// reader fetches it (no Accept-Language, no cookie), speaks it. An
// explicit ?lang wins over Accept-Language; a value naming no language
// of ours is ignored (the header, else the site's default, decides).
func TestModfeed52FeedLinksCarryTheReadersLanguage(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	cid := h.openChallenge(e.admin, map[string]any{"title": "冰箱的除味"})
	visitor := h.browser()

	// The title of each feed, in Chinese and in English.
	titles := map[string][2]string{
		"/feed.atom":          {jT("zh", "home.challenges"), jT("en", "home.challenges")},
		"/projects/feed.atom": {jT("zh", "project.board"), jT("en", "project.board")},
		"/roadmap/feed.atom":  {jT("zh", "roadmap.title"), jT("en", "roadmap.title")},
	}
	pages := map[string]string{
		"/": "/feed.atom", "/projects": "/projects/feed.atom", "/roadmap": "/roadmap/feed.atom",
		fmt.Sprintf("/challenges/%d", cid): fmt.Sprintf("/challenges/%d/feed.atom", cid),
		fmt.Sprintf("/projects/%d", e.pid): fmt.Sprintf("/projects/%d/feed.atom", e.pid),
	}
	for path, feed := range pages {
		for accept, lang := range map[string]string{"zh-CN,zh;q=0.9": "zh", "en-US": "en"} {
			body := visitor.get(path, "Accept-Language", accept).must(t, 200).Body
			want := feed + "?lang=" + lang
			m := modfeed52Alternate.FindStringSubmatch(body)
			if m == nil || m[1] != want {
				t.Errorf("%s read in %s: the head's feed is %v, want %s", path, lang, m, want)
				continue
			}
			if !strings.Contains(body, `<a href="`+want+`" type="application/atom+xml">`) {
				t.Errorf("%s read in %s: the page's own feed link is not %s", path, lang, want)
			}
			// Followed as a feed reader follows it.
			f, _ := modfeed52Feed(t, h, m[1], "")
			if self := f.Links[len(f.Links)-1]; self.Rel != "self" || !strings.HasSuffix(self.Href, want) {
				t.Errorf("%s: the feed's self link is %+v, want it to end %s", m[1], self, want)
			}
			if words, ok := titles[feed]; ok {
				in, other := words[0], words[1]
				if lang == "en" {
					in, other = other, in
				}
				if !strings.Contains(f.Title, in) || strings.Contains(f.Title, other) {
					t.Errorf("%s fetched with no Accept-Language: title %q, want it in %s (%q)", m[1], f.Title, lang, in)
				}
			}
		}
	}

	// The challenges feed's entries speak it too: the phase, in Chinese.
	if f, _ := modfeed52Feed(t, h, "/feed.atom?lang=zh", ""); len(f.Entries) == 0 || !strings.Contains(f.Entries[0].Content, jT("zh", "phase.submissions")) {
		t.Errorf("the Chinese feed's entry does not say its phase in Chinese: %+v", f.Entries)
	}
	// The project's feed: a stage move is titled in Chinese.
	e.move(e.eng, "accepted", "开工").must(t, 200)
	if f, _ := modfeed52Feed(t, h, fmt.Sprintf("/projects/%d/feed.atom?lang=zh", e.pid), ""); len(f.Entries) == 0 || f.Entries[0].Title != jT("zh", "stage.accepted") {
		t.Errorf("the project's Chinese feed does not title the move %q: %+v", jT("zh", "stage.accepted"), f.Entries)
	}

	// ?lang wins over Accept-Language, either way.
	if f, _ := modfeed52Feed(t, h, "/roadmap/feed.atom?lang=zh", "en-US"); f.Title != jT("zh", "roadmap.title") {
		t.Errorf("?lang=zh with an English Accept-Language: %q", f.Title)
	}
	if f, _ := modfeed52Feed(t, h, "/roadmap/feed.atom?lang=en", "zh-CN"); f.Title != jT("en", "roadmap.title") {
		t.Errorf("?lang=en with a Chinese Accept-Language: %q", f.Title)
	}
	// A value naming no language of ours: the header decides, else the
	// default (English here); the answer says it varies with the header,
	// and its self link claims no language.
	for _, q := range []string{"fr", "zh-CN", "%3Cscript%3E", ""} {
		f, r := modfeed52Feed(t, h, "/roadmap/feed.atom?lang="+q, "zh-CN")
		if f.Title != jT("zh", "roadmap.title") {
			t.Errorf("?lang=%s with a Chinese Accept-Language: %q, want the header's Chinese", q, f.Title)
		}
		if !strings.Contains(strings.Join(r.Header.Values("Vary"), ","), "Accept-Language") {
			t.Errorf("?lang=%s: the answer does not say it varies with Accept-Language", q)
		}
		if self := f.Links[len(f.Links)-1]; strings.Contains(self.Href, "lang=") {
			t.Errorf("?lang=%s: the self link carries a language: %s", q, self.Href)
		}
		if f, _ := modfeed52Feed(t, h, "/roadmap/feed.atom?lang="+q, ""); f.Title != jT("en", "roadmap.title") {
			t.Errorf("?lang=%s with no Accept-Language: %q, want the default's English", q, f.Title)
		}
	}
	if _, r := modfeed52Feed(t, h, "/roadmap/feed.atom?lang=zh", ""); strings.Contains(strings.Join(r.Header.Values("Vary"), ","), "Accept-Language") {
		t.Errorf("?lang=zh chose the language, yet the answer says it varies with Accept-Language")
	}
}

// A visitor on a phone who chose Chinese with the switcher (no account,
// their browser's language aside) copies the home page's feed link into
// a feed reader, which fetches it bare: the feed is in Chinese.
func TestModfeed52PhoneReaderSubscribesInChinese(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	h.openChallenge(admin, map[string]any{"title": "洗衣机二次污染"})
	ctx := newBrowser(t, 375, 667)
	jFresh(t, ctx)
	jVisit(t, ctx, h.srv.URL+"/")
	jLang(t, ctx, "zh")
	sel := `main a[type="application/atom+xml"]`
	var href string
	var ok bool
	jDo(t, ctx, chromedp.ScrollIntoView(sel, chromedp.ByQuery), chromedp.AttributeValue(sel, "href", &href, &ok, chromedp.ByQuery))
	jInView(t, ctx, "the feed link", sel)
	jWant(t, "the feed link", jText(t, ctx, sel), jT("zh", "feeds44.challenges"))
	if href != "/feed.atom?lang=zh" {
		t.Fatalf("the feed link is %q, want /feed.atom?lang=zh", href)
	}
	shot(t, ctx, "/tmp/modfeed52-feed.png", false)
	f, _ := modfeed52Feed(t, h, href, "")
	if !strings.Contains(f.Title, jT("zh", "home.challenges")) || len(f.Entries) != 1 || !strings.Contains(f.Entries[0].Content, jT("zh", "phase.submissions")) {
		t.Errorf("the feed the reader fetched is not in Chinese: %q %+v", f.Title, f.Entries)
	}
}
