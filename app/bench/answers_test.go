package bench

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/valyala/fastjson"
)

// listPage is a list answer as the server wrote it (a bench challenge's
// first page of top: 20 ideas, Chinese and English, 23 KB).
func listPage(t testing.TB) []byte {
	b, err := os.ReadFile("testdata/list_page.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// reflectedPage is how the walkers read a page before: with encoding/json.
type reflectedPage struct {
	Ideas []struct {
		ID    int64 `json:"id"`
		Votes int   `json:"votes"`
	} `json:"ideas"`
	NextCursor *string `json:"next_cursor"`
}

func TestAListPageIsReadAsEncodingJSONReadsIt(t *testing.T) {
	body := listPage(t)
	var want reflectedPage
	if err := json.Unmarshal(body, &want); err != nil {
		t.Fatal(err)
	}
	var jp fastjson.Parser
	var p page
	for range 2 { // the second read reuses the first's slice
		if err := p.read(&jp, body); err != nil {
			t.Fatal(err)
		}
		if len(p.Ideas) != 20 || len(want.Ideas) != 20 {
			t.Fatalf("read %d ideas, encoding/json %d; want 20", len(p.Ideas), len(want.Ideas))
		}
		for i, it := range p.Ideas {
			if it.ID != want.Ideas[i].ID || it.Votes != want.Ideas[i].Votes {
				t.Errorf("idea %d: read %+v, encoding/json %+v", i, it, want.Ideas[i])
			}
		}
		if p.NextCursor == nil || *p.NextCursor != *want.NextCursor {
			t.Errorf("next_cursor: read %v, want %q", p.NextCursor, *want.NextCursor)
		}
	}
}

func TestAnAnswerTheWorkersCannotReadIsAnError(t *testing.T) {
	full := string(listPage(t))
	for _, tc := range []struct {
		name, body string
		ideas      int
		cursor     string // "" for none
		fails      bool
	}{
		{name: "truncated", body: full[:len(full)/2], fails: true},
		{name: "not JSON", body: "<html>busy</html>", fails: true},
		{name: "trailing garbage", body: `{"ideas":[]} x`, fails: true},
		{name: "empty last page", body: `{"ideas":[],"next_cursor":null}`},
		{name: "no fields", body: `{}`},
		{name: "ideas null", body: `{"ideas":null}`},
		{name: "votes hidden", body: `{"ideas":[{"id":3}],"next_cursor":"x"}`, ideas: 1, cursor: "x"},
		{name: "ideas an object", body: `{"ideas":{"id":3}}`, fails: true},
		{name: "id a string", body: `{"ideas":[{"id":"3","votes":1}]}`, fails: true},
		{name: "votes a fraction", body: `{"ideas":[{"id":3,"votes":1.5}]}`, fails: true},
		{name: "cursor a number", body: `{"ideas":[],"next_cursor":7}`, fails: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var jp fastjson.Parser
			var p page
			err := p.read(&jp, []byte(tc.body))
			if (err != nil) != tc.fails {
				t.Fatalf("error %v, want one: %v", err, tc.fails)
			}
			if tc.fails {
				return
			}
			if len(p.Ideas) != tc.ideas {
				t.Errorf("%d ideas, want %d", len(p.Ideas), tc.ideas)
			}
			if got := p.NextCursor; (got == nil) != (tc.cursor == "") || got != nil && *got != tc.cursor {
				t.Errorf("next_cursor %v, want %q", got, tc.cursor)
			}
		})
	}
}

func TestASearchAnswerAndAPairAreRead(t *testing.T) {
	var jp fastjson.Parser
	var a searchAnswer
	if err := a.read(&jp, []byte(`{"hits":[{"id":4,"title":"<mark>洗衣机</mark>"},{"id":9}],"total":12}`)); err != nil || a.Total != 12 || a.Hits != 2 {
		t.Errorf("search: %+v, %v; want 12 found, 2 hits", a, err)
	}
	for _, bad := range []string{`{"hits":[{"id":"4"}],"total":1}`, `{"hits":[],"total":"1"}`, `{"hits":3}`, `{"hits":[`} {
		if err := a.read(&jp, []byte(bad)); err == nil {
			t.Errorf("search answer %s read without an error", bad)
		}
	}
	var q pairQuestion
	if err := q.read(&jp, []byte(`{"pair_token":"tok","left":{"id":5,"title":"a"},"right":{"id":8}}`)); err != nil || q != (pairQuestion{Token: "tok", Left: 5, Right: 8}) {
		t.Errorf("pair: %+v, %v", q, err)
	}
	for _, bad := range []string{`{"pair_token":1,"left":{"id":5},"right":{"id":8}}`, `{"pair_token":"t","left":{"id":"5"},"right":{"id":8}}`, `{"pair_token":"t","left":{"id":5},"right":{"id":[]}}`, `[`} {
		if err := q.read(&jp, []byte(bad)); err == nil {
			t.Errorf("pair %s read without an error", bad)
		}
	}
	if err := q.read(&jp, []byte(`{}`)); err != nil || q != (pairQuestion{}) {
		t.Errorf("an empty pair reads as nothing (the worker refuses it): %+v, %v", q, err)
	}
}

// BenchmarkReadListPage: what the list walkers spend reading a page they
// check, with encoding/json (before) and fastjson (now).
func BenchmarkReadListPage(b *testing.B) {
	body := listPage(b)
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			var p reflectedPage
			if err := json.Unmarshal(body, &p); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("fastjson", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		var jp fastjson.Parser
		var p page
		for b.Loop() {
			if err := p.read(&jp, body); err != nil {
				b.Fatal(err)
			}
		}
	})
}
