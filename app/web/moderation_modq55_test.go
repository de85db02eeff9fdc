package web

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/store"
)

// The page's part is read by one rule: its names and "" (the first page,
// both parts); anything else, other spellings and the API's flag values
// included, is 400 invalid_part naming part.
func TestModq55QueuePart(t *testing.T) {
	for _, c := range []struct {
		text string
		want store.QueuePart
		ok   bool
	}{
		{"", store.QueueAll, true},
		{"reviews", store.QueueReviews, true},
		{"reported", store.QueueReported, true},
		{"Reviews", 0, false},
		{"reported ", 0, false},
		{"review", 0, false},
		{"all", 0, false},
		{"1", 0, false},
		{"0", 0, false},
		{"reviews,reported", 0, false},
	} {
		got, err := queuePart(c.text)
		if c.ok {
			if err != nil || got != c.want {
				t.Errorf("%q: %v (%v), want part %v", c.text, got, err, c.want)
			}
			continue
		}
		e := domain.AsError(err)
		if e == nil || e.Kind != domain.KindInvalid || e.Code != "invalid_part" || e.Field != "part" {
			t.Errorf("%q: %v (%v), want 400 invalid_part naming part", c.text, got, err)
		}
	}
}

var (
	modq55Waiting = regexp.MustCompile(`id="queue-waiting"><strong>([^<]*)</strong>`)
	modq55Badge   = regexp.MustCompile(`href="/moderation"[^>]*>[^<]*<span class="count">([^<]*)</span>`)
)

// modq55Page is the total the moderation page at path says waits, and its
// menu's badge ("" for none).
func modq55Page(t *testing.T, b *browser, path string) (total, badge string) {
	t.Helper()
	body := b.get(path, "Accept-Language", "en").must(t, 200).Body
	m := modq55Waiting.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("%s says no total", path)
	}
	if bm := modq55Badge.FindStringSubmatch(body); bm != nil {
		badge = bm[1]
	}
	return m[1], badge
}

// The page's total is what the API says waits (its waiting for the whole
// queue), on the first page and on each part's, with an item of each
// part; its menu's badge, read off that total, is the one every other
// page shows; a decision takes one off all of them.
func TestModq55PageTotalIsTheAPIsWaiting(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	modTok, ideas := modq54Wave(t, h, 7)
	ctx := context.Background()
	mod, err := h.store.User(ctx, h.userID(modTok))
	if err != nil {
		t.Fatal(err)
	}
	// One of the wave hidden by the moderator, and its author asks for a
	// review: an item of the reviews part.
	token := h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "author@x.cn", "password": "fan-password"}).must(t, 201)
	author, err := h.store.User(ctx, h.userID(str(token.JSON, "token")))
	if err != nil {
		t.Fatal(err)
	}
	if err := h.svc.Moderate(ctx, &mod, "idea", int64(ideas[0]), "hide", "广告 an ad"); err != nil {
		t.Fatal(err)
	}
	if err := h.svc.RequestReview(ctx, &author, "idea", int64(ideas[0]), "不是广告 not an ad"); err != nil {
		t.Fatal(err)
	}
	b := h.browser()
	b.signIn("mod@x.cn", "fan-password")
	check := func(want int) {
		t.Helper()
		api := h.api("GET", "/api/v1/moderation/queue", modTok, nil).must(t, 200)
		if num(api.JSON, "waiting") != want || api.JSON["waiting_more"] != false {
			t.Errorf("the API says %v wait (more %v), want %d", api.JSON["waiting"], api.JSON["waiting_more"], want)
		}
		reviews := num(h.api("GET", "/api/v1/moderation/queue?review=1", modTok, nil).must(t, 200).JSON, "waiting")
		if reviews != 1 {
			t.Errorf("the API says %d reviews wait, want 1", reviews)
		}
		text := jT("en", "modq54.waiting", strconv.Itoa(want))
		for _, path := range []string{"/moderation", "/moderation?part=reviews", "/moderation?part=reported"} {
			total, badge := modq55Page(t, b, path)
			if total != text || badge != strconv.Itoa(want) {
				t.Errorf("%s: says %q, badge %q; want %q and %d as the API's waiting", path, total, badge, text, want)
			}
		}
		body := b.get("/", "Accept-Language", "en").must(t, 200).Body
		if m := modq55Badge.FindStringSubmatch(body); m == nil || m[1] != strconv.Itoa(want) {
			t.Errorf("the front page's badge %v, want %d", m, want)
		}
	}
	check(7)
	if err := h.svc.Moderate(ctx, &mod, "idea", int64(ideas[3]), "dismiss", "不是广告 not an ad"); err != nil {
		t.Fatal(err)
	}
	check(6)
	if strings.Contains(b.get("/moderation?part=all", "Accept-Language", "en").Body, "queue-waiting") {
		t.Error("a part the page does not know shows the queue")
	}
}
