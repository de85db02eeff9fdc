package web

import (
	"regexp"
	"testing"
)

// The walk of filled forms: the challenge form's price bands ("99, 199,
// 299") asked a phone for its number pad, which on an iPhone has no comma
// or space to part them with. The field takes the phone's own keyboard
// (the bands may be parted by ",", "，", "、" or spaces).
func TestPriceBandsCanBeTypedOnAPhone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	b := h.browser()
	b.signIn("admin@brand.cn", "admin-password")
	field := regexp.MustCompile(`<input id="price_bands"[^>]*>`)
	pad := regexp.MustCompile(`inputmode="(numeric|decimal|tel)"`)
	for _, path := range []string{"/challenges/new", "/challenges/" + itoa(int64(cid)) + "/edit"} {
		tag := field.FindString(b.get(path).Body)
		if tag == "" {
			t.Fatalf("%s has no price bands field", path)
		}
		if pad.MatchString(tag) {
			t.Errorf("%s asks for a number pad, which cannot part the bands: %s", path, tag)
		}
	}
}
