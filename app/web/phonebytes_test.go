package web

import (
	"context"
	"fmt"
	"image"
	"io/fs"
	"math/rand"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"cocreate/app/images/imagetest"
)

// withoutSrcset serves the templates with every srcset and sizes attribute
// removed: the pages as they were before the smaller copies.
func withoutSrcset(c *Config) {
	attr := regexp.MustCompile(` (srcset|sizes)="[^"]*"`)
	m := fstest.MapFS{}
	fs.WalkDir(c.Templates, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := fs.ReadFile(c.Templates, p)
		m[p] = &fstest.MapFile{Data: attr.ReplaceAll(raw, nil)}
		return err
	})
	c.Templates = m
}

// phonePhoto is a 4000×3000 picture with a phone photo's mix of smooth
// areas and fine grain, so that its JPEG weighs about what a photo does.
func phonePhoto(seed int64) []byte {
	rng := rand.New(rand.NewSource(seed))
	img := image.NewYCbCr(image.Rect(0, 0, 4000, 3000), image.YCbCrSubsampleRatio420)
	for y := 0; y < 3000; y++ {
		for x := 0; x < 4000; x++ {
			v := 60 + (x*100)/4000 + (y*60)/3000 + rng.Intn(24)
			if (x/300+y/300)%3 == 0 {
				v += 50
			}
			img.Y[y*img.YStride+x] = uint8(v)
		}
	}
	for i := range img.Cb {
		img.Cb[i] = uint8(110 + rng.Intn(8))
		img.Cr[i] = uint8(140 + rng.Intn(8))
	}
	return imagetest.JPEG(img, 90)
}

// TestPhoneBytes measures what a phone downloads for a challenge page with
// 20 photo ideas, in a real Chromium emulating a 375 px wide phone at DPR 2
// and 3, before (no srcset) and after. It is a measurement, run by hand:
// COCREATE_MEASURE_BYTES=1 go test ./app/web -run TestPhoneBytes -v
func TestPhoneBytes(t *testing.T) {
	t.Parallel()
	if os.Getenv("COCREATE_MEASURE_BYTES") == "" {
		t.Skip("a measurement: set COCREATE_MEASURE_BYTES=1")
	}
	photos := make([][]byte, 4)
	for i := range photos {
		photos[i] = phonePhoto(int64(i))
	}
	t.Logf("uploaded photos: %d KB each", len(photos[0])>>10)
	for _, before := range []bool{true, false} {
		var opts []harnessOption
		if before {
			opts = append(opts, withoutSrcset)
		}
		h := newHarness(t, opts...)
		admin := h.setup()
		fan := h.fan("fan@example.com")
		cid := h.openChallenge(admin, nil)
		for i := 0; i < 20; i++ {
			status, body, err := postIdea(noRedirect, h.srv.URL, fan, "", cid, fmt.Sprintf("Photo idea %d", i), photos[i%4])
			if err != nil || status != 303 {
				t.Fatalf("status %d %v %.200s", status, err, body)
			}
		}
		for _, dpr := range []float64{2, 3} {
			ctx := newBrowser(t, 375, 812)
			var mu sync.Mutex
			urls := map[network.RequestID]string{}
			var uploads, total int64
			chromedp.ListenTarget(ctx, func(ev any) {
				mu.Lock()
				defer mu.Unlock()
				switch e := ev.(type) {
				case *network.EventResponseReceived:
					urls[e.RequestID] = e.Response.URL
				case *network.EventLoadingFinished:
					total += int64(e.EncodedDataLength)
					if strings.Contains(urls[e.RequestID], "/uploads/") {
						uploads += int64(e.EncodedDataLength)
					}
				}
			})
			var first int64
			run(t, ctx,
				network.Enable(),
				network.SetCacheDisabled(true),
				emulation.SetDeviceMetricsOverride(375, 812, dpr, true),
				chromedp.Navigate(fmt.Sprintf("%s/challenges/%d", h.srv.URL, cid)),
				chromedp.Sleep(2*time.Second),
				chromedp.ActionFunc(func(context.Context) error { mu.Lock(); first = uploads; mu.Unlock(); return nil }),
			)
			// Then scroll to the end, as a reader of the whole list.
			for i := 0; i < 40; i++ {
				run(t, ctx, chromedp.Evaluate(`window.scrollBy(0, 400)`, nil), chromedp.Sleep(150*time.Millisecond))
			}
			run(t, ctx, chromedp.Sleep(2*time.Second))
			mu.Lock()
			t.Logf("before=%v DPR %v: images on first screen %d KB; after scrolling all 20: images %d KB, everything %d KB",
				before, dpr, first>>10, uploads>>10, total>>10)
			mu.Unlock()
		}
		h.stop()
	}
}
