package web

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cocreate/app/backup"
	"cocreate/app/demo"
	"cocreate/app/mail"
	"cocreate/app/pgtest"
	"cocreate/app/search"
	"cocreate/app/store"
)

// #18: a backup taken while fans vote and upload, restored into an empty
// directory on "another machine", brings back the whole installation: every
// picture, the fans' sessions, the links in mail already sent, and tallies
// that agree with the votes.
func TestBackupWhileServingRestoresTheWholeInstallation(t *testing.T) {
	t.Parallel()
	pgtest.SQLiteOnly(t, "the archive holds the SQLite file; on PostgreSQL backup refuses (pg_dump)")
	if testing.Short() {
		t.Skip("a whole installation")
	}
	h := newHarness(t)
	admin := h.setup()
	adminID := int64(num(h.api("GET", "/api/v1/me", admin, nil).must(t, 200).JSON, "id"))
	if err := demo.Load(context.Background(), h.svc, adminID); err != nil {
		t.Fatal(err)
	}
	cid := h.openChallenge(admin, nil)
	target := h.idea(admin, cid, "vote for me")

	// Before the backup: a fan signed in with a cookie, and an email link.
	h.fan("kept@x.cn")
	kept := h.browser()
	kept.signIn("kept@x.cn", "fan-password")
	cookie := kept.cookieHeader()
	me := h.api("GET", "/api/v1/me", h.fanToken("kept@x.cn"), nil).must(t, 200).JSON
	keptID := int64(num(me, "id"))
	link := mail.UnsubscribeURL(h.srv.URL, h.svc.MailSecret, keptID)
	if r := h.withCookie("GET", "/api/v1/me", cookie); r.Status != 200 || str(r.JSON, "email") != "kept@x.cn" {
		t.Fatalf("the cookie does not sign in before the backup: %d %s", r.Status, r.Body)
	}

	// Fans vote and upload pictures while the backup is taken.
	const fans = 6
	var tokens []string
	var browsers []*browser
	for i := range fans {
		email := fmt.Sprintf("busy%d@x.cn", i)
		tokens = append(tokens, h.fan(email))
		b := h.browser()
		b.signIn(email, "fan-password")
		browsers = append(browsers, b)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var votes, uploads atomic.Int64
	for i := range fans {
		wg.Add(2)
		go func() { // votes, and undoes them, on the same idea
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				method := "PUT"
				if n%2 == 1 {
					method = "DELETE"
				}
				req, _ := http.NewRequest(method, fmt.Sprintf("%s/api/v1/ideas/%d/vote", h.srv.URL, target), nil)
				req.Header.Set("Authorization", "Bearer "+tokens[i])
				if resp, err := http.DefaultClient.Do(req); err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode < 300 {
						votes.Add(1)
					}
				}
			}
		}()
		go func() { // submits ideas with a picture
			defer wg.Done()
			b := browsers[i]
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				token := b.csrfQuiet(fmt.Sprintf("/challenges/%d/submit", cid))
				body, ctype := multipartIdea(t, token, fmt.Sprintf("fan %d idea %d", i, n), picture(i, n))
				req, _ := http.NewRequest("POST", fmt.Sprintf("%s/challenges/%d/ideas", h.srv.URL, cid), body)
				req.Header.Set("Content-Type", ctype)
				if resp, err := b.client.Do(req); err == nil {
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					if resp.StatusCode == http.StatusSeeOther {
						uploads.Add(1)
					}
				}
			}
		}()
	}
	for deadline := time.Now().Add(20 * time.Second); votes.Load() < 20 || uploads.Load() < 3; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the fans did not get going: %d votes, %d uploads", votes.Load(), uploads.Load())
		}
	}
	file := filepath.Join(t.TempDir(), "cocreate.tar.gz")
	votesBefore, uploadsBefore := votes.Load(), uploads.Load()
	m, err := backup.Create(h.dir, file, backup.Options{})
	votesDuring, uploadsDuring := votes.Load()-votesBefore, uploads.Load()-uploadsBefore
	time.Sleep(100 * time.Millisecond) // and a little after
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("backup: %d files, %d uploads, %d bytes; %d votes and %d ideas with pictures landed while it ran",
		m.Counts.Files, m.Counts.Uploads, m.Counts.Bytes, votesDuring, uploadsDuring)

	// Everything in a served data directory is either in the archive or
	// known to be left out: a new key file somewhere would fail here.
	inArchive := map[string]bool{}
	for _, f := range m.Files {
		inArchive[f.Name] = true
	}
	filepath.WalkDir(h.dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(h.dir, p)
		rel = filepath.ToSlash(rel)
		switch {
		case inArchive[rel], strings.HasPrefix(rel, "index/"), rel == ".lock", rel == "mail/outbox.mbox",
			rel == "cocreate.db-wal", rel == "cocreate.db-shm":
		case rel == "cocreate.db":
			if !inArchive[rel] {
				t.Error("no database in the archive")
			}
		case strings.HasPrefix(rel, "uploads/"):
			// Written after the snapshot: not referenced by it.
		default:
			t.Errorf("%s is in the data directory but not in the backup", rel)
		}
		return nil
	})
	for _, k := range backup.Keys {
		if !inArchive[k] {
			t.Errorf("the key %s is not in the backup", k)
		}
	}
	if _, err := backup.Verify(file, nil); err != nil {
		t.Fatalf("verify: %v", err)
	}
	oldDir, oldURL := h.dir, h.srv.URL
	h.stop()

	// Another machine: an empty directory.
	newDir := filepath.Join(t.TempDir(), "data")
	r, err := backup.Restore(newDir, file, backup.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Warnings) > 0 || r.SafetyCopy != "" {
		t.Errorf("restore into an empty directory: %+v", r)
	}
	h2 := &harness{t: t, dir: newDir, now: h.clock()}
	h2.start()

	// Every picture any idea or challenge refers to, with the same bytes.
	refs := referencedUploads(t, filepath.Join(newDir, "cocreate.db"))
	if len(refs) < 8+int(uploadsBefore) {
		t.Fatalf("only %d pictures are referenced after the restore", len(refs))
	}
	for _, name := range refs {
		want, err := os.ReadFile(filepath.Join(oldDir, "uploads", name))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.Get(h2.srv.URL + "/uploads/" + name)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !bytes.Equal(got, want) {
			t.Errorf("/uploads/%s: %d, %d bytes, want 200 and the %d bytes served before", name, resp.StatusCode, len(got), len(want))
		}
	}
	// The cookie from before the backup still signs in.
	if r := h2.withCookie("GET", "/api/v1/me", cookie); r.Status != 200 || str(r.JSON, "email") != "kept@x.cn" {
		t.Errorf("the session cookie from before the backup: %d %.200s", r.Status, r.Body)
	}
	// The unsubscribe link from a mail sent before the backup still works.
	moved := h2.srv.URL + strings.TrimPrefix(link, oldURL)
	if resp, err := http.Get(moved); err != nil || resp.StatusCode != 200 {
		t.Fatalf("opening the unsubscribe link: %v %v", resp, err)
	}
	req, _ := http.NewRequest("POST", moved, strings.NewReader("List-Unsubscribe=One-Click"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	h2.do(http.DefaultClient, req).must(t, 200)
	if v := h2.withCookie("GET", "/api/v1/me", cookie).JSON["email_notices"]; v != false {
		t.Errorf("after the unsubscribe link, email_notices = %v", v)
	}

	// Tallies agree with votes, and the index, rebuilt, holds every record.
	if v, err := h2.store.Check(context.Background()); err != nil || len(v) > 0 {
		t.Errorf("check after restore: %v %v", v, err)
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if r := h2.api("GET", "/api/v1/search?type=all&q=vote", "", nil); r.Status == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("search never came back: the index was not rebuilt")
		}
	}
	h2.stop()
	st, err := store.Open(filepath.Join(newDir, "cocreate.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	want, _ := st.SearchRecordCount(context.Background())
	pending, _ := st.OutboxLen(context.Background())
	ix, err := search.Open(filepath.Join(newDir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if docs, _ := ix.Count(); pending > 0 || docs != uint64(want) {
		t.Errorf("the rebuilt index holds %d documents, the database %d (%d pending)", docs, want, pending)
	}
}

// picture is a small PNG, different for every fan and idea.
func picture(i, n int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 32, 24))
	for x := range 32 {
		img.Set(x, n%24, color.RGBA{uint8(i * 40), uint8(n), uint8(x * 8), 255})
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

func referencedUploads(t *testing.T, dbPath string) []string {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+dbPath+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT cover FROM challenges WHERE cover <> '' UNION SELECT file FROM idea_images`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		out = append(out, s)
	}
	return out
}

// cookieHeader is the Cookie header the browser sends to the server.
func (b *browser) cookieHeader() string {
	req, _ := http.NewRequest("GET", b.h.srv.URL, nil)
	var parts []string
	for _, c := range b.client.Jar.Cookies(req.URL) {
		parts = append(parts, c.Name+"="+c.Value)
	}
	return strings.Join(parts, "; ")
}

// withCookie sends a request with a Cookie header and nothing else.
func (h *harness) withCookie(method, path, cookie string) res {
	req, _ := http.NewRequest(method, h.srv.URL+path, nil)
	req.Header.Set("Cookie", cookie)
	return h.do(http.DefaultClient, req)
}

// fanToken signs a fan in through the API.
func (h *harness) fanToken(email string) string {
	r := h.api("POST", "/api/v1/tokens", "", map[string]string{"email": email, "password": "fan-password"}).must(h.t, 201)
	return str(r.JSON, "token")
}

// csrfQuiet reads a form's token without failing the test (for goroutines).
func (b *browser) csrfQuiet(path string) string {
	req, _ := http.NewRequest("GET", b.h.srv.URL+path, nil)
	resp, err := b.client.Do(req)
	if err != nil {
		return ""
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if m := csrfField.FindSubmatch(raw); m != nil {
		return string(m[1])
	}
	return ""
}
