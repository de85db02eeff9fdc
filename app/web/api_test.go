package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestAccountsAPI(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	me := h.api("GET", "/api/v1/me", admin, nil).must(t, 200)
	if roles := fmt.Sprint(me.JSON["roles"]); roles != "[fan admin]" {
		t.Errorf("first admin roles = %s, want [fan admin]", roles)
	}
	// Setup happens once.
	r := h.api("POST", "/api/v1/setup", "", map[string]string{"email": "x@y.cn", "name": "x", "password": "pass-word-9z"}).must(t, 409)
	if r.errCode() != "setup_done" {
		t.Errorf("second setup: code %q", r.errCode())
	}
	fan := h.fan("fan@example.com")
	fanMe := h.api("GET", "/api/v1/me", fan, nil).must(t, 200)
	if roles := fmt.Sprint(fanMe.JSON["roles"]); roles != "[fan]" {
		t.Errorf("fan roles = %s", roles)
	}
	// Email taken (case-insensitively), named by field.
	r = h.api("POST", "/api/v1/users", "", map[string]string{"email": "FAN@example.com", "name": "again", "password": "pass-word-9z"}).must(t, 409)
	if r.errField() != "email" || r.errCode() != "email_taken" {
		t.Errorf("duplicate email: %s", r.Body)
	}
	// A long Chinese passphrase works (argon2id, not bcrypt's 72 bytes).
	long := strings.Repeat("海尔洗衣机创客", 6)
	h.api("POST", "/api/v1/users", "", map[string]string{"email": "zh@example.com", "name": "中文", "password": long}).must(t, 201)
	h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "zh@example.com", "password": long}).must(t, 201)
	h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "zh@example.com", "password": long[:len(long)-3]}).must(t, 401)
	// Bad credentials.
	h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "fan@example.com", "password": "wrong-password"}).must(t, 401)
	h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "nobody@example.com", "password": "wrong-password"}).must(t, 401)
	h.api("GET", "/api/v1/me", "", nil).must(t, 401)
	h.api("GET", "/api/v1/me", "cct_forged", nil).must(t, 401)
	h.api("GET", "/api/v1/me", "not-even-a-token", nil).must(t, 401)
	// Roles: admins only; unknown roles refused by index.
	fanID := num(fanMe.JSON, "id")
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", fanID), fan, map[string]any{"roles": []string{"admin"}}).must(t, 403)
	r = h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", fanID), admin, map[string]any{"roles": []string{"judge", "wizard"}}).must(t, 400)
	if r.errField() != "roles[1]" {
		t.Errorf("bad role field = %q", r.errField())
	}
	h.confirm(int64(fanID))
	r = h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", fanID), admin, map[string]any{"roles": []string{"judge", "engineer"}}).must(t, 200)
	if roles := fmt.Sprint(r.JSON["roles"]); roles != "[fan judge engineer]" {
		t.Errorf("granted roles = %s", roles)
	}
	h.api("PUT", "/api/v1/users/9999/roles", admin, map[string]any{"roles": []string{}}).must(t, 404)
	// The last admin cannot remove their own admin role.
	adminID := num(me.JSON, "id")
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", adminID), admin, map[string]any{"roles": []string{}}).must(t, 409)
}

func TestSignUpValidation(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup() // before it, every sign-up is refused as setup_required
	for _, tc := range []struct {
		body  string
		field string
	}{
		{`{"email":"","name":"a","password":"pass-word-9z"}`, "email"},
		{`{"email":"Bob <bob@x.cn>","name":"a","password":"pass-word-9z"}`, "email"},
		{`{"email":"a@b.cn","name":"   ","password":"pass-word-9z"}`, "name"},
		{`{"email":"a@b.cn","name":"a","password":"short"}`, "password"},
		{`{"email":"a@b.cn","name":` + `"` + strings.Repeat("名", 61) + `","password":"pass-word-9z"}`, "name"},
		{`{"email":"a@b.cn","name":7,"password":"pass-word-9z"}`, "name"},
	} {
		r := h.api("POST", "/api/v1/users", "", tc.body).must(t, 400)
		if r.errField() != tc.field {
			t.Errorf("%s: field %q, want %q (%s)", tc.body, r.errField(), tc.field, r.Body)
		}
	}
}

func TestChallengesAPI(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@example.com")
	body := map[string]any{"title": "Qige spring", "kind": "design_poll"}
	h.api("POST", "/api/v1/challenges", "", body).must(t, 401)
	h.api("POST", "/api/v1/challenges", fan, body).must(t, 403)
	r := h.api("POST", "/api/v1/challenges", admin, body).must(t, 201)
	id := num(r.JSON, "id")
	if str(r.JSON, "phase") != "draft" || num(r.JSON, "shortlist_size") != 10 || num(r.JSON, "winners") != 3 {
		t.Errorf("new challenge: %s", r.Body)
	}
	// A draft is the admin's alone.
	h.api("GET", fmt.Sprintf("/api/v1/challenges/%d", id), fan, nil).must(t, 404)
	if r := h.api("GET", "/api/v1/challenges", "", nil).must(t, 200); len(r.JSON["challenges"].([]any)) != 0 {
		t.Errorf("a visitor sees a draft: %s", r.Body)
	}
	// Opening submissions makes it public, with the phase computed.
	now := h.clock()
	r = h.api("PATCH", fmt.Sprintf("/api/v1/challenges/%d", id), admin, map[string]any{"submissions_open_at": now.Add(-time.Minute), "vote_budget": 3}).must(t, 200)
	if str(r.JSON, "phase") != "submissions" || num(r.JSON, "vote_budget") != 3 || str(r.JSON, "title") != "Qige spring" {
		t.Errorf("after PATCH: %s", r.Body)
	}
	h.api("GET", fmt.Sprintf("/api/v1/challenges/%d", id), "", nil).must(t, 200)
	// null clears a time: back to draft.
	r = h.api("PATCH", fmt.Sprintf("/api/v1/challenges/%d", id), admin, `{"submissions_open_at": null}`).must(t, 200)
	if str(r.JSON, "phase") != "draft" {
		t.Errorf("null did not clear the time: %s", r.Body)
	}
	for _, tc := range []struct{ body, field string }{
		{`{"title": ""}`, "title"},
		{`{"kind": "lottery"}`, "kind"},
		{`{"winners": -1}`, "winners"},
		{`{"voting_open_at": "2026-12-01T00:00:00Z", "voting_close_at": "2026-11-01T00:00:00Z"}`, "voting_close_at"},
		{`{"voting_open_at": "next tuesday"}`, "voting_open_at"}, // a time Go cannot read names its field
	} {
		r := h.api("PATCH", fmt.Sprintf("/api/v1/challenges/%d", id), admin, tc.body).must(t, 400)
		if r.errField() != tc.field {
			t.Errorf("%s: field %q, want %q", tc.body, r.errField(), tc.field)
		}
	}
	h.api("PATCH", fmt.Sprintf("/api/v1/challenges/%d", id), fan, `{"title":"mine"}`).must(t, 403)
	h.api("GET", "/api/v1/challenges/999", admin, nil).must(t, 404)
	h.api("GET", "/api/v1/challenges/abc", admin, nil).must(t, 404)
}

func TestPhasesFollowTheClock(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	now := h.clock()
	r := h.api("POST", "/api/v1/challenges", admin, map[string]any{
		"title": "Haier", "kind": "open_call",
		"submissions_open_at": now.Add(time.Hour), "submissions_close_at": now.Add(3 * time.Hour),
		"voting_open_at": now.Add(2 * time.Hour), "voting_close_at": now.Add(4 * time.Hour),
	}).must(t, 201)
	id := num(r.JSON, "id")
	for _, want := range []string{"draft", "submissions", "submissions", "voting", "judging"} {
		got := str(h.api("GET", fmt.Sprintf("/api/v1/challenges/%d", id), admin, nil).JSON, "phase")
		if got != want {
			t.Errorf("at %s: phase %q, want %q", h.clock().Format(time.Kitchen), got, want)
		}
		h.advance(time.Hour)
	}
}

func TestIdeasAPI(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@example.com")
	other := h.fan("other@example.com")
	cid := h.openChallenge(admin, map[string]any{"ideas_per_fan": 2})
	path := fmt.Sprintf("/api/v1/challenges/%d/ideas", cid)

	r := h.api("POST", path, fan, map[string]any{"title": "  无孔内筒  ", "summary": "水只在内筒里", "body": "**bold** <script>alert(1)</script>", "tags": []string{"结构", "#Drum", "drum", " "}}).must(t, 201)
	id := num(r.JSON, "id")
	if str(r.JSON, "title") != "无孔内筒" || str(r.JSON, "state") != "submitted" || num(r.JSON, "votes") != 0 {
		t.Errorf("created idea: %s", r.Body)
	}
	if fmt.Sprint(r.JSON["tags"]) != "[结构 drum]" {
		t.Errorf("tags = %v, want [结构 drum]", r.JSON["tags"])
	}
	if html := str(r.JSON, "body_html"); !strings.Contains(html, "<strong>bold</strong>") || strings.Contains(html, "<script") {
		t.Errorf("body_html not sanitised: %q", html)
	}
	if author := r.JSON["author"].(map[string]any); author["name"] != "fan" {
		t.Errorf("author = %v", author)
	}
	h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", id), "", nil).must(t, 200)

	// Titles are counted in characters: 120 Chinese characters fit, 121 do not.
	h.api("POST", path, fan, map[string]any{"title": strings.Repeat("洗", 120)}).must(t, 201)
	before := h.ideaCount()
	for _, tc := range []struct {
		body   any
		status int
		field  string
	}{
		{map[string]any{"title": strings.Repeat("洗", 121)}, 400, "title"},
		{map[string]any{"title": ""}, 400, "title"},
		{map[string]any{"title": "   "}, 400, "title"},
		{map[string]any{"summary": "no title"}, 400, "title"},
		{map[string]any{"title": "ok", "summary": strings.Repeat("s", 501)}, 400, "summary"},
		{map[string]any{"title": "ok", "body": strings.Repeat("b", 20001)}, 400, "body"},
		{map[string]any{"title": "ok", "tags": "not a list"}, 400, "tags"},
		{map[string]any{"title": "bad\x00byte"}, 400, "title"},
		{`{"title": "unterminated`, 400, ""},
		{"[1, 2]", 400, ""},
		{"", 400, ""},
		{[]byte("{\"title\": \"\xff\xfe\"}"), 400, ""},
	} {
		r := h.api("POST", path, other, tc.body)
		if r.Status != tc.status || r.errField() != tc.field || r.errCode() == "" {
			t.Errorf("%v: %d %s; want %d field %q", tc.body, r.Status, r.Body, tc.status, tc.field)
		}
	}
	// A body over the limit is refused before it is read.
	big := `{"title": "x", "body": "` + strings.Repeat("a", 2<<20) + `"}`
	h.api("POST", path, other, big).must(t, 413)
	// The per-fan limit (2) is reached.
	r = h.api("POST", path, fan, map[string]any{"title": "third"}).must(t, 409)
	if r.errCode() != "idea_limit_reached" {
		t.Errorf("limit: %s", r.Body)
	}
	if n := h.ideaCount(); n != before {
		t.Errorf("refused requests changed the data: %d ideas, want %d", n, before)
	}
	// Visitors cannot submit; nobody submits to a missing challenge.
	h.api("POST", path, "", map[string]any{"title": "x"}).must(t, 401)
	h.api("POST", "/api/v1/challenges/999/ideas", fan, map[string]any{"title": "x"}).must(t, 404)

	// Editing: the author only; withdraw; admins hide and restore.
	ideaPath := fmt.Sprintf("/api/v1/ideas/%d", id)
	h.api("PATCH", ideaPath, other, map[string]any{"title": "stolen"}).must(t, 403)
	r = h.api("PATCH", ideaPath, fan, map[string]any{"summary": "改进版"}).must(t, 200)
	if str(r.JSON, "summary") != "改进版" || str(r.JSON, "title") != "无孔内筒" {
		t.Errorf("edit: %s", r.Body)
	}
	h.api("PATCH", ideaPath, fan, map[string]any{"state": "hidden"}).must(t, 403)
	h.api("PATCH", ideaPath, fan, map[string]any{"state": "winner"}).must(t, 409)
	h.api("PATCH", ideaPath, fan, map[string]any{"state": "sparkly"}).must(t, 400)
	h.api("PATCH", ideaPath, admin, map[string]any{"state": "hidden", "reason": "duplicate"}).must(t, 200)
	h.api("GET", ideaPath, other, nil).must(t, 404)
	h.api("GET", ideaPath, "", nil).must(t, 404)
	// Its author still sees it, to learn why and ask for a review (README: Visibility).
	if r := h.api("GET", ideaPath, fan, nil).must(t, 200); str(r.JSON, "state") != "hidden" {
		t.Errorf("the author sees state %q, want hidden", str(r.JSON, "state"))
	}
	h.api("GET", ideaPath, admin, nil).must(t, 200)
	h.api("PATCH", ideaPath, admin, map[string]any{"state": "submitted"}).must(t, 200)
	h.api("GET", ideaPath, fan, nil).must(t, 200)
	r = h.api("PATCH", ideaPath, fan, map[string]any{"state": "withdrawn"}).must(t, 200)
	if str(r.JSON, "state") != "withdrawn" {
		t.Errorf("withdraw: %s", r.Body)
	}
	h.api("PATCH", ideaPath, fan, map[string]any{"title": "again"}).must(t, 409)
	// After submissions close, even the author cannot edit.
	id2 := h.idea(other, cid, "late edit")
	h.advance(49 * time.Hour)
	h.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", id2), other, map[string]any{"title": "too late"}).must(t, 409)
	h.api("POST", path, other, map[string]any{"title": "too late"}).must(t, 409)
}

func TestDesignPollOnlyAdminsPostCandidates(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@example.com")
	cid := h.openChallenge(admin, map[string]any{"kind": "design_poll"})
	path := fmt.Sprintf("/api/v1/challenges/%d/ideas", cid)
	h.api("POST", path, fan, map[string]any{"title": "my dress"}).must(t, 403)
	h.api("POST", path, admin, map[string]any{"title": "朱砂红收腰连衣裙"}).must(t, 201)
}

func TestVotesAPI(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@example.com")
	cid := h.openChallenge(admin, map[string]any{"vote_budget": 2})
	a, b, c := h.idea(admin, cid, "a"), h.idea(admin, cid, "b"), h.idea(admin, cid, "c")
	vote := func(id int) string { return fmt.Sprintf("/api/v1/ideas/%d/vote", id) }

	h.api("PUT", vote(a), "", nil).must(t, 401)
	r := h.api("PUT", vote(a), fan, nil).must(t, 200)
	if num(r.JSON, "votes") != 1 || r.JSON["voted"] != true {
		t.Errorf("vote: %s", r.Body)
	}
	// Repeating changes nothing and does not spend the budget.
	r = h.api("PUT", vote(a), fan, nil).must(t, 200)
	if num(r.JSON, "votes") != 1 {
		t.Errorf("repeat vote: %s", r.Body)
	}
	h.api("PUT", vote(b), fan, nil).must(t, 200)
	r = h.api("PUT", vote(c), fan, nil).must(t, 409)
	if r.errCode() != "vote_budget_spent" {
		t.Errorf("over budget: %s", r.Body)
	}
	// Undo frees a vote.
	r = h.api("DELETE", vote(b), fan, nil).must(t, 200)
	if num(r.JSON, "votes") != 0 || r.JSON["voted"] != false {
		t.Errorf("undo: %s", r.Body)
	}
	h.api("DELETE", vote(b), fan, nil).must(t, 200) // undoing twice is harmless
	h.api("PUT", vote(c), fan, nil).must(t, 200)
	// The tally others see is the stored count.
	if got := num(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", c), "", nil).JSON, "votes"); got != 1 {
		t.Errorf("idea c shows %d votes", got)
	}
	h.api("PUT", vote(999), fan, nil).must(t, 404)
	// Hidden ideas take no votes.
	h.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", b), admin, map[string]any{"state": "hidden"}).must(t, 200)
	h.api("PUT", vote(b), admin, nil).must(t, 409)
	// Outside the voting phase: 409, for votes and for undoing them.
	h.advance(73 * time.Hour)
	r = h.api("PUT", vote(a), admin, nil).must(t, 409)
	if r.errCode() != "voting_closed" {
		t.Errorf("closed: %s", r.Body)
	}
	h.api("DELETE", vote(a), fan, nil).must(t, 409)
	h.api("PUT", vote(a), fan, nil).must(t, 409) // even a vote already cast is not re-acknowledged
	if v, err := h.store.Check(t.Context()); err != nil || len(v) > 0 {
		t.Fatalf("check: %v %v", v, err)
	}
}

func TestIdeaListAPI(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fans := []string{h.fan("a@x.cn"), h.fan("b@x.cn"), h.fan("c@x.cn")}
	cid := h.openChallenge(admin, nil)
	var ids []int
	for i := 0; i < 7; i++ {
		ids = append(ids, h.idea(admin, cid, fmt.Sprintf("idea %d", i)))
		h.advance(time.Minute)
	}
	for i, f := range fans { // idea 2 gets 3 votes, idea 4 gets 2, idea 6 gets 1
		for _, id := range []int{ids[2], ids[4], ids[6]}[:3-i] {
			h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", id), f, nil).must(t, 200)
		}
	}
	list := func(q string) ([]int, string) {
		r := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/ideas?%s", cid, q), "", nil).must(t, 200)
		var got []int
		for _, it := range r.JSON["ideas"].([]any) {
			got = append(got, num(it.(map[string]any), "id"))
		}
		next, _ := r.JSON["next_cursor"].(string)
		return got, next
	}
	top, next := list("sort=top&limit=3")
	if fmt.Sprint(top) != fmt.Sprint([]int{ids[2], ids[4], ids[6]}) || next == "" {
		t.Errorf("top = %v next %q", top, next)
	}
	rest, next2 := list("sort=top&limit=10&cursor=" + next)
	if len(rest) != 4 || next2 != "" {
		t.Errorf("second page = %v next %q", rest, next2)
	}
	newest, _ := list("sort=new&limit=2")
	if fmt.Sprint(newest) != fmt.Sprint([]int{ids[6], ids[5]}) {
		t.Errorf("new = %v", newest)
	}
	hot, _ := list("sort=hot&limit=1")
	if hot[0] != ids[2] {
		t.Errorf("hot first = %d, want the most voted recent idea %d", hot[0], ids[2])
	}
	for _, q := range []string{"sort=best", "limit=0", "limit=101", "cursor=!!!", "cursor=bm90LWEtY3Vyc29y"} {
		r := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d/ideas?%s", cid, q), "", nil)
		if r.Status != http.StatusBadRequest || r.errField() == "" {
			t.Errorf("%s: %d %s", q, r.Status, r.Body)
		}
	}
}

func TestCommentsAPI(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@example.com")
	cid := h.openChallenge(admin, nil)
	id := h.idea(fan, cid, "idea")
	path := fmt.Sprintf("/api/v1/ideas/%d/comments", id)
	h.api("POST", path, "", map[string]string{"body": "hi"}).must(t, 401)
	r := h.api("POST", path, fan, map[string]string{"body": "好主意 <img src=x onerror=alert(1)>"}).must(t, 201)
	if r.JSON["official"] != false || strings.Contains(str(r.JSON, "body_html"), "onerror") {
		t.Errorf("fan comment: %s", r.Body)
	}
	r = h.api("POST", path, admin, map[string]string{"body": "谢谢，我们在评估。"}).must(t, 201)
	if r.JSON["official"] != true {
		t.Errorf("admin comment not official: %s", r.Body)
	}
	h.api("POST", path, fan, map[string]string{"body": ""}).must(t, 400)
	h.api("POST", path, fan, map[string]string{}).must(t, 400)
	h.api("POST", path, fan, map[string]string{"body": strings.Repeat("长", 5001)}).must(t, 400)
	r = h.api("GET", path, "", nil).must(t, 200)
	if n := len(r.JSON["comments"].([]any)); n != 2 {
		t.Errorf("%d comments listed, want 2", n)
	}
	if got := num(h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", id), "", nil).JSON, "comments"); got != 2 {
		t.Errorf("idea shows %d comments", got)
	}
}

func TestUnknownAPIPathsAnswerJSON(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	r := h.api("GET", "/api/v1/nothing-here", "", nil).must(t, 404)
	if r.errCode() != "not_found" {
		t.Errorf("404 body: %s", r.Body)
	}
	r = h.api("DELETE", "/api/v1/challenges", "", nil)
	if r.Status != 405 || r.errCode() == "" {
		t.Errorf("405: %d %s", r.Status, r.Body)
	}
}
