package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"cocreate/app/store"
)

// probe is an idea created over the API during the storm, with a word no
// other idea has, so that search can be asked for exactly it.
type probe struct {
	id   int64
	word string
}

// TestKillDuringVoteStorm is DESIGN §6's "a kill at any moment loses no
// acknowledged write": many fans vote and undo, ideas are being submitted,
// the server gets SIGKILL mid-storm and is started again on the same data.
// Every vote acknowledged before the kill must be there and every
// acknowledged undo must not; a request in flight at the kill may have
// landed or not, so only acknowledged ones are held to account. `cocreate
// check` must pass, and the search index must catch up with the ideas the
// kill may have caught in the outbox.
func TestKillDuringVoteStorm(t *testing.T) {
	needBinary(t)
	ctx := context.Background()
	data := t.TempDir()
	cfg := &Config{Data: data, Fans: 48, Ideas: 24, Log: testLog{t}}
	v := &votes{cfg: cfg}
	seeded, err := seed(ctx, cfg, []Scenario{v})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := StartServer(bin, data, filepath.Join(data, "server.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if !srv.Exited() {
			srv.Kill()
		}
	}()

	s := newStorm(srv.Base, seeded.Fans, v.ideas, 24, 0.25)
	storm := make(chan Stats, 1)
	go func() { storm <- runLoad(len(s.ledgers), time.Minute, srv.Pid(), true, "", s.worker) }()
	var probes []probe
	var wg sync.WaitGroup
	wg.Go(func() { probes = submitProbes(srv.Base, v.challenge, seeded.Fans[0].Token, &s.stop) })

	time.Sleep(1500 * time.Millisecond)
	s.stop.Store(true) // no new request after the kill: it would only add unsure pairs
	srv.Kill()
	st := <-storm
	wg.Wait()
	standing, undone, unsure := s.count()
	t.Logf("before the kill: %d answers (%d errors: in flight at the kill), %d votes standing, %d undone, %d unsure, %d ideas submitted",
		st.OK, st.Errors, standing, undone, unsure, len(probes))
	if standing == 0 || undone == 0 || len(probes) == 0 {
		t.Fatalf("the storm was not under way at the kill: %d votes, %d undos, %d ideas", standing, undone, len(probes))
	}

	srv, err = StartServer(bin, data, filepath.Join(data, "server.log"))
	if err != nil {
		t.Fatalf("restart after SIGKILL: %v", err)
	}
	restarted := time.Now()
	s.base = srv.Base // a new port
	for _, p := range probes {
		if err := waitFound(srv.Base, p, restarted.Add(5*time.Second)); err != nil {
			t.Error(err)
		}
	}
	t.Logf("search found all %d submitted ideas %s after the restart", len(probes), time.Since(restarted).Round(time.Millisecond))

	client, tr := newClient(8, true)
	defer tr.CloseIdleConnections()
	if p := s.proveOverAPI(ctx, client); !p.OK() {
		t.Errorf("tallies over the API after the restart: %s\n%s", p, p.Detail)
	}
	if err := srv.Stop(); err != nil {
		t.Errorf("stop after the restart: %v", err)
	}
	if out, err := runCheck(bin, data); err != nil {
		t.Errorf("cocreate check: %v\n%s", err, out)
	}
	checkEveryPair(t, data, s, seeded.Fans)
}

// checkEveryPair reads the votes table (the server is stopped) and holds
// every (fan, idea) pair whose last request was answered to that answer.
func checkEveryPair(t *testing.T, data string, s *storm, fans []Fan) {
	t.Helper()
	st, err := store.Open(filepath.Join(data, "cocreate.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	lost, back := 0, 0
	for f, fan := range fans {
		have, err := st.Voted(context.Background(), fan.User.ID, 0, s.ideas)
		if err != nil {
			t.Fatal(err)
		}
		for i, id := range s.ideas {
			want, sure := s.want(f, i)
			switch {
			case !sure:
			case want && !have[id]:
				lost++
				t.Errorf("fan %d's acknowledged vote for idea %d is gone", fan.User.ID, id)
			case !want && have[id]:
				back++
				t.Errorf("fan %d's vote for idea %d is there, but its undo (or nothing) was acknowledged", fan.User.ID, id)
			}
		}
	}
	if lost+back > 0 {
		t.Errorf("%d acknowledged votes lost, %d acknowledged undos undone", lost, back)
	}
}

// count tallies the ledgers: votes standing, pairs whose acknowledged last
// action was an undo, and pairs left unsure by the kill.
func (s *storm) count() (standing, undone, unsure int) {
	for _, l := range s.ledgers {
		for _, m := range l.pairs {
			switch {
			case m&markUnsure != 0:
				unsure++
			case m&markVoted != 0:
				standing++
			default:
				undone++
			}
		}
	}
	return standing, undone, unsure
}

// submitProbes submits ideas one after another until stop, and returns those
// acknowledged with 201: the last is the one created right before the kill.
func submitProbes(base string, challenge int64, token string, stop interface{ Load() bool }) []probe {
	client := &http.Client{Timeout: 10 * time.Second}
	var out []probe
	for i := 0; !stop.Load(); i++ {
		word := "crashprobe" + letters(i) + "qx" // no ending a stemmer would cut
		body, _ := json.Marshal(map[string]any{"title": "Idea " + word, "summary": "Submitted while the server was being killed: " + word})
		req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/api/v1/challenges/%d/ideas", base, challenge), bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := client.Do(req)
		if err != nil {
			continue
		}
		var idea struct {
			ID int64 `json:"id"`
		}
		json.NewDecoder(res.Body).Decode(&idea)
		res.Body.Close()
		if res.StatusCode == http.StatusCreated && idea.ID > 0 {
			out = append(out, probe{id: idea.ID, word: word})
		}
	}
	return out
}

// letters spells n in base 26 with a-z: search words without digits, so
// that no tokenizer splits them.
func letters(n int) string {
	s := ""
	for {
		s = string(rune('a'+n%26)) + s
		n /= 26
		if n == 0 {
			return s
		}
	}
}

// waitFound asks search for the probe's word until it finds the probe's idea
// or the deadline passes.
func waitFound(base string, p probe, deadline time.Time) error {
	for {
		res, err := http.Get(base + "/api/v1/search?q=" + url.QueryEscape(p.word))
		if err == nil {
			var found struct {
				Hits []struct {
					Type string `json:"type"`
					ID   int64  `json:"id"`
				} `json:"hits"`
			}
			json.NewDecoder(res.Body).Decode(&found)
			res.Body.Close()
			for _, h := range found.Hits {
				if h.Type == "idea" && h.ID == p.id {
					return nil
				}
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("idea %d (%q), acknowledged before the kill, is not found by search 5 s after the restart", p.id, p.word)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// testLog sends the benchmark's progress lines to the test log.
type testLog struct{ t *testing.T }

func (l testLog) Write(b []byte) (int, error) {
	l.t.Log(string(bytes.TrimSpace(b)))
	return len(b), nil
}
