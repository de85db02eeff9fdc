package web

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"cocreate/app/pgtest"
)

// The garbage sweep: every write route gets bodies that are never a valid
// request (random bytes, truncated JSON, wrong types, huge numbers, deep
// nesting, invalid UTF-8, empty, broken multipart, forms without their
// required fields), as an admin, as a fan and, on judges' routes, as a
// judge. DESIGN.md §6 asks for two things, checked here: a clear refusal
// (never a 5xx), and nothing half-written (the database and the uploads
// directory are exactly as before).

// gbActsWithoutInput lists the write routes that read nothing, or nothing
// required, from the body: any body, garbage included, is a valid request
// for them, so they may change data. They are still swept for 5xx.
var gbActsWithoutInput = map[string]string{
	"POST /api/v1/me/notifications/read":                           "takes no body",
	"POST /api/v1/me/notifications/:id/read":                       "takes no body",
	"PUT /api/v1/ideas/:id/vote":                                   "takes no body",
	"DELETE /api/v1/ideas/:id/vote":                                "takes no body",
	"DELETE /api/v1/comments/:id":                                  "takes no body",
	"POST /api/v1/ideas/:id/pick":                                  "takes no body",
	"POST /api/v1/challenges/:id/results/publish":                  "takes no body",
	"POST /api/v1/challenges/:id/integrity/scan":                   "takes no body",
	"PUT /api/v1/challenges/:id/assignments/:judge_id/:idea_id":    "takes no body",
	"DELETE /api/v1/challenges/:id/assignments/:judge_id/:idea_id": "takes no body",
	"POST /signout":                               "takes no fields",
	"POST /comments/:id/delete":                   "takes no fields",
	"POST /notifications/read":                    "takes no fields",
	"POST /notifications/:id/open":                "takes no fields",
	"POST /challenges/:id/publish":                "takes no fields",
	"POST /ideas/:id/pick":                        "takes no fields",
	"POST /ideas/:id/vote":                        "a missing vote field casts the vote",
	"POST /ideas/:id/follow":                      "a missing follow field follows",
	"PUT /api/v1/ideas/:id/follow":                "takes no body",
	"DELETE /api/v1/ideas/:id/follow":             "takes no body",
	"POST /ideas/:id/project":                     "a missing owner makes the actor the owner",
	"POST /projects/:id/milestones/:mid":          "a missing done field marks the milestone done",
	"POST /projects/:id/testers/:uid":             "a missing accepted field accepts the tester",
	"POST /projects/:id/feedback/:fid":            "addressed and reply are optional",
	"POST /projects/:id/credits":                  "an empty list clears the credits",
	"POST /projects/:id/milestones/:mid/delete":   "takes no fields",
	"DELETE /api/v1/projects/:id/milestones/:mid": "takes no body",
	"POST /admin/users/:id/roles":                 "an empty list revokes the granted roles",
	"POST /settings/tokens":                       "the token's name is optional",
	"POST /settings/tokens/:id/revoke":            "takes no fields",
	"DELETE /api/v1/me/tokens/:id":                "takes no body",
	"DELETE /api/v1/tokens/current":               "takes no body",
	"POST /settings/email":                        "a missing box turns the emails off",
	"POST /settings/sessions/end":                 "takes no fields",
	"DELETE /api/v1/me/sessions":                  "takes no body",
	"POST /unsubscribe":                           "the signed link in the address is the request",
	"POST /settings/verification":                 "takes no fields",
	"POST /api/v1/me/verification":                "takes no body",
	"POST /moderation/:type/:id/review":           "the note is optional",

	// Vote integrity.
	"POST /challenges/:id/integrity/scan": "takes no fields",

	// "I'd buy it" (#16).
	"DELETE /api/v1/ideas/:id/intent":   "takes no body",
	"POST /api/v1/ideas/:id/production": "takes no body",
	"POST /ideas/:id/production":        "takes no fields",
}

// gbRefusedBackTo are the page forms whose refusal returns to the form
// (Post/Redirect/Get, the reason kept in the session): a 303 to the path
// given (or, given as "#part", to any page's form there) is a refusal,
// not an acceptance.
var gbRefusedBackTo = map[string]string{
	"POST /signin":          "/signin",
	"POST /ideas/:id/merge": "#merge",
}

// gbFileFields are the page forms that take files: they also get a complete
// form whose only fault is a file that is not an image.
var gbFileFields = map[string]string{
	"POST /challenges":           "cover",
	"POST /challenges/:id":       "cover",
	"POST /challenges/:id/ideas": "images",
}

// gbKnownBugs are cases left out of the sweep because they fail today; each
// names the skipped test that shows the bug. Remove the entry with the fix.
var gbKnownBugs = map[string]string{}

type gbCase struct {
	name  string
	ctype string
	body  []byte
}

// gbRandom is n random bytes that are not valid JSON, so that no random
// body can be taken for a valid request.
func gbRandom(rng *rand.Rand, n int) []byte {
	for {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Intn(256))
		}
		if !json.Valid(b) {
			return b
		}
	}
}

func gbPrintable(rng *rand.Rand, n int) []byte {
	const alphabet = `abcdefghijklmnopqrstuvwxyz0123456789{}[]":,.-+eE \` + "\n\t"
	for {
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[rng.Intn(len(alphabet))]
		}
		if !json.Valid(b) {
			return b
		}
	}
}

// gbWrongType is a JSON value of another type than v.
func gbWrongType(v any) []any {
	switch v.(type) {
	case string:
		return []any{12345, []int{1}, map[string]int{"a": 1}, true}
	case float64:
		return []any{"12", []int{1}, true}
	case bool:
		return []any{"yes", 1, []int{}}
	case []any:
		return []any{"a,b", map[string]int{"a": 1}, 7}
	case map[string]any:
		return []any{[]int{1, 2}, "x", 3}
	}
	return nil
}

func gbNested(open, close string, depth int) string {
	return strings.Repeat(open, depth) + strings.Repeat(close, depth)
}

// gbAPICases are JSON garbage for an API route whose valid body is valid
// (nil for routes without a body).
func gbAPICases(rng *rand.Rand, valid any) []gbCase {
	const js = "application/json"
	cases := []gbCase{
		{"empty", js, nil},
		{"whitespace", js, []byte(" \n\t ")},
		{"random bytes", js, gbRandom(rng, 1+rng.Intn(512))},
		{"random bytes 2", js, gbRandom(rng, 1+rng.Intn(64))},
		{"random printable", js, gbPrintable(rng, 1+rng.Intn(256))},
		{"invalid UTF-8", js, []byte("{\"title\": \"\xff\xfe\"}")},
		{"overlong UTF-8", js, []byte("{\"body\": \"\xc0\xaf\"}")},
		{"surrogate half in UTF-8", js, []byte("{\"body\": \"\xed\xa0\x80\"}")},
		{"array", js, []byte(`[]`)},
		{"array of object", js, []byte(`[{}]`)},
		{"string", js, []byte(`"x"`)},
		{"number", js, []byte(`42`)},
		{"huge number", js, []byte(`1e400`)},
		{"bool", js, []byte(`true`)},
		{"deep arrays", js, []byte(gbNested("[", "]", 20000))},
		{"deep objects", js, []byte(gbNested(`{"a":`, "}", 20000))},
		{"unterminated", js, []byte(`{"title": "x`)},
		{"trailing comma", js, []byte(`{"title": "x",}`)},
		{"two objects", js, []byte(`{} {}`)},
		{"comment", js, []byte(`/* hi */ {}`)},
		{"huge body", js, append([]byte(`{"body": "`), bytes.Repeat([]byte("x"), 2<<20)...)},
	}
	if valid == nil {
		return cases
	}
	raw, _ := json.Marshal(valid)
	// Every proper prefix of a compact JSON object is invalid JSON.
	cuts := map[int]bool{len(raw) - 1: true, 1: true}
	for len(cuts) < 6 && len(cuts) < len(raw)-1 {
		cuts[1+rng.Intn(len(raw)-1)] = true
	}
	for n := range cuts {
		cases = append(cases, gbCase{fmt.Sprintf("truncated at %d", n), js, raw[:n]})
	}
	cases = append(cases,
		gbCase{"trailing garbage", js, append(append([]byte{}, raw...), 'x')},
		gbCase{"invalid byte in a valid body", js, bytes.Replace(raw, []byte(`"`), []byte("\"\xff"), 1)},
		gbCase{"valid body as text/plain", "text/plain", raw},
		gbCase{"valid body as a form", "application/x-www-form-urlencoded", raw},
		gbCase{"valid body without a type", "", raw},
	)
	var fields map[string]any
	json.Unmarshal(raw, &fields)
	names := make([]string, 0, len(fields))
	for k := range fields {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		with := func(v any) []byte {
			m := map[string]any{}
			for kk, vv := range fields {
				m[kk] = vv
			}
			m[k] = v
			b, _ := json.Marshal(m)
			return b
		}
		for i, w := range gbWrongType(fields[k]) {
			cases = append(cases, gbCase{fmt.Sprintf("%s of a wrong type #%d", k, i), js, with(w)})
		}
		cases = append(cases,
			gbCase{k + " = 1e400", js, []byte(strings.Replace(string(with("HUGE")), `"HUGE"`, "1e400", 1))},
			gbCase{k + " = -1e400", js, []byte(strings.Replace(string(with("HUGE")), `"HUGE"`, "-1e400", 1))},
			gbCase{k + " nested 5000 deep", js, []byte(strings.Replace(string(with("DEEP")), `"DEEP"`, gbNested("[", "]", 5000), 1))},
		)
	}
	return cases
}

// gbFormCases are form garbage for a page whose valid form is valid: none
// of them carries a usable value for any of the route's fields.
func gbFormCases(rng *rand.Rand, valid url.Values, fileField string) []gbCase {
	const form = "application/x-www-form-urlencoded"
	every := func(v string) []byte {
		f := url.Values{}
		for k := range valid {
			f.Set(k, v)
		}
		return []byte(f.Encode())
	}
	var badEscapes []string
	for k := range valid {
		badEscapes = append(badEscapes, k+"=%zz%")
	}
	sort.Strings(badEscapes)
	mp := func(fields map[string]string, file []byte) (string, []byte) {
		var b bytes.Buffer
		w := multipart.NewWriter(&b)
		keys := make([]string, 0, len(fields))
		for k := range fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			w.WriteField(k, fields[k])
		}
		if file != nil {
			fw, _ := w.CreateFormFile(fileField, "photo.jpg")
			fw.Write(file)
		}
		w.Close()
		return w.FormDataContentType(), b.Bytes()
	}
	junkType, junk := mp(map[string]string{"zzz": "1", "": "x", "__proto__": "y"}, gbRandom(rng, 300))
	cases := []gbCase{
		{"empty", form, nil},
		{"junk fields", form, []byte("zzz=1&%5B%5D=2&&=&a[b]=c&;;")},
		{"bad escapes", form, []byte(strings.Join(badEscapes, "&"))},
		{"invalid UTF-8 values", form, every("\xff\xfe\xfd")},
		{"oversized values", form, every(strings.Repeat("x", 60001))}, // over every text limit (a brief has 50,000)
		{"random urlencoded", form, gbRandom(rng, 1+rng.Intn(512))},
		{"valid form as text/plain", "text/plain", []byte(valid.Encode())},
		{"valid form as JSON", "application/json", []byte(valid.Encode())},
		{"random multipart", "multipart/form-data; boundary=XyZ", gbRandom(rng, 1+rng.Intn(512))},
		{"multipart without boundary", "multipart/form-data", gbRandom(rng, 64)},
		{"multipart junk fields", junkType, junk},
		{"multipart truncated", junkType, junk[:len(junk)/2]},
		{"multipart wrong boundary", "multipart/form-data; boundary=other", junk},
		{"multipart huge part header", "multipart/form-data; boundary=XyZ",
			[]byte("--XyZ\r\nContent-Disposition: form-data; name=\"" + strings.Repeat("n", 200000) + "\"\r\n\r\nv\r\n--XyZ--\r\n")},
	}
	if fileField != "" {
		// A complete form whose only fault is a file that is not an image:
		// the request must be refused as a whole, leaving nothing behind.
		fields := map[string]string{}
		for k := range valid {
			fields[k] = valid.Get(k)
		}
		ct, body := mp(fields, gbRandom(rng, 2000))
		cases = append(cases, gbCase{"valid form with a file that is not an image", ct, body})
	}
	return cases
}

// gbSnapshot is the content of every table (but the search outbox, which
// the indexer drains in the background) and the list of uploaded files.
type gbSnapshot map[string]string

func gbTake(t *testing.T, db *sql.DB, uploads string) gbSnapshot {
	t.Helper()
	snap := gbSnapshot{}
	list := `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'search_outbox' ORDER BY name`
	if pgtest.Postgres() {
		list = `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'search_outbox' ORDER BY table_name`
	}
	rows, err := db.Query(list)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	for _, table := range tables {
		rs, err := db.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rs.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		h := sha256.New()
		n := 0
		for rs.Next() {
			rs.Scan(ptrs...)
			fmt.Fprintf(h, "%v\n", vals)
			n++
		}
		rs.Close()
		snap[table] = fmt.Sprintf("%d rows, %s", n, hex.EncodeToString(h.Sum(nil))[:16])
	}
	files, _ := os.ReadDir(uploads)
	var names []string
	for _, f := range files {
		names = append(names, f.Name())
	}
	snap["uploads/"] = strings.Join(names, ",")
	return snap
}

func (a gbSnapshot) diff(b gbSnapshot) []string {
	var out []string
	for k, v := range a {
		if b[k] != v {
			out = append(out, fmt.Sprintf("%s: %s → %s", k, v, b[k]))
		}
	}
	sort.Strings(out)
	return out
}

// gbAllowed says whether a status of the permission table is a success.
func gbAllowed(status int) bool { return status >= 200 && status <= 303 }

// gbSend posts one garbage body to a route as u: the bearer token for the
// API; for pages the session cookie with the CSRF token in its header, so
// that the garbage reaches the handler rather than the CSRF check.
func (w *azWorld) gbSend(u *azUser, method string, valid azReq, c gbCase) res {
	w.t.Helper()
	path := valid.path
	req, _ := http.NewRequest(method, w.h.srv.URL+path, bytes.NewReader(c.body))
	if c.ctype != "" {
		req.Header.Set("Content-Type", c.ctype)
	}
	if strings.HasPrefix(path, "/api/") {
		req.Header.Set("Authorization", "Bearer "+cmp.Or(valid.token, u.token))
	} else {
		req.Header.Set("X-CSRF-Token", u.csrf)
		req.AddCookie(&http.Cookie{Name: "_csrf", Value: u.csrf})
		sess := cmp.Or(valid.session, u.session)
		req.AddCookie(&http.Cookie{Name: sess.Name, Value: sess.Value})
	}
	return w.h.do(w.client, req)
}

func TestGarbageBodiesAreRefusedAndChangeNothing(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("the sweep sends a few thousand requests")
	}
	w := newAZWorld(t)
	db := w.h.rawDB()
	uploads := filepath.Join(w.h.dir, "uploads")
	rng := rand.New(rand.NewSource(20261124))

	// The first row of a route in the permission table gives a valid
	// request for it: its path with real ids, and the body to spoil.
	fixture := map[string]azFixture{}
	firstRow := map[string]azRow{}
	for _, row := range azTable {
		if _, ok := fixture[row.route]; !ok {
			fixture[row.route] = azFixtures[azKey(row)]
			firstRow[row.route] = row
		}
	}
	sent := 0
	for _, r := range (&Server{}).Routes() {
		if r.Method == "GET" {
			continue
		}
		key := r.Method + " " + r.Path
		fix := fixture[key]
		if fix == nil {
			t.Errorf("%s: no fixture in azFixtures", key)
			continue
		}
		// An admin and a fan; and where neither may make the request (an
		// author's edit, a judge's scorecard, a tester's feedback), also the
		// first role that may, so that the garbage gets past the checks of
		// who is asking and reaches the reading of the body.
		users := []azRole{azAdmin, azFan}
		if want := firstRow[key].want; !gbAllowed(want[azAdmin]) && !gbAllowed(want[azFan]) {
			for role := azAuthor; role < azAdmin; role++ {
				if gbAllowed(want[role]) {
					users = append(users, role)
					break
				}
			}
		}
		for _, role := range users {
			u := w.users[role]
			valid := fix(w.scene(), u)
			var cases []gbCase
			if strings.HasPrefix(r.Path, "/api/") {
				cases = gbAPICases(rng, valid.body)
			} else {
				form, _ := valid.body.(url.Values)
				cases = gbFormCases(rng, form, gbFileFields[key])
			}
			before := gbTake(t, db, uploads)
			accepted := []string{}
			cases = slices.DeleteFunc(cases, func(c gbCase) bool { return gbKnownBugs[key+" / "+c.name] != "" })
			for _, c := range cases {
				got := w.gbSend(u, r.Method, valid, c)
				sent++
				if got.Status >= 500 {
					t.Errorf("%s as %s, %s: status %d; body: %.300s", key, azRoleNames[role], c.name, got.Status, got.Body)
				}
				back, refusedBack := gbRefusedBackTo[key]
				loc := got.Header.Get("Location")
				refusedBack = refusedBack && got.Status == http.StatusSeeOther &&
					(strings.HasPrefix(loc, back) || strings.HasPrefix(back, "#") && strings.HasSuffix(loc, back))
				if got.Status < 400 && !refusedBack {
					accepted = append(accepted, fmt.Sprintf("%s → %d", c.name, got.Status))
				}
				if strings.HasPrefix(r.Path, "/api/") && got.Status >= 400 && got.errCode() == "" {
					t.Errorf("%s as %s, %s: status %d without a JSON error body: %.200s", key, azRoleNames[role], c.name, got.Status, got.Body)
				}
			}
			if _, acts := gbActsWithoutInput[key]; acts {
				// A route that ends the user's other sessions and tokens
				// did so: they sign in again for the routes after it.
				if valid.renew {
					w.renew(u)
				}
				continue
			}
			if d := before.diff(gbTake(t, db, uploads)); len(d) > 0 {
				t.Errorf("%s as %s: garbage changed data:\n\t%s\n\taccepted: %v", key, azRoleNames[role], strings.Join(d, "\n\t"), accepted)
				// Send each body again on its own to name the culprit (it
				// may not repeat once the first write has landed).
				for _, c := range cases {
					b := gbTake(t, db, uploads)
					got := w.gbSend(u, r.Method, valid, c)
					if d := b.diff(gbTake(t, db, uploads)); len(d) > 0 {
						t.Logf("\t%s: status %d and %v", c.name, got.Status, d)
					}
				}
			} else if len(accepted) > 0 {
				t.Errorf("%s as %s: garbage accepted (though nothing changed): %v", key, azRoleNames[role], accepted)
			}
			if valid.renew {
				w.renew(u) // a password change would have ended them
			}
		}
	}
	for key := range gbActsWithoutInput {
		if fixture[key] == nil {
			t.Errorf("gbActsWithoutInput names %q, which is not a write route any more", key)
		}
	}
	t.Logf("%d garbage requests", sent)
}

// The admin's challenge form refused for its cover (400, "not an image")
// must not have created the challenge or applied the edit: a request
// commits completely or changes nothing (DESIGN.md §6).
func TestChallengeFormWithABadCoverChangesNothing(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	b := h.adminBrowser()
	csrf := b.csrf("/challenges/new")
	post := func(path, title string) res {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		for k, v := range map[string]string{"_csrf": csrf, "title": title, "brief": "b", "kind": "open_call",
			"submissions_open_at": "2026-11-24T09:00", "submissions_close_at": "2026-12-24T09:00"} {
			mw.WriteField(k, v)
		}
		fw, _ := mw.CreateFormFile("cover", "cover.png")
		fw.Write([]byte("this is not an image"))
		mw.Close()
		req, _ := http.NewRequest("POST", h.srv.URL+path, &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		return h.do(b.client, req)
	}
	if r := post("/challenges", "Created by a refused form"); r.Status != 400 {
		t.Fatalf("bad cover: status %d, want 400", r.Status)
	}
	if list := h.api("GET", "/api/v1/challenges", admin, nil).must(t, 200).JSON["challenges"].([]any); len(list) != 0 {
		t.Errorf("a refused create left %d challenge(s) behind: %v", len(list), list)
	}
	cid := h.openChallenge(admin, nil)
	if r := post(fmt.Sprintf("/challenges/%d", cid), "Renamed by a refused form"); r.Status != 400 {
		t.Fatalf("bad cover on edit: status %d, want 400", r.Status)
	}
	if title := str(h.api("GET", fmt.Sprintf("/api/v1/challenges/%d", cid), admin, nil).JSON, "title"); title != "洗衣机二次污染" {
		t.Errorf("a refused edit renamed the challenge to %q", title)
	}
}

// A 35-byte GIF whose header says 1×1 but whose only frame is 1×0 passes a
// header check but has no pixels: it is refused on its field (400), never
// a 500.
func TestUploadOfAnEmptyFrameGIFIsRefused(t *testing.T) {
	t.Parallel()
	gif := []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff" +
		",\x00\x00\x00\x00\x01\x00\x00\x00\x00" + "\x02\x01\x2c\x00" + ";")
	h := newHarness(t)
	cid := h.openChallenge(h.setup(), nil)
	h.fan("fan@x.cn")
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("_csrf", b.csrf(fmt.Sprintf("/challenges/%d/submit", cid)))
	mw.WriteField("title", "A picture")
	fw, _ := mw.CreateFormFile("images", "picture.gif")
	fw.Write(gif)
	mw.Close()
	req, _ := http.NewRequest("POST", h.srv.URL+fmt.Sprintf("/challenges/%d/ideas", cid), &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if r := h.do(b.client, req); r.Status != 400 {
		t.Errorf("idea with an empty-frame GIF: status %d, want 400 naming images", r.Status)
	}
	if n := h.ideaCount(); n != 0 {
		t.Errorf("%d idea(s) stored", n)
	}
}
