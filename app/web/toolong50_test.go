package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// "Too long" says by how much: the limit and the count, in the person's
// language, naming the field.
func TestTooLongSaysTheLimit(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@x.cn")
	cid := h.openChallenge(admin, nil)
	raw, _ := json.Marshal(map[string]string{"title": "长文", "body": strings.Repeat("洗", 20001)})
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/challenges/%d/ideas", h.srv.URL, cid), bytes.NewReader(raw))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+fan)
	req.Header.Set("Accept-Language", "zh-CN")
	r := h.do(http.DefaultClient, req).must(t, 400)
	if r.errField() != "body" || r.errCode() != "too_long" || !strings.Contains(r.Body, "最多 20000 字，现在 20001 字") {
		t.Errorf("a body one past the limit: %s", r.Body)
	}
	r = h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/ideas", cid), fan, map[string]string{"title": strings.Repeat("t", 121)}).must(t, 400)
	if r.errField() != "title" || !strings.Contains(r.Body, "at most 120 characters, this has 121") {
		t.Errorf("a title one past the limit: %s", r.Body)
	}
}
