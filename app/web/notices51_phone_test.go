package web

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// The phone walk: a reader with 120 unread notices, in Chinese, on a 375 px
// phone: the bell says 99+ and the header still fits.
func TestNotices51PhoneWalk(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	idea := h.idea(h.fan("author@x.cn"), cid, "静音滚筒")
	reader := h.fan("reader@x.cn")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/follow", idea), reader, nil).must(t, 200)
	ctx := context.Background()
	staff, err := h.store.User(ctx, h.userID(admin))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 120; i++ {
		if _, err := h.svc.CommentOn(ctx, &staff, int64(idea), 0, fmt.Sprintf("官方回复 %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	bc := newBrowser(t, 375, 667)
	phoneSignIn(t, bc, h, "reader@x.cn")
	run(t, bc, chromedp.Navigate(h.srv.URL+"/"), chromedp.WaitVisible(".site-header a.notices .count", chromedp.ByQuery))
	jWant(t, "the bell of 120 unread", jText(t, bc, ".site-header a.notices .count"), "99+")
	jFits(t, bc, "the header with a 99+ bell")
	shot(t, bc, "/tmp/notices51-phone-bell.png", false)
}
