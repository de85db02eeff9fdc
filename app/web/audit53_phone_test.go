package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// On a 375 px phone in Chinese, an engineer with a long name on a site
// with a long name: the brand keeps about four characters, the name gives
// way; "复制链接" that the browser refuses to copy shows the address to
// press and hold; a fan reaches 提交创意 on the first screen of a long
// brief.
func TestAudit53PhoneHeaderShareAndSubmit(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	h.api("PUT", "/api/v1/site", admin, map[string]string{"name_zh": "海尔智家共创平台"}).must(t, 200)
	h.staffer(admin, "engineer.wangxiaoming@brand.cn", "engineer")
	cid := h.openChallenge(admin, map[string]any{"brief": strings.Repeat("洗衣机的二次污染：内筒的污垢会回到衣服上。\n\n", 40)})

	ctx := newBrowser(t, 375, 667)
	staff52SignIn(t, ctx, h, "engineer.wangxiaoming@brand.cn", "fan-password")
	jVisit(t, ctx, fmt.Sprintf("%s/challenges/%d", h.srv.URL, cid))
	brand := staff52Boxes(t, ctx, ".brand-name")
	name := staff52Boxes(t, ctx, ".header-tools > a.user-name")
	if len(brand) != 1 || len(name) != 1 {
		t.Fatalf("the header shows %d brand names and %d user names", len(brand), len(name))
	}
	if w := brand[0].Right - brand[0].Left; w < 60 {
		t.Errorf("the site's name is %.0f px wide: fewer than four characters show", w)
	}
	if w := name[0].Right - name[0].Left; w < 40 {
		t.Errorf("the person's name is %.0f px wide: less than a 44 px target", w)
	}
	staff52OneRow(t, ctx, "the header", ".header-row .brand, .header-row .header-tools > *")

	// 提交创意 above the long brief, on the first screen.
	early := staff52Boxes(t, ctx, ".submit-early a")
	if len(early) != 1 || early[0].Bottom > 667 {
		t.Errorf("提交创意 is not on the first screen: %+v", early)
	}

	// The browser refuses the copy (WeChat's may): the address is shown,
	// selected, and the button says to press and hold it.
	var got struct {
		Value, Button string
		Selected      bool
	}
	jDo(t, ctx, chromedp.Evaluate(`navigator.clipboard.writeText = () => Promise.reject(new Error("denied")); 1`, nil),
		chromedp.Click(".share-button", chromedp.ByQuery),
		chromedp.WaitVisible(".share-url", chromedp.ByQuery),
		chromedp.Evaluate(`(() => { const u = document.querySelector(".share-url"); return {Value: u.value, Button: document.querySelector(".share-button").textContent, Selected: document.activeElement === u && u.selectionEnd - u.selectionStart === u.value.length}; })()`, &got))
	if want := fmt.Sprintf("/challenges/%d", cid); !strings.Contains(got.Value, want) || !got.Selected || got.Button != "长按下面的链接复制：" {
		t.Errorf("a refused copy shows %+v, want the address of %s, selected, under 长按下面的链接复制：", got, want)
	}
	shot(t, ctx, "/tmp/audit53-phone-challenge.png", false)
}
