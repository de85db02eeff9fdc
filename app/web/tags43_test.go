package web

import (
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
)

var tagLink = regexp.MustCompile(`<a class="tag" href="([^"]+)">#([^<]+)</a>`)

// A fan taps a tag on an idea (its card in the challenge's list, or its
// page) and sees the ideas of that challenge with the tag: not those of
// another challenge, and not the challenge's untagged ones.
func TestTags43ATagLeadsToItsIdeas(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@x.cn")
	cid := h.openChallenge(admin, nil)
	other := h.openChallenge(admin, nil)
	post := func(c int, title string, tags ...string) int {
		return num(h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/ideas", c), fan, map[string]any{
			"title": title, "summary": "s", "body": "b", "tags": tags,
		}).must(t, 201).JSON, "id")
	}
	quiet := post(cid, "静音内筒 quiet drum", "静音", "drum")
	quieter := post(cid, "静音电机 quiet motor", "静音")
	post(cid, "银离子涂层 silver coating", "材料")
	elsewhere := post(other, "静音风扇 quiet fan", "静音")
	h.waitTotal(fan, "tag=%E9%9D%99%E9%9F%B3", 3)

	b := h.browser()
	for _, page := range []string{fmt.Sprintf("/challenges/%d", cid), fmt.Sprintf("/ideas/%d", quiet)} {
		var href string
		for _, m := range tagLink.FindAllStringSubmatch(b.zhPage(page), -1) {
			if m[2] == "静音" {
				href = html.UnescapeString(m[1])
			}
		}
		if href == "" {
			t.Fatalf("%s: no link on the tag #静音", page)
		}
		body := b.zhPage(href)
		for id, want := range map[int]bool{quiet: true, quieter: true, elsewhere: false} {
			if got := strings.Contains(body, fmt.Sprintf(`href="/ideas/%d"`, id)); got != want {
				t.Errorf("%s → %s: idea %d listed %v, want %v", page, href, id, got, want)
			}
		}
		if strings.Contains(body, "银离子涂层") {
			t.Errorf("%s → %s lists an idea without the tag", page, href)
		}
		if want := html.EscapeString(jT("zh", "search.total", 2)); !strings.Contains(body, want) {
			t.Errorf("%s → %s does not say %q", page, href, want)
		}
	}
}
