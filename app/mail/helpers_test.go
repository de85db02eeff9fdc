package mail

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/store"
)

// env is a real database in a temporary directory, which tests close and
// open again as a restarting server would.
type env struct {
	dir string
	st  *store.Store
}

func newEnv(t *testing.T) *env {
	t.Helper()
	e := &env{dir: t.TempDir()}
	e.open(t)
	t.Cleanup(func() { e.st.Close() })
	return e
}

func (e *env) open(t *testing.T) {
	t.Helper()
	st, err := store.Open(filepath.Join(e.dir, "cocreate.db"))
	if err != nil {
		t.Fatal(err)
	}
	e.st = st
}

// restart closes the database and opens it again.
func (e *env) restart(t *testing.T) {
	t.Helper()
	if err := e.st.Close(); err != nil {
		t.Fatal(err)
	}
	e.open(t)
}

func (e *env) user(t *testing.T, email, name, locale string) domain.User {
	t.Helper()
	ctx := context.Background()
	u, err := e.st.CreateUser(ctx, domain.SignUp{Email: email, Name: name}, "x", false)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.st.SetLocale(ctx, u.ID, locale); err != nil {
		t.Fatal(err)
	}
	// Confirmed: an email greets by name only a proven address (Compose).
	if err := e.st.SetVerified(ctx, u.ID, true); err != nil {
		t.Fatal(err)
	}
	u.Verified = true
	return u
}

// unconfirmed is a user whose address nobody has proven: whoever signed
// up with it chose the name.
func (e *env) unconfirmed(t *testing.T, email, name, locale string) domain.User {
	t.Helper()
	u := e.user(t, email, name, locale)
	if err := e.st.SetVerified(context.Background(), u.ID, false); err != nil {
		t.Fatal(err)
	}
	u.Verified = false
	return u
}

// notify adds a notification and its mail job in one transaction, as the
// store's notify does, through a connection of the test's own: the store
// keeps its writer to itself, and this package sees only its exported API.
func (e *env) notify(t *testing.T, userID int64, kind domain.NoticeKind, url string, args ...string) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+filepath.Join(e.dir, "cocreate.db")+"?_busy_timeout=10000&_foreign_keys=on&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	raw, _ := json.Marshal(args)
	now := e.st.Now()
	res, err := tx.Exec(`INSERT INTO notifications (user_id, kind, args, url, created_at) VALUES (?, ?, ?, ?, ?)`,
		userID, string(kind), string(raw), url, now.UnixMilli())
	if err != nil {
		t.Fatal(err)
	}
	id, _ := res.LastInsertId()
	if err := store.EnqueueMail(tx, id, now); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func (e *env) pending(t *testing.T) int {
	t.Helper()
	n, err := e.st.PendingMail(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// run starts a worker and returns a stop that waits for it; the worker
// polls fast so tests need not wait a second.
func run(w *Worker) (stop func(), done <-chan struct{}) {
	ctx, cancel := context.WithCancel(context.Background())
	d := make(chan struct{})
	go func() {
		defer close(d)
		w.Run(ctx)
	}()
	return func() { cancel(); <-d }, d
}

// waitFor polls cond for up to ten seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// recorder keeps what it is asked to send.
type recorder struct {
	mu   sync.Mutex
	msgs []Message
	fail func(n int) error // the error for the nth call (1-based), if any
}

func (r *recorder) Send(_ context.Context, m Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, m)
	if r.fail != nil {
		return r.fail(len(r.msgs))
	}
	return nil
}

func (r *recorder) sent() []Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Message(nil), r.msgs...)
}

// outbox reads an mbox file back: every message, parsed, in order.
func outbox(t *testing.T, path string) []*mail.Message {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []*mail.Message
	for _, rec := range strings.Split(string(raw), "\n\nFrom ") {
		if rec == "" {
			continue
		}
		_, msg, ok := strings.Cut(rec, "\n") // the "From " line
		if !ok {
			t.Fatalf("a record without a From line: %q", rec)
		}
		m, err := mail.ReadMessage(strings.NewReader(msg))
		if err != nil {
			t.Fatalf("unreadable message %q: %v", msg, err)
		}
		out = append(out, m)
	}
	return out
}

// ids counts the Message-IDs in an mbox file.
func ids(t *testing.T, path string) map[string]int {
	t.Helper()
	n := map[string]int{}
	for _, m := range outbox(t, path) {
		n[m.Header.Get("Message-ID")]++
	}
	return n
}

func fmtIDs(n map[string]int) string {
	var b strings.Builder
	for id, c := range n {
		fmt.Fprintf(&b, "%s×%d ", id, c)
	}
	return b.String()
}
