package web

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestFirstStartOffersSetupThenDemo(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	b := h.browser()
	r := b.get("/")
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/setup" {
		t.Fatalf("fresh start: %d → %q, want the setup page", r.Status, r.Header.Get("Location"))
	}
	r = b.get("/setup")
	if r.Status != 200 || !strings.Contains(r.Body, `name="demo"`) {
		t.Fatalf("setup page: %d %.300s", r.Status, r.Body)
	}
	// The demo box starts unchecked and says it makes sample accounts.
	if box := regexp.MustCompile(`<input[^>]*name="demo"[^>]*>`).FindString(r.Body); strings.Contains(box, "checked") {
		t.Errorf("the demo box starts checked: %s", box)
	}
	if !strings.Contains(r.Body, "sample accounts") {
		t.Errorf("the setup page does not say the demo creates sample accounts")
	}
	// A refused setup shows the form again, naming the problem.
	r = b.post("/setup", "/setup", url.Values{"email": {"boss@brand.cn"}, "name": {"Boss"}, "password": {"short"}, "setup_code": {h.setupCode()}})
	if r.Status != 400 || !strings.Contains(r.Body, "password") || !strings.Contains(r.Body, `value="boss@brand.cn"`) {
		t.Fatalf("short password: %d", r.Status)
	}
	r = b.post("/setup", "/setup", url.Values{"email": {"boss@brand.cn"}, "name": {"Boss"}, "password": {"boss-password"}, "demo": {"1"}, "setup_code": {h.setupCode()}})
	if r.Status != http.StatusOK {
		t.Fatalf("setup: %d %.500s", r.Status, r.Body)
	}
	// The page after setup shows each sample account's own random password,
	// once; nobody else knows them, and the old published one is gone.
	shown := regexp.MustCompile(`<td>([a-z]+@demo\.cocreate)</td>\s*<td>[^<]*</td>\s*<td><code>([a-z0-9-]{19})</code></td>`).FindAllStringSubmatch(r.Body, -1)
	if len(shown) != 15 {
		t.Fatalf("the page after setup shows %d demo accounts, want 15: %.3000s", len(shown), r.Body)
	}
	passwords := map[string]string{}
	for _, m := range shown {
		passwords[m[1]] = m[2]
	}
	if len(passwords) != 15 || passwords["engineer@demo.cocreate"] == passwords["judge@demo.cocreate"] {
		t.Errorf("demo accounts share passwords: %v", passwords)
	}
	if r.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("the passwords page may be cached: %q", r.Header.Get("Cache-Control"))
	}
	for _, email := range []string{"engineer@demo.cocreate", "judge@demo.cocreate", "lin@demo.cocreate"} {
		if r := h.api("POST", "/api/v1/tokens", "", map[string]string{"email": email, "password": "cocreate-demo"}); r.Status != http.StatusUnauthorized {
			t.Errorf("%s signs in with the old published password: %d", email, r.Status)
		}
		h.api("POST", "/api/v1/tokens", "", map[string]string{"email": email, "password": passwords[email]}).must(t, http.StatusCreated)
	}
	home := b.get("/").must(t, 200)
	for _, want := range []string{"海尔洗衣机创客挑战", "七格格 2027", "Boss", `href="/admin/users"`} {
		if !strings.Contains(home.Body, want) {
			t.Errorf("home after demo lacks %q", want)
		}
	}
	// The demo is living: ideas with votes and comments, images in the poll.
	ideas := h.api("GET", "/api/v1/challenges/1/ideas?sort=top", "", nil).must(t, 200).JSON["ideas"].([]any)
	if len(ideas) < 5 || num(ideas[0].(map[string]any), "votes") < 5 {
		t.Errorf("Haier demo ideas: %d, top votes %v", len(ideas), ideas[0].(map[string]any)["votes"])
	}
	poll := h.api("GET", "/api/v1/challenges/2/ideas", "", nil).must(t, 200).JSON["ideas"].([]any)
	first := poll[0].(map[string]any)
	images := first["images"].([]any)
	if len(images) != 1 {
		t.Fatalf("poll candidate has %d images", len(images))
	}
	img := b.get(images[0].(map[string]any)["url"].(string)).must(t, 200)
	if _, err := png.Decode(strings.NewReader(img.Body)); err != nil {
		t.Errorf("candidate image is not a PNG: %v", err)
	}
	if ch := h.api("GET", "/api/v1/challenges/2", "", nil).JSON; str(ch, "phase") != "voting" {
		t.Errorf("poll phase = %q, want voting", str(ch, "phase"))
	}
	// Setup is over: the page sends people home, the API says 409.
	if r := b.get("/setup"); r.Status != http.StatusSeeOther {
		t.Errorf("setup page after setup: %d", r.Status)
	}
	if v, err := h.store.Check(t.Context()); err != nil || len(v) > 0 {
		t.Fatalf("demo breaks invariants: %v %v", v, err)
	}
}

func TestSignUpSignInSignOut(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	b := h.browser()
	r := b.post("/signup", "/signup", url.Values{"email": {"li@fans.cn"}, "name": {"李娜"}, "password": {"li-password"}, "next": {"/challenges/1"}})
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/challenges/1" {
		t.Fatalf("sign up: %d → %q", r.Status, r.Header.Get("Location"))
	}
	if home := b.get("/").Body; !strings.Contains(home, "李娜") {
		t.Error("signed-up fan not shown as signed in")
	}
	b.post("/", "/signout", nil).must(t, http.StatusSeeOther)
	if home := b.get("/").Body; strings.Contains(home, "李娜") {
		t.Error("still signed in after signing out")
	}
	r = b.post("/signin", "/signin", url.Values{"email": {"li@fans.cn"}, "password": {"wrong-password"}})
	if _, page := refusedSignIn(t, b, r, "en"); !strings.Contains(page, "wrong") {
		t.Errorf("bad password: the sign-in page does not say so")
	}
	// An open redirect is not offered.
	r = b.post("/signin", "/signin", url.Values{"email": {"li@fans.cn"}, "password": {"li-password"}, "next": {"//evil.example"}})
	if r.Header.Get("Location") != "/" {
		t.Errorf("next=//evil.example redirected to %q", r.Header.Get("Location"))
	}
	// Pages that need an account send visitors to sign in.
	v := h.browser()
	if r := v.get("/settings"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/signin") {
		t.Errorf("visitor on /settings: %d → %q", r.Status, r.Header.Get("Location"))
	}
	// Fans may not reach admin pages.
	if r := b.get("/admin/users"); r.Status != 403 {
		t.Errorf("fan on /admin/users: %d", r.Status)
	}
}

func TestSessionsSurviveARestart(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	b := h.adminBrowser()
	h.stop()
	h.start()
	if home := b.get("/").Body; !strings.Contains(home, "管理员") {
		t.Error("the session did not survive a restart")
	}
}

func TestCSRF(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	b := h.adminBrowser()
	form := url.Values{"body": {"hello"}}
	post := func(token, secFetch string) int {
		f := url.Values{"body": {"hello"}, "_csrf": {token}}
		req, _ := http.NewRequest("POST", h.srv.URL+fmt.Sprintf("/ideas/%d/comments", h.idea(admin, cid, "x")), strings.NewReader(f.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if secFetch != "" {
			req.Header.Set("Sec-Fetch-Site", secFetch)
		}
		return h.do(b.client, req).Status
	}
	_ = form
	token := b.csrf("/")
	if got := post("", ""); got != 403 && got != 400 {
		t.Errorf("no token, old browser: %d, want refused", got)
	}
	if got := post("forged", ""); got != 403 {
		t.Errorf("forged token: %d, want 403", got)
	}
	if got := post(token, ""); got != http.StatusSeeOther {
		t.Errorf("page token: %d, want 303", got)
	}
	// Modern browsers say where a request comes from.
	if got := post("", "same-origin"); got != http.StatusSeeOther {
		t.Errorf("same-origin without token: %d, want 303", got)
	}
	if got := post(token, "cross-site"); got != 403 {
		t.Errorf("cross-site: %d, want 403", got)
	}
	// The API with the session cookie needs the token too.
	req, _ := http.NewRequest("PUT", h.srv.URL+"/api/v1/ideas/1/vote", nil)
	if r := h.do(b.client, req); r.Status != 403 {
		t.Errorf("cookie API call without token: %d", r.Status)
	}
	req, _ = http.NewRequest("PUT", h.srv.URL+"/api/v1/ideas/1/vote", nil)
	req.Header.Set("X-CSRF-Token", token)
	if r := h.do(b.client, req); r.Status != 200 {
		t.Errorf("cookie API call with token: %d %s", r.Status, r.Body)
	}
}

func TestUserTextIsNeverRunAsHTML(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	evil := `<script>alert("x")</script><img src=x onerror=alert(1)>`
	cid := num(h.api("POST", "/api/v1/challenges", admin, map[string]any{
		"title": "T" + evil, "brief": evil + "\n\n[click](javascript:alert(1))", "kind": "open_call",
		"submissions_open_at": h.clock().Add(-1), "voting_open_at": h.clock().Add(-1),
	}).must(t, 201).JSON, "id")
	h.api("POST", "/api/v1/users", "", map[string]string{"email": "e@x.cn", "name": "N" + evil, "password": "pass-word-9z"}).must(t, 201)
	fan := str(h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "e@x.cn", "password": "pass-word-9z"}).JSON, "token")
	id := num(h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/ideas", cid), fan, map[string]any{
		"title": "I" + evil, "summary": "S" + evil, "body": evil, "tags": []string{`<img src=x onerror=alert(1)>`},
	}).must(t, 201).JSON, "id")
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", id), fan, map[string]string{"body": evil}).must(t, 201)
	b := h.adminBrowser()
	for _, path := range []string{"/", fmt.Sprintf("/challenges/%d", cid), fmt.Sprintf("/ideas/%d", id), "/admin/users", fmt.Sprintf("/challenges/%d/edit", cid)} {
		body := b.get(path).must(t, 200).Body
		// Escaped text may still read "onerror=alert"; what must never
		// appear is a real tag or a javascript: link.
		for _, bad := range []string{"<script>alert", `<img src=x`, `href="javascript:`} {
			if strings.Contains(body, bad) {
				t.Errorf("%s contains %q unescaped", path, bad)
			}
		}
	}
}

func TestPagesSpeakBothLanguages(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	id := h.idea(admin, cid, "idea")
	v := h.browser()
	for _, path := range []string{"/", fmt.Sprintf("/challenges/%d", cid), fmt.Sprintf("/ideas/%d", id), "/signin", "/signup", "/nowhere"} {
		zh := v.get(path, "Accept-Language", "zh-CN,zh;q=0.9")
		en := v.get(path, "Accept-Language", "en-US")
		if !strings.Contains(zh.Body, `lang="zh-CN"`) || !strings.Contains(zh.Body, "登录") {
			t.Errorf("%s in Chinese: %d, no Chinese sign-in link", path, zh.Status)
		}
		if !strings.Contains(en.Body, `lang="en"`) || !strings.Contains(en.Body, "Sign in") {
			t.Errorf("%s in English: %d, no English sign-in link", path, en.Status)
		}
	}
	// The person's choice beats the browser's.
	v.post("/", "/lang", url.Values{"lang": {"zh"}, "next": {"/signin"}}).must(t, http.StatusSeeOther)
	if r := v.get("/signin", "Accept-Language", "en-US"); !strings.Contains(r.Body, "登录") {
		t.Error("the chosen language did not stick")
	}
	// Error pages too.
	if r := v.get("/ideas/999"); r.Status != 404 || !strings.Contains(r.Body, "页面不存在") {
		t.Errorf("404 page in Chinese: %d", r.Status)
	}
	// API errors follow the language as well.
	r := h.api("GET", "/api/v1/me", "", nil)
	if !strings.Contains(str(r.JSON, "error", "message"), "sign in") {
		t.Errorf("English API message: %s", r.Body)
	}
}

// multipartIdea builds an idea form with one file.
func multipartIdea(t *testing.T, token, title string, file []byte) (*bytes.Buffer, string) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	w.WriteField("_csrf", token)
	w.WriteField("title", title)
	w.WriteField("summary", "摘要")
	w.WriteField("tags", "结构，drum、卫生")
	if file != nil {
		fw, _ := w.CreateFormFile("images", "picture.png")
		fw.Write(file)
	}
	w.Close()
	return &buf, w.FormDataContentType()
}

func TestSubmitIdeaWithImagesFromTheForm(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	h.fan("fan@x.cn")
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	submit := func(title string, file []byte) res {
		token := b.csrf(fmt.Sprintf("/challenges/%d/submit", cid))
		body, ctype := multipartIdea(t, token, title, file)
		req, _ := http.NewRequest("POST", h.srv.URL+fmt.Sprintf("/challenges/%d/ideas", cid), body)
		req.Header.Set("Content-Type", ctype)
		return h.do(b.client, req)
	}
	// Not an image: refused, named, nothing stored.
	r := submit("with a fake image", []byte("<svg onload=alert(1)></svg>"))
	if r.Status != 400 || !strings.Contains(r.Body, `id="images-error"`) || !strings.Contains(r.Body, "with a fake image") {
		t.Fatalf("fake image: %d", r.Status)
	}
	if n := h.ideaCount(); n != 0 {
		t.Fatalf("a refused idea was stored (%d ideas)", n)
	}
	var pic bytes.Buffer
	png.Encode(&pic, image.NewRGBA(image.Rect(0, 0, 64, 48)))
	r = submit("带图片的创意", pic.Bytes())
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/ideas/") {
		t.Fatalf("submit: %d %.300s", r.Status, r.Body)
	}
	page := b.get(r.Header.Get("Location")).must(t, 200).Body
	for _, want := range []string{"带图片的创意", "/uploads/", "#结构", "#drum", "#卫生"} {
		if !strings.Contains(page, want) {
			t.Errorf("idea page lacks %q", want)
		}
	}
}

func TestVotingWithoutJavaScript(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	id := h.idea(admin, cid, "vote for me")
	h.fan("fan@x.cn")
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	page := fmt.Sprintf("/challenges/%d", cid)
	r := b.post(page, fmt.Sprintf("/ideas/%d/vote", id), url.Values{"vote": {"1"}, "next": {page}})
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != page {
		t.Fatalf("vote form: %d → %q", r.Status, r.Header.Get("Location"))
	}
	body := b.get(page).Body
	if !strings.Contains(body, `class="vote voted"`) || !strings.Contains(body, `<span class="vote-count">1</span>`) {
		t.Error("the list does not show the fan's vote")
	}
	b.post(page, fmt.Sprintf("/ideas/%d/vote", id), url.Values{"vote": {"0"}, "next": {page}}).must(t, http.StatusSeeOther)
	if body := b.get(page).Body; !strings.Contains(body, `<span class="vote-count">0</span>`) {
		t.Error("undo did not take")
	}
}

func TestAdminCreatesAndMovesAChallengeFromPages(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	b := h.adminBrowser()
	form := url.Values{"title": {"冰箱保鲜挑战"}, "kind": {"open_call"}, "brief": {"**keep food fresh**"},
		"submissions_open_at": {"2026-11-25T09:00"}, "submissions_close_at": {"2026-12-20T09:00"},
		"voting_open_at": {""}, "voting_close_at": {""}, "ideas_per_fan": {"2"}, "vote_budget": {"0"}, "shortlist_size": {"5"}, "winners": {"2"}}
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("winners", "9")
	if r := b.post("/challenges/new", "/challenges", bad); r.Status != 400 || !strings.Contains(r.Body, "冰箱保鲜挑战") {
		t.Errorf("winners > shortlist: %d", r.Status)
	}
	r := b.post("/challenges/new", "/challenges", form)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("create: %d %.400s", r.Status, r.Body)
	}
	loc := r.Header.Get("Location")
	page := b.get(loc).must(t, 200).Body
	if !strings.Contains(page, "<strong>keep food fresh</strong>") || !strings.Contains(page, "phase-draft") {
		t.Errorf("new challenge page: no brief or not a draft")
	}
	// Visitors cannot see a draft.
	if r := h.browser().get(loc); r.Status != 404 {
		t.Errorf("visitor sees a draft: %d", r.Status)
	}
	id := strings.TrimPrefix(strings.SplitN(loc, "-", 2)[0], "/challenges/")
	b.post(loc, "/challenges/"+id+"/phase", url.Values{"move": {"open_submissions"}}).must(t, http.StatusSeeOther)
	if page := b.get(loc).Body; !strings.Contains(page, "phase-submissions") {
		t.Error("opening submissions by hand did not change the phase")
	}
	h.advance(time.Minute)
	b.post(loc, "/challenges/"+id+"/phase", url.Values{"move": {"open_voting"}}).must(t, http.StatusSeeOther)
	h.advance(time.Minute)
	b.post(loc, "/challenges/"+id+"/phase", url.Values{"move": {"close_submissions"}}).must(t, http.StatusSeeOther)
	if ch := h.api("GET", "/api/v1/challenges/"+id, "", nil).JSON; str(ch, "phase") != "voting" {
		t.Errorf("after closing submissions with voting open: phase %q", str(ch, "phase"))
	}
}

func TestAdminGrantsRolesFromThePage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	fan := h.fan("eng@x.cn")
	b := h.adminBrowser()
	uid := num(h.api("GET", "/api/v1/me", fan, nil).JSON, "id")
	h.confirm(int64(uid))
	b.post("/admin/users", fmt.Sprintf("/admin/users/%d/roles", uid), url.Values{"roles": {"engineer", "judge"}}).must(t, http.StatusSeeOther)
	if roles := fmt.Sprint(h.api("GET", "/api/v1/me", fan, nil).JSON["roles"]); roles != "[fan judge engineer]" {
		t.Errorf("roles after the page: %s", roles)
	}
}

func TestTokensFromSettings(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	h.fan("fan@x.cn")
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	r := b.post("/settings", "/settings/tokens", url.Values{"name": {"my script"}, "current_password": {"fan-password"}}).must(t, 200)
	m := regexpToken.FindString(r.Body)
	if m == "" {
		t.Fatal("no token shown")
	}
	h.api("GET", "/api/v1/me", m, nil).must(t, 200)
}

func TestStaticAssetsAreChecksummedAndCached(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	page := h.browser().get("/signin").Body
	m := regexpCSS.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no checksummed stylesheet link")
	}
	r := h.browser().get(m[0]).must(t, 200)
	if !strings.Contains(r.Header.Get("Cache-Control"), "immutable") || !strings.Contains(r.Header.Get("Content-Type"), "text/css") {
		t.Errorf("css headers: %v", r.Header)
	}
	if r := h.browser().get("/static/app.css"); r.Status != 404 {
		t.Errorf("unhashed asset answered %d", r.Status)
	}
	for _, hdr := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"} {
		if h.browser().get("/signin").Header.Get(hdr) == "" {
			t.Errorf("missing security header %s", hdr)
		}
	}
	if r := h.browser().get("/uploads/..%2f..%2fcocreate.db"); r.Status != 404 {
		t.Errorf("path traversal in uploads: %d", r.Status)
	}
	h.browser().get("/healthz").must(t, 200)
}
