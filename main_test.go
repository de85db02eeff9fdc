package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	archive "cocreate/app/backup"
	"cocreate/app/demo"
	"cocreate/app/migratedb"
	"cocreate/app/search"
	"cocreate/app/service"
	"cocreate/app/store"
)

// demoData is a data directory holding the demo installation (SQLite).
func demoData(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	loadDemo(t, dir)
	return dir
}

// openingCommands runs, each, a command that opens the installation in
// dir (serve, check, backup, reindex), for tests of when they refuse. serve
// is given a port in use: one that went past its refusal fails there
// instead of serving.
func openingCommands(t *testing.T, dir string) map[string]func() error {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	return map[string]func() error{
		"serve":   func() error { return serve([]string{"-data", dir, "-addr", ln.Addr().String()}, quiet) },
		"check":   func() error { return check([]string{"-data", dir}) },
		"backup":  func() error { return backup([]string{"-data", dir, filepath.Join(t.TempDir(), "b.tar.gz")}) },
		"reindex": func() error { return reindex([]string{"-data", dir}, quiet) },
	}
}

// backedUpDemo is demoData and its backup, made by the command.
func backedUpDemo(t *testing.T) (dir, file string) {
	t.Helper()
	dir, file = demoData(t), filepath.Join(t.TempDir(), "backup.tar.gz")
	if err := backup([]string{"-data", dir, file}); err != nil {
		t.Fatal(err)
	}
	return dir, file
}

// loadDemo writes the demo installation into dir.
func loadDemo(t *testing.T, dir string) {
	t.Helper()
	st, err := store.Open(filepath.Join(dir, "cocreate.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := demo.LoadIfEmpty(context.Background(), service.New(st, filepath.Join(dir, "uploads"))); err != nil {
		t.Fatal(err)
	}
}

func TestCheckCommand(t *testing.T) {
	dir := t.TempDir()
	if err := check([]string{"-data", dir}); err == nil {
		t.Fatal("check on an empty directory succeeded")
	}
	loadDemo(t, dir)
	if err := check([]string{"-data", dir}); err != nil {
		t.Fatalf("check after the demo: %v", err)
	}
	// Break a tally behind the product's back: check must say so.
	db, err := sql.Open("sqlite3", filepath.Join(dir, "cocreate.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE ideas SET votes = votes + 1 WHERE id = 1`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	err = check([]string{"-data", dir})
	if err == nil || !strings.Contains(err.Error(), "1 invariant violations") {
		t.Fatalf("check after tampering: %v", err)
	}
}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// builtBinary is the cocreate binary, built once for the tests that run it.
func builtBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "cocreate-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "cocreate")
		if out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}

// TestServeStartsAndStops runs the real binary: it must serve the setup page
// on a fresh data directory and stop cleanly on SIGTERM.
func TestServeStartsAndStops(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := builtBinary(t)
	dir := t.TempDir()
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-data", dir, "-demo", "-metrics-addr", "127.0.0.1:0", "-trusted-proxies", "127.0.0.1/32")
	cmd.Env = append(os.Environ(), "COCREATE_RATE_LIMITS=off")
	var logs strings.Builder
	cmd.Stderr = &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The demo loads before the server listens: slow on a loaded machine.
	deadline := time.Now().Add(60 * time.Second)
	for !strings.Contains(logs.String(), "listening") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if !strings.Contains(logs.String(), "listening") {
		cmd.Process.Kill()
		t.Fatalf("no listening line: %s", logs.String())
	}
	if !strings.Contains(logs.String(), "rate limits are off") {
		t.Errorf("no warning that rate limits are off: %s", logs.String())
	}
	// -demo writes each sample account's random password to the log, once.
	if n := strings.Count(logs.String(), "demo account"); n != 16 || strings.Contains(logs.String(), "cocreate-demo") ||
		!regexp.MustCompile(`email=engineer@demo\.cocreate role=engineer password=[a-z0-9-]{19}`).MatchString(logs.String()) {
		t.Errorf("%d demo accounts in the log, want 16 with their passwords: %s", n, logs.String())
	}
	// -metrics-addr: a listener of its own, /metrics without a sign-in.
	if m := regexp.MustCompile(`url=(http://\S+/metrics)`).FindStringSubmatch(logs.String()); m == nil {
		t.Errorf("no metrics listener in the log: %s", logs.String())
	} else if resp, err := http.Get(m[1]); err != nil {
		t.Error(err)
	} else {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), "cocreate_uptime_seconds") {
			t.Errorf("metrics listener: %d %.300s", resp.StatusCode, body)
		}
	}
	// The demo's notifications (shortlists, wins, stage moves) go out as
	// email: with no SMTP server configured, into the local outbox file.
	outbox := filepath.Join(dir, "mail", "outbox.mbox")
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if b, _ := os.ReadFile(outbox); strings.Count(string(b), "Message-ID:") >= 10 {
			break
		}
	}
	if b, _ := os.ReadFile(outbox); strings.Count(string(b), "Message-ID:") < 10 {
		t.Errorf("the outbox holds %d messages, want the demo's notifications", strings.Count(string(b), "Message-ID:"))
	}
	cmd.Process.Signal(os.Interrupt)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("exit after SIGINT: %v\n%s", err, logs.String())
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatal("server did not stop on SIGINT")
	}
	if _, err := os.Stat(filepath.Join(dir, "session.key")); err != nil {
		t.Errorf("session keys not kept under data: %v", err)
	}
}

// check also proves the search index is in step: after reindex it is, and
// an index missing documents is a violation.
func TestCheckComparesTheIndex(t *testing.T) {
	dir := demoData(t)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := reindex([]string{"-data", dir}, quiet); err != nil {
		t.Fatal(err)
	}
	if err := check([]string{"-data", dir}); err != nil {
		t.Fatalf("check after reindex: %v", err)
	}
	// Remove documents behind the database's back.
	ix, err := search.Open(filepath.Join(dir, "index"))
	if err != nil {
		t.Fatal(err)
	}
	ix.Apply(nil, []search.Key{{Type: search.TypeIdea, ID: 1}, {Type: search.TypeIdea, ID: 2}})
	ix.Close()
	if err := check([]string{"-data", dir}); err == nil {
		t.Fatal("check passed with documents missing from the index")
	}
}

func TestBackupAndRestoreCommands(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "cocreate.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadIfEmpty(context.Background(), service.New(st, filepath.Join(dir, "uploads"))); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "backup.tar.gz")
	if err := backup([]string{"-data", dir, file}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if err := backup([]string{"-verify", file}); err != nil {
		t.Fatalf("verify: %v", err)
	}
	raw, _ := os.ReadFile(file)
	cut := filepath.Join(t.TempDir(), "cut.tar.gz")
	os.WriteFile(cut, raw[:len(raw)*2/3], 0o600)
	if err := backup([]string{"-verify", cut}); err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Fatalf("verify of a truncated archive: %v", err)
	}
	if err := restore([]string{"-data", dir, cut}); err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Fatalf("restore of a truncated archive: %v", err)
	}
	// A running server (holding the lock) blocks a restore.
	unlock, err := store.Lock(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := restore([]string{"-data", dir, file}); err == nil || !strings.Contains(err.Error(), "stop it") {
		t.Fatalf("restore while serving: %v", err)
	}
	unlock()
	if err := restore([]string{"-data", dir, file}); err != nil {
		t.Fatal(err)
	}
	if err := check([]string{"-data", dir}); err != nil {
		t.Fatalf("check after restore: %v", err)
	}
	if err := backup([]string{"-data", dir}); err == nil {
		t.Error("backup without a file name succeeded")
	}
	// With PostgreSQL, backup and restore say what to use instead.
	t.Setenv("COCREATE_DB", "postgres://cocreate@db.internal/cocreate")
	files := filepath.Join(t.TempDir(), "pg.tar.gz")
	if err := backup([]string{"-data", dir, files}); err == nil || !strings.Contains(err.Error(), "pg_dump") || !strings.Contains(err.Error(), "-no-database") {
		t.Errorf("backup with PostgreSQL: %v", err)
	}
	if err := restore([]string{"-data", dir, file}); err == nil || !strings.Contains(err.Error(), "migrate-db") {
		t.Errorf("restore of a SQLite archive with PostgreSQL: %v", err)
	}
	if err := backup([]string{"-data", dir, "-no-database", files}); err != nil {
		t.Fatalf("backup -no-database: %v", err)
	}
	if err := restore([]string{"-data", dir, files}); err != nil {
		t.Errorf("restore of the uploads and keys with PostgreSQL: %v", err)
	}
	// -db says the same as COCREATE_DB, and wins over it.
	t.Setenv("COCREATE_DB", "")
	if err := restore([]string{"-data", dir, "-db", "postgres://cocreate@db.internal/cocreate", file}); err == nil || !strings.Contains(err.Error(), "migrate-db") {
		t.Errorf("restore -db of a SQLite archive: %v", err)
	}
	if err := restore([]string{"-data", dir, "-db", "postgres://cocreate@db.internal/cocreate", files}); err != nil {
		t.Errorf("restore -db of the uploads and keys: %v", err)
	}
	t.Setenv("COCREATE_DB", "postgres://cocreate@db.internal/cocreate")
	if err := restore([]string{"-data", dir, "-db", "", file}); err != nil {
		t.Errorf("restore -db '' (SQLite) with COCREATE_DB set: %v", err)
	}
	if err := check([]string{"-data", dir, "-db", ""}); err != nil {
		t.Fatalf("check after restore -db '': %v", err)
	}
}

// Headers past 64 KiB are refused before any handler runs (Go's default
// would hold up to 1 MiB per connection).
func TestServerRefusesHugeHeaders(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := httpServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	go hs.Serve(ln)
	defer hs.Close()
	send := func(size int) int {
		req, _ := http.NewRequest("GET", "http://"+ln.Addr().String()+"/", nil)
		req.Header.Set("X-Padding", strings.Repeat("a", size))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := send(32 << 10); got != http.StatusNoContent {
		t.Errorf("32 KiB of headers: %d, want 204", got)
	}
	if got := send(100 << 10); got != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("100 KiB of headers: %d, want 431", got)
	}
}

// A data directory with the journal of a restore interrupted in its swap
// is opened by no command but restore: serve would start on a half-restored
// installation (with no database: an empty one anyone could set up).
func TestCommandsRefuseAnInterruptedRestore(t *testing.T) {
	dir, file := backedUpDemo(t)
	// What a kill after the swap's first rename leaves: no database, and
	// the journal.
	aside := filepath.Join(dir, "before-restore-20260101T000000Z")
	os.Mkdir(aside, 0o700)
	if err := os.Rename(filepath.Join(dir, "cocreate.db"), filepath.Join(aside, "cocreate.db")); err != nil {
		t.Fatal(err)
	}
	journal := `{"archive": "` + file + `", "staging": ".restore-1", "safety_copy": "before-restore-20260101T000000Z",
		"moves": [["cocreate.db", "before-restore-20260101T000000Z/cocreate.db"], [".restore-1/cocreate.db", "cocreate.db"]]}`
	os.WriteFile(filepath.Join(dir, archive.JournalName), []byte(journal), 0o600)

	runs := openingCommands(t, dir)
	runs["migrate-db"] = func() error { return migrateDB([]string{"-data", dir, "-to", "postgres://nobody@127.0.0.1:1/none"}) }
	for name, run := range runs {
		if err := run(); !errors.Is(err, archive.ErrInterrupted) || !strings.Contains(err.Error(), "cocreate restore") {
			t.Errorf("%s: %v, want a refusal saying to run restore", name, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "cocreate.db")); err == nil {
		t.Fatal("a command made a new database")
	}
	if err := restore([]string{"-data", dir, file}); err != nil {
		t.Fatal(err)
	}
	if err := check([]string{"-data", dir}); err != nil {
		t.Fatalf("check after the restore: %v", err)
	}
}

// After migrate-db the SQLite file stays in the data directory, stale: a
// command that would open it without -db refuses, naming the marker, and
// with -db the commands work as before.
func TestCommandsRefuseTheSQLiteFileMigrateDBLeft(t *testing.T) {
	dir, full := backedUpDemo(t)
	// What migrate-db leaves once its move is committed (its own test,
	// on PostgreSQL, checks that it does).
	const pg = "postgres://cocreate:hunter2@db.internal/cocreate"
	if err := migratedb.MarkMoved(dir, pg); err != nil {
		t.Fatal(err)
	}
	t.Setenv("COCREATE_DB", "")
	runs := openingCommands(t, dir)
	runs["restore"] = func() error { return restore([]string{"-data", dir, full}) }
	for name, run := range runs {
		err := run()
		if !errors.Is(err, migratedb.ErrMoved) || !strings.Contains(err.Error(), migratedb.MarkerName) || !strings.Contains(err.Error(), "-db") {
			t.Errorf("%s without -db: %v, want a refusal naming the marker and -db", name, err)
		} else if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%s: the refusal shows the password: %v", name, err)
		}
	}
	// With -db, as before: the uploads and keys without the database.
	files := filepath.Join(t.TempDir(), "files.tar.gz")
	if err := backup([]string{"-data", dir, "-db", pg, "-no-database", files}); err != nil {
		t.Fatalf("backup -db -no-database: %v", err)
	}
	if err := backup([]string{"-data", dir, "-db", pg, filepath.Join(t.TempDir(), "x.tar.gz")}); !errors.Is(err, archive.ErrPostgres) {
		t.Errorf("backup -db: %v", err)
	}
	if err := restore([]string{"-data", dir, "-db", pg, files}); err != nil {
		t.Fatalf("restore -db: %v", err)
	}
	// Removing the marker goes back to the SQLite file.
	os.Remove(filepath.Join(dir, migratedb.MarkerName))
	if err := check([]string{"-data", dir}); err != nil {
		t.Fatalf("check once the marker is removed: %v", err)
	}
}

// Mail settings that would fail every message one by one, or write links
// no mail reader opens, are refused at start, naming the flag, before the
// data directory is touched.
func TestServeRefusesBadMailSettings(t *testing.T) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	for _, c := range []struct {
		args []string
		flag string
	}{
		{[]string{"-mail-from", "共创 noreply"}, "-mail-from"},
		{[]string{"-mail-from", ""}, "-mail-from"},
		{[]string{"-base-url", "ideas.example.com"}, "-base-url"},
		{[]string{"-base-url", "ftp://ideas.example.com"}, "-base-url"},
		{[]string{"-base-url", "https://"}, "-base-url"},
		{[]string{"-smtp-addr", "smtp.qq.com"}, "-smtp-addr"},
		{[]string{"-smtp-addr", "imaps://smtp.qq.com"}, "-smtp-addr"},
		{[]string{"-smtp-user", "noreply@example.com"}, "-smtp-user"},
	} {
		dir := t.TempDir()
		err := serve(append([]string{"-data", dir, "-addr", "127.0.0.1:0"}, c.args...), quiet)
		if err == nil || !strings.HasPrefix(err.Error(), c.flag+":") {
			t.Errorf("%q: %v, want a refusal naming %s", c.args, err, c.flag)
		}
		if _, err := os.Stat(filepath.Join(dir, "cocreate.db")); err == nil {
			t.Errorf("%q: a database was made before the refusal", c.args)
		}
	}
	for _, ok := range [][4]string{
		{"", "", "共创 <noreply@example.com>", "https://ideas.example.com/"},
		{"smtps://smtp.qq.com", "noreply@qq.com", "noreply@example.com", "http://127.0.0.1:8080"},
		{"smtp.163.com:465", "", "cocreate <noreply@localhost>", ""},
		{"smtp+plain://relay.lan", "", "noreply@example.com", ""},
	} {
		if err := checkMailFlags(ok[0], ok[1], ok[2], ok[3]); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
}

// reindex, like check and backup, refuses a data directory with no
// database rather than making an empty one and indexing nothing.
func TestReindexRefusesAMissingDatabase(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nonexist")
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	err := reindex([]string{"-data", dir}, quiet)
	if err == nil || !strings.Contains(err.Error(), "no database at "+filepath.Join(dir, "cocreate.db")) {
		t.Fatalf("reindex of a missing directory: %v", err)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Fatal("reindex made the data directory")
	}
}

// `cocreate help`, -h and --help print README's command list and succeed;
// a command's -h shows its own lines of that list (with FILE where it
// takes one) above its flags.
func TestHelpListsTheCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := builtBinary(t)
	run := func(args ...string) (stdout, stderr string, code int) {
		t.Helper()
		var o, e strings.Builder
		cmd := exec.Command(bin, args...)
		cmd.Stdout, cmd.Stderr, cmd.Dir = &o, &e, t.TempDir()
		err := cmd.Run()
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			code = exit.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return o.String(), e.String(), code
	}
	list := commandList()
	for _, cmd := range []string{"[serve]", "check", "reindex", "backup", "restore", "migrate-db", "bench", "version", "help"} {
		if !strings.Contains(list, "\ncocreate "+cmd+" ") && !strings.HasPrefix(list, "cocreate "+cmd+" ") {
			t.Errorf("README's command list lacks %s:\n%s", cmd, list)
		}
	}
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}, {"-help"}} {
		out, errOut, code := run(args...)
		if code != 0 || !strings.Contains(out, list) || errOut != "" {
			t.Errorf("cocreate %s: exit %d, stdout %q, stderr %q; want the command list, exit 0", args, code, out, errOut)
		}
	}
	for _, c := range []struct {
		args []string
		want []string
	}{
		{[]string{"backup", "-h"}, []string{"cocreate backup  [-data DIR] [-allow-missing] FILE", "cocreate backup  -verify FILE", "-no-database"}},
		{[]string{"help", "restore"}, []string{"cocreate restore [-data DIR] FILE", "-db string"}},
		{[]string{"serve", "-h"}, []string{"cocreate [serve] [-addr", "-smtp-addr string"}},
		{[]string{"reindex", "--help"}, []string{"cocreate reindex [-data DIR]"}},
	} {
		_, errOut, code := run(c.args...)
		for _, w := range c.want {
			if code != 0 || !strings.Contains(errOut, w) {
				t.Errorf("cocreate %s: exit %d, lacks %q:\n%s", c.args, code, w, errOut)
			}
		}
		if strings.Contains(errOut, "help requested") {
			t.Errorf("cocreate %s says help requested as an error:\n%s", c.args, errOut)
		}
	}
	if out, _, code := run("version"); code != 0 || !strings.HasPrefix(out, "cocreate ") || !strings.Contains(out, "go1.") {
		t.Errorf("cocreate version: exit %d, %q", code, out)
	}
	if _, errOut, code := run("frob"); code != 1 || !strings.Contains(errOut, `unknown command "frob"; `+"`cocreate help`") {
		t.Errorf("cocreate frob: exit %d, %q", code, errOut)
	}
}
