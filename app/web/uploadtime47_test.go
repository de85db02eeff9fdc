package web

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"cocreate/app/images/imagetest"
)

// slowUpload posts an idea with a photo to challenge cid as the fan behind
// token, through a server with one-second timeouts (a minute in main.go),
// its form's bytes handed to send to write as it likes; it answers the
// response, or the error of a connection cut.
func slowUpload(t *testing.T, h *harness, cid int, token, title string, send func(w io.WriteCloser, raw []byte)) (*http.Response, error) {
	t.Helper()
	slow := httptest.NewUnstartedServer(h.srv.Config.Handler)
	slow.Config.ReadHeaderTimeout = time.Second
	slow.Config.ReadTimeout = time.Second
	slow.Config.WriteTimeout = time.Second
	slow.Start()
	t.Cleanup(slow.Close)
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	mw.WriteField("title", title)
	mw.WriteField("summary", "s")
	mw.WriteField("body", "b")
	fw, _ := mw.CreateFormFile("images", "IMG_0001.jpg")
	fw.Write(imagetest.JPEG(imagetest.Quadrants(400, 300), 85))
	mw.Close()
	raw := form.Bytes()
	pr, pw := io.Pipe()
	go send(pw, raw)
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/challenges/%d/ideas", slow.URL, cid), pr)
	req.ContentLength = int64(len(raw))
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+token)
	return http.DefaultClient.Do(req)
}

// A phone on a slow network sends an idea's photos for longer than the
// server's timeouts allow an ordinary request (a minute, main.go; a second
// here): the upload still arrives and is answered, as parseUpload gives its
// connection uploadTime.
func TestUploadtime47ASlowUploadOutlastsTheServersTimeouts(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@x.cn")
	cid := h.openChallenge(admin, map[string]any{"ideas_per_fan": 0})
	// The form trickles in five parts, half a second apart: 2.5 s in all.
	resp, err := slowUpload(t, h, cid, fan, "慢慢上传", func(pw io.WriteCloser, raw []byte) {
		step := (len(raw) + 4) / 5
		for i := 0; i < len(raw); i += step {
			time.Sleep(500 * time.Millisecond)
			if _, err := pw.Write(raw[i:min(i+step, len(raw))]); err != nil {
				return
			}
		}
		pw.Close()
	})
	if err != nil {
		t.Fatalf("the slow upload was cut: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("the slow upload: status %d, want 201; body: %.300s", resp.StatusCode, body)
	}
	if n := h.ideaCount(); n != 1 {
		t.Errorf("%d ideas stored, want the slow upload's one", n)
	}
}

// An upload that stops sending is cut after the server's read timeout, as
// any request is: the longer time is for a body that keeps arriving, not
// for a connection held open with nothing. Nothing is stored.
func TestUploadtime47AStalledUploadIsCut(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fan := h.fan("fan@x.cn")
	cid := h.openChallenge(admin, map[string]any{"ideas_per_fan": 0})
	resp, err := slowUpload(t, h, cid, fan, "停住的上传", func(pw io.WriteCloser, raw []byte) {
		if _, err := pw.Write(raw[:len(raw)/2]); err != nil {
			return
		}
		time.Sleep(3 * time.Second) // then nothing, for three read timeouts
		_, _ = pw.Write(raw[len(raw)/2:])
		pw.Close()
	})
	if err == nil {
		resp.Body.Close()
		if resp.StatusCode == http.StatusCreated {
			t.Errorf("a stalled upload was taken: %d", resp.StatusCode)
		}
	}
	if n := h.ideaCount(); n != 0 {
		t.Errorf("%d ideas stored from a stalled upload, want none", n)
	}
}
