package web

import (
	"fmt"
	"strings"
	"testing"
)

// The API reads and changes the groups of a person's emails: a partial
// object changes what it names, a group there is not is refused naming
// email_kinds and changes nothing (not even the other fields given), and
// the staff group is shown to those with a role.
func TestMailkinds32APIEmailKinds(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@x.cn")
	me := h.api("GET", "/api/v1/me", fan, nil).must(t, 200).JSON
	all := map[string]any{"comments": true, "ideas": true, "testing": true, "clubs": true}
	if fmt.Sprint(me["email_kinds"]) != fmt.Sprint(all) {
		t.Errorf("a new fan's email_kinds: %v", me["email_kinds"])
	}
	r := h.api("PATCH", "/api/v1/me", fan, map[string]any{"email_kinds": map[string]bool{"clubs": false, "testing": false}}).must(t, 200)
	want := map[string]any{"comments": true, "ideas": true, "testing": false, "clubs": false}
	if fmt.Sprint(r.JSON["email_kinds"]) != fmt.Sprint(want) {
		t.Errorf("after turning clubs and testing off: %v", r.JSON["email_kinds"])
	}
	r = h.api("PATCH", "/api/v1/me", fan, map[string]any{"email_kinds": map[string]bool{"testing": true}}).must(t, 200)
	want["testing"] = true
	if fmt.Sprint(r.JSON["email_kinds"]) != fmt.Sprint(want) {
		t.Errorf("after turning testing on again: %v", r.JSON["email_kinds"])
	}
	r = h.api("PATCH", "/api/v1/me", fan, map[string]any{"name": "新名字", "email_kinds": map[string]bool{"comments": false, "polls": false}})
	if r.Status != 400 || r.errField() != "email_kinds" || !strings.Contains(r.Body, "unknown_email_group") {
		t.Errorf("an unknown group: %d %s", r.Status, r.Body)
	}
	me = h.api("GET", "/api/v1/me", fan, nil).must(t, 200).JSON
	if fmt.Sprint(me["email_kinds"]) != fmt.Sprint(want) || me["name"] != "fan" {
		t.Errorf("a refused PATCH changed something: %v %v", me["email_kinds"], me["name"])
	}
	judge, _ := h.staffer(admin, "judge@x.cn", "judge")
	if k := h.api("GET", "/api/v1/me", judge, nil).must(t, 200).JSON["email_kinds"].(map[string]any); k["staff"] != true {
		t.Errorf("a judge's email_kinds: %v", k)
	}
}
