package web

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Session 49: what an organiser may change on a challenge, and when.

func challengePath(id int) string { return fmt.Sprintf("/api/v1/challenges/%d", id) }

// refused asserts a 409 with its code and field.
func refused(t *testing.T, r res, code, field string) {
	t.Helper()
	r.must(t, 409)
	if r.errCode() != code || r.errField() != field {
		t.Errorf("refused with %q at %q, want %q at %q", r.errCode(), r.errField(), code, field)
	}
}

// A supporter threshold is set before the first idea: added to a running
// call it expired every older idea and gave back its votes, and set while
// judging it shortlisted ideas past the organiser.
func TestEdits49ThresholdFixedOnceIdeasExist(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author := h.fan("author@fans.cn")
	fans := []string{h.fan("a@fans.cn"), h.fan("b@fans.cn")}
	call := h.openChallenge(admin, nil)
	// With no idea yet it may be set, changed and lifted.
	h.api("PATCH", challengePath(call), admin, map[string]any{"support_threshold": 2, "threshold_days": 1}).must(t, 200)
	h.api("PATCH", challengePath(call), admin, map[string]any{"support_threshold": 0, "threshold_days": 0}).must(t, 200)

	older := h.idea(author, call, "免清洗内筒")
	for _, tok := range fans {
		h.api("PUT", "/api/v1/ideas/"+itoa(int64(older))+"/vote", tok, nil).must(t, 200)
	}
	h.advance(24 * time.Hour) // the idea is a day old: a threshold of one day would expire it
	refused(t, h.api("PATCH", challengePath(call), admin, map[string]any{"support_threshold": 3, "threshold_days": 1}), "threshold_locked", "support_threshold")
	// Unchanged values are no change; the rest of the edit saves.
	h.api("PATCH", challengePath(call), admin, map[string]any{"support_threshold": 0, "threshold_days": 0, "title": "洗衣机二次污染（延长）"}).must(t, 200)

	// While judging, a threshold the ideas already hold is refused too.
	h.advance(3 * 24 * time.Hour)
	if phase := str(h.api("GET", challengePath(call), "", nil).must(t, 200).JSON, "phase"); phase != "judging" {
		t.Fatalf("phase %q, want judging", phase)
	}
	refused(t, h.api("PATCH", challengePath(call), admin, map[string]any{"support_threshold": 2}), "threshold_locked", "support_threshold")
	if n, err := h.svc.SweepThresholds(context.Background()); err != nil || n != 0 {
		t.Fatalf("the sweep moved %d: %v", n, err)
	}
	got := h.api("GET", "/api/v1/ideas/"+itoa(int64(older)), "", nil).must(t, 200).JSON
	if str(got, "state") != "submitted" || num(got, "votes") != 2 {
		t.Errorf("the older idea: state %q, %d votes", str(got, "state"), num(got, "votes"))
	}
	for _, tok := range fans {
		if n := h.api("GET", "/api/v1/me/notifications", tok, nil).must(t, 200).Body; strings.Contains(n, "vote_returned") {
			t.Errorf("a voter was given their vote back: %s", n)
		}
	}

	// Days are fixed with the threshold.
	timed := h.openChallenge(admin, map[string]any{"support_threshold": 5, "threshold_days": 10})
	h.idea(author, timed, "滤网提醒")
	refused(t, h.api("PATCH", challengePath(timed), admin, map[string]any{"threshold_days": 1}), "threshold_locked", "threshold_days")
	h.api("PATCH", challengePath(timed), admin, map[string]any{"support_threshold": 5, "threshold_days": 10}).must(t, 200)
}

// The edit form shows the threshold fixed once ideas exist, and a form
// opened before (still sending it) is refused in Chinese at the field.
func TestEdits49ThresholdFixedOnTheForm(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	author := h.fan("author@fans.cn")
	call := h.openChallenge(admin, map[string]any{"support_threshold": 5, "threshold_days": 10, "winners": 1, "shortlist_size": 0})
	b := h.adminBrowser()
	b.post("/", "/lang", url.Values{"lang": {"zh"}}).must(t, 303)
	edit := fmt.Sprintf("/challenges/%d/edit", call)
	if page := b.get(edit).must(t, 200).Body; strings.Contains(page, `aria-describedby="threshold-locked"`) {
		t.Error("the threshold is fixed before any idea")
	}
	h.idea(author, call, "免清洗内筒")
	page := b.get(edit).must(t, 200).Body
	if !strings.Contains(page, `value="5" disabled aria-describedby="threshold-locked"`) || !strings.Contains(page, "已有创意提交，支持门槛和天数不能再更改。") {
		t.Errorf("the fixed threshold is not shown disabled with its reason: %.3000s", page)
	}
	form := challengeFormValues(h.clock(), "洗衣机二次污染")
	form.Set("support_threshold", "3")
	form.Set("threshold_days", "10")
	r := b.post(edit, fmt.Sprintf("/challenges/%d", call), form)
	if r.Status != 409 || !strings.Contains(r.Body, "支持门槛和天数只能在第一个创意提交之前更改。") {
		t.Fatalf("a stale form's threshold: %d %.2000s", r.Status, r.Body)
	}
	// The form as it now is (the disabled fields not sent) saves.
	form.Del("support_threshold")
	form.Del("threshold_days")
	b.post(edit, fmt.Sprintf("/challenges/%d", call), form).must(t, 303)
	if got := h.api("GET", challengePath(call), "", nil).must(t, 200).JSON; num(got, "support_threshold") != 5 || num(got, "threshold_days") != 10 {
		t.Errorf("the threshold moved: %v", got)
	}
}

// Moving voting_open_at later no longer unlocks the method, who may vote
// or the budget once anyone has voted; with nobody having acted it still
// does. The refusal names its field, and the form shows the lock.
func TestEdits49VoteRulesHoldWhenVotingMovesLater(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@fans.cn")
	voted := h.openChallenge(admin, map[string]any{"vote_budget": 3})
	idea := h.idea(fan, voted, "免清洗内筒")
	h.api("PUT", "/api/v1/ideas/"+itoa(int64(idea))+"/vote", fan, nil).must(t, 200)
	refused(t, h.api("PATCH", challengePath(voted), admin, map[string]any{"voting_method": "stars"}), "voting_method_locked", "voting_method")
	later := h.clock().Add(24 * time.Hour)
	h.api("PATCH", challengePath(voted), admin, map[string]any{"voting_open_at": later, "voting_close_at": later.Add(72 * time.Hour)}).must(t, 200)
	refused(t, h.api("PATCH", challengePath(voted), admin, map[string]any{"voting_method": "stars"}), "voting_method_locked", "voting_method")
	refused(t, h.api("PATCH", challengePath(voted), admin, map[string]any{"voters": "verified"}), "voters_locked", "voters")
	refused(t, h.api("PATCH", challengePath(voted), admin, map[string]any{"vote_budget": 1}), "vote_budget_locked", "vote_budget")
	h.api("PATCH", challengePath(voted), admin, map[string]any{"vote_budget": 5}).must(t, 200)
	if got := h.api("GET", challengePath(voted), "", nil).must(t, 200).JSON; str(got, "voting_method") != "support" || str(got, "voters") != "signed_in" {
		t.Errorf("the rules moved: %v", got)
	}

	// Nobody acted: postponing the vote leaves the method free.
	quiet := h.openChallenge(admin, nil)
	h.idea(fan, quiet, "滤网提醒")
	h.api("PATCH", challengePath(quiet), admin, map[string]any{"voting_open_at": later, "voting_close_at": later.Add(72 * time.Hour)}).must(t, 200)
	h.api("PATCH", challengePath(quiet), admin, map[string]any{"voting_method": "stars", "voters": "verified"}).must(t, 200)

	// The form: locked though the vote is ahead, and a stale form's method
	// is refused in Chinese.
	b := h.adminBrowser()
	b.post("/", "/lang", url.Values{"lang": {"zh"}}).must(t, 303)
	edit := fmt.Sprintf("/challenges/%d/edit", voted)
	if page := b.get(edit).must(t, 200).Body; !strings.Contains(page, `aria-describedby="voting_method-hint" disabled>`) {
		t.Error("the form offers the method of a challenge fans voted in")
	}
	form := challengeFormValues(h.clock(), "洗衣机二次污染")
	form.Set("voting_open_at", later.UTC().Format("2006-01-02T15:04"))
	form.Set("voting_close_at", later.Add(72*time.Hour).UTC().Format("2006-01-02T15:04"))
	form.Set("vote_budget", "5")
	form.Set("voting_method", "stars")
	r := b.post(edit, fmt.Sprintf("/challenges/%d", voted), form)
	if r.Status != 409 || !strings.Contains(r.Body, "投票开始后就不能再更改投票方式。") {
		t.Fatalf("a stale form's method: %d %.2000s", r.Status, r.Body)
	}
}

// Once a fan said they would buy, buying options and bands only grow: a
// removed or renamed value dropped answers from the report and refused
// their fans' edits.
func TestEdits49BuyingOnlyGrowsOnceFansAnswered(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("lin@fans.cn")
	poll, designs := qigePoll(t, h, admin)
	// Before any answer, anything goes.
	h.api("PATCH", challengePath(poll), admin, map[string]any{"price_bands": []int{99, 199, 299, 399}}).must(t, 200)
	h.api("PATCH", challengePath(poll), admin, map[string]any{"price_bands": []int{99, 199, 299}}).must(t, 200)
	intent := "/api/v1/ideas/" + itoa(int64(designs[1])) + "/intent"
	answer := map[string]any{"quantity": 2, "options": map[string]string{"size": "M", "colour": "红"}, "max_price": 199}
	h.api("PUT", intent, fan, answer).must(t, 200)

	for _, tc := range []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"a value renamed", map[string]any{"buy_options": map[string][]string{"size": {"S", "M", "L"}, "colour": {"red", "黑"}}}, "buy_options"},
		{"a value removed", map[string]any{"buy_options": map[string][]string{"size": {"S", "L"}, "colour": {"红", "黑"}}}, "buy_options"},
		{"an option added", map[string]any{"buy_options": map[string][]string{"size": {"S", "M", "L"}, "colour": {"红", "黑"}, "fit": {"slim"}}}, "buy_options"},
		{"buying removed", map[string]any{"buy_options": map[string][]string{}, "price_bands": []int{}}, "buy_options"},
		{"a band removed", map[string]any{"price_bands": []int{99, 299}}, "price_bands"},
	} {
		r := h.api("PATCH", challengePath(poll), admin, tc.body)
		refused(t, r, tc.field+"_locked", tc.field)
	}
	h.api("PATCH", challengePath(poll), admin, map[string]any{
		"buy_options": map[string][]string{"size": {"S", "M", "L", "XL"}, "colour": {"红", "黑"}}, "price_bands": []int{99, 199, 299, 399}}).must(t, 200)
	// The fan's answer still reads, and can be changed.
	answer["quantity"] = 3
	h.api("PUT", intent, fan, answer).must(t, 200)
	csv := h.api("GET", challengePath(poll)+"/demand?format=csv", admin, nil).must(t, 200).Body
	header := strings.SplitN(csv, "\n", 2)[0]
	for _, col := range []string{"colour: 红", "size: M", "size: XL", "max_price: 199", "max_price: 399"} {
		if !strings.Contains(header, col) {
			t.Errorf("the report lost the column %q: %s", col, header)
		}
	}

	// The form says so, and a removal typed there is refused in Chinese,
	// the text kept as typed.
	b := h.adminBrowser()
	b.post("/", "/lang", url.Values{"lang": {"zh"}}).must(t, 303)
	edit := fmt.Sprintf("/challenges/%d/edit", poll)
	if page := b.get(edit).must(t, 200).Body; !strings.Contains(page, "已有粉丝表示想买：可以增加选项的取值和价格档") {
		t.Error("the form does not say the options only grow")
	}
	form := challengeFormValues(h.clock(), "七格格 本季新款")
	form.Set("kind", "design_poll")
	form.Set("buy_options", "size: S, M\ncolour: 红, 黑")
	form.Set("price_bands", "99, 199, 299, 399")
	r := b.post(edit, fmt.Sprintf("/challenges/%d", poll), form)
	if r.Status != 409 || !strings.Contains(r.Body, "已有粉丝表示想买：购买选项只能增加取值") || !strings.Contains(r.Body, "size: S, M\ncolour: 红, 黑</textarea>") {
		t.Fatalf("a removal on the form: %d %.3000s", r.Status, r.Body)
	}
}

// A refused challenge form keeps the buying options and bands as typed,
// whether they did not read or another field was refused.
func TestEdits49ChallengeFormKeepsTypedBuying(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	b := h.adminBrowser()
	form := challengeFormValues(h.clock(), "七格格 本季新款")
	form.Set("kind", "design_poll")
	form.Set("buy_options", "尺码 S, M")
	form.Set("price_bands", "99, 1九9")
	r := b.post("/challenges/new", "/challenges", form)
	if r.Status != 400 || !strings.Contains(r.Body, ">尺码 S, M</textarea>") || !strings.Contains(r.Body, `value="99, 1九9"`) {
		t.Errorf("an unreadable option: %d %.3000s", r.Status, r.Body)
	}
	form.Set("buy_options", "尺码：S，M、L")
	form.Set("price_bands", "299，99")
	form.Set("title", "")
	r = b.post("/challenges/new", "/challenges", form)
	if r.Status != 400 || !strings.Contains(r.Body, ">尺码：S，M、L</textarea>") || !strings.Contains(r.Body, `value="299，99"`) {
		t.Errorf("another field refused: %d %.3000s", r.Status, r.Body)
	}
}

// Published results settle the kind, the winners and the shortlist size;
// the words may still change.
func TestEdits49ResultsSettleKindWinnersShortlist(t *testing.T) {
	t.Parallel()
	h, cid, _, _ := publishedResults(t)
	admin := str(h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "admin@brand.cn", "password": "admin-password"}).must(t, 201).JSON, "token")
	for _, tc := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"kind": "design_poll"}, "kind"},
		{map[string]any{"winners": 3}, "winners"},
		{map[string]any{"shortlist_size": 9}, "shortlist_size"},
	} {
		refused(t, h.api("PATCH", challengePath(cid), admin, tc.body), "results_published", tc.field)
	}
	h.api("PATCH", challengePath(cid), admin, map[string]any{"title": "洗衣机二次污染（结果）", "kind": "open_call", "winners": 2, "shortlist_size": 8}).must(t, 200)

	b := h.adminBrowser()
	b.post("/", "/lang", url.Values{"lang": {"zh"}}).must(t, 303)
	edit := fmt.Sprintf("/challenges/%d/edit", cid)
	form := challengeFormValues(h.clock(), "洗衣机二次污染（结果）")
	form.Set("shortlist_size", "8")
	form.Set("winners", strconv.Itoa(3))
	r := b.post(edit, fmt.Sprintf("/challenges/%d", cid), form)
	if r.Status != 409 || !strings.Contains(r.Body, "结果已公布，评审已结束。") || !strings.Contains(r.Body, `name="winners" type="number" min="0" value="3"`) {
		t.Fatalf("winners on the form: %d %.3000s", r.Status, r.Body)
	}
	if got := h.api("GET", challengePath(cid), "", nil).must(t, 200).JSON; num(got, "winners") != 2 {
		t.Errorf("winners moved: %v", got["winners"])
	}
}
