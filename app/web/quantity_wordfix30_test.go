package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A quantity out of range says the limits, 1 to 10, in the API's message
// and at the form's field, in the person's language; the code stays
// out_of_range.
func TestIntentQuantitySaysTheLimits(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("lin@fans.cn")
	_, designs := qigePoll(t, h, admin)
	path := "/api/v1/ideas/" + itoa(int64(designs[1])) + "/intent"
	for lang, want := range map[string]string{"zh-CN": "数量请填 1 到 10 之间的整数。", "en": "Choose a quantity from 1 to 10."} {
		for _, q := range []any{11, 0} {
			req, _ := http.NewRequest("PUT", h.srv.URL+path, strings.NewReader(`{"quantity": `+itoa(int64(q.(int)))+`, "options": {"size": "M", "colour": "红"}, "max_price": 199}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+fan)
			req.Header.Set("Accept-Language", lang)
			r := h.do(http.DefaultClient, req).must(t, 400)
			if r.errCode() != "out_of_range" || r.errField() != "quantity" || str(r.JSON, "error", "message") != want {
				t.Errorf("%s, quantity %v: %s %s %q, want out_of_range at quantity, %q", lang, q, r.errCode(), r.errField(), str(r.JSON, "error", "message"), want)
			}
		}
	}
	b := h.browser()
	b.signIn("lin@fans.cn", "fan-password")
	page := "/ideas/" + itoa(int64(designs[1]))
	for _, lang := range []string{"zh", "en"} {
		b.post(page, "/lang", url.Values{"lang": {lang}, "next": {"/"}}).must(t, 303)
		for _, q := range []string{"11", "0", "two"} {
			r := b.post(page, page+"/intent", url.Values{"quantity": {q}, "option.size": {"M"}, "option.colour": {"红"}, "max_price": {"199"}})
			want := `<span class="field-error" id="quantity-error">` + jT(lang, "error.out_of_range.quantity", 1, 10) + `</span>`
			if r.Status != 400 || !strings.Contains(r.Body, want) {
				t.Errorf("%s, quantity %q: %d without %s", lang, q, r.Status, want)
			}
		}
	}
}
