package web

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// challengeFormValues is the challenge form as a browser sends it for a
// challenge open from an hour ago for three days, without voting_method
// (a disabled select is not sent).
func challengeFormValues(now time.Time, title string) url.Values {
	at := func(d time.Duration) string { return now.Add(d).UTC().Format("2006-01-02T15:04") }
	return url.Values{
		"title": {title}, "kind": {"open_call"}, "brief": {"brief"},
		"submissions_open_at": {at(-time.Hour)}, "submissions_close_at": {at(48 * time.Hour)},
		"voting_open_at": {at(-time.Hour)}, "voting_close_at": {at(72 * time.Hour)},
		"ideas_per_fan": {"0"}, "vote_budget": {"0"}, "shortlist_size": {"0"}, "winners": {"1"},
	}
}

// Once voting has opened, the edit form shows the voting method disabled
// and says why, in both languages; the rest of the form still saves.
// Before it opens the choice is offered.
func TestForms26VotingMethodLockedOnTheForm(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	stars := h.openChallenge(admin, map[string]any{"voting_method": "stars"})
	now := h.clock()
	later := h.openChallenge(admin, map[string]any{"voting_open_at": now.Add(24 * time.Hour), "voting_close_at": now.Add(96 * time.Hour)})
	b := h.adminBrowser()
	edit := fmt.Sprintf("/challenges/%d/edit", stars)
	locked := map[string]string{
		"en":    "Voting has opened, so the voting method stays as it is",
		"zh-CN": "投票已经开始，投票方式不能再更改",
	}
	for lang, why := range locked {
		page := b.get(edit, "Accept-Language", lang).must(t, 200).Body
		if !strings.Contains(page, `aria-describedby="voting_method-hint" disabled>`) || !strings.Contains(page, why) {
			t.Errorf("%s: the locked method is not disabled with its reason", lang)
		}
	}
	page := b.get(fmt.Sprintf("/challenges/%d/edit", later), "Accept-Language", "zh-CN").must(t, 200).Body
	if strings.Contains(page, `aria-describedby="voting_method-hint" disabled>`) || strings.Contains(page, locked["zh-CN"]) {
		t.Error("the method is locked before voting opens")
	}
	if !strings.Contains(page, "只能在投票开始前更改。") {
		t.Error("the method's usual hint is gone before voting opens")
	}
	if !strings.Contains(b.get("/challenges/new").Body, `aria-describedby="voting_method-hint">`) {
		t.Error("a new challenge's method is not offered")
	}

	// Refused for another field, the form keeps the method locked.
	r := b.post(edit, fmt.Sprintf("/challenges/%d", stars), challengeFormValues(now, ""))
	if r.Status != 400 || !strings.Contains(r.Body, `aria-describedby="voting_method-hint" disabled>`) {
		t.Errorf("a refused edit: %d, the method no longer locked", r.Status)
	}
	// The locked form saves, the method as it was.
	b.post(edit, fmt.Sprintf("/challenges/%d", stars), challengeFormValues(now, "新标题")).must(t, 303)
	got := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d", stars), "", nil).must(t, 200).JSON
	if str(got, "title") != "新标题" || str(got, "voting_method") != "stars" {
		t.Errorf("after saving the locked form: title %q method %q", str(got, "title"), str(got, "voting_method"))
	}
}

// A refused challenge form cannot keep its chosen cover (a browser's file
// field cannot be filled in again): the form says so, as the idea form
// says of its photos, on /challenges/new and on an edit.
func TestForms26ChallengeFormSaysTheCoverWasNotKept(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	b := h.adminBrowser()
	var pic bytes.Buffer
	png.Encode(&pic, image.NewRGBA(image.Rect(0, 0, 64, 48)))
	send := func(from, path, lang string, form url.Values, cover []byte) res {
		t.Helper()
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		w.WriteField("_csrf", b.csrf(from))
		for k, vs := range form {
			for _, v := range vs {
				w.WriteField(k, v)
			}
		}
		if cover != nil {
			fw, _ := w.CreateFormFile("cover", "cover.png")
			fw.Write(cover)
		}
		w.Close()
		req, _ := http.NewRequest("POST", h.srv.URL+path, &buf)
		req.Header.Set("Content-Type", w.FormDataContentType())
		req.Header.Set("Accept-Language", lang)
		return h.do(b.client, req)
	}
	notice := map[string]string{"en": "Your 1 photo(s) were not kept: choose them again before sending.", "zh-CN": "你选择的 1 张照片没有保存：请修改后重新选择照片再提交。"}
	for _, tc := range []struct{ name, from, path string }{
		{"new", "/challenges/new", "/challenges"},
		{"edit", fmt.Sprintf("/challenges/%d/edit", cid), fmt.Sprintf("/challenges/%d", cid)},
	} {
		for lang, want := range notice {
			form := challengeFormValues(h.clock(), "") // no title: refused
			r := send(tc.from, tc.path, lang, form, pic.Bytes())
			if r.Status != 400 {
				t.Fatalf("%s (%s): status %d, want 400", tc.name, lang, r.Status)
			}
			if !strings.Contains(r.Body, `<span class="field-error">`+want+`</span>`) {
				t.Errorf("%s (%s): no word beside the cover that it was not kept", tc.name, lang)
			}
			if !strings.Contains(r.Body, want+`</p>`) {
				t.Errorf("%s (%s): the alert does not say the cover was not kept", tc.name, lang)
			}
			// Without a cover chosen there is nothing to say.
			if r := send(tc.from, tc.path, lang, form, nil); r.Status != 400 || strings.Contains(r.Body, want) {
				t.Errorf("%s (%s): no cover chosen, yet told it was lost (%d)", tc.name, lang, r.Status)
			}
		}
	}
	// Chosen on a form that saves, the cover is kept.
	r := send(fmt.Sprintf("/challenges/%d/edit", cid), fmt.Sprintf("/challenges/%d", cid), "en", challengeFormValues(h.clock(), "有封面"), pic.Bytes())
	r.must(t, 303)
	if got := h.api("GET", fmt.Sprintf("/api/v1/challenges/%d", cid), "", nil).must(t, 200).JSON; str(got, "title") != "有封面" || str(got, "cover") == "" {
		t.Errorf("the saved edit: title %q cover %q", str(got, "title"), str(got, "cover"))
	}
}
