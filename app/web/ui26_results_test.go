package web

import (
	"fmt"
	"strings"
	"testing"
)

// TestUI26ResultsCriteriaPunctuation: the results page's "Criteria:" line
// uses the language's own colon (polish.field_sep), as the rest of the site
// does: "评分项：" in Chinese, not an ASCII colon.
func TestUI26ResultsCriteriaPunctuation(t *testing.T) {
	t.Parallel()
	h, cid, _, _ := publishedResults(t)
	b := h.browser()
	for lang, want := range map[string]string{"zh-CN": "<p>评分项：", "en": "<p>Criteria: "} {
		page := b.get(fmt.Sprintf("/challenges/%d/results", cid), "Accept-Language", lang).must(t, 200).Body
		if !strings.Contains(page, want) {
			i := strings.Index(page, map[string]string{"zh-CN": "评分项", "en": "Criteria"}[lang])
			t.Errorf("%s: the criteria line does not start %q: %.60q", lang, want, page[max(i, 0):])
		}
	}
}
