package web

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// An optional body sent chunked and empty is no body: an admin's client
// that streams nothing names the organiser as one that sends none did; a
// reason sent chunked is read; a body that is not JSON is refused.
func TestAPI54AnEmptyChunkedBodyIsNoBody(t *testing.T) {
	t.Parallel()
	c := newClub53(t, false)
	h := c.h
	path := h.srv.URL + fmt.Sprintf("/api/v1/clubs/%d/organisers/%d", c.club, c.wangID)
	send := func(token, contentType, body string) res {
		t.Helper()
		// A reader of no known length: the client streams it chunked.
		req, _ := http.NewRequest("PUT", path, io.MultiReader(strings.NewReader(body)))
		if req.ContentLength != 0 || req.TransferEncoding != nil && req.TransferEncoding[0] != "chunked" {
			t.Fatalf("the request is not chunked: length %d", req.ContentLength)
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		return h.do(http.DefaultClient, req)
	}
	send(c.admin, "", "").must(t, 200)
	if n := clubOrganisers(t, h, c.club, ""); n != 2 {
		t.Fatalf("the admin's empty chunked naming: %d organisers, want 2", n)
	}
	h.api("DELETE", path[len(h.srv.URL):], c.admin, nil).must(t, 200)
	send(c.mod, "text/plain", `{"reason": "最活跃"}`).must(t, 415)
	send(c.mod, "application/json", "  ").must(t, 400) // a moderator still gives a reason
	if n := clubOrganisers(t, h, c.club, ""); n != 1 {
		t.Fatalf("refused namings changed the club: %d organisers", n)
	}
	send(c.mod, "application/json", `{"reason": "最活跃"}`).must(t, 200)
	if n := clubOrganisers(t, h, c.club, ""); n != 2 {
		t.Fatalf("the moderator's chunked naming: %d organisers, want 2", n)
	}
}
