package web

import (
	"bytes"
	"fmt"
	"html"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"cocreate/app/images"
)

// An author's edit refused for a photo too large (a 200-megapixel phone
// photo) keeps the form open, with their words and the save button: the
// idea is still open to edits. Before, any refusal but bad input read as
// "closed to edits", offering only the way back.
func TestEdit47ATooLargePhotoKeepsTheEditOpen(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author := h.fan("author@x.cn")
	cid := h.openChallenge(admin, nil)
	id := h.idea(author, cid, "免清洗内筒")
	b := h.browser()
	b.signIn("author@x.cn", "fan-password")
	page := fmt.Sprintf("/ideas/%d", id)
	token := b.csrf(page + "/edit")

	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, v := range map[string]string{"title": "免清洗内筒（改）", "summary": "内筒不积污", "body": "新的说明：硅胶门封。", "_csrf": token} {
		_ = w.WriteField(k, v)
	}
	fw, _ := w.CreateFormFile("images", "IMG_0001.jpg")
	_, _ = fw.Write(make([]byte, images.MaxBytes+1))
	_ = w.Close()
	req, _ := http.NewRequest("POST", h.srv.URL+page, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Accept-Language", "zh-CN")
	r := h.do(b.client, req)
	if r.Status != http.StatusRequestEntityTooLarge {
		t.Fatalf("a too-large photo: %d, want 413", r.Status)
	}
	if !strings.Contains(r.Body, `<button class="button primary" type="submit">`+html.EscapeString(jT("zh", "form.save"))) ||
		strings.Contains(r.Body, html.EscapeString(jT("zh", "edit45.copy"))) {
		t.Errorf("the refused edit offers no save, or says the idea is closed: %.3000s", r.Body)
	}
	if !strings.Contains(r.Body, "新的说明：硅胶门封。") || !strings.Contains(r.Body, "免清洗内筒（改）") {
		t.Errorf("the author's words are not kept")
	}
}
