package web

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"cocreate/app/domain"
)

// board creates a board through the API and returns its id.
func (h *harness) board(admin, title string) int {
	r := h.api("POST", "/api/v1/challenges", admin, map[string]any{"title": title, "brief": "随时告诉我们", "kind": "board"}).must(h.t, 201)
	return num(r.JSON, "id")
}

// userID is the id of the account behind token.
func (h *harness) userID(token string) int64 {
	return int64(num(h.api("GET", "/api/v1/me", token, nil).must(h.t, 200).JSON, "id"))
}

// engineer signs up a fan and makes them an engineer.
func (h *harness) engineer(admin, email string) string {
	tok := h.fan(email)
	h.confirm(h.userID(tok))
	h.api("PUT", fmt.Sprintf("/api/v1/users/%d/roles", h.userID(tok)), admin, map[string]any{"roles": []string{"engineer"}}).must(h.t, 200)
	return tok
}

func ideaList(r res, key string) []map[string]any {
	var out []map[string]any
	for _, v := range r.JSON[key].([]any) {
		out = append(out, v.(map[string]any))
	}
	return out
}

// The contract of API.md's "Boards": a board is always open; engineers
// and admins set a post's public status with an official response, and
// its author, voters and followers are told (by email too, in each one's
// language, unless they turned emails off); a status outside the list is a
// 400 that changes nothing; the board lists by status and the roadmap
// gathers what is planned, in progress and done.
func TestBoardStatusesAndRoadmap(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	bid := h.board(admin, "洗衣机")
	b := h.api("GET", "/api/v1/challenges/"+itoa(int64(bid)), "", nil).must(t, 200).JSON
	if b["kind"] != "board" || b["phase"] != "submissions" || b["voting_close_at"] != nil || b["submissions_open_at"] == nil {
		t.Fatalf("a new board: %v", b)
	}
	// A year later it is still open.
	h.advance(365 * 24 * time.Hour)

	author, voter, follower := h.fan("author@x.cn"), h.fan("voter@x.cn"), h.fan("follower@x.cn")
	eng := h.engineer(admin, "eng@brand.cn")
	if err := h.store.SetLocale(context.Background(), h.userID(voter), "zh"); err != nil {
		t.Fatal(err)
	}
	if err := h.store.SetEmailNotices(context.Background(), h.userID(follower), false); err != nil {
		t.Fatal(err)
	}
	post := h.idea(author, bid, "洗衣机太吵了")
	other := h.idea(author, bid, "希望有静音模式")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", post), voter, nil).must(t, 200)
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/follow", post), follower, nil).must(t, 200)
	h.confirmationLinks() // the sign-ups' confirmation emails go first

	path := fmt.Sprintf("/api/v1/ideas/%d/status", post)
	idea := func() map[string]any {
		return h.api("GET", fmt.Sprintf("/api/v1/ideas/%d", post), "", nil).must(t, 200).JSON
	}
	if s := idea(); s["status"] != "open" || s["response"] != "" || s["status_at"] != nil {
		t.Fatalf("a new post: %v", s)
	}
	// Refusals change nothing.
	for _, tc := range []struct {
		name, token string
		body        any
		status      int
		code, field string
	}{
		{"visitor", "", map[string]any{"status": "planned"}, 401, "unauthorized", ""},
		{"fan", voter, map[string]any{"status": "planned"}, 403, "forbidden", ""},
		{"the author", author, map[string]any{"status": "done"}, 403, "forbidden", ""},
		{"unknown status", eng, map[string]any{"status": "shipped", "response": "x"}, 400, "invalid_status", "status"},
		{"status in capitals", eng, map[string]any{"status": "PLANNED"}, 400, "invalid_status", "status"},
		{"no status", eng, map[string]any{"response": "x"}, 400, "required", "status"},
		{"status not a string", eng, map[string]any{"status": 3}, 400, "invalid_type", "status"},
		{"decline without a reason", eng, map[string]any{"status": "declined"}, 400, "response_required", "response"},
		{"response too long", eng, map[string]any{"status": "planned", "response": strings.Repeat("长", 5001)}, 400, "too_long", "response"},
		{"not JSON", eng, "status=planned", 400, "", ""},
	} {
		r := h.api("PUT", path, tc.token, tc.body)
		if r.Status != tc.status || (tc.code != "" && r.errCode() != tc.code) || r.errField() != tc.field {
			t.Errorf("%s: %d %s %s, want %d %s %s", tc.name, r.Status, r.errCode(), r.errField(), tc.status, tc.code, tc.field)
		}
	}
	if s := idea(); s["status"] != "open" || s["status_at"] != nil {
		t.Fatalf("a refused change changed the post: %v", s)
	}
	h.api("PUT", "/api/v1/ideas/999999/status", eng, map[string]any{"status": "planned"}).must(t, 404)
	h.api("PUT", "/api/v1/ideas/999999/status", eng, map[string]any{"status": "bogus"}).must(t, 400)
	// Not on a timed challenge's idea.
	cid := h.openChallenge(admin, nil)
	plain := h.idea(author, cid, "普通创意")
	if r := h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/status", plain), eng, map[string]any{"status": "planned"}); r.Status != 409 || r.errCode() != "not_a_board" {
		t.Errorf("status on a challenge's idea: %d %s", r.Status, r.Body)
	}
	if n := len(h.notices(voter)) + len(h.notices(author)) + len(h.notices(follower)); n != 0 {
		t.Fatalf("%d notices after refusals", n)
	}

	// The engineer plans it.
	r := h.api("PUT", path, eng, map[string]any{"status": "planned", "response": "下个固件版本降低噪音 / next firmware"}).must(t, 200).JSON
	if r["status"] != "planned" || r["response"] != "下个固件版本降低噪音 / next firmware" || r["status_at"] == nil || num(r, "votes") != 1 {
		t.Fatalf("planned: %v", r)
	}
	for who, tok := range map[string]string{"author": author, "voter": voter, "follower": follower} {
		n := h.notices(tok)
		if len(n) != 1 || n[0]["kind"] != "status_answered" || !strings.HasSuffix(str(n[0], "url"), fmt.Sprintf("/ideas/%d", post)) {
			t.Errorf("%s's notices: %v", who, n)
		}
	}
	if n := h.notices(eng); len(n) != 0 {
		t.Errorf("the engineer told themselves: %v", n)
	}
	// Emails: in each account's language; none for the follower who turned
	// them off; after a quiet spell (a status set again meanwhile replaces it).
	h.advance(domain.StatusMailQuiet)
	mails := h.mailOut("")
	if len(mails) != 2 || len(mails["voter@x.cn"]) != 1 || len(mails["author@x.cn"]) != 1 {
		t.Fatalf("emails to %d people, want 2 (author and voter, once each): %v", len(mails), mails)
	}
	if m := mails["voter@x.cn"][0]; m.Lang != "zh" || !strings.Contains(m.Text, "已排期") || !strings.Contains(m.Text, "洗衣机太吵了") {
		t.Errorf("the voter's email is not in Chinese: %+v", m)
	}
	if m := mails["author@x.cn"][0]; m.Lang != "en" || !strings.Contains(m.Text, "Planned") {
		t.Errorf("the author's email: %+v", m)
	}
	// The same answer again tells no one again.
	h.api("PUT", path, eng, map[string]any{"status": "planned", "response": "下个固件版本降低噪音 / next firmware"}).must(t, 200)
	h.api("PUT", path, eng, map[string]any{"status": "planned"}).must(t, 200) // no response: kept
	if n := len(h.notices(voter)); n != 1 {
		t.Errorf("a repeated answer notified again: %d notices", n)
	}
	if s := idea(); s["response"] != "下个固件版本降低噪音 / next firmware" {
		t.Errorf("a status without a response lost the response: %v", s["response"])
	}
	// Mending the answer's wording tells no one again either: no notice,
	// no email (each edit once told every voter and follower anew).
	h.api("PUT", path, eng, map[string]any{"status": "planned", "response": "下个固件版本（2.1）降低噪音 / next firmware (2.1)"}).must(t, 200)
	if s := idea(); s["response"] != "下个固件版本（2.1）降低噪音 / next firmware (2.1)" {
		t.Errorf("the reworded response was not saved: %v", s["response"])
	}
	for who, tok := range map[string]string{"author": author, "voter": voter, "follower": follower} {
		if n := len(h.notices(tok)); n != 1 {
			t.Errorf("a reworded answer notified the %s again: %d notices", who, n)
		}
	}
	if mails := h.mailOut(""); len(mails) != 0 {
		t.Errorf("a reworded answer emailed again: %v", mails)
	}
	// Admins answer too; the other post is declined with its reason.
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/status", other), admin, map[string]any{"status": "declined", "response": "已有静音程序"}).must(t, 200)

	// The board by status; a bad filter is a 400 naming it.
	list := func(q string) []map[string]any {
		return ideaList(h.api("GET", "/api/v1/challenges/"+itoa(int64(bid))+"/ideas"+q, "", nil).must(t, 200), "ideas")
	}
	if l := list("?status=planned"); len(l) != 1 || num(l[0], "id") != post {
		t.Errorf("planned: %v", l)
	}
	if l := list("?status=declined&sort=top"); len(l) != 1 || num(l[0], "id") != other || l[0]["response"] != "已有静音程序" {
		t.Errorf("declined: %v", l)
	}
	if l := list("?status=done"); len(l) != 0 {
		t.Errorf("done: %v", l)
	}
	if l := list(""); len(l) != 2 {
		t.Errorf("all: %v", l)
	}
	if r := h.api("GET", "/api/v1/challenges/"+itoa(int64(bid))+"/ideas?status=soon", "", nil); r.Status != 400 || r.errField() != "status" {
		t.Errorf("a bad filter: %d %s", r.Status, r.Body)
	}

	// The roadmap: the planned post with its votes and response; declined
	// posts are not on it; every column is a list, empty or not.
	rm := h.api("GET", "/api/v1/roadmap", "", nil).must(t, 200)
	planned := ideaList(rm, "planned")
	if len(planned) != 1 || num(planned[0], "id") != post || num(planned[0], "votes") != 1 || planned[0]["response"] == "" {
		t.Errorf("roadmap planned: %v", planned)
	}
	if !strings.Contains(rm.Body, `"in_progress":[]`) || !strings.Contains(rm.Body, `"done":[]`) {
		t.Errorf("empty columns must be lists: %s", rm.Body)
	}
	// Done, because fans asked.
	h.api("PUT", path, eng, map[string]any{"status": "done", "response": "新固件已发布 / shipped"}).must(t, 200)
	rm = h.api("GET", "/api/v1/roadmap", "", nil).must(t, 200)
	if len(ideaList(rm, "planned")) != 0 || len(ideaList(rm, "done")) != 1 {
		t.Errorf("after done: %s", rm.Body)
	}
	// A hidden post leaves the roadmap for everyone but admins; the API
	// answer is the same for a visitor and a fan.
	h.api("PATCH", fmt.Sprintf("/api/v1/ideas/%d", post), admin, map[string]any{"state": "hidden", "reason": "spam"}).must(t, 200)
	for _, tok := range []string{"", voter} {
		if d := ideaList(h.api("GET", "/api/v1/roadmap", tok, nil).must(t, 200), "done"); len(d) != 0 {
			t.Errorf("a hidden post on the roadmap: %v", d)
		}
	}
	if r := h.api("PUT", path, eng, map[string]any{"status": "planned"}); r.Status != 404 {
		t.Errorf("status on a hidden post by an engineer: %d %s", r.Status, r.Body)
	}
	if r := h.api("PUT", path, admin, map[string]any{"status": "planned"}); r.Status != 409 || r.errCode() != "post_not_listed" {
		t.Errorf("status on a hidden post by an admin: %d %s", r.Status, r.Body)
	}
}

// notices lists a person's notifications.
func (h *harness) notices(token string) []map[string]any {
	var out []map[string]any
	for _, n := range ideaList(h.api("GET", "/api/v1/me/notifications", token, nil).must(h.t, 200), "notifications") {
		if !roleNotice(n) {
			out = append(out, n)
		}
	}
	return out
}

// roleNotice is a notice of a role given or taken (staff50 tests read
// those): the tests of other notices leave out the one each staffer gets
// when the test gives them their role. So too the honours an act earns
// its fan by the way, a new level or a rule badge, beside the act's own
// notice (honour52 tests read those).
func roleNotice(n map[string]any) bool {
	k, _ := n["kind"].(string)
	return strings.HasPrefix(k, "role_") || k == "level_up" || k == "badge_earned"
}

// A board has no times, phases or judging; a board stays a board.
func TestBoardIsAlwaysOpen(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	before := len(ideaList(h.api("GET", "/api/v1/challenges", admin, nil).must(t, 200), "challenges"))
	for field, v := range map[string]any{"voting_close_at": h.clock().Add(time.Hour), "submissions_open_at": h.clock().Add(time.Hour)} {
		r := h.api("POST", "/api/v1/challenges", admin, map[string]any{"title": "冰箱", "kind": "board", field: v})
		if r.Status != 400 || r.errField() != field || r.errCode() != "board_always_open" {
			t.Errorf("a board with %s: %d %s", field, r.Status, r.Body)
		}
	}
	if n := len(ideaList(h.api("GET", "/api/v1/challenges", admin, nil).must(t, 200), "challenges")); n != before {
		t.Fatalf("refused boards were created: %d → %d", before, n)
	}
	bid := h.board(admin, "冰箱")
	id := itoa(int64(bid))
	if r := h.api("PATCH", "/api/v1/challenges/"+id, admin, map[string]any{"kind": "open_call"}); r.Status != 400 || r.errCode() != "kind_fixed" {
		t.Errorf("a board made a challenge: %d %s", r.Status, r.Body)
	}
	cid := h.openChallenge(admin, nil)
	if r := h.api("PATCH", "/api/v1/challenges/"+itoa(int64(cid)), admin, map[string]any{"kind": "board"}); r.Status != 400 || r.errCode() != "kind_fixed" {
		t.Errorf("a challenge made a board: %d %s", r.Status, r.Body)
	}
	h.api("PATCH", "/api/v1/challenges/"+id, admin, map[string]any{"title": "冰箱 Fridges"}).must(t, 200)
	if r := h.api("POST", "/api/v1/challenges/"+id+"/shortlist", admin, map[string]any{"top": 3}); r.Status != 409 || r.errCode() != "board_not_judged" {
		t.Errorf("a board's shortlist: %d %s", r.Status, r.Body)
	}
	// The phase form is refused, back on the board with the reason.
	a := h.adminBrowser()
	r := a.post("/challenges/"+id, "/challenges/"+id+"/phase", url.Values{"move": {"close"}})
	if r.Status != 303 {
		t.Errorf("phase move on a board: %d", r.Status)
	}
	if c := h.api("GET", "/api/v1/challenges/"+id, "", nil).must(t, 200).JSON; c["phase"] != "submissions" {
		t.Errorf("the board moved: %v", c["phase"])
	}
	if page := a.get("/challenges/" + id).Body; !strings.Contains(page, "Always open") || strings.Contains(page, `action="/challenges/`+id+`/phase"`) {
		t.Errorf("the board page offers phase moves or does not say it is always open")
	}
}

// The pages: the home page lists boards apart; a board filters by status
// and shows each post's badge and official response; an engineer answers
// from the post's page (a refusal shown at the field); the roadmap page and
// its feed; the reply-time dashboard counts a status answer as a reply.
func TestBoardPages(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	bid := h.board(admin, "洗衣机 Washers")
	cid := h.openChallenge(admin, nil)
	fan := h.fan("fan@x.cn")
	h.engineer(admin, "eng@brand.cn")
	post := h.idea(fan, bid, "门封圈发霉")
	h.idea(fan, bid, "想要APP远程控制")

	v := h.browser()
	home := v.get("/").must(t, 200).Body
	bi, ci := strings.Index(home, "洗衣机 Washers"), strings.Index(home, "洗衣机二次污染")
	if bi < 0 || ci < 0 || !strings.Contains(home, "Boards: always open") || !strings.Contains(home, `href="/roadmap"`) {
		t.Fatalf("home lists boards apart: board %d challenge %d", bi, ci)
	}
	_ = cid

	e := h.browser()
	e.signIn("eng@brand.cn", "fan-password")
	ip := fmt.Sprintf("/ideas/%d", post)
	page := e.get(ip).must(t, 200).Body
	if !strings.Contains(page, `action="/ideas/`+itoa(int64(post))+`/status"`) {
		t.Fatal("the engineer has no status form")
	}
	if strings.Contains(v.get(ip).Body, "/status\"") {
		t.Error("a visitor sees the status form")
	}
	// A decline without a reason: shown at the response field, nothing saved.
	r := e.post(ip, ip+"/status", url.Values{"status": {"declined"}, "response": {" "}})
	if r.Status != 400 || !strings.Contains(r.Body, `id="response-error"`) || !strings.Contains(r.Body, `aria-invalid="true"`) {
		t.Fatalf("refused decline: %d", r.Status)
	}
	r = e.post(ip, ip+"/status", url.Values{"status": {"in_progress"}, "response": {"**正在**更换材料"}})
	if r.Status != 303 {
		t.Fatalf("status form: %d %.300s", r.Status, r.Body)
	}
	page = v.get(ip).Body
	if !strings.Contains(page, "status-in_progress") || !strings.Contains(page, "<strong>正在</strong>更换材料") || !strings.Contains(page, "Official response") {
		t.Error("the post page shows no status or response")
	}

	board := "/challenges/" + itoa(int64(bid))
	all := v.get(board).must(t, 200).Body
	if !strings.Contains(all, "门封圈发霉") || !strings.Contains(all, "想要APP远程控制") || !strings.Contains(all, "status-in_progress") {
		t.Error("the board lists its posts with their badges")
	}
	filtered := v.get(board+"?status=in_progress&sort=top").must(t, 200).Body
	if !strings.Contains(filtered, "门封圈发霉") || strings.Contains(filtered, "想要APP远程控制") || !strings.Contains(filtered, "更换材料") {
		t.Error("the in-progress filter")
	}
	if r := v.get(board + "?status=nope"); r.Status != 400 {
		t.Errorf("a bad filter on the page: %d", r.Status)
	}
	zh := v.get(board, "Accept-Language", "zh-CN").Body
	if !strings.Contains(zh, "开发中") || !strings.Contains(zh, "常开") {
		t.Error("the board in Chinese")
	}

	rm := v.get("/roadmap").must(t, 200).Body
	if !strings.Contains(rm, "门封圈发霉") || !strings.Contains(rm, "更换材料") || strings.Contains(rm, "想要APP远程控制") {
		t.Error("the roadmap page")
	}
	feed := v.get("/roadmap/feed.atom").must(t, 200)
	var f atomFeed
	if err := xml.Unmarshal([]byte(feed.Body), &f); err != nil || len(f.Entries) != 1 || !strings.Contains(f.Entries[0].Title, "门封圈发霉") ||
		!strings.Contains(f.Entries[0].Content.Body, "更换材料") || !strings.HasPrefix(feed.Header.Get("Content-Type"), "application/atom+xml") {
		t.Errorf("the roadmap feed: %v %+v", err, f)
	}

	// Reply times: the status answer is the brand's reply to the post.
	adm, _, err := h.store.UserByEmail(context.Background(), "admin@brand.cn")
	if err != nil {
		t.Fatal(err)
	}
	st, waits, err := h.svc.ReplyTimes(context.Background(), &adm, int64(bid))
	if err != nil || st.Answered != 1 || st.Unanswered != 1 || len(waits) != 2 {
		t.Errorf("reply times: %+v %v", st, err)
	}

	// An admin starts a challenge from the post: its brief links the post.
	a := h.adminBrowser()
	form := a.get(fmt.Sprintf("/challenges/new?from=%d", post)).must(t, 200).Body
	if !strings.Contains(form, fmt.Sprintf("(/ideas/%d-", post)) || !strings.Contains(form, "门封圈发霉") {
		t.Error("a challenge from a post does not link it")
	}
	if r := a.get("/challenges/new?from=x"); r.Status != 400 {
		t.Errorf("a bad from: %d", r.Status)
	}
	_ = domain.Board
}
