package web

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cocreate/app/images/imagetest"

	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// On a 375×667 phone in Chinese, a tester attaches a photo taken upright
// (EXIF orientation 6) to a report with the project page's form: the
// report shows it upright (taller than wide, blue at its top-left, as the
// phone saw it), as a link to the full image, and the page does not
// scroll sideways.
func TestPhoto32PhoneReportPhoto(t *testing.T) {
	t.Parallel()
	e := newProject(t)
	e.inFanTest(t)
	h := e.h
	file := filepath.Join(t.TempDir(), "IMG_0001.jpg")
	if err := os.WriteFile(file, imagetest.WithOrientation(imagetest.JPEG(imagetest.Quadrants(1000, 750), 85), 6), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx := newBrowser(t, 375, 667)
	phoneSignIn(t, ctx, h, "fan@x.cn")
	var label string
	run(t, ctx, chromedp.Navigate(fmt.Sprintf("%s/projects/%d", h.srv.URL, e.pid)),
		chromedp.WaitVisible("#fb-photo", chromedp.ByQuery),
		chromedp.Text(`label[for="fb-photo"]`, &label, chromedp.ByQuery),
		chromedp.Click(`input[name="rating"][value="2"]`, chromedp.ByQuery),
		chromedp.SendKeys("#fb-body", "门关不上", chromedp.ByQuery),
		chromedp.SetUploadFiles("#fb-photo", []string{file}, chromedp.ByQuery),
		chromedp.Submit("#fb-body", chromedp.ByQuery),
		chromedp.WaitVisible(".report-photo img", chromedp.ByQuery))
	if label != "照片（可选）" {
		t.Errorf("the photo's label reads %q", label)
	}
	var got struct {
		W, H, Shown    float64
		R, G, B        int
		Href, Src      string
		Left, Right    float64
		Wide, Complete bool
	}
	const look = `new Promise(done => {
  const img = document.querySelector('.report-photo img');
  img.scrollIntoView({block: 'center'});
  const measure = () => {
    const c = document.createElement('canvas');
    c.width = img.naturalWidth; c.height = img.naturalHeight;
    const g = c.getContext('2d'); g.drawImage(img, 0, 0);
    const p = g.getImageData(5, 5, 1, 1).data;
    const r = img.getBoundingClientRect();
    done({W: img.naturalWidth, H: img.naturalHeight, Shown: r.width, R: p[0], G: p[1], B: p[2],
      Href: img.closest('a').getAttribute('href'), Src: img.currentSrc, Left: r.left, Right: r.right,
      Wide: %s, Complete: img.complete});
  };
  if (img.complete && img.naturalWidth) measure(); else img.addEventListener('load', measure);
})`
	run(t, ctx, chromedp.Evaluate(fmt.Sprintf(look, scrollsSideways), &got, func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	shot(t, ctx, "/tmp/photo32-phone-report.png", false)
	if got.W >= got.H || got.B < 150 || got.R > 100 || got.G > 100 {
		t.Errorf("the photo is not upright: %v×%v, top-left %d,%d,%d", got.W, got.H, got.R, got.G, got.B)
	}
	if !strings.HasPrefix(got.Href, "/uploads/") || got.Shown <= 0 || got.Left < 0 || got.Right > 375 {
		t.Errorf("the thumbnail: link %q, %v px wide at %v–%v", got.Href, got.Shown, got.Left, got.Right)
	}
	if got.Wide {
		t.Error("the project page scrolls sideways at 375 px")
	}
	// The full image, opened from the thumbnail, is upright too.
	var full struct{ W, H float64 }
	run(t, ctx, chromedp.Click(".report-photo a", chromedp.ByQuery), chromedp.WaitReady("img", chromedp.ByQuery),
		chromedp.Evaluate(`new Promise(done => { const i = document.querySelector('img'); const m = () => done({W: i.naturalWidth, H: i.naturalHeight}); if (i.complete && i.naturalWidth) m(); else i.addEventListener('load', m); })`, &full,
			func(p *runtime.EvaluateParams) *runtime.EvaluateParams { return p.WithAwaitPromise(true) }))
	if full.W != 750 || full.H != 1000 {
		t.Errorf("the full image is %v×%v, want 750×1000", full.W, full.H)
	}
}
