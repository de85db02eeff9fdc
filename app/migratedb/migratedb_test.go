package migratedb

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cocreate/app/demo"
	"cocreate/app/domain"
	"cocreate/app/mail"
	"cocreate/app/pgtest"
	"cocreate/app/service"
	"cocreate/app/store"
)

func TestMain(m *testing.M) { pgtest.Main(m, "") }

// The demo installation (three challenges played to different points,
// votes, comments, judging, projects, notifications, an uploaded picture)
// moves into PostgreSQL whole: the same rows in every table, ids kept, the
// invariants `check` proves, the keys, the upload, and new rows get new ids.
func TestDemoInstallationMovesWhole(t *testing.T) {
	if !pgtest.Postgres() {
		t.Skip("moves a SQLite installation into PostgreSQL: the PostgreSQL pass runs it")
	}
	ctx := context.Background()
	data := t.TempDir()
	st, err := store.Open(filepath.Join(data, "cocreate.db"))
	if err != nil {
		t.Fatal(err)
	}
	svc := service.New(st, filepath.Join(data, "uploads"))
	if err := demo.LoadIfEmpty(ctx, svc); err != nil {
		t.Fatal(err)
	}
	var pic bytes.Buffer
	png.Encode(&pic, image.NewRGBA(image.Rect(0, 0, 900, 600)))
	img, err := svc.Images.Save("cover", pic.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	secret, err := mail.LoadSecret(filepath.Join(data, "mail", "secret"))
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	url := pgtest.DB(t, filepath.Join(data, "target"))
	var progress strings.Builder
	rep, err := Run(ctx, Options{Data: data, To: url, Progress: &progress})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(progress.String(), "votes") || rep.Rows["votes"] == 0 || rep.Rows["ideas"] == 0 || rep.Files < 2 || rep.Keys != 1 {
		t.Fatalf("report %+v\n%s", rep, progress.String())
	}

	src, _ := store.RawDB("", filepath.Join(data, "cocreate.db"))
	defer src.Close()
	dst, _ := store.RawDB(url, "")
	defer dst.Close()
	for table, n := range rep.Rows {
		if table == "files" || table == "shared_keys" {
			continue // filled from the data directory, below
		}
		var a, b int
		src.QueryRow(`SELECT COUNT(*) FROM "` + table + `"`).Scan(&a)
		dst.QueryRow(`SELECT COUNT(*) FROM "` + table + `"`).Scan(&b)
		if a != n || b != n {
			t.Errorf("%s: %d rows in SQLite, %d reported, %d in PostgreSQL", table, a, n, b)
		}
	}
	// The same ideas under the same ids, with their tallies.
	var want, got string
	q := `SELECT COALESCE(string_agg(id || ':' || title || ':' || votes || ':' || comments, '|' ORDER BY id), '') FROM ideas`
	src.QueryRow(`SELECT COALESCE(group_concat(id || ':' || title || ':' || votes || ':' || comments, '|'), '') FROM (SELECT * FROM ideas ORDER BY id)`).Scan(&want)
	dst.QueryRow(q).Scan(&got)
	if want == "" || want != got {
		t.Fatalf("ideas differ:\nSQLite     %.300s\nPostgreSQL %.300s", want, got)
	}

	pg, err := store.OpenPostgres(url)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	if v, err := pg.Check(ctx); err != nil || len(v) > 0 {
		t.Fatalf("check on PostgreSQL: %v %v", v, err)
	}
	if data, err := pg.File(ctx, img.File); err != nil || len(data) == 0 {
		t.Errorf("the upload is not in PostgreSQL: %v", err)
	}
	if key, err := pg.SharedKey(ctx, "mail", []byte("another")); err != nil || !bytes.Equal(key, secret) {
		t.Errorf("the mail key did not move: %v", err)
	}
	// New rows get ids past the copied ones.
	before := rep.Rows["users"]
	u, err := pg.CreateUser(ctx, domainSignUp("new@x.cn"), "x", false)
	if err != nil || u.ID <= int64(before) {
		t.Fatalf("a new user after the move: %+v %v", u, err)
	}

	// A second run refuses: the target is no longer empty.
	if _, err := Run(ctx, Options{Data: data, To: url}); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("second run: %v", err)
	}
	if _, err := os.Stat(filepath.Join(data, "cocreate.db")); err != nil {
		t.Fatal("the SQLite file is gone")
	}
	// It is kept, and marked as no longer the installation.
	marker, err := os.ReadFile(filepath.Join(data, MarkerName))
	if err != nil {
		t.Fatalf("no marker after the move: %v", err)
	}
	if !strings.Contains(string(marker), Redact(url)) {
		t.Errorf("the marker does not name the target:\n%s", marker)
	}
	if err := Moved(data); !errors.Is(err, ErrMoved) || !strings.Contains(err.Error(), "-db") {
		t.Errorf("Moved: %v", err)
	}
}

// A refused move leaves no marker.
func TestNoMarkerWithoutAMove(t *testing.T) {
	data := t.TempDir()
	if _, err := Run(context.Background(), Options{Data: data, To: "postgres://x@127.0.0.1:1/none"}); err == nil {
		t.Fatal("a move with no database succeeded")
	}
	if err := Moved(data); err != nil {
		t.Errorf("Moved after a refused move: %v", err)
	}
}

// The marker names the target without its password.
func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:secret@h:5432/db?sslmode=disable": "postgres://u@h:5432/db?sslmode=disable",
		"postgres://u@h/db?password=secret":             "postgres://u@h/db",
		"postgresql://h/db":                             "postgresql://h/db",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func domainSignUp(email string) domain.SignUp { return domain.SignUp{Email: email, Name: "new"} }
