package web

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"cocreate/app/domain"
)

// A board status notice says what the brand answered, in the notification
// and its email alike: a move with an official response quotes its start;
// a move without one mentions no response, rather than sending fans to
// look for one that is not there.
func TestStatusNoticeCarriesTheResponseOrNone(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	bid := h.board(admin, "烘干机")
	eng := h.engineer(admin, "eng@brand.cn")
	author, voter := h.fan("author@x.cn"), h.fan("voter@x.cn")
	if err := h.store.SetLocale(context.Background(), h.userID(voter), "zh"); err != nil {
		t.Fatal(err)
	}
	post := h.idea(author, bid, "烘干太慢")
	path := fmt.Sprintf("/api/v1/ideas/%d/status", post)
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", post), voter, nil).must(t, 200)
	h.confirmationLinks() // the sign-ups' confirmation emails go first

	// Without a response: the words name the status and no reply.
	h.api("PUT", path, eng, map[string]any{"status": "under_review"}).must(t, 200)
	if n := h.notices(author); len(n) != 1 || n[0]["kind"] != "status" || str(n[0], "text") != "“烘干太慢” is now: Under review." {
		t.Errorf("the author's notice of a status without a response: %v", n)
	}
	if n := h.notices(voter); len(n) != 1 || strings.Contains(str(n[0], "text"), "回复") || !strings.Contains(str(n[0], "text"), "烘干太慢") {
		t.Errorf("the voter's notice of a status without a response: %v", n)
	}
	h.advance(domain.StatusMailQuiet) // status emails wait a quiet spell
	mails := h.mailOut("")
	if m := mailLang(t, mails, "author@x.cn", "en"); strings.Contains(m.Text, "response") || !strings.Contains(m.Text, "“烘干太慢” is now: Under review.") {
		t.Errorf("the author's email of a status without a response:\n%s", m.Text)
	}
	if m := mailLang(t, mails, "voter@x.cn", "zh"); strings.Contains(m.Text, "回复") || !strings.Contains(m.Text, "“烘干太慢”的状态更新为：") {
		t.Errorf("the voter's email of a status without a response:\n%s", m.Text)
	}

	// With a response: its start, quoted, in both.
	response := "下个固件把烘干时间缩短一半。" + strings.Repeat("细节", 100)
	start := []rune(response)[:140]
	h.api("PUT", path, eng, map[string]any{"status": "planned", "response": response}).must(t, 200)
	want := map[string]string{
		"author@x.cn": "“烘干太慢” is now: Planned. The official response: “" + string(start) + "…”",
		"voter@x.cn":  "“烘干太慢”的状态更新为：已排期。官方回复：“" + string(start) + "…”",
	}
	for email, tok := range map[string]string{"author@x.cn": author, "voter@x.cn": voter} {
		if n := h.notices(tok); len(n) != 1 || n[0]["kind"] != "status_answered" || str(n[0], "text") != want[email] {
			t.Errorf("%s's notice of a status with a response: %v", email, n[0])
		}
	}
	h.advance(domain.StatusMailQuiet)
	mails = h.mailOut("")
	for email, lang := range map[string]string{"author@x.cn": "en", "voter@x.cn": "zh"} {
		if m := mailLang(t, mails, email, lang); !strings.Contains(m.Text, want[email]) || strings.Contains(m.Text, response) {
			t.Errorf("%s's email of a status with a response, want its start:\n%s", email, m.Text)
		}
	}
}
