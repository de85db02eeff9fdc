package web

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cocreate/app/images/imagetest"

	"github.com/chromedp/chromedp"
)

// apiAddPhotos adds photos to an idea as an app does: a multipart form of
// images, with a bearer token.
func (h *harness) apiAddPhotos(token string, idea int, files ...[]byte) res {
	h.t.Helper()
	return h.apiMultipart(token, fmt.Sprintf("/api/v1/ideas/%d/images", idea), nil, files...)
}

// photoFiles are the file names of an idea's photos, in order.
func photoFiles(r res) []string {
	var out []string
	imgs, _ := r.JSON["images"].([]any)
	for _, img := range imgs {
		out = append(out, str(img.(map[string]any), "file"))
	}
	return out
}

// A fan who posted the wrong photo changes it while the idea may be
// edited, through the app: photos are added after the rest and taken off
// by name; refusals name the field and change nothing; another fan, or an
// idea no longer editable, is refused.
func TestPhotos44AnAppChangesAnIdeasPhotos(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan, other := h.fan("fan@x.cn"), h.fan("other@x.cn")
	cid := h.openChallenge(admin, nil)
	small := func(w int) []byte { return imagetest.JPEG(imagetest.Quadrants(w, 60), 80) }
	r := h.apiIdeaForm(fan, cid, map[string]string{"title": "防霉门封", "summary": "s", "body": "b"}, small(80), small(81)).must(t, 201)
	id, first := num(r.JSON, "id"), photoFiles(r)
	if len(first) != 2 || first[0] == "" || !strings.HasSuffix(str(r.JSON["images"].([]any)[0].(map[string]any), "url"), first[0]) {
		t.Fatalf("the idea's photos: %s", r.Body)
	}

	r = h.apiAddPhotos(fan, id, small(82)).must(t, 200)
	if got := photoFiles(r); len(got) != 3 || got[0] != first[0] || got[1] != first[1] {
		t.Fatalf("after adding one: %v", got)
	}
	third := photoFiles(r)[2]
	count := func() int { // the uploads served; the removed wait in .removed (images.RemovedDir)
		d, _ := os.ReadDir(h.dir + "/uploads")
		n := 0
		for _, e := range d {
			if !strings.HasPrefix(e.Name(), ".") {
				n++
			}
		}
		return n
	}
	had := count()
	h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/ideas", cid), "", nil).must(t, 200) // a list read before the edit is not served after it
	r = h.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", id), fan, map[string]any{"remove_images": []string{first[0]}}).must(t, 200)
	if got := photoFiles(r); len(got) != 2 || got[0] != first[1] || got[1] != third {
		t.Errorf("after taking the first off: %v", got)
	}
	if list := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/ideas", cid), "", nil).must(t, 200); strings.Contains(list.Body, first[0]) || !strings.Contains(list.Body, third) {
		t.Errorf("the challenge's list still shows the photo taken off: %.600s", list.Body)
	}
	if r := h.browser().get("/uploads/" + first[0]); r.Status != 404 {
		t.Errorf("the photo taken off is still served: %d", r.Status)
	}
	h.browser().get("/uploads/"+third).must(t, 200)
	if n := count(); n >= had {
		t.Errorf("the photo taken off left its files: %d files before, %d after", had, n)
	}
	had = count()

	// Refused, changing nothing.
	files := func() []string {
		return photoFiles(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", id), fan, nil).must(t, 200))
	}
	before := files()
	if r := h.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", id), fan, map[string]any{"remove_images": []string{first[0]}}).must(t, 400); r.errField() != "remove_images" || r.errCode() != "unknown_image" {
		t.Errorf("taking off a photo already gone: %s", r.Body)
	}
	if r := h.apiAddPhotos(fan, id, small(83), small(84), small(85), small(86)).must(t, 400); r.errField() != "images" || r.errCode() != "too_many_images" {
		t.Errorf("six photos in all: %s", r.Body)
	}
	if r := h.apiAddPhotos(fan, id, []byte("not a photo")).must(t, 400); r.errField() == "" {
		t.Errorf("not a photo: %s", r.Body)
	}
	h.apiAddPhotos(other, id, small(87)).must(t, 403)
	h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/images", id), fan, map[string]string{}).must(t, 400)
	if got := files(); strings.Join(got, ",") != strings.Join(before, ",") {
		t.Errorf("a refused change changed the photos: %v → %v", before, got)
	}
	if n := count(); n != had {
		t.Errorf("refused changes left files: %d before, %d after", had, n)
	}
	// Once submissions close, the photos stay as they are.
	h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/phase", cid), admin, map[string]string{"move": "close_submissions"}).must(t, 200)
	if r := h.apiAddPhotos(fan, id, small(88)); r.Status < 400 || r.Status == 413 {
		t.Errorf("a photo added after submissions closed: %d %s", r.Status, r.Body)
	}
}

// On a 375 px phone in Chinese, the author of an idea with its five
// photos opens its edit form, sees them, ticks one off, adds one taken
// upright, and saves (a swap: five in all): the idea's page shows the kept
// photos, then the new one, upright.
func TestPhotos44AFanChangesAPhotoOnAPhone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@x.cn")
	cid := h.openChallenge(admin, nil)
	var five [][]byte
	for w := range 5 {
		five = append(five, imagetest.JPEG(imagetest.Quadrants(80+w, 60), 80))
	}
	r := h.apiIdeaForm(fan, cid, map[string]string{"title": "防霉门封", "summary": "s", "body": "b"}, five...).must(t, 201)
	id, old := num(r.JSON, "id"), photoFiles(r)
	file := filepath.Join(t.TempDir(), "IMG_0002.jpg")
	if err := os.WriteFile(file, imagetest.WithOrientation(imagetest.JPEG(imagetest.Quadrants(1000, 750), 85), 6), 0o644); err != nil {
		t.Fatal(err)
	}

	ctx := newBrowser(t, 375, 667)
	jSignIn(t, ctx, h, "fan@x.cn", "fan-password", "zh")
	jVisit(t, ctx, fmt.Sprintf("%s/ideas/%d/edit", h.srv.URL, id))
	jWant(t, "the photos' heading", jText(t, ctx, ".photos-edit legend"), jT("zh", "photos44.yours"))
	if got := len(jTexts(t, ctx, ".photo-list li")); got != 5 {
		t.Fatalf("%d photos on the form, want 5", got)
	}
	box := fmt.Sprintf(`input[name="remove_images"][value=%q]`, old[0])
	jDo(t, ctx, chromedp.ScrollIntoView(box, chromedp.ByQuery))
	jInView(t, ctx, "the first photo's box", box)
	jFits(t, ctx, "the edit form with its photos")
	shot(t, ctx, "/tmp/photos44-edit.png", true)
	jDo(t, ctx,
		chromedp.Click(box, chromedp.ByQuery),
		chromedp.SetUploadFiles("#images", []string{file}, chromedp.ByQuery))
	jGo(t, ctx, `form.form button[type="submit"]`)
	if p := jPath(t, ctx); !strings.HasPrefix(p, fmt.Sprintf("/ideas/%d", id)) || strings.HasSuffix(p, "/edit") {
		t.Fatalf("after saving, the page is %s", p)
	}
	var srcs []string
	var sizes [][2]int
	jDo(t, ctx, chromedp.Evaluate(`Array.from(document.querySelectorAll(".gallery img")).map(i => i.getAttribute("src"))`, &srcs),
		chromedp.Evaluate(`Array.from(document.querySelectorAll(".gallery img")).map(i => [i.naturalWidth, i.naturalHeight])`, &sizes))
	if len(srcs) != 5 || !strings.HasSuffix(srcs[0], old[1]) || !strings.HasSuffix(srcs[3], old[4]) || strings.Contains(strings.Join(srcs, " "), old[0]) ||
		strings.Contains(strings.Join(old, " "), srcs[4][strings.LastIndex(srcs[4], "/")+1:]) {
		t.Fatalf("the idea's photos after the edit: %v (had %v)", srcs, old)
	}
	if len(sizes) == 5 && sizes[4][0] >= sizes[4][1] {
		t.Errorf("the new photo is not upright: %v", sizes[4])
	}
	shot(t, ctx, "/tmp/photos44-idea.png", false)
}
