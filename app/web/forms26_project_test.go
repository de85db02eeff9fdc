package web

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

// The project page offers a fan the idea's follow button (the idea page's
// form, to the same route), which brings the project's stage notices; its
// feed link is labelled in the person's language, not a bare "Atom".
func TestForms26FollowFromTheProjectPage(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.open(t)
	h := e.h
	h.fan("fan2@x.cn")
	proj := fmt.Sprintf("/projects/%d", e.pid)
	follow := fmt.Sprintf(`<form method="post" action="/ideas/%d/follow" class="inline">`, e.ideaID)

	// A visitor is told to sign in to follow.
	page := h.browser().get(proj, "Accept-Language", "zh-CN").must(t, 200).Body
	if strings.Contains(page, follow) || !strings.Contains(page, "登录后可关注此项目。") {
		t.Error("a visitor: no way to sign in and follow")
	}
	for lang, feed := range map[string]string{"zh-CN": "订阅更新（Atom）", "en": "Updates (Atom feed)"} {
		page := h.browser().get(proj, "Accept-Language", lang).must(t, 200).Body
		// in the language the page is read in (modfeed52)
		if !strings.Contains(page, fmt.Sprintf(`<a href="/projects/%d/feed.atom?lang=%s" type="application/atom+xml">%s</a>`, e.pid, lang[:2], feed)) {
			t.Errorf("%s: the feed link is not labelled %q", lang, feed)
		}
	}

	fan := h.browser()
	fan.signIn("fan2@x.cn", "fan-password")
	page = fan.get(proj, "Accept-Language", "zh-CN").must(t, 200).Body
	if !strings.Contains(page, follow) || !strings.Contains(page, `name="follow" value="1" aria-pressed="false"`) || !strings.Contains(page, "关注此创意") {
		t.Fatal("a signed-in fan has no follow button on the project page")
	}
	if !strings.Contains(page, fmt.Sprintf(`<input type="hidden" name="next" value="%s">`, proj)) {
		t.Error("the project page's follow button does not come back to it")
	}
	if r := fan.post(proj, fmt.Sprintf("/ideas/%d/follow", e.ideaID), url.Values{"follow": {"1"}, "next": {proj}}).must(t, 303); r.Header.Get("Location") != proj {
		t.Errorf("following from the project page lands on %q", r.Header.Get("Location"))
	}
	page = fan.get(proj, "Accept-Language", "zh-CN").must(t, 200).Body
	if !strings.Contains(page, `name="follow" value="0" aria-pressed="true"`) || !strings.Contains(page, "已关注 ✓（取消）") {
		t.Error("after following, the project page does not say so")
	}

	// Following brings the project's stage moves.
	e.move(e.eng, "accepted", "开工了").must(t, 200)
	tok := str(h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "fan2@x.cn", "password": "fan-password"}).must(t, 201).JSON, "token")
	if notices := h.api("GET", "/api/v1/me/notifications", tok, nil).must(t, 200).Body; !strings.Contains(notices, fmt.Sprintf(`/projects/%d`, e.pid)) && !strings.Contains(notices, "免清洗内筒") {
		t.Errorf("the follower was not told of the move: %.500s", notices)
	}
}
