package web

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"strings"
	"testing"

	"cocreate/app/images/imagetest"
)

// apiIdeaForm posts an idea to the API as an app with photos does: a
// multipart form of the idea's fields and its images, with a bearer token.
func (h *harness) apiIdeaForm(token string, challenge int, fields map[string]string, files ...[]byte) res {
	h.t.Helper()
	return h.apiMultipart(token, fmt.Sprintf("/api/v1/challenges/%d/ideas", challenge), fields, files...)
}

// apiMultipart posts a multipart form of fields and photos (its files
// named images) to the API, with a bearer token.
func (h *harness) apiMultipart(token, path string, fields map[string]string, files ...[]byte) res {
	h.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for i, f := range files {
		fw, _ := mw.CreateFormFile("images", fmt.Sprintf("IMG_%04d.jpg", i))
		fw.Write(f)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", h.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	return h.do(http.DefaultClient, req)
}

// A fan's app submits an idea with photos from the phone (DESIGN §2: ideas
// with "text, images"; §5: the API is the app's, with the pages' rules):
// stored upright and served, as the page's form does; refusals name the
// field and store nothing; a JSON body stays held to the usual size.
func TestApiphotos43AnAppSubmitsAnIdeaWithPhotos(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@x.cn")
	cid := h.openChallenge(admin, map[string]any{"ideas_per_fan": 0})
	// A phone held upright: stored 750 wide and 1000 tall.
	photo := imagetest.WithOrientation(imagetest.JPEG(imagetest.Quadrants(1000, 750), 85), 6)
	r := h.apiIdeaForm(fan, cid, map[string]string{"title": "防霉门封", "summary": "门封圈不再发霉", "body": "**可拆洗**", "tags": "门封, 防霉"}, photo).must(t, 201)
	imgs, _ := r.JSON["images"].([]any)
	if str(r.JSON, "title") != "防霉门封" || fmt.Sprint(r.JSON["tags"]) != "[门封 防霉]" || len(imgs) != 1 {
		t.Fatalf("the idea: %s", r.Body)
	}
	img := imgs[0].(map[string]any)
	if num(img, "width") != 750 || num(img, "height") != 1000 {
		t.Errorf("the photo is %d × %d, want upright 750 × 1000", num(img, "width"), num(img, "height"))
	}
	h.browser().get(str(img, "url")).must(t, 200)

	// Refused, storing nothing: no title, too many photos, not a photo.
	before := h.ideaCount()
	uploads := func() int { d, _ := os.ReadDir(h.dir + "/uploads"); return len(d) }
	files := uploads()
	for _, c := range []struct {
		fields      map[string]string
		files       [][]byte
		field, code string
	}{
		{map[string]string{"summary": "s"}, [][]byte{photo}, "title", ""},
		{map[string]string{"title": "六张"}, [][]byte{photo, photo, photo, photo, photo, photo}, "images", "too_many_images"},
		{map[string]string{"title": "不是图片"}, [][]byte{[]byte("%PDF-1.4 not a photo")}, "images", ""},
	} {
		r := h.apiIdeaForm(fan, cid, c.fields, c.files...).must(t, 400)
		if r.errField() != c.field || c.code != "" && r.errCode() != c.code {
			t.Errorf("%v: %s", c.fields, r.Body)
		}
	}
	if h.ideaCount() != before || uploads() != files {
		t.Errorf("a refused idea stored something: ideas %d → %d, files %d → %d", before, h.ideaCount(), files, uploads())
	}

	// JSON keeps its size: 2 MB of it is too large, as on every route.
	big := `{"title": "大", "body": "` + strings.Repeat("长", 700_000) + `"}`
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/challenges/%d/ideas", h.srv.URL, cid), strings.NewReader(big))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+fan)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge || h.ideaCount() != before {
		t.Errorf("a 2 MB JSON idea: %d, want 413", resp.StatusCode)
	}
	// And JSON alone still works.
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/ideas", cid), fan, map[string]any{"title": "只有文字"}).must(t, 201)
}
