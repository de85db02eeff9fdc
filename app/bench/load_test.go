package bench

import (
	"bufio"
	"bytes"
	stdgzip "compress/gzip"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"
)

// TestSendWritesWhatNewRequestWrote proves that the load generator's
// cheaper requests (Recorder.Send, straight to the Transport) put the same
// bytes on the wire as http.NewRequest through an http.Client, the way the
// generator sent them before: the server is asked exactly the same.
func TestSendWritesWhatNewRequestWrote(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	heads := make(chan string, 16)
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				r := bufio.NewReader(conn)
				for {
					// Requests without a body: the head ends the request.
					var head bytes.Buffer
					for {
						line, err := r.ReadString('\n')
						if err != nil {
							return
						}
						head.WriteString(line)
						if line == "\r\n" {
							break
						}
					}
					heads <- head.String()
					if _, err := conn.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")); err != nil {
						return
					}
				}
			}()
		}
	}()
	base := "http://" + ln.Addr().String()
	baseURL, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	auth := http.Header{"Authorization": {"Bearer tok-123"}}
	for _, c := range []struct {
		method, path string
		header       http.Header
	}{
		{http.MethodPut, "/api/v1/ideas/42/vote", auth},
		{http.MethodDelete, "/api/v1/ideas/42/vote", auth},
		{http.MethodGet, "/api/v1/challenges/7/pair", auth},
		{http.MethodGet, "/", nil}, // the ceiling's
	} {
		for _, gzip := range []bool{true, false} {
			// Before: a request of its own through an http.Client.
			client, tr := newClient(1, gzip)
			req, err := http.NewRequest(c.method, base+c.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			for k, v := range c.header {
				req.Header.Set(k, v[0])
			}
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			tr.CloseIdleConnections()
			before := next(t, heads)

			// Now: Send, in a load.
			st := runLoad(1, time.Minute, 0, gzip, "", func(w int, deadline time.Time, rec *Recorder) {
				if status, body, err := rec.Send(c.method, baseURL, c.path, c.header); err != nil || status != 200 || string(body) != "ok" {
					t.Errorf("%s %s: %d %q %v", c.method, c.path, status, body, err)
				}
			})
			now := next(t, heads)
			if st.OK != 1 || st.Errors != 0 {
				t.Errorf("%s %s: the load recorded %d ok, %d errors", c.method, c.path, st.OK, st.Errors)
			}
			if now != before {
				t.Errorf("%s %s (gzip %v): Send wrote\n%q\nhttp.Client wrote\n%q", c.method, c.path, gzip, now, before)
			}
		}
	}
}

// next is the head the listener read next; a request that never came (or
// was never finished) fails the test instead of hanging it.
func next(t *testing.T, heads <-chan string) string {
	t.Helper()
	select {
	case h := <-heads:
		return h
	case <-time.After(10 * time.Second):
		t.Fatal("no request head reached the listener in 10 s")
		return ""
	}
}

// TestAGzippedAnswerIsReadDecompressed: the requests a worker makes with
// NewRequest ask for gzip themselves and their answers are decompressed
// by the worker's own reader, one answer after another on one connection,
// as the transport's did; an answer not compressed is read as it came.
func TestAGzippedAnswerIsReadDecompressed(t *testing.T) {
	page := bytes.Repeat([]byte(`{"id":1,"title":"洗衣机 washing machine"},`), 200)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Accept-Encoding") != "gzip" || r.URL.Path == "/plain" {
			_, _ = w.Write(page)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		gz := stdgzip.NewWriter(w)
		_, _ = gz.Write(page)
		_ = gz.Close()
	}))
	defer srv.Close()
	for _, ask := range []bool{true, false} {
		_, tr := newClient(1, true)
		rec := &Recorder{rt: tr, ctx: context.Background(), acceptGzip: ask}
		for _, path := range []string{"/a", "/plain", "/b", "/c"} {
			req, err := rec.NewRequest(http.MethodGet, srv.URL+path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := req.Header.Get("Accept-Encoding") == "gzip"; got != ask {
				t.Errorf("asks gzip itself: %v, want %v", got, ask)
			}
			status, body, err := rec.Do(req)
			if err != nil || status != http.StatusOK || !bytes.Equal(body, page) {
				t.Fatalf("%s (asking: %v): %d, %d bytes, %v; want the page's %d", path, ask, status, len(body), err, len(page))
			}
		}
		if (rec.gz != nil) != ask {
			t.Errorf("the worker's own reader used: %v, want %v", rec.gz != nil, ask)
		}
		tr.CloseIdleConnections()
	}
}
