package web

import (
	"bytes"
	"fmt"
	"image"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"cocreate/app/images/imagetest"
)

// photo32Post sends the project page's report form as a browser would
// (multipart), with files in its photo field.
func photo32Post(t *testing.T, b *browser, pid int, csrf, body string, files ...[]byte) (int, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("_csrf", csrf)
	mw.WriteField("rating", "2")
	mw.WriteField("body", body)
	for i, f := range files {
		fw, _ := mw.CreateFormFile("photo", fmt.Sprintf("IMG_%04d.jpg", i))
		fw.Write(f)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/projects/%d/feedback", b.h.srv.URL, pid), &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := b.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(raw)
}

var photo32Img = regexp.MustCompile(`<div class="gallery report-photo"><a href="(/uploads/[^"]+)"><img src="(/uploads/[^"]+)"`)

// A tester attaches a phone photo (taken upright, EXIF orientation 6) to a
// report with the project page's form: the report shows it, upright, as a
// thumbnail linking to the full image, and the API's list gives its url.
// Only those who may read the project's reports get the photo: another
// fan, a visitor, 404. A file that is no image, or a second photo, is
// refused naming the field photo, and no report is written.
func TestPhoto32ReportPhoto(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.inFanTest(t)
	h := e.h
	b := h.browser()
	b.signIn("fan@x.cn", "fan-password")
	page := fmt.Sprintf("/projects/%d", e.pid)
	csrf := b.csrf(page)
	count := func() int {
		var n int
		if err := h.rawDB().QueryRow(`SELECT COUNT(*) FROM tester_feedback WHERE project_id = ?`, e.pid).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	// Refused: not an image; two photos. Each names the field, and no
	// report is written.
	for name, files := range map[string][][]byte{"not an image": {[]byte("not a photo at all")}, "two photos": {imagetest.JPEG(imagetest.Quadrants(64, 48), 80), imagetest.JPEG(imagetest.Quadrants(64, 48), 80)}} {
		status, body := photo32Post(t, b, e.pid, csrf, "门关不上 "+name, files...)
		if status != http.StatusBadRequest || !(strings.Contains(body, "照片：") || strings.Contains(body, "Photo: ")) || !strings.Contains(body, `id="fb-photo"`) {
			t.Errorf("%s: status %d, field not named: %.2000s", name, status, body)
		}
		if n := count(); n != 0 {
			t.Fatalf("%s: %d reports written", name, n)
		}
	}

	// A phone photo, held upright: stored 750×1000, top-left blue.
	raw := imagetest.JPEG(imagetest.Quadrants(1000, 750), 85)
	status, body := photo32Post(t, b, e.pid, csrf, "门关不上 The door does not close", imagetest.WithOrientation(raw, 6))
	if status != http.StatusSeeOther {
		t.Fatalf("report with a photo: %d %.500s", status, body)
	}
	r := b.get(page).must(t, 200)
	m := photo32Img.FindStringSubmatch(r.Body)
	if m == nil || m[1] != m[2] {
		t.Fatalf("the report shows no photo: %v", m)
	}
	url := m[1]
	list := h.api("GET", fmt.Sprintf("/api/v1/projects/%d/feedback", e.pid), e.fan, nil).must(t, 200).JSON["feedback"].([]any)
	photo, _ := list[0].(map[string]any)["photo"].(map[string]any)
	if photo == nil || photo["url"] != url || num(photo, "width") != 750 || num(photo, "height") != 1000 {
		t.Fatalf("API photo %v, page %s", list[0], url)
	}
	for _, u := range []string{url, strings.Replace(url, ".jpg", "-400.jpg", 1)} {
		got := b.get(u).must(t, 200)
		if got.Header.Get("ETag") == "" || !strings.HasPrefix(got.Header.Get("Cache-Control"), "private") {
			t.Errorf("%s: ETag %q Cache-Control %q", u, got.Header.Get("ETag"), got.Header.Get("Cache-Control"))
		}
		img, _, err := image.Decode(strings.NewReader(got.Body))
		if err != nil {
			t.Fatalf("%s: %v", u, err)
		}
		if r, g, bl, _ := img.At(5, 5).RGBA(); !(bl>>8 > 150 && r>>8 < 100 && g>>8 < 100) {
			t.Errorf("%s is not upright: top-left %d,%d,%d", u, r>>8, g>>8, bl>>8)
		}
	}
	// The engineer reads it; another fan (not a tester) and a visitor
	// get 404, as for a file of nothing.
	h.api("GET", url, e.eng, nil).must(t, 200)
	h.api("GET", url, e.author, nil).must(t, 404)
	h.api("GET", url, "", nil).must(t, 404)
	other := h.browser()
	other.signIn("author@x.cn", "fan-password")
	other.get(url).must(t, 404)
	if strings.Contains(other.get(page).Body, url) {
		t.Error("the photo's url is on the page of a fan who may not read the reports")
	}
}
