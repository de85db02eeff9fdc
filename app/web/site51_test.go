package web

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/images/imagetest"
	"cocreate/app/pgtest"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// siteLogoForm sends PUT /api/v1/site as a multipart form: fields and,
// when not nil, the logo's file.
func (h *harness) siteLogoForm(token string, fields map[string]string, logo []byte) res {
	h.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if logo != nil {
		fw, _ := mw.CreateFormFile("logo", "logo.jpg")
		fw.Write(logo)
	}
	mw.Close()
	req, _ := http.NewRequest("PUT", h.srv.URL+"/api/v1/site", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	return h.do(http.DefaultClient, req)
}

// uploadFiles counts the files in the uploads directory (not the removed
// ones kept a day), to prove a refused logo left none behind.
func (h *harness) uploadFiles() int {
	h.t.Helper()
	entries, err := os.ReadDir(filepath.Join(h.dir, "uploads"))
	if err != nil && !os.IsNotExist(err) {
		h.t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if !e.IsDir() {
			n++
		}
	}
	return n
}

// siteNames is what GET /api/v1/site says: the names the pages say, the
// names set, and the logo's address ("" for null).
func siteNames(t *testing.T, h *harness) (zh, en, setZH, setEN, logo string) {
	t.Helper()
	r := h.api("GET", "/api/v1/site", "", nil).must(t, 200)
	if l, ok := r.JSON["logo"].(map[string]any); ok {
		logo, _ = l["url"].(string)
	} else if r.JSON["logo"] != nil {
		t.Fatalf("logo is neither an object nor null: %s", r.Body)
	}
	return str(r.JSON, "name", "zh"), str(r.JSON, "name", "en"), str(r.JSON, "name_zh"), str(r.JSON, "name_en"), logo
}

// The API: anyone reads the site's name (the defaults until an admin sets
// one), only an admin changes it; a refused field is named and changes
// nothing, the other fields of the request included; a logo is stored
// upright like a cover and served to everyone; an empty name says the
// default again; the logo comes off.
func TestSite51APIRoundTripAndRefusals(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@x.cn")
	same := func(what, zh, en, setZH, setEN, logo string) {
		t.Helper()
		gzh, gen, gsetZH, gsetEN, glogo := siteNames(t, h)
		if gzh != zh || gen != en || gsetZH != setZH || gsetEN != setEN || glogo != logo {
			t.Fatalf("%s: the site is %q %q (set %q %q) logo %q; want %q %q (set %q %q) logo %q",
				what, gzh, gen, gsetZH, gsetEN, glogo, zh, en, setZH, setEN, logo)
		}
	}
	same("at first", "共创", "cocreate", "", "", "")

	h.api("PUT", "/api/v1/site", fan, map[string]string{"name_zh": "粉丝的站"}).must(t, 403)
	h.api("PUT", "/api/v1/site", "", map[string]string{"name_zh": "访客的站"}).must(t, 401)
	same("after a fan's and a visitor's try", "共创", "cocreate", "", "", "")

	long := strings.Repeat("海", domain.MaxSiteNameLen+1)
	r := h.api("PUT", "/api/v1/site", admin, map[string]string{"name_zh": long, "name_en": "Haier Makers"}).must(t, 400)
	if r.errCode() != "too_long" || r.errField() != "name_zh" {
		t.Fatalf("a name too long: %s", r.Body)
	}
	r = h.api("PUT", "/api/v1/site", admin, map[string]string{"name_zh": "海尔创客", "name_en": "Haier\nVisit evil.example"}).must(t, 400)
	if r.errCode() != "line_break" || r.errField() != "name_en" {
		t.Fatalf("a name of two lines: %s", r.Body)
	}
	same("after the refusals", "共创", "cocreate", "", "", "")

	r = h.api("PUT", "/api/v1/site", admin, map[string]string{"name_zh": "  海尔创客 ", "name_en": "Haier Makers"}).must(t, 200)
	if str(r.JSON, "name", "zh") != "海尔创客" || r.JSON["logo"] != nil {
		t.Fatalf("the answer: %s", r.Body)
	}
	same("saved", "海尔创客", "Haier Makers", "海尔创客", "Haier Makers", "")

	// A logo from a phone held upright: stored turned (EXIF), like a cover.
	before := h.uploadFiles()
	r = h.siteLogoForm(admin, map[string]string{"name_zh": long}, imagetest.JPEG(imagetest.Quadrants(600, 200), 85)).must(t, 400)
	if r.errField() != "name_zh" || h.uploadFiles() != before {
		t.Fatalf("a logo with a name too long: %s; uploads %d, were %d", r.Body, h.uploadFiles(), before)
	}
	r = h.siteLogoForm(admin, nil, []byte("<svg onload=alert(1)>")).must(t, 400)
	if r.errField() != "logo" || r.errCode() != "not_an_image" || h.uploadFiles() != before {
		t.Fatalf("a logo that is no image: %s; uploads %d, were %d", r.Body, h.uploadFiles(), before)
	}
	same("after the refused logos", "海尔创客", "Haier Makers", "海尔创客", "Haier Makers", "")
	r = h.siteLogoForm(admin, nil, imagetest.WithOrientation(imagetest.JPEG(imagetest.Quadrants(600, 200), 85), 6)).must(t, 200)
	logo, _ := r.JSON["logo"].(map[string]any)
	if logo == nil || num(logo, "width") != 200 || num(logo, "height") != 600 {
		t.Fatalf("the logo, turned upright: %s", r.Body)
	}
	first := str(logo, "url")
	same("with a logo", "海尔创客", "Haier Makers", "海尔创客", "Haier Makers", first)
	got := h.browser().get(first).must(t, 200)
	if !strings.HasPrefix(got.Header.Get("Content-Type"), "image/jpeg") || !strings.Contains(got.Header.Get("Cache-Control"), "public") {
		t.Fatalf("the logo served to a visitor: %v", got.Header)
	}

	// A second logo replaces the first, whose file goes.
	r = h.siteLogoForm(admin, nil, imagetest.JPEG(imagetest.Quadrants(900, 300), 85)).must(t, 200)
	second := str(r.JSON["logo"].(map[string]any), "url")
	if second == first {
		t.Fatal("the new logo has the old one's address")
	}
	h.browser().get(first).must(t, 404)
	h.browser().get(second).must(t, 200)

	// An empty name says the default; the other stays.
	h.api("PUT", "/api/v1/site", admin, map[string]string{"name_en": " "}).must(t, 200)
	same("the English name emptied", "海尔创客", "cocreate", "海尔创客", "", second)
	h.api("PUT", "/api/v1/site", admin, map[string]bool{"remove_logo": true}).must(t, 200)
	same("the logo removed", "海尔创客", "cocreate", "海尔创客", "", "")
	h.browser().get(second).must(t, 404)
}

var (
	titleRE     = regexp.MustCompile(`<title>([^<]*)</title>`)
	brandNameRE = regexp.MustCompile(`<span class="brand-name">([^<]*)</span>`)
	siteNameRE  = regexp.MustCompile(`<meta property="og:site_name" content="([^"]*)">`)
)

// The pages say the brand's name in the reader's language: the header,
// the <title>'s end, a challenge's share card (og:site_name) and the
// feeds; the defaults before an admin sets one.
func TestSite51PagesSayTheBrandsName(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	challenge := fmt.Sprintf("/challenges/%d", cid)
	look := func(lang, want string) {
		t.Helper()
		b := h.browser()
		b.post("/", "/lang", url.Values{"lang": {lang}, "next": {"/"}}).must(t, http.StatusSeeOther)
		for _, path := range []string{"/", challenge} {
			body := b.get(path).must(t, 200).Body
			m := titleRE.FindStringSubmatch(body)
			if m == nil || !strings.HasSuffix(html.UnescapeString(m[1]), want) {
				t.Errorf("%s in %s: the title is %v, want it to end with %q", path, lang, m, want)
			}
			if m := brandNameRE.FindStringSubmatch(body); m == nil || html.UnescapeString(m[1]) != want {
				t.Errorf("%s in %s: the header says %v, want %q", path, lang, m, want)
			}
		}
		body := b.get(challenge).Body
		if m := siteNameRE.FindStringSubmatch(body); m == nil || html.UnescapeString(m[1]) != want {
			t.Errorf("the challenge's share card in %s: og:site_name %v, want %q", lang, m, want)
		}
		feed := b.get("/feed.atom").must(t, 200).Body
		if !strings.Contains(feed, "<title>"+html.EscapeString(want)+" · ") {
			t.Errorf("the feed in %s does not start its title with %q: %.300s", lang, want, feed)
		}
	}
	look("zh", "共创")
	look("en", "cocreate")
	h.api("PUT", "/api/v1/site", admin, map[string]string{"name_zh": "海尔创客", "name_en": "Haier Makers & Co"}).must(t, 200)
	look("zh", "海尔创客")
	look("en", "Haier Makers & Co")
}

// The admin's page: the values saved filled in, a refusal shown at its
// field with what was typed kept and nothing saved, a save said and shown
// at once (this node forgets what it kept); the preview of the logo and
// its removal.
func TestSite51AdminPage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	h.api("PUT", "/api/v1/site", admin, map[string]string{"name_zh": "海尔创客"}).must(t, 200)
	b := h.adminBrowser()
	b.post("/", "/lang", url.Values{"lang": {"zh"}, "next": {"/"}}).must(t, http.StatusSeeOther)
	page := b.get("/admin/site").must(t, 200).Body
	if !strings.Contains(page, `id="name_zh" name="name_zh" lang="zh" maxlength="30" value="海尔创客"`) ||
		!strings.Contains(page, `placeholder="cocreate"`) || strings.Contains(page, "site-logo-preview") {
		t.Fatalf("the form does not show what is saved: %.3000s", page)
	}
	long := strings.Repeat("创", 31)
	r := b.post("/admin/site", "/admin/site", url.Values{"name_zh": {long}, "name_en": {"Haier Makers"}}).must(t, 400)
	want := html.EscapeString(jT("zh", "error.too_long", 30, 31))
	if !strings.Contains(r.Body, `<span class="field-error" id="name_zh-error">`+want+`</span>`) ||
		!strings.Contains(r.Body, `value="`+long+`"`) || !strings.Contains(r.Body, `value="Haier Makers"`) {
		t.Fatalf("the refusal is not at its field with the words typed: %.4000s", r.Body)
	}
	if _, en, setZH, _, _ := siteNames(t, h); en != "cocreate" || setZH != "海尔创客" {
		t.Fatalf("a refused form changed the site: %q %q", setZH, en)
	}
	b.post("/admin/site", "/admin/site", url.Values{"name_zh": {"海尔智家创客"}, "name_en": {""}}).must(t, http.StatusSeeOther)
	page = b.get("/admin/site").must(t, 200).Body
	if !strings.Contains(page, jT("zh", "site51.saved")) || !strings.Contains(page, `<span class="brand-name">海尔智家创客</span>`) {
		t.Fatalf("the saved name is not said at once: %.3000s", page)
	}
	h.siteLogoForm(admin, nil, imagetest.JPEG(imagetest.Quadrants(600, 200), 85)).must(t, 200)
	page = b.get("/admin/site").Body
	if !strings.Contains(page, `class="site-logo-preview"`) || !strings.Contains(page, `class="brand-logo"`) {
		t.Fatalf("no preview of the logo: %.3000s", page)
	}
	b.post("/admin/site", "/admin/site", url.Values{"name_zh": {"海尔智家创客"}, "remove_logo": {"1"}}).must(t, http.StatusSeeOther)
	if _, _, _, _, logo := siteNames(t, h); logo != "" {
		t.Fatalf("the logo was not removed: %s", logo)
	}
}

// A node keeps the name it read rather than reading it per page view:
// a change made past the service (as another node's would be) is not
// read at the next view, while this node's own change shows at once.
func TestSite51NameIsKeptNotReadPerView(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	ctx := context.Background()
	if h.svc.SiteName("zh") != "共创" {
		t.Fatal("the default")
	}
	if _, _, err := h.store.UpdateSite(ctx, 1, h.clock(), func(s *domain.Site) error { s.NameZH = "别的节点"; return nil }); err != nil {
		t.Fatal(err)
	}
	if got := h.svc.SiteName("zh"); got != "共创" {
		t.Fatalf("the name was read again at once (%q): a read per page view", got)
	}
	name := "海尔创客"
	if _, err := h.svc.SetSite(ctx, &domain.User{ID: 1, Roles: []domain.Role{domain.RoleAdmin}}, domain.SiteInput{NameZH: &name}, nil); err != nil {
		t.Fatal(err)
	}
	if got := h.svc.SiteName("zh"); got != "海尔创客" {
		t.Fatalf("this node's own change: %q", got)
	}
}

// Emails carry the brand's name, in each recipient's language: the
// subject's start and the signature.
func TestSite51EmailsCarryTheBrandsName(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	h.mailOut("zh") // the admin's
	h.api("PUT", "/api/v1/site", admin, map[string]string{"name_zh": "海尔创客", "name_en": "Haier Makers"}).must(t, 200)
	zh := h.browser()
	zh.post("/", "/lang", url.Values{"lang": {"zh"}, "next": {"/"}}).must(t, http.StatusSeeOther)
	zh.post("/signup", "/signup", url.Values{"email": {"wei@x.cn"}, "name": {"小伟"}, "password": {"fan-password"}}).must(t, http.StatusSeeOther)
	en := h.browser()
	en.post("/", "/lang", url.Values{"lang": {"en"}, "next": {"/"}}).must(t, http.StatusSeeOther)
	en.post("/signup", "/signup", url.Values{"email": {"ann@x.cn"}, "name": {"Ann"}, "password": {"fan-password"}}).must(t, http.StatusSeeOther)
	out := h.mailOut("zh")
	for to, want := range map[string][2]string{"wei@x.cn": {"海尔创客：", "-- \n海尔创客\n"}, "ann@x.cn": {"Haier Makers: ", "-- \nHaier Makers\n"}} {
		if len(out[to]) != 1 {
			t.Fatalf("%s got %d emails", to, len(out[to]))
		}
		m := out[to][0]
		if !strings.HasPrefix(m.Subject, want[0]) || !strings.Contains(m.Text, want[1]) || strings.Contains(m.Text, "共创") || strings.Contains(m.Text, "cocreate\n") {
			t.Errorf("%s's email does not carry the brand's name: %q\n%s", to, m.Subject, m.Text)
		}
	}
}

// On a 375 px phone in Chinese, the header with the longest Chinese name
// and a wide logo stays on the screen (nothing scrolls sideways), for a
// visitor and for the admin (whose header has more tools), and the
// admin's page shows the logo's preview and fits.
func TestSite51PhoneHeaderFits(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	h.api("PUT", "/api/v1/site", admin, map[string]string{"name_zh": strings.Repeat("海尔智家创客", 5)}).must(t, 200)
	h.siteLogoForm(admin, nil, imagetest.JPEG(imagetest.Quadrants(1200, 200), 85)).must(t, 200)

	ctx := newBrowser(t, 375, 667)
	jDo(t, ctx, emulation.SetDeviceMetricsOverride(375, 667, 1, true))
	check := func(who string) {
		t.Helper()
		var right, logoWidth, logoHeight float64
		jDo(t, ctx,
			chromedp.Evaluate(`Math.max(...[...document.querySelectorAll('.header-row > *, .header-row .header-tools > *')].map(e => e.getBoundingClientRect().right))`, &right),
			chromedp.Evaluate(`document.querySelector('.brand-logo').getBoundingClientRect().width`, &logoWidth),
			chromedp.Evaluate(`document.querySelector('.brand-logo').getBoundingClientRect().height`, &logoHeight),
		)
		if right > 375 {
			t.Errorf("%s: the header reaches %v px on a 375 px screen", who, right)
		}
		if logoHeight != 28 || logoWidth < 20 {
			t.Errorf("%s: the logo is %v×%v px", who, logoWidth, logoHeight)
		}
		jFits(t, ctx, who)
	}
	jVisit(t, ctx, h.srv.URL+"/")
	jLang(t, ctx, "zh")
	check("a visitor's home page")
	jSignIn(t, ctx, h, "admin@brand.cn", "admin-password", "zh")
	jVisit(t, ctx, h.srv.URL+"/admin/site")
	check("the admin's site page")
	jInView(t, ctx, "the logo's preview", ".site-logo-preview img")
	jWant(t, "the heading", jText(t, ctx, "h1"), jT("zh", "site51.title"))
	jDo(t, ctx, chromedp.ScrollIntoView("form.site-form button", chromedp.ByQuery))
	jInView(t, ctx, "the save button", "form.site-form button")
	jFits(t, ctx, "the admin's site page, at its save button")
}

// Two nodes of one PostgreSQL installation: the name and logo an admin
// sets on one are said by the other's pages within seconds, and the
// other serves the logo (from the database, its own disk never had it).
func TestSite51AnotherNodeSaysTheName(t *testing.T) {
	if !pgtest.Postgres() {
		t.Skip("several nodes share one database on PostgreSQL only")
	}
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	other := newNode(t, h)
	if got := brandName(t, other.browser().get("/").Body); got != "cocreate" {
		t.Fatalf("the other node says %q at first", got)
	}
	h.api("PUT", "/api/v1/site", admin, map[string]string{"name_en": "Haier Makers"}).must(t, 200)
	logo := str(h.siteLogoForm(admin, nil, imagetest.JPEG(imagetest.Quadrants(300, 100), 85)).must(t, 200).JSON["logo"].(map[string]any), "url")
	other.browser().get(logo).must(t, 200)
	deadline := time.Now().Add(10 * time.Second)
	for brandName(t, other.browser().get("/").Body) != "Haier Makers" {
		if time.Now().After(deadline) {
			t.Fatal("the other node still says the old name after 10 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// brandName is the name a page's header says.
func brandName(t *testing.T, body string) string {
	t.Helper()
	m := brandNameRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no name in the header: %.500s", body)
	}
	return html.UnescapeString(m[1])
}
