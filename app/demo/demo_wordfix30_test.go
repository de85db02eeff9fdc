package demo

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/service"
	"cocreate/app/store"
)

// Every demo account joined before it did anything: its created date
// precedes its first idea, vote, rating, pair choice, "I'd buy it",
// comment, club, meetup answer, tester application and point earned.
func TestDemoPeopleJoinBeforeTheyAct(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cocreate.db")
	st, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	svc := service.New(st, filepath.Join(dir, "uploads"))
	if _, err := LoadIfEmptyAccounts(context.Background(), svc); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	acts := []struct{ table, user, at string }{
		{"ideas", "author_id", "created_at"}, {"votes", "user_id", "created_at"}, {"ratings", "user_id", "created_at"},
		{"comparisons", "user_id", "created_at"}, {"intents", "user_id", "created_at"}, {"comments", "author_id", "created_at"},
		{"club_members", "user_id", "joined_at"}, {"club_events", "created_by", "created_at"}, {"event_rsvps", "user_id", "created_at"},
		{"event_checkins", "user_id", "created_at"}, {"tester_applications", "user_id", "created_at"},
		{"reputation_events", "user_id", "created_at"},
	}
	var parts []string
	for _, a := range acts {
		parts = append(parts, "SELECT "+a.user+" AS uid, MIN("+a.at+") AS first, '"+a.table+"' AS what FROM "+a.table+" GROUP BY "+a.user)
	}
	rows, err := db.Query(`SELECT u.email, u.created_at, a.first, a.what FROM users u JOIN (` + strings.Join(parts, " UNION ALL ") + `) a ON a.uid = u.id
		WHERE u.email LIKE '%@demo.cocreate' ORDER BY u.email`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var email, what string
		var created, first int64
		if err := rows.Scan(&email, &created, &first, &what); err != nil {
			t.Fatal(err)
		}
		n++
		if created > first {
			t.Errorf("%s joined %d ms after its first of %s", email, created-first, what)
		}
	}
	if err := rows.Err(); err != nil || n < 20 {
		t.Fatalf("%d acts read: %v", n, err)
	}
}

// The demo's words match how each challenge decides: a pairwise poll's
// brief speaks of choosing between two, not of votes each fan has.
func TestDemoBriefsSpeakOfTheirMethod(t *testing.T) {
	svc, _ := load(t)
	ctx := context.Background()
	list, err := svc.Challenges(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, c := range list {
		if c.Method() == domain.MethodSupport {
			continue
		}
		seen++
		for _, words := range []string{"票", "vote", "Vote"} {
			if strings.Contains(c.Title, words) || strings.Contains(c.Brief, words) {
				t.Errorf("%s challenge %q speaks of %q:\n%s", c.Method(), c.Title, words, c.Brief)
			}
		}
	}
	if seen == 0 {
		t.Fatal("no stars or pairwise challenge in the demo")
	}
}
