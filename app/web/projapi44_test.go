package web

import (
	"fmt"
	"strings"
	"testing"
)

// An engineer's app manages a fan test as the page does: the project's
// answer carries the applications to test (for its engineer and admins
// only), the credits, and the caller's standing; credits are set through
// the API too.
func TestProjapi44AnEngineersAppSeesApplicationsAndCredits(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.inFanTest(t) // the fan applied ("我每天洗衣服") and was accepted
	h := e.h
	h.earn(e.authorID, 10)
	h.api("POST", fmt.Sprintf("/api/v1/projects/%d/testers", e.pid), e.author, map[string]string{"motivation": "家里有两台洗衣机"}).must(t, 201)
	path := fmt.Sprintf("/api/v1/projects/%d", e.pid)

	r := h.api("GET", path, e.eng, nil).must(t, 200)
	apps, _ := r.JSON["applications"].([]any)
	if len(apps) != 2 || !strings.Contains(r.Body, "我每天洗衣服") || !strings.Contains(r.Body, "家里有两台洗衣机") {
		t.Fatalf("the engineer's project: %s", r.Body)
	}
	for _, a := range apps {
		a := a.(map[string]any)
		who := num(a["user"].(map[string]any), "id")
		if who == e.fanID && (a["accepted"] != true || a["decided"] != true) || who == e.authorID && (a["accepted"] != false || a["decided"] != false) {
			t.Errorf("an application as the app reads it: %v", a)
		}
	}
	if v, _ := r.JSON["viewer"].(map[string]any); v["can_manage"] != true {
		t.Errorf("the engineer's standing: %v", r.JSON["viewer"])
	}
	// Others see no application; the caller's own standing is theirs.
	for tok, want := range map[string]string{e.fan: `"viewer":{"applied":true,"tester":true,"declined":false,"can_manage":false}`,
		e.author: `"viewer":{"applied":true,"tester":false,"declined":false,"can_manage":false}`, "": `"viewer":{"applied":false,"tester":false,"declined":false,"can_manage":false}`} {
		r := h.api("GET", path, tok, nil).must(t, 200)
		if strings.Contains(r.Body, "applications") || strings.Contains(r.Body, "我每天洗衣服") || !strings.Contains(r.Body, want) {
			t.Errorf("a project read by someone who does not manage it: %s", r.Body)
		}
	}

	// Credits.
	credits := fmt.Sprintf("/api/v1/projects/%d/credits", e.pid)
	r = h.api("PUT", credits, e.eng, map[string]any{"credits": []map[string]any{{"user_id": e.authorID, "role": "提出创意"}, {"user_id": e.fanID, "role": "首批测试"}}}).must(t, 200)
	if got, _ := r.JSON["credits"].([]any); len(got) != 2 || !strings.Contains(r.Body, "提出创意") {
		t.Errorf("the credits set: %s", r.Body)
	}
	if r := h.api("GET", path, "", nil).must(t, 200); !strings.Contains(r.Body, `"role":"首批测试"`) {
		t.Errorf("a visitor does not read the credits: %s", r.Body)
	}
	h.api("PUT", credits, e.fan, map[string]any{"credits": []map[string]any{}}).must(t, 403)
	if r := h.api("PUT", credits, e.eng, map[string]any{"credits": []map[string]any{{"user_id": e.fanID, "role": strings.Repeat("长", 61)}}}).must(t, 400); r.errField() != "credits.role" {
		t.Errorf("a role too long: %s", r.Body)
	}
	// A body without the list (a misspelt key) takes nothing away.
	for _, body := range []any{map[string]any{}, map[string]any{"credit": []map[string]any{}}, map[string]any{"credits": nil}} {
		if r := h.api("PUT", credits, e.eng, body).must(t, 400); r.errField() != "credits" || r.errCode() != "required" {
			t.Errorf("%v: %s", body, r.Body)
		}
	}
	if r := h.api("GET", path, "", nil).must(t, 200); !strings.Contains(r.Body, `"role":"首批测试"`) {
		t.Errorf("a refused change changed the credits: %s", r.Body)
	}
	// [] is the list: it clears them.
	h.api("PUT", credits, e.eng, map[string]any{"credits": []map[string]any{}}).must(t, 200)
	if r := h.api("GET", path, "", nil).must(t, 200); strings.Contains(r.Body, `"role":"首批测试"`) {
		t.Errorf("an empty list left the credits: %s", r.Body)
	}
}
