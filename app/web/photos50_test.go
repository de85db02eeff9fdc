package web

import (
	"testing"

	"cocreate/app/images/imagetest"
)

// One account swapping photos in a loop cannot keep the server's photo
// reading to itself: past its hour's pixels it is refused (429, saying
// when to come back), with nothing decoded or changed, while another
// fan's photo is read as ever.
func TestAnAccountsPhotosAreRationed(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	hog, other := h.fan("hog@x.cn"), h.fan("other@x.cn")
	cid := h.openChallenge(admin, nil)
	photo := imagetest.JPEG(imagetest.Quadrants(100, 100), 80) // charged a megapixel
	h.svc.PhotoPixelsPerHour = 3_000_000
	id := num(h.apiIdeaForm(hog, cid, map[string]string{"title": "换照片", "summary": "s", "body": "b"}, photo, photo).must(t, 201).JSON, "id")
	h.apiAddPhotos(hog, id, photo).must(t, 200)
	r := h.apiAddPhotos(hog, id, photo).must(t, 429)
	if r.errCode() != "too_many_photos" || r.Header.Get("Retry-After") == "" {
		t.Errorf("past the hour's pixels: %s (Retry-After %q)", r.Body, r.Header.Get("Retry-After"))
	}
	if got := photoFiles(h.api("GET", "/api/v1/ideas/"+itoa(int64(id)), hog, nil).must(t, 200)); len(got) != 3 {
		t.Errorf("the refused photo changed the idea: %v", got)
	}
	h.apiIdeaForm(other, cid, map[string]string{"title": "别人的创意", "summary": "s", "body": "b"}, photo, photo, photo).must(t, 201)
	// An hour on, the hog may post again.
	h.advance(61 * 60 * 1e9)
	h.apiAddPhotos(hog, id, photo).must(t, 200)
}
