package web

import (
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The settings page on a phone, 375×667 in Chinese: under the email switch
// a fan reads the groups of emails in their language, all ticked; unticks
// comments and saves; the page comes back with comments unticked and the
// rest ticked, the API agrees, and nothing scrolls sideways.
func TestMailkinds32PhoneSettings(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	fan := h.fan("fan@x.cn")

	ctx := newBrowser(t, 375, 667)
	jDo(t, ctx, emulation.SetDeviceMetricsOverride(375, 667, 1, true))
	jSignIn(t, ctx, h, "fan@x.cn", "fan-password", "zh")
	jVisit(t, ctx, h.srv.URL+"/settings")
	jWant(t, "the groups' legend", jText(t, ctx, "#email-kinds legend"), jT("zh", "mailkinds32.legend"))
	labels := jTexts(t, ctx, "#email-kinds label")
	want := []string{jT("zh", "mailkinds32.group_comments"), jT("zh", "mailkinds32.group_ideas"),
		jT("zh", "mailkinds32.group_testing"), jT("zh", "mailkinds32.group_clubs")}
	if len(labels) != len(want) {
		t.Fatalf("the groups shown: %q, want %q", labels, want)
	}
	for i := range want {
		jWant(t, "a group", labels[i], want[i])
	}
	if n := jCount(t, ctx, "#email-kinds input[type=checkbox]:checked"); n != 4 {
		t.Errorf("%d groups ticked, want 4", n)
	}
	jDo(t, ctx, chromedp.ScrollIntoView("#email-kind-comments", chromedp.ByQuery))
	jInView(t, ctx, "the comments box", "#email-kind-comments")
	jFits(t, ctx, "/settings with the groups")
	jDo(t, ctx, chromedp.Click("#email-kind-comments", chromedp.ByQuery))
	jGo(t, ctx, "#email-form button")
	jWant(t, "saved", jText(t, ctx, ".flash"), jT("zh", "settings.saved"))
	if n := jCount(t, ctx, "#email-kind-comments:checked"); n != 0 {
		t.Error("comments still ticked after saving")
	}
	if n := jCount(t, ctx, "#email-kinds input[type=checkbox]:checked"); n != 3 {
		t.Errorf("%d groups ticked after unticking comments, want 3", n)
	}
	jFits(t, ctx, "/settings after saving")
	kinds := h.api("GET", "/api/v1/me", fan, nil).must(t, 200).JSON["email_kinds"].(map[string]any)
	if kinds["comments"] != false || kinds["ideas"] != true || h.api("GET", "/api/v1/me", fan, nil).JSON["email_notices"] != true {
		t.Errorf("the API after the phone's save: %v", kinds)
	}

	// Every email off: the groups grey out at once and say they wait,
	// still choosable; saved, the page comes back so; on again, they are
	// plain.
	greyed := func() bool {
		var grey bool
		jDo(t, ctx, chromedp.Evaluate(`(function(){
			var label = getComputedStyle(document.querySelector("#email-kinds label.check")).color;
			var legend = getComputedStyle(document.querySelector("#email-notices").parentElement).color;
			return label !== legend && document.getElementById("email-kinds-off").offsetParent !== null;
		})()`, &grey))
		return grey
	}
	noteShown := func() bool {
		var shown bool
		jDo(t, ctx, chromedp.Evaluate(`document.getElementById("email-kinds-off").getClientRects().length > 0`, &shown))
		return shown
	}
	if greyed() || noteShown() {
		t.Error("the groups are greyed, or say they wait, while emails are on")
	}
	jDo(t, ctx, chromedp.Click("#email-notices", chromedp.ByQuery))
	if !greyed() {
		t.Error("turning every email off did not grey the groups and say they wait")
	}
	jWant(t, "the groups wait", jText(t, ctx, "#email-kinds-off"), jT("zh", "mailkinds32.all_off"))
	jDo(t, ctx, chromedp.Click("#email-kind-ideas", chromedp.ByQuery))
	jGo(t, ctx, "#email-form button")
	jWant(t, "saved", jText(t, ctx, ".flash"), jT("zh", "settings.saved"))
	if !greyed() {
		t.Error("the saved page with every email off shows the groups plain")
	}
	jFits(t, ctx, "/settings with every email off")
	me := h.api("GET", "/api/v1/me", fan, nil).must(t, 200).JSON
	if kinds := me["email_kinds"].(map[string]any); me["email_notices"] != false || kinds["ideas"] != false || kinds["testing"] != true {
		t.Errorf("the API after choosing with emails off: %v", me)
	}
	jDo(t, ctx, chromedp.Click("#email-notices", chromedp.ByQuery))
	if greyed() || noteShown() {
		t.Error("turning emails on again left the groups greyed, or saying they wait")
	}
}
