package store

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/pgtest"
)

// TestOneLineTitlesMigration: a challenge's or an idea's title, or an idea's
// tag, stored with a line break before titles and tags had to be one line
// (domain.LineField) is mended by migration 075, so the challenge and the
// idea validate again (else a phase move or any edit of them is refused),
// and nothing else changes: a tag's backslash, a clean title, the order of
// the tags.
func TestOneLineTitlesMigration(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	users, c := fixture(t, s, 2)
	broken := addIdea(t, s, c, users[1].ID, "x")
	raw := addIdea(t, s, c, users[1].ID, "y")
	clean := addIdea(t, s, c, users[1].ID, "免清洗内筒")
	tags, err := json.Marshal([]string{"洗衣机\n二次污染", "a\u2028b", `back\slash`, "c\r\nd", "e\rf\u2029g", "ok"})
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE challenges SET title = ? WHERE id = ?`, []any{"洗衣机\n二次污染", c.ID}},
		{`UPDATE ideas SET title = ?, tags = ? WHERE id = ?`, []any{"免清洗\r\n内筒\u2028三号", string(tags), broken.ID}},
		// A raw U+2029 in the JSON text (valid JSON, unlike a raw LF).
		{`UPDATE ideas SET title = ?, tags = ? WHERE id = ?`, []any{"一\r二\u2029三", "[\"raw\u2029sep\"]", raw.ID}},
		// A backslash and an n in a tag are no line break.
		{`UPDATE ideas SET tags = ? WHERE id = ?`, []any{`["a\\nb","滚筒"]`, clean.ID}},
		{`DELETE FROM schema_migrations WHERE name = ?`, []any{"migrations/075_one_line_titles.sql"}},
	} {
		if _, err := s.w.Exec(q.sql, q.args...); err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}
	if err := c.Validate(); err != nil {
		t.Fatalf("the fixture's challenge does not validate: %v", err)
	}
	if err := migrate(s.w, pgtest.Postgres()); err != nil {
		t.Fatal(err)
	}

	var title string
	if err := s.w.QueryRow(`SELECT title FROM challenges WHERE id = ?`, c.ID).Scan(&title); err != nil {
		t.Fatal(err)
	}
	if title != "洗衣机 二次污染" {
		t.Errorf("challenge title after the migration: %q", title)
	}
	c.Title = title
	if err := c.Validate(); err != nil {
		t.Errorf("the challenge still does not validate: %v", err)
	}
	for _, want := range []struct {
		id    int64
		title string
		tags  []string
	}{
		{broken.ID, "免清洗 内筒 三号", []string{"洗衣机 二次污染", "a b", `back\slash`, "c d", "e f g", "ok"}},
		{raw.ID, "一 二 三", []string{"raw sep"}},
		{clean.ID, "免清洗内筒", []string{`a\nb`, "滚筒"}},
	} {
		var title, rawTags string
		if err := s.w.QueryRow(`SELECT title, tags FROM ideas WHERE id = ?`, want.id).Scan(&title, &rawTags); err != nil {
			t.Fatal(err)
		}
		var tags []string
		if err := json.Unmarshal([]byte(rawTags), &tags); err != nil {
			t.Errorf("idea %d: tags %q are no longer a JSON array of strings: %v", want.id, rawTags, err)
			continue
		}
		if title != want.title || strings.Join(tags, "|") != strings.Join(want.tags, "|") || len(tags) != len(want.tags) {
			t.Errorf("idea %d after the migration: %q %q, want %q %q", want.id, title, tags, want.title, want.tags)
		}
		if err := (domain.Idea{Title: title, Tags: tags}).Validate(); err != nil {
			t.Errorf("idea %d still does not validate: %v", want.id, err)
		}
	}
	if _, err := s.Idea(ctx, clean.ID); err != nil {
		t.Errorf("the store no longer reads an idea the migration passed over: %v", err)
	}
}
