package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"cocreate/app/domain"
	"cocreate/app/indexer"
	"cocreate/app/service"
	"cocreate/app/store"

	"github.com/labstack/echo/v4"
	"golang.org/x/net/html"
)

// fzTargets are the real input types the API decodes request bodies into.
var fzTargets = []struct {
	name string
	new  func() any
}{
	{"IdeaInput", func() any { return &domain.IdeaInput{} }},
	{"ChallengeInput", func() any { return &domain.ChallengeInput{} }},
	{"IdeaPatch", func() any { return &service.IdeaPatch{} }},
	{"SignUp", func() any { return &domain.SignUp{} }},
}

// FuzzDecodeJSON feeds arbitrary bytes to decodeJSON, the one door every API
// body goes through. It must never panic; a refusal must be a *domain.Error
// with a Kind (so the edge maps it to a 4xx, never a 500); and whatever it
// accepts must be valid UTF-8 JSON sent as application/json.
func FuzzDecodeJSON(f *testing.F) {
	f.Add(0, []byte(`{"title":"洗衣机","summary":"s","body":"b","tags":["a"]}`))
	f.Add(1, []byte(`{"submissions_open_at":"2026-11-24T09:00:00Z","ideas_per_fan":3}`))
	f.Add(2, []byte(`{"state":"withdrawn","reason":"x"}`))
	f.Add(3, []byte(`{"email":"a@b.cn","name":"n","password":"12345678"}`))
	f.Add(4, []byte(`{"title":"x"}`)) // sent as text/plain
	f.Fuzz(func(t *testing.T, target int, body []byte) {
		tg := fzTargets[uint(target)%uint(len(fzTargets))]
		ctype := echo.MIMEApplicationJSON
		if uint(target)/uint(len(fzTargets))%2 == 1 {
			ctype = echo.MIMETextPlain
		}
		req := httptest.NewRequest(http.MethodPost, "/api/v1/x", bytes.NewReader(body))
		req.Header.Set(echo.HeaderContentType, ctype)
		c := echo.New().NewContext(req, httptest.NewRecorder())
		err := decodeJSON(c, tg.new())
		if err == nil {
			if ctype != echo.MIMEApplicationJSON || !utf8.Valid(body) || !json.Valid(body) {
				t.Fatalf("%s: accepted %q sent as %s", tg.name, body, ctype)
			}
			return
		}
		e, ok := err.(*domain.Error)
		if !ok {
			t.Fatalf("%s: %q: error %T %v is not a *domain.Error", tg.name, body, err, err)
		}
		if _, mapped := statusOf[e.Kind]; !mapped || e.Code == "" || e.Message == "" {
			t.Fatalf("%s: %q: error %+v has no kind, code or message", tg.name, body, e)
		}
		if ctype != echo.MIMEApplicationJSON && e.Kind != domain.KindUnsupported {
			t.Fatalf("%s: %s body refused as %+v, want unsupported media type", tg.name, ctype, e)
		}
	})
}

// fzSearchServer is a real server on a real store and index, with a few
// ideas to find, built once per fuzzing process (outside the fuzz loop).
func fzSearchServer(f *testing.F) *httptest.Server {
	dir := f.TempDir()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	st, err := store.Open(filepath.Join(dir, "cocreate.db"))
	if err != nil {
		f.Fatal(err)
	}
	svc := service.New(st, filepath.Join(dir, "uploads"))
	idx := indexer.New(st, filepath.Join(dir, "index"), quiet)
	rebuild, err := idx.Open()
	if err != nil {
		f.Fatal(err)
	}
	svc.Indexer = idx
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); idx.Run(ctx, rebuild) }()
	s, err := New(Config{
		Templates: os.DirFS("../../templates"), Static: os.DirFS("../../static"),
		DataDir: dir, UploadDir: filepath.Join(dir, "uploads"), Location: time.UTC, Logger: quiet,
	}, svc)
	if err != nil {
		f.Fatal(err)
	}
	srv := httptest.NewServer(s)
	f.Cleanup(func() {
		srv.Close()
		cancel()
		<-done
		idx.Close()
		st.Close()
	})

	call := func(method, path, token string, body any) map[string]any {
		raw, _ := json.Marshal(body)
		req, _ := http.NewRequest(method, srv.URL+path, bytes.NewReader(raw))
		req.Header.Set("Content-Type", "application/json")
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			f.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		if resp.StatusCode >= 300 {
			f.Fatalf("%s %s: %d %v", method, path, resp.StatusCode, out)
		}
		return out
	}
	admin, _ := call("POST", "/api/v1/setup", "", map[string]string{"email": "admin@brand.cn", "name": "admin", "password": "admin-password", "setup_code": s.setupCode})["token"].(string)
	now := time.Now()
	ch := call("POST", "/api/v1/challenges", admin, map[string]any{
		"title": "洗衣机二次污染 washing", "brief": "brief", "kind": "open_call",
		"submissions_open_at": now.Add(-time.Hour), "submissions_close_at": now.Add(48 * time.Hour),
		"voting_open_at": now.Add(-time.Hour), "voting_close_at": now.Add(72 * time.Hour),
	})
	cid := int(ch["id"].(float64))
	for _, title := range []string{"免清洗内筒 self-cleaning drum", "电池 battery saver", "a:b +c -d \"quoted\" (x OR y)",
		`<script>alert(1)</script> <img src=x onerror=alert(1)> "><mark onclick=x>drum</mark>`} {
		idea := call("POST", fmt.Sprintf("/api/v1/challenges/%d/ideas", cid), admin, map[string]any{"title": title, "summary": title, "body": "**" + title + "**", "tags": []string{"tag"}})
		call("POST", fmt.Sprintf("/api/v1/ideas/%d/comments", int(idea["id"].(float64))), admin, map[string]string{"body": "comment on " + title})
	}
	// Wait for the index to take the ideas in (the last one, with markup in
	// its title, included), so that queries hit documents.
	for deadline := time.Now().Add(10 * time.Second); ; {
		resp, err := http.Get(srv.URL + "/api/v1/search?q=onerror")
		if err == nil {
			var out struct{ Total int }
			json.NewDecoder(resp.Body).Decode(&out)
			resp.Body.Close()
			if resp.StatusCode == 200 && out.Total > 0 {
				break
			}
		}
		if time.Now().After(deadline) {
			f.Fatal("the search index never found the seeded ideas")
		}
		time.Sleep(20 * time.Millisecond)
	}
	return srv
}

// FuzzSearchQuery sends arbitrary search parameters to GET /api/v1/search on
// a real server: user text must never become a server error (DESIGN.md: the
// query-string syntax is never used, so ":+-" are not operators).
func FuzzSearchQuery(f *testing.F) {
	f.Add("drum", "", "", "", "", "", "")
	f.Add("电池 battery", "idea", "submitted", "tag", "10", "0", "1")
	f.Add("a:b +c -d", "", "", "", "", "", "")
	srv := fzSearchServer(f)
	f.Fuzz(func(t *testing.T, q, typ, state, tag, limit, offset, challenge string) {
		v := url.Values{"q": {q}}
		for k, x := range map[string]string{"type": typ, "state": state, "tag": tag, "limit": limit, "offset": offset, "challenge": challenge} {
			if x != "" {
				v.Set(k, x)
			}
		}
		resp, err := http.Get(srv.URL + "/api/v1/search?" + v.Encode())
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Fatalf("%s: %d %s", v.Encode(), resp.StatusCode, raw)
		}
		var out map[string]any
		if err := json.Unmarshal(raw, &out); err != nil {
			t.Fatalf("%s: %d, not JSON: %.200s", v.Encode(), resp.StatusCode, raw)
		}
		if resp.StatusCode == 200 {
			hits, ok := out["hits"].([]any)
			if !ok {
				t.Fatalf("%s: 200 without hits: %.200s", v.Encode(), raw)
			}
			// Highlights are HTML the pages insert as is: the only markup
			// in them may be the <mark> the highlighter adds.
			for _, h := range hits {
				m, _ := h.(map[string]any)
				for _, k := range []string{"highlight", "title_highlight"} {
					if why := fzMarkupOtherThanMark(fmt.Sprint(m[k])); why != "" {
						t.Fatalf("%s: hit %v %s has %s: %q", v.Encode(), m["id"], k, why, m[k])
					}
				}
			}
		} else if e, _ := out["error"].(map[string]any); e == nil || e["code"] == "" || strings.TrimSpace(fmt.Sprint(e["message"])) == "" {
			t.Fatalf("%s: %d without an error body: %.200s", v.Encode(), resp.StatusCode, raw)
		}
	})
}

// fzMarkupOtherThanMark reports any tag in s but a bare <mark>…</mark>.
func fzMarkupOtherThanMark(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			if tok.Data != "mark" || len(tok.Attr) > 0 {
				return "markup " + tok.String()
			}
		case html.CommentToken, html.DoctypeToken:
			return "markup " + z.Token().String()
		}
	}
}

// The highlight checker must see markup, or FuzzSearchQuery would pass on
// anything.
func TestFuzzHighlightCheckerSeesMarkup(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{`<script>x</script>`, `<img src=x onerror=y>`, `<mark onclick=x>a</mark>`, `<!-- c -->`} {
		if fzMarkupOtherThanMark(bad) == "" {
			t.Errorf("%q passed", bad)
		}
	}
	if why := fzMarkupOtherThanMark(`self-cleaning <mark>drum</mark> &lt;script&gt;`); why != "" {
		t.Errorf("a plain highlight refused: %s", why)
	}
}
