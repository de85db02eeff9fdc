package web

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/images"
	"cocreate/app/images/imagetest"
)

// postIdea sends the idea form with files, as a browser or a bearer token.
func postIdea(client *http.Client, base, token, csrf string, challenge int, title string, files ...[]byte) (int, string, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fields := map[string]string{"title": title, "summary": "s", "body": "b"}
	if csrf != "" {
		fields["_csrf"] = csrf
	}
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for i, f := range files {
		fw, _ := mw.CreateFormFile("images", fmt.Sprintf("IMG_%04d.jpg", i))
		fw.Write(f)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", base+"/challenges/"+strconv.Itoa(challenge)+"/ideas", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw), nil
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// Five parallel requests, each with five images that take seconds to
// decode, to a closed, a draft and a missing challenge, and from a fan who
// already has as many ideas as a challenge allows, are all refused at once:
// the rules are checked before any image is read.
func TestImageUploadsCheckRulesFirst(t *testing.T) {
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@example.com")
	now := h.clock()
	closed := h.openChallenge(admin, map[string]any{
		"submissions_open_at": now.Add(-48 * time.Hour), "submissions_close_at": now.Add(-time.Hour),
		"voting_open_at": now.Add(-time.Hour), "voting_close_at": now.Add(72 * time.Hour)})
	draft := h.openChallenge(admin, map[string]any{
		"submissions_open_at": now.Add(24 * time.Hour), "submissions_close_at": now.Add(48 * time.Hour),
		"voting_open_at": now.Add(48 * time.Hour), "voting_close_at": now.Add(72 * time.Hour)})
	full := h.openChallenge(admin, map[string]any{"ideas_per_fan": 1})
	h.idea(fan, full, "The one idea allowed")
	// 5000×5000 at 16 bits: a few hundred KB that decode to 200 MB each,
	// within the decoding budget, so only the order of checks saves us.
	heavy := imagetest.PNG(5000, 5000, true)
	t.Logf("each image: %d KB", len(heavy)>>10)
	for _, tc := range []struct {
		name      string
		challenge int
		status    int
	}{{"closed", closed, 409}, {"draft", draft, 404}, {"missing", 9999, 404}, {"limit reached", full, 409}} {
		var wg sync.WaitGroup
		start := time.Now()
		for i := 0; i < 5; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				status, body, err := postIdea(noRedirect, h.srv.URL, fan, "", tc.challenge, "Attack", heavy, heavy, heavy, heavy, heavy)
				if err != nil || status != tc.status {
					t.Errorf("%s: status %d, want %d: %v %.200s", tc.name, status, tc.status, err, body)
				}
			}()
		}
		wg.Wait()
		t.Logf("%s: five requests answered in %v", tc.name, time.Since(start))
		if d := time.Since(start); d > time.Second {
			t.Errorf("%s: five requests took %v, want under a second", tc.name, d)
		}
	}
	if n := h.ideaCount(); n != 1 {
		t.Errorf("%d ideas stored, want only the fan's first", n)
	}
	if left, _ := os.ReadDir(h.dir + "/uploads"); len(left) != 0 {
		t.Errorf("%d files stored", len(left))
	}
}

// Phone photos sent with the idea form are stored upright and served,
// with their smaller copies: each EXIF orientation, a 50 MP photo, a
// progressive JPEG and a PNG with transparency.
func TestIdeaFormPhonePhotos(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	h.fan("fan@example.com")
	cid := h.openChallenge(admin, map[string]any{"ideas_per_fan": 0})
	b := h.browser()
	b.signIn("fan@example.com", "fan-password")
	csrf := b.csrf(fmt.Sprintf("/challenges/%d/submit", cid))
	submit := func(files ...[]byte) []any {
		t.Helper()
		status, body, err := postIdea(b.client, h.srv.URL, "", csrf, cid, "Photos", files...)
		if err != nil || status != http.StatusSeeOther {
			t.Fatalf("status %d: %v %.300s", status, err, body)
		}
		list := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/ideas?sort=new&limit=1", cid), "", nil).must(t, 200).JSON["ideas"].([]any)
		return list[0].(map[string]any)["images"].([]any)
	}
	served := func(url string) image.Image {
		t.Helper()
		r := b.get(url).must(t, 200)
		img, _, err := image.Decode(strings.NewReader(r.Body))
		if err != nil {
			t.Fatalf("%s: %v", url, err)
		}
		return img
	}
	near := func(c color.Color, want color.RGBA) bool {
		r, g, bl, _ := c.RGBA()
		d := func(x uint32, y uint8) int { v := int(x>>8) - int(y); return v * v }
		return d(r, want.R)+d(g, want.G)+d(bl, want.B) < 3*40*40
	}
	// A phone held upright (6), upside down (3), turned left (8), and
	// mirrored selfies (2, 5, 7, 4): the viewer's top-left colour.
	raw := imagetest.JPEG(imagetest.Quadrants(1000, 750), 85)
	R, G, B, Y := imagetest.Red, imagetest.Green, imagetest.Blue, imagetest.Yellow
	topLeft := []color.RGBA{1: R, 2: G, 3: Y, 4: B, 5: R, 6: B, 7: Y, 8: G}
	var files [][]byte
	for o := 1; o <= 8; o++ {
		files = append(files, imagetest.WithOrientation(raw, o))
	}
	got := append(submit(files[:5]...), submit(files[5:]...)...)
	for i, v := range got {
		o := i + 1
		m := v.(map[string]any)
		w, hh := num(m, "width"), num(m, "height")
		if o >= 5 && (w != 750 || hh != 1000) || o < 5 && (w != 1000 || hh != 750) {
			t.Errorf("orientation %d: stored %d×%d", o, w, hh)
		}
		url := m["url"].(string)
		for _, u := range []string{url, strings.Replace(url, ".jpg", "-400.jpg", 1)} {
			img := served(u)
			if c := img.At(5, 5); !near(c, topLeft[o]) {
				t.Errorf("orientation %d: %s top-left %v, want %v", o, u, c, topLeft[o])
			}
		}
	}
	// A progressive JPEG.
	prog, err := os.ReadFile("../images/testdata/progressive.jpg")
	if err != nil {
		t.Fatal(err)
	}
	m := submit(prog)[0].(map[string]any)
	if num(m, "width") != 1200 || num(m, "height") != 900 || !near(served(m["url"].(string)).At(5, 5), R) {
		t.Errorf("progressive: %v", m)
	}
	// A PNG with transparency stays a PNG with transparency.
	src := image.NewNRGBA(image.Rect(0, 0, 900, 600))
	for y := 0; y < 600; y++ {
		for x := 450; x < 900; x++ {
			src.Set(x, y, color.NRGBA{0, 100, 200, 255})
		}
	}
	var pb bytes.Buffer
	png.Encode(&pb, src)
	m = submit(pb.Bytes())[0].(map[string]any)
	url := m["url"].(string)
	if !strings.HasSuffix(url, ".png") {
		t.Fatalf("PNG stored as %s", url)
	}
	for _, u := range []string{url, strings.Replace(url, ".png", "-800.png", 1)} {
		img := served(u)
		w := img.Bounds().Dx()
		if _, _, _, a := img.At(w/4, 5).RGBA(); a != 0 {
			t.Errorf("%s: transparent half has alpha %d", u, a)
		}
	}
	// A 50 MP photo (8160×6144) held upright.
	if !testing.Short() {
		big := imagetest.WithOrientation(imagetest.JPEG(imagetest.Quadrants(8160, 6144), 75), 6)
		m = submit(big)[0].(map[string]any)
		if num(m, "width") != 1204 || num(m, "height") != 1600 || !near(served(m["url"].(string)).At(5, 5), B) {
			t.Errorf("50 MP: %v", m)
		}
	}
	// More than 52 MP is refused by name, in the form.
	status, body, _ := postIdea(b.client, h.srv.URL, "", csrf, cid, "Too big", imagetest.PNG(9000, 6000, false))
	if status != 400 || !strings.Contains(body, "52") {
		t.Errorf("54 MP: status %d, body names no limit: %.2000s", status, body)
	}
}

// The resident memory of a server under the image attack of issue 11 (five
// parallel requests, each with five images) stays under DESIGN §7's
// 500 MiB, to a closed challenge and to an open one, and also when the five
// images are 50 MP photos, which are accepted. The server runs in a child
// process, whose peak resident size (VmHWM) the kernel keeps. The 16-bit
// PNGs (320 MB each once decoded) are refused before decoding, as more
// than the decoding budget; the photos wait for their turn.
func TestImageUploadMemory(t *testing.T) {
	if os.Getenv("COCREATE_MEMORY_CHILD") == "1" {
		return
	}
	if testing.Short() {
		t.Skip("several minutes of decoding")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestImageUploadMemoryServer$", "-test.v")
	cmd.Env = append(os.Environ(), "COCREATE_MEMORY_CHILD=1")
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); cmd.Wait() }()
	var info struct {
		URL          string
		Tokens       []string // five fans: one account's photos are read one post at a time
		Open, Closed int
	}
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if line, ok := strings.CutPrefix(sc.Text(), "CHILD "); ok {
			if err := json.Unmarshal([]byte(line), &info); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	go io.Copy(io.Discard, stdout)
	if info.URL == "" {
		t.Fatal("the child server did not start")
	}
	peak := func() int {
		raw, _ := os.ReadFile(fmt.Sprintf("/proc/%d/status", cmd.Process.Pid))
		for _, l := range strings.Split(string(raw), "\n") {
			if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
				kb, _ := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
				return kb >> 10
			}
		}
		t.Fatal("no VmHWM")
		return 0
	}
	attack := imagetest.PNG(6324, 6324, true)
	photo := imagetest.WithOrientation(imagetest.JPEG(imagetest.Quadrants(8160, 6144), 90), 6)
	t.Logf("16-bit 6324×6324 PNG: %d KB; 50 MP JPEG: %d KB; server at rest: %d MiB", len(attack)>>10, len(photo)>>10, peak())
	send := func(name string, challenge int, want int, imgs ...[]byte) {
		var wg sync.WaitGroup
		start := time.Now()
		for i := 0; i < 5; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				status, body, err := postIdea(noRedirect, info.URL, info.Tokens[i], "", challenge, "Attack", imgs...)
				if err != nil || status != want {
					t.Errorf("%s: status %d, want %d: %v %.200s", name, status, want, err, body)
				}
			}()
		}
		wg.Wait()
		t.Logf("%s: %v, peak resident memory %d MiB", name, time.Since(start), peak())
		if p := peak(); p >= 500 {
			t.Errorf("%s: peak resident memory %d MiB, over 500", name, p)
		}
	}
	send("5×5 16-bit PNGs to a closed challenge", info.Closed, 409, attack, attack, attack, attack, attack)
	send("5×5 16-bit PNGs to an open challenge", info.Open, 400, attack, attack, attack, attack, attack)
	// Five photos at once (25 take minutes on a loaded machine; the peak
	// is the same, as at most two are decoded at a time: BENCHMARKS.md).
	send("5×1 50 MP photos to an open challenge", info.Open, 303, photo)
}

// TestImageUploadMemoryServer is the child of TestImageUploadMemory: a
// server that runs until its standard input closes.
func TestImageUploadMemoryServer(t *testing.T) {
	if os.Getenv("COCREATE_MEMORY_CHILD") != "1" {
		t.Skip("run by TestImageUploadMemory")
	}
	h := newHarness(t)
	admin := h.setup()
	var fans []string
	for i := range 5 {
		fans = append(fans, h.fan(fmt.Sprintf("fan%d@example.com", i)))
	}
	now := h.clock()
	open := h.openChallenge(admin, nil)
	closed := h.openChallenge(admin, map[string]any{
		"submissions_open_at": now.Add(-48 * time.Hour), "submissions_close_at": now.Add(-time.Hour),
		"voting_open_at": now.Add(-time.Hour), "voting_close_at": now.Add(72 * time.Hour)})
	line, _ := json.Marshal(map[string]any{"URL": h.srv.URL, "Tokens": fans, "Open": open, "Closed": closed})
	fmt.Printf("CHILD %s\n", line)
	io.Copy(io.Discard, os.Stdin)
}

// An image stored before smaller copies existed is served in their place.
func TestOldUploadServedForItsCopies(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	old := imagetest.JPEG(imagetest.Quadrants(1600, 1200), 80)
	name := strings.Repeat("ab", 16) + ".jpg"
	os.MkdirAll(h.dir+"/uploads", 0o755)
	if err := os.WriteFile(h.dir+"/uploads/"+name, old, 0o644); err != nil {
		t.Fatal(err)
	}
	ownUpload(h, name)
	b := h.browser()
	for _, n := range []string{name, strings.Repeat("ab", 16) + "-400.jpg", strings.Repeat("ab", 16) + "-800.jpg"} {
		if r := b.get("/uploads/"+n).must(t, 200); r.Body != string(old) {
			t.Errorf("%s: served %d bytes, want the old image's %d", n, len(r.Body), len(old))
		}
	}
	b.get("/uploads/"+strings.Repeat("cd", 16)+"-400.jpg").must(t, 404)
	b.get("/uploads/"+strings.Repeat("ab", 16)+"-401.jpg").must(t, 404)
}

// ownUpload makes a file written straight into the uploads a photo of a
// new idea, so that it is served (Service.Upload).
func ownUpload(h *harness, name string) {
	h.t.Helper()
	admin := h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "admin@brand.cn", "password": "admin-password"})
	tok := str(admin.JSON, "token")
	if tok == "" {
		tok = h.setup()
	}
	idea := h.idea(tok, h.openChallenge(tok, nil), "A photo of old")
	if _, err := h.rawDB().Exec(`INSERT INTO idea_images (idea_id, file, width, height, position) VALUES (?, ?, 1600, 1200, 0)`, idea, name); err != nil {
		h.t.Fatal(err)
	}
}

// A photo goes with its idea: a visitor gets it while the idea is seen,
// with an hour in shared caches; once a moderator hides the idea, only its
// author and the moderators get it (kept in their own browser only), every
// copy's name included. A file that belongs to no idea or challenge is not
// served, nor a draft challenge's cover to anyone but admins.
func TestAHiddenIdeasPhotosArePulled(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	maker, other := h.fan("maker@fans.cn"), h.fan("other@fans.cn")
	cid := h.openChallenge(admin, nil)
	status, body, err := postIdea(noRedirect, h.srv.URL, maker, "", cid, "带照片的创意 A photo", imagetest.JPEG(imagetest.Quadrants(2000, 1500), 80))
	if err != nil || status != 303 {
		t.Fatalf("status %d %v %.300s", status, err, body)
	}
	ideas := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/ideas", cid), "", nil).must(t, 200).JSON["ideas"].([]any)
	idea := ideas[0].(map[string]any)
	url := idea["images"].([]any)[0].(map[string]any)["url"].(string)
	copy400 := strings.Replace(url, ".", "-400.", 1)
	get := func(path, token string) res {
		req, _ := http.NewRequest("GET", h.srv.URL+path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		return h.do(http.DefaultClient, req)
	}
	for _, p := range []string{url, copy400} {
		r := get(p, "").must(t, 200)
		if r.Header.Get("Cache-Control") != "public, max-age=3600" {
			t.Errorf("a seen idea's photo %s: Cache-Control %q", p, r.Header.Get("Cache-Control"))
		}
		// Asked again after the hour, it comes as a 304 without the image.
		req, _ := http.NewRequest("GET", h.srv.URL+p, nil)
		req.Header.Set("If-None-Match", r.Header.Get("ETag"))
		if again := h.do(http.DefaultClient, req); again.Status != 304 || again.Body != "" || r.Header.Get("ETag") == "" {
			t.Errorf("%s asked again with its ETag %q: %d, %d bytes", p, r.Header.Get("ETag"), again.Status, len(again.Body))
		}
		// An app's ended token reads it as a visitor would.
		get(p, "cct_endedtokenendedtokenendedtokenendedtoken0").must(t, 200)
	}
	h.api("POST", fmt.Sprintf("/api/v1/moderation/idea/%d", num(idea, "id")), admin, map[string]string{"action": "hide", "reason": "不当图片 offending photo"}).must(t, 200)
	for _, p := range []string{url, copy400} {
		get(p, "").must(t, 404)
		get(p, "cct_endedtokenendedtokenendedtokenendedtoken0").must(t, 404)
		get(p, other).must(t, 404)
		for _, who := range []string{maker, admin} {
			if r := get(p, who).must(t, 200); r.Header.Get("Cache-Control") != "private, max-age=3600" {
				t.Errorf("a hidden idea's photo %s to its author or a moderator: Cache-Control %q", p, r.Header.Get("Cache-Control"))
			}
		}
	}

	orphan := strings.Repeat("ef", 16) + ".jpg"
	os.MkdirAll(h.dir+"/uploads", 0o755)
	if err := os.WriteFile(h.dir+"/uploads/"+orphan, imagetest.JPEG(imagetest.Quadrants(64, 48), 80), 0o644); err != nil {
		t.Fatal(err)
	}
	get("/uploads/"+orphan, admin).must(t, 404)
	now := h.clock()
	draft := num(h.api("POST", "/api/v1/challenges", admin, map[string]any{
		"title": "草稿 draft", "brief": "b", "kind": "open_call",
		"submissions_open_at": now.Add(24 * time.Hour), "submissions_close_at": now.Add(48 * time.Hour),
		"voting_open_at": now.Add(24 * time.Hour), "voting_close_at": now.Add(72 * time.Hour),
	}).must(t, 201).JSON, "id")
	if _, err := h.rawDB().Exec(`UPDATE challenges SET cover = ? WHERE id = ?`, orphan, draft); err != nil {
		t.Fatal(err)
	}
	get("/uploads/"+orphan, "").must(t, 404)
	if r := get("/uploads/"+orphan, admin).must(t, 200); r.Header.Get("Cache-Control") != "private, max-age=3600" {
		t.Errorf("a draft's cover to an admin: Cache-Control %q", r.Header.Get("Cache-Control"))
	}
}

// HEAD answers on every GET route of the table, and on uploads, static
// files, health and metrics: the status and headers of GET, no body.
func TestHeadOnEveryGetRoute(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	h.idea(admin, cid, "An idea")
	name := strings.Repeat("ab", 16) + ".jpg"
	os.MkdirAll(h.dir+"/uploads", 0o755)
	os.WriteFile(h.dir+"/uploads/"+name, imagetest.JPEG(imagetest.Quadrants(64, 48), 80), 0o644)
	ownUpload(h, name)
	css := regexpCSS.FindString(h.browser().get("/").Body)
	if css == "" {
		t.Fatal("no stylesheet on the home page")
	}
	paths := []string{"/healthz", "/metrics", css, "/uploads/" + name, "/uploads/" + strings.Repeat("ab", 16) + "-400.jpg"}
	fill := strings.NewReplacer(":user_id", "1", ":feedback_id", "1", ":id", "1", ":name", name)
	n := 0
	for _, r := range (&Server{}).Routes() {
		if r.Method == http.MethodGet {
			paths = append(paths, fill.Replace(r.Path))
			n++
		}
	}
	if n < 30 {
		t.Fatalf("only %d GET routes in the table", n)
	}
	send := func(method, path string) (*http.Response, []byte) {
		req, _ := http.NewRequest(method, h.srv.URL+path, nil)
		req.Header.Set("Authorization", "Bearer "+admin)
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, body
	}
	for _, p := range paths {
		get, _ := send("GET", p)
		head, body := send("HEAD", p)
		if head.StatusCode == http.StatusMethodNotAllowed || head.StatusCode != get.StatusCode {
			t.Errorf("HEAD %s: %d, GET: %d", p, head.StatusCode, get.StatusCode)
		}
		if len(body) != 0 {
			t.Errorf("HEAD %s sent a body of %d bytes", p, len(body))
		}
		if ct := get.Header.Get("Content-Type"); head.Header.Get("Content-Type") != ct {
			t.Errorf("HEAD %s: Content-Type %q, GET's %q", p, head.Header.Get("Content-Type"), ct)
		}
	}
}

// Lists and cards offer the smaller copies with srcset and sizes; the
// idea page offers them all, up to the 1600 px image; every candidate is
// served at the width its descriptor says.
func TestPagesOfferSmallerCopies(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@example.com")
	cid := h.openChallenge(admin, nil)
	photo := imagetest.JPEG(imagetest.Quadrants(2000, 1500), 80)
	status, body, err := postIdea(noRedirect, h.srv.URL, fan, "", cid, "A photo", photo)
	if err != nil || status != 303 {
		t.Fatalf("status %d %v %.300s", status, err, body)
	}
	b := h.browser()
	srcsetRE := regexp.MustCompile(`srcset="([^"]*)" sizes="([^"]*)"`)
	page := b.get(fmt.Sprintf("/challenges/%d", cid)).must(t, 200).Body
	m := srcsetRE.FindStringSubmatch(page)
	if m == nil || !strings.Contains(m[2], "10rem") {
		t.Fatalf("the card's image has no srcset and sizes: %v", m)
	}
	var ideaURL string
	if mm := regexp.MustCompile(`href="(/ideas/[^"/]+)"`).FindStringSubmatch(page); mm != nil {
		ideaURL = mm[1]
	}
	check := func(set string) {
		t.Helper()
		parts := strings.Split(set, ", ")
		if len(parts) != 3 {
			t.Fatalf("srcset %q: want 400w, 800w and 1600w", set)
		}
		for i, want := range []int{400, 800, 1600} {
			url, desc, _ := strings.Cut(parts[i], " ")
			if desc != strconv.Itoa(want)+"w" {
				t.Errorf("candidate %q, want %dw", parts[i], want)
			}
			img, _, err := image.DecodeConfig(strings.NewReader(b.get(url).must(t, 200).Body))
			if err != nil || img.Width != want {
				t.Errorf("%s is %d px wide, its descriptor says %d: %v", url, img.Width, want, err)
			}
		}
	}
	check(m[1])
	m = srcsetRE.FindStringSubmatch(b.get(ideaURL).must(t, 200).Body)
	if m == nil {
		t.Fatalf("the idea page %s image has no srcset: %.3000s", ideaURL, b.get(ideaURL).Body)
	}
	check(m[1])
}

// The image forms' body limits hold as many images of the largest size as
// the forms take, with room for the text.
func TestBodyLimitsFitTheImages(t *testing.T) {
	t.Parallel()
	want := map[string]int64{
		"POST /challenges/:id/ideas": domain.MaxIdeaImages * images.MaxBytes,
		"POST /challenges":           images.MaxBytes,
		"POST /challenges/:id":       images.MaxBytes,
	}
	for _, r := range (&Server{}).Routes() {
		need, ok := want[r.Method+" "+r.Path]
		if !ok {
			continue
		}
		delete(want, r.Method+" "+r.Path)
		n, err := strconv.ParseInt(strings.TrimSuffix(r.bodyLimit, "M"), 10, 64)
		// echo's "M" is 10^6 bytes; MaxBytes counts in 2^20.
		if err != nil || n*1_000_000 < need+1<<20 {
			t.Errorf("%s %s: body limit %q, images need %d MB and the text 1 MB", r.Method, r.Path, r.bodyLimit, need>>20)
		}
	}
	if len(want) != 0 {
		t.Errorf("routes not found: %v", want)
	}
}
