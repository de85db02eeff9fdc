package web

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"cocreate/app/corpus"
	"cocreate/app/domain"
)

// storyPage is a list page of 20 generated ideas, encoded as the API does.
func storyPage(t testing.TB) []byte {
	g := corpus.New(1)
	var out []ideaJSON
	for i := range 20 {
		ci := g.Idea(i)
		out = append(out, toIdeaJSON(nil, domain.Idea{ID: int64(i + 1), Title: ci.Title, Body: ci.Body, Tags: ci.Tags,
			CreatedAt: time.Unix(1_700_000_000, 0), State: domain.StateSubmitted}))
	}
	page, err := json.Marshal(map[string]any{"ideas": out})
	if err != nil {
		t.Fatal(err)
	}
	return page
}

// A list page is compressed again after every commit that changed it, so
// compressing must not build a new compressor (1.2 MB) each time; and what
// a reused compressor writes is still the page, whole.
func TestGzipBytesReusesCompressors(t *testing.T) {
	page := storyPage(t)
	for range 3 { // the same compressor, reused, gives the same page
		gz, err := gzipBytes(page)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(zr)
		if err != nil || !bytes.Equal(got, page) {
			t.Fatalf("gunzipped page differs (%v): %d bytes, want %d", err, len(got), len(page))
		}
		if len(gz) > len(page)/2 {
			t.Errorf("compressed %d bytes to %d", len(page), len(gz))
		}
	}
	var bytesBefore, bytesAfter runtimeBytes
	bytesBefore.read()
	const n = 100
	for range n {
		if _, err := gzipBytes(page); err != nil {
			t.Fatal(err)
		}
	}
	bytesAfter.read()
	if per := (bytesAfter.total - bytesBefore.total) / n; per > 200<<10 {
		t.Errorf("compressing a %d-byte page allocated %d bytes: a new compressor each time?", len(page), per)
	}
}

// BenchmarkGzipListPage compresses a 20-idea list page (what a page changed
// by a vote costs besides splicing its texts).
func BenchmarkGzipListPage(b *testing.B) {
	page := storyPage(b)
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := gzipBytes(page); err != nil {
			b.Fatal(err)
		}
	}
}

type runtimeBytes struct{ total uint64 }

func (r *runtimeBytes) read() {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	r.total = m.TotalAlloc
}

// A cached answer says its length (no chunked encoding), compressed or not,
// and the length is the body's.
func TestCachedPagesSayTheirLength(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	cid := h.openChallenge(admin, nil)
	long := strings.Repeat("很长的想法 a long idea. ", 100) // big enough to be compressed
	for i := range 3 {
		h.api("POST", fmt.Sprintf("/api/v1/challenges/%d/ideas", cid), admin, map[string]any{"title": fmt.Sprintf("想法 %d", i), "body": long}).must(t, 201)
	}
	for _, encoding := range []string{"gzip", "identity"} {
		req, _ := http.NewRequest("GET", fmt.Sprintf("%s/api/v1/challenges/%d/ideas?sort=top", h.srv.URL, cid), nil)
		req.Header.Set("Accept-Encoding", encoding)
		resp, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != 200 || len(resp.TransferEncoding) > 0 || resp.ContentLength != int64(len(body)) || len(body) == 0 {
			t.Errorf("%s: status %d, transfer encoding %v, Content-Length %d for a %d-byte body", encoding, resp.StatusCode, resp.TransferEncoding, resp.ContentLength, len(body))
		}
		if (resp.Header.Get("Content-Encoding") == "gzip") != (encoding == "gzip") {
			t.Errorf("%s: Content-Encoding %q", encoding, resp.Header.Get("Content-Encoding"))
		}
	}
}
