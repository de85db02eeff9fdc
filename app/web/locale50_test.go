package web

import "testing"

// An app chooses the language of its person's email, as the pages'
// language switch does; a language the site is not written in is refused,
// naming the field, and changes nothing.
func TestAnAppSetsTheAccountsLanguage(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	fan := h.fan("fan@x.cn")
	if r := h.api("PATCH", "/api/v1/me", fan, map[string]any{"locale": "en", "name": "范"}).must(t, 200); str(r.JSON, "locale") != "en" || str(r.JSON, "name") != "范" {
		t.Errorf("after choosing English: %s", r.Body)
	}
	if r := h.api("GET", "/api/v1/me", fan, nil).must(t, 200); str(r.JSON, "locale") != "en" {
		t.Errorf("me after choosing English: %s", r.Body)
	}
	if r := h.api("PATCH", "/api/v1/me", fan, map[string]any{"locale": "fr", "name": "不该改"}).must(t, 400); r.errField() != "locale" || r.errCode() != "invalid_lang" {
		t.Errorf("French: %s", r.Body)
	}
	if r := h.api("GET", "/api/v1/me", fan, nil).must(t, 200); str(r.JSON, "locale") != "en" || str(r.JSON, "name") != "范" {
		t.Errorf("a refused change changed: %s", r.Body)
	}
	h.api("PATCH", "/api/v1/me", fan, map[string]any{"locale": "zh"}).must(t, 200)
	if r := h.api("GET", "/api/v1/me", fan, nil).must(t, 200); str(r.JSON, "locale") != "zh" {
		t.Errorf("me after choosing Chinese: %s", r.Body)
	}
}
