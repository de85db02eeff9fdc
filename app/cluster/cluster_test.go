package cluster

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"cocreate/app/pgtest"
	"cocreate/app/store"
)

func TestMain(m *testing.M) { pgtest.Main(m, "") }

type node struct {
	cmd  *exec.Cmd
	url  string
	logs *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var listening = regexp.MustCompile(`cocreate is listening" url=(http://\S+)`)

func start(t *testing.T, bin, db string) *node {
	t.Helper()
	n := &node{logs: &syncBuffer{}}
	n.cmd = exec.Command(bin, "serve", "-addr", "127.0.0.1:0", "-data", t.TempDir(), "-db", db)
	n.cmd.Env = append(os.Environ(), "COCREATE_RATE_LIMITS=off")
	n.cmd.Stderr = n.logs
	if err := n.cmd.Start(); err != nil {
		t.Error(err)
		return nil
	}
	t.Cleanup(func() { _ = n.cmd.Process.Kill(); _, _ = n.cmd.Process.Wait() })
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if m := listening.FindStringSubmatch(n.logs.String()); m != nil {
			n.url = m[1]
			return n
		}
	}
	t.Errorf("no listening line: %s", n.logs.String()) // not Fatal: nodes start in goroutines
	return nil
}

var client = &http.Client{Timeout: 20 * time.Second}

// call sends a JSON request; status 0 means no answer (a dead node).
func call(method, u, token string, body any) (int, map[string]any) {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, u, r)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func must(t *testing.T, want int, got int, out map[string]any, what string) map[string]any {
	t.Helper()
	if got != want {
		t.Fatalf("%s: status %d, want %d: %v", what, got, want, out)
	}
	return out
}

func TestThreeNodesSurviveAKill(t *testing.T) {
	if !pgtest.Postgres() {
		t.Skip("three nodes on one PostgreSQL database: the PostgreSQL pass runs it")
	}
	if testing.Short() {
		t.Skip("builds the binary and starts three servers")
	}
	bin := filepath.Join(t.TempDir(), "cocreate")
	if out, err := exec.Command("go", "build", "-o", bin, "../..").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	db := pgtest.DB(t, "cluster")
	// They start together: migrations run once, under the advisory lock.
	nodes := make([]*node, 3)
	var wg sync.WaitGroup
	for i := range nodes {
		wg.Add(1)
		go func() { defer wg.Done(); nodes[i] = start(t, bin, db) }()
	}
	wg.Wait()
	for _, n := range nodes {
		if n == nil {
			t.FailNow()
		}
	}
	a, b, c := nodes[0].url, nodes[1].url, nodes[2].url

	// Every node asks for the one setup code (the installation's shared
	// session key); any node's log gives it.
	var codes []string
	for _, n := range nodes {
		m := regexp.MustCompile(`setup_code=(\S+)`).FindStringSubmatch(n.logs.String())
		if m == nil {
			t.Fatalf("no setup code in a node's log: %s", n.logs.String())
		}
		codes = append(codes, m[1])
	}
	if codes[0] != codes[1] || codes[1] != codes[2] {
		t.Errorf("the nodes ask for different setup codes: %v", codes)
	}
	_, out := call("POST", a+"/api/v1/setup", "", map[string]string{"email": "admin@brand.cn", "name": "管理员", "password": "admin-password", "setup_code": codes[2]})
	admin, _ := out["token"].(string)
	if admin == "" {
		t.Fatalf("setup: %v", out)
	}
	now := time.Now()
	st, out := call("POST", b+"/api/v1/challenges", admin, map[string]any{
		"title": "洗衣机二次污染", "brief": "storm", "kind": "open_call",
		"submissions_open_at": now.Add(-time.Hour), "submissions_close_at": now.Add(48 * time.Hour),
		"voting_open_at": now.Add(-time.Hour), "voting_close_at": now.Add(72 * time.Hour),
	})
	cid := int(must(t, 201, st, out, "challenge")["id"].(float64))
	var ideas []int
	for i := 0; i < 5; i++ {
		st, out := call("POST", nodes[i%3].url+fmt.Sprintf("/api/v1/challenges/%d/ideas", cid), admin, map[string]any{"title": fmt.Sprintf("idea %d", i), "summary": "s", "body": "b"})
		ideas = append(ideas, int(must(t, 201, st, out, "idea")["id"].(float64)))
	}

	// Fans sign up on any node.
	const fans = 60
	tokens := make([]string, fans)
	for i := range tokens {
		email := fmt.Sprintf("fan%d@x.cn", i)
		node := nodes[i%3].url
		st, out := call("POST", node+"/api/v1/users", "", map[string]string{"email": email, "name": fmt.Sprintf("fan %d", i), "password": "fan-password"})
		must(t, 201, st, out, "sign up")
		st, out = call("POST", nodes[(i+1)%3].url+"/api/v1/tokens", "", map[string]string{"email": email, "password": "fan-password"})
		tokens[i] = must(t, 201, st, out, "token")["token"].(string)
	}

	// The storm: every fan votes for every idea, each vote through a node
	// picked at random; node c is killed with SIGKILL partway through.
	type vote struct{ fan, idea int }
	var mu sync.Mutex
	ledger := map[vote]bool{}
	var liveFailures, sent atomic.Int64
	killed := make(chan struct{})
	var storm sync.WaitGroup
	for f := range tokens {
		storm.Add(1)
		go func() {
			defer storm.Done()
			rng := rand.New(rand.NewSource(int64(f)))
			for _, id := range rng.Perm(len(ideas)) {
				n := rng.Intn(3)
				st, _ := call("PUT", nodes[n].url+fmt.Sprintf("/api/v1/ideas/%d/vote", ideas[id]), tokens[f], nil)
				if sent.Add(1) == fans*int64(len(ideas))/3 {
					_ = nodes[2].cmd.Process.Signal(syscall.SIGKILL)
					close(killed)
				}
				switch {
				case st == 200:
					mu.Lock()
					ledger[vote{f, ideas[id]}] = true
					mu.Unlock()
				case n != 2:
					liveFailures.Add(1)
				}
			}
		}()
	}
	storm.Wait()
	<-killed
	if n := liveFailures.Load(); n > 0 {
		t.Errorf("%d votes through the surviving nodes failed", n)
	}

	// No acknowledged vote lost; tallies exact.
	raw, err := store.RawDB(db, "")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	stored := map[vote]bool{}
	rows, err := raw.Query(`SELECT u.email, v.idea_id FROM votes v JOIN users u ON u.id = v.user_id`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var email string
		var idea int
		rows.Scan(&email, &idea)
		var f int
		fmt.Sscanf(email, "fan%d@", &f)
		stored[vote{f, idea}] = true
	}
	rows.Close()
	for v := range ledger {
		if !stored[v] {
			t.Errorf("acknowledged vote lost: fan %d for idea %d", v.fan, v.idea)
		}
	}
	for _, id := range ideas {
		st, out := call("GET", a+fmt.Sprintf("/api/v1/ideas/%d", id), admin, nil)
		must(t, 200, st, out, "idea")
		var rowsN int
		raw.QueryRow(`SELECT COUNT(*) FROM votes WHERE idea_id = ?`, id).Scan(&rowsN)
		if got := int(out["votes"].(float64)); got != rowsN {
			t.Errorf("idea %d shows %d votes, the database holds %d", id, got, rowsN)
		}
	}
	t.Logf("%d votes sent, %d acknowledged, %d stored", sent.Load(), len(ledger), len(stored))

	// An idea submitted on one node is found on every live node within 2 s.
	st, out = call("POST", a+fmt.Sprintf("/api/v1/challenges/%d/ideas", cid), admin, map[string]any{"title": "免清洗内筒 cluster", "summary": "s", "body": "b"})
	must(t, 201, st, out, "idea after the kill")
	posted := time.Now()
	for _, n := range []string{a, b} {
		for {
			st, out := call("GET", n+"/api/v1/search?q="+url.QueryEscape("免清洗内筒"), "", nil)
			if st == 200 && out["total"].(float64) == 1 {
				break
			}
			if time.Since(posted) > 2*time.Second {
				t.Errorf("%s does not find the new idea 2 s after it was posted (status %d)", n, st)
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	// A token revoked on one node is refused by another within 1 s.
	st, _ = call("GET", b+"/api/v1/me", tokens[0], nil)
	must(t, 200, st, nil, "me on b")
	st, _ = call("DELETE", a+"/api/v1/tokens/current", tokens[0], nil)
	must(t, 204, st, nil, "revoke on a")
	revoked := time.Now()
	for {
		if st, _ := call("GET", b+"/api/v1/me", tokens[0], nil); st == 401 {
			break
		}
		if time.Since(revoked) > time.Second {
			t.Fatal("node b still accepts a token revoked on node a after 1 s")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if strings.Contains(nodes[0].logs.String()+nodes[1].logs.String(), "level=ERROR") {
		t.Errorf("errors in the surviving nodes' logs:\n%s\n%s", nodes[0].logs.String(), nodes[1].logs.String())
	}
	_ = c
}
