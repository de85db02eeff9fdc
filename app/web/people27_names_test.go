package web

import (
	"strings"
	"testing"
)

// A name cannot pass for another fan's (a right-to-left override after
// it) nor be invisible (zero-width spaces): refused, naming the field, at
// sign-up, on a profile change and on a name change, in the asker's
// language.
func TestPeople27NamesAreVisibleAndTheirOwn(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	maria := h.fan("maria@x.cn")
	h.api("PUT", "/api/v1/me/profile", maria, map[string]string{"name": "Maria Lopez"}).must(t, 200)
	c := &people27Club{h: h}
	for _, bad := range []struct{ name, code string }{
		{"Maria Lopez\u202e", "format_character"},
		{"\u200b\u200b", "format_character"},
		{"\u3164", "no_visible_character"},
	} {
		if r := h.api("POST", "/api/v1/users", "", map[string]string{"email": "copy@x.cn", "name": bad.name, "password": "fan-password"}); r.Status != 400 || r.errField() != "name" || r.errCode() != bad.code {
			t.Errorf("sign-up as %q: %d %s", bad.name, r.Status, r.Body)
		}
		if r := h.api("PUT", "/api/v1/me/profile", maria, map[string]string{"name": bad.name}); r.Status != 400 || r.errField() != "name" || r.errCode() != bad.code {
			t.Errorf("profile name %q: %d %s", bad.name, r.Status, r.Body)
		}
		if r := h.api("PATCH", "/api/v1/me", maria, map[string]string{"name": bad.name}); r.Status != 400 || r.errField() != "name" || r.errCode() != bad.code {
			t.Errorf("name change to %q: %d %s", bad.name, r.Status, r.Body)
		}
	}
	if r := c.zh(t, "PUT", "/api/v1/me/profile", maria, map[string]string{"name": "\u200b"}); !strings.Contains(str(r.JSON, "error", "message"), "名字") {
		t.Errorf("in Chinese: %s", r.Body)
	}
	me := h.api("GET", "/api/v1/me", maria, nil).must(t, 200).JSON
	if me["name"] != "Maria Lopez" {
		t.Errorf("the name became %q", me["name"])
	}
	// Names in any script, with accents and emoji, still pass.
	for _, good := range []string{"张伟", "José Ñúñez", "洗衣机迷 🧺"} {
		h.api("PUT", "/api/v1/me/profile", maria, map[string]string{"name": good}).must(t, 200)
		if p := profileOf(h, "", num(me, "id")); p["name"] != good {
			t.Errorf("profile name %v, want %s", p["name"], good)
		}
	}
}
