// Package pgtest runs a package's tests on both engines: SQLite, then
// PostgreSQL. A package's TestMain calls Main; its tests open their store
// with store.OpenEngine(pgtest.DB(t, path), path), which is SQLite at path
// in the first pass and, in the second, a fresh PostgreSQL database for
// path (the same one again when a test reopens the same path, as a restart):
// empty, or a copy of the package's Template.
//
// The PostgreSQL pass uses COCREATE_TEST_PG (a postgres:// address of a
// server where the user may create databases) when it is set, or else starts
// a throwaway cluster in a temporary directory from the installed binaries
// (Debian's postgresql package: /usr/lib/postgresql/N/bin), as an
// unprivileged user when the tests run as root (initdb refuses root), and
// removes it at the end. With neither it says so and skips the pass.
// COCREATE_TEST_PG=off skips it on purpose.
package pgtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // the admin connection
)

// engineEnv marks the PostgreSQL pass in the re-executed test binary.
const engineEnv = "COCREATE_TEST_ENGINE"

// Postgres reports whether this is the PostgreSQL pass.
func Postgres() bool { return os.Getenv(engineEnv) == "postgres" }

// Tests runs a package's tests once and says how they ended (the exit
// code): a *testing.M, or a package's own wrapper of it that cleans up after
// the tests (say, a browser they share).
type Tests interface{ Run() int }

// Main runs the package's tests on SQLite, then again on PostgreSQL (in a
// child process, the same test binary with the same flags) when PostgreSQL
// is available. skip is a -test.skip pattern for the PostgreSQL pass (say,
// the browser journeys, which test pages rather than the engine); "" runs all.
func Main(m Tests, skip string) { MainWithin(m, skip, 0) }

// MainWithin is Main for a package whose two passes together take longer
// than go test's default -timeout (10 minutes; go test kills a test binary
// a minute past it): the PostgreSQL pass runs only when -timeout is 0 or at
// least need, and otherwise says so and how to run it (CI, which runs with
// a long -timeout and COCREATE_CI=1, fails instead).
func MainWithin(m Tests, skip string, need time.Duration) {
	code := m.Run()
	if Postgres() {
		stop()
		os.Exit(code)
	}
	if !secondPass() {
		os.Exit(code)
	}
	why := Available()
	if why == "" {
		why = tooShort(need)
	}
	if why != "" && os.Getenv("COCREATE_CI") == "1" && code == 0 && os.Getenv("COCREATE_TEST_PG") != "off" {
		fmt.Fprintf(os.Stderr, "pgtest: PostgreSQL pass not run in CI: %s\n", why)
		os.Exit(1)
	}
	if why != "" {
		fmt.Fprintf(os.Stderr, "pgtest: PostgreSQL pass skipped: %s\n", why)
		os.Exit(code)
	}
	args := os.Args[1:]
	if skip != "" {
		if f := flag.Lookup("test.skip"); f != nil && f.Value.String() != "" {
			skip = f.Value.String() + "|" + skip
		}
		args = append(args, "-test.skip="+skip)
	}
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), engineEnv+"=postgres")
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	fmt.Println("pgtest: the same tests on PostgreSQL")
	if err := cmd.Run(); err != nil {
		fmt.Fprintf(os.Stderr, "pgtest: PostgreSQL pass: %v\n", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// TimeoutUnder says why go test's -timeout is under need ("" when it is
// not, or is 0): what a test too long for go test's default 10 minutes
// checks before it runs (CI gives 30m).
func TimeoutUnder(need time.Duration) string { return tooShort(need) }

// tooShort says why the binary's -timeout leaves no time for a PostgreSQL
// pass that needs need, or "" when it does (or need is 0).
func tooShort(need time.Duration) string {
	f := flag.Lookup("test.timeout")
	if need == 0 || f == nil {
		return ""
	}
	timeout, err := time.ParseDuration(f.Value.String())
	if err != nil || timeout == 0 || timeout >= need {
		return ""
	}
	return fmt.Sprintf("both passes take longer than -timeout %v; give go test -timeout %v or more (CI gives 30m) for the PostgreSQL pass too", timeout, need.Round(time.Minute))
}

// secondPass is false for runs that are no ordinary test run: fuzzing (and
// its workers), benchmarks, listing.
func secondPass() bool {
	for _, name := range []string{"test.fuzz", "test.bench", "test.list"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" {
			return false
		}
	}
	if f := flag.Lookup("test.fuzzworker"); f != nil && f.Value.String() == "true" {
		return false
	}
	return true
}

// Available says why PostgreSQL cannot be used for tests, or "" when it can.
func Available() string {
	v := os.Getenv("COCREATE_TEST_PG")
	if v == "off" {
		return "COCREATE_TEST_PG=off"
	}
	if v != "" {
		return ""
	}
	if binDir() == "" {
		return "no PostgreSQL binaries (apt-get install postgresql) and COCREATE_TEST_PG unset"
	}
	return ""
}

// binDir is the newest installed PostgreSQL's bin directory, or "".
func binDir() string {
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p)
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	if len(dirs) == 0 {
		return ""
	}
	return filepath.Dir(dirs[0])
}

func version(initdb string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(initdb))))
	return n
}

var (
	mu      sync.Mutex
	server  string // base address: postgres://...; database set per test
	cluster *exec.Cmd
	tmp     string
	made    = map[string]bool{} // each database made, and whether it is a copy of the template
	failed  error
	salt    = rand.Text()

	prepare     func(url string) error // Template's
	template    string                 // the prepared template's name, once made
	templateErr error                  // why the template could not be made, once tried
	copying     string                 // how a copy of it is made: " STRATEGY FILE_COPY" on the throwaway cluster
)

// Template has every database DB makes from now on start as prepare left
// a database of its own: prepare runs once, on a template database, and
// each test's database is a copy of it (CREATE DATABASE … TEMPLATE, as
// files). A package's TestMain sets it before Main: the store's migrations
// (about 0.35 s a database, against 0.03 s for the copy; measured in
// session 36), which every test would otherwise run on its own database.
// A package that sets it has DB give it prepared databases: a test of what
// first users do to an empty one (nodes migrating together) asks EmptyDB.
func Template(p func(url string) error) { prepare = p }

// DB is "" in the SQLite pass. In the PostgreSQL pass it is the address of
// a database kept for key (a test's database path): made the first time,
// empty or as the package's Template prepared it, and the same database
// for the same key until the pass ends.
func DB(t testing.TB, key string) string {
	t.Helper()
	return db(t, key, true)
}

// EmptyDB is DB for a test of what a database's first users do to it (the
// migrations, run by nodes starting together): made empty, whatever the
// package's Template.
func EmptyDB(t testing.TB, key string) string {
	t.Helper()
	return db(t, key, false)
}

func db(t testing.TB, key string, prepared bool) string {
	t.Helper()
	if !Postgres() {
		return ""
	}
	u, err := database(key, prepared)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return u
}

// SQLiteOnly skips a test in the PostgreSQL pass, saying why.
func SQLiteOnly(t testing.TB, why string) {
	t.Helper()
	if Postgres() {
		t.Skip("SQLite only: " + why)
	}
}

func database(key string, prepared bool) (string, error) {
	mu.Lock()
	defer mu.Unlock()
	if server == "" && failed == nil {
		failed = start()
	}
	if failed != nil {
		return "", failed
	}
	copied := prepared && prepare != nil
	name := dbName(key)
	if was, ok := made[name]; ok {
		// The same database again, whatever it was made as (DB finds the
		// one EmptyDB made, which its test has filled since), but never
		// a copy of the template where a test asks for an empty one.
		if was && !prepared {
			return "", fmt.Errorf("the database of %q was made from the template (DB) before it was asked for empty (EmptyDB)", key)
		}
		return withDB(server, name), nil
	}
	db, err := sql.Open("pgx", withDB(server, "postgres"))
	if err != nil {
		return "", err
	}
	defer db.Close()
	create := `CREATE DATABASE ` + name
	if copied {
		if template == "" && templateErr == nil {
			templateErr = makeTemplate(db)
		}
		if templateErr != nil {
			return "", templateErr
		}
		create += ` TEMPLATE ` + template + copying
	}
	if err := createDatabase(db, create); err != nil {
		return "", fmt.Errorf("unable to create database %s: %w", name, err)
	}
	made[name] = copied
	return withDB(server, name), nil
}

// dbName is the database of key: the same for the same key in this
// process, and another in any other run on a shared server (salt).
func dbName(key string) string {
	sum := sha256.Sum256([]byte(salt + key))
	return "t_" + hex.EncodeToString(sum[:8])
}

// makeTemplate makes the template database and has prepare ready it,
// under mu; dropped with the tests' databases at the end (stop). Once
// ready it takes no connections (as template0), so a copy never waits
// for one: the sessions prepare left are ended.
func makeTemplate(db *sql.DB) error {
	name := dbName("template")
	if _, err := db.Exec(`CREATE DATABASE ` + name); err != nil {
		return fmt.Errorf("unable to create the template database: %w", err)
	}
	made[name] = false
	if err := prepare(withDB(server, name)); err != nil {
		return fmt.Errorf("preparing the template database: %w", err)
	}
	if _, err := db.Exec(`ALTER DATABASE ` + name + ` ALLOW_CONNECTIONS false`); err != nil {
		return err
	}
	if _, err := db.Exec(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, name); err != nil {
		return err
	}
	// On the throwaway cluster (fsync off) a copy of the files took about
	// a third of the time of PostgreSQL 15's default, which logs it block
	// by block (25 ms against 90, session 36); it checkpoints the whole
	// server twice, so a server given by COCREATE_TEST_PG, perhaps shared,
	// keeps the default.
	if cluster != nil {
		var version int
		if err := db.QueryRow(`SELECT current_setting('server_version_num')::int`).Scan(&version); err != nil {
			return err
		}
		if version >= 150000 {
			copying = ` STRATEGY FILE_COPY`
		}
	}
	template = name
	return nil
}

// createDatabase runs create, again while its template's last session is
// still ending (SQLSTATE 55006: pg_terminate_backend only signals it).
func createDatabase(db *sql.DB, create string) error {
	for i := 0; ; i++ {
		_, err := db.Exec(create)
		var pgErr *pgconn.PgError
		if err == nil || i == 50 || !errors.As(err, &pgErr) || pgErr.Code != "55006" {
			return err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// withDB is the server's address with another database name.
func withDB(base, name string) string {
	u, err := url.Parse(base)
	if err != nil {
		return base
	}
	u.Path = "/" + name
	return u.String()
}

// start finds or starts the server.
func start() error {
	if v := os.Getenv("COCREATE_TEST_PG"); v != "" {
		server = v
		return nil
	}
	bin := binDir()
	if bin == "" {
		return errors.New("no PostgreSQL binaries")
	}
	dir, err := os.MkdirTemp("", "cocreate-pg-")
	if err != nil {
		return err
	}
	tmp = dir
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		// initdb and postgres refuse root: run them as an unprivileged user
		// who owns the directory.
		uid, gid, err := unprivileged()
		if err != nil {
			return err
		}
		if err := os.Chown(dir, int(uid), int(gid)); err != nil {
			return err
		}
		cred = &syscall.Credential{Uid: uid, Gid: gid, NoSetGroups: true}
	}
	data := filepath.Join(dir, "data")
	initdb := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-U", "cocreate", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
	initdb.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	if out, err := initdb.CombinedOutput(); err != nil {
		return fmt.Errorf("initdb: %v: %s", err, out)
	}
	logf, err := os.Create(filepath.Join(dir, "postgres.log"))
	if err != nil {
		return err
	}
	cluster = exec.Command(filepath.Join(bin, "postgres"), "-D", data, "-k", dir,
		"-c", "listen_addresses=", "-c", "fsync=off", "-c", "synchronous_commit=off",
		"-c", "full_page_writes=off", "-c", "max_connections=400", "-c", "shared_buffers=64MB")
	cluster.Stdout, cluster.Stderr = logf, logf
	// The cluster dies with this process, however it ends (SIGQUIT: an
	// immediate shutdown).
	cluster.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGQUIT}
	if err := cluster.Start(); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	base := (&url.URL{Scheme: "postgres", User: url.User("cocreate"), Path: "/postgres", RawQuery: "host=" + url.QueryEscape(dir)}).String()
	deadline := time.Now().Add(60 * time.Second)
	for {
		db, err := sql.Open("pgx", base)
		if err == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			err = db.PingContext(ctx)
			cancel()
			db.Close()
		}
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "postgres.log"))
			return fmt.Errorf("postgres did not start: %v: %s", err, log)
		}
		time.Sleep(100 * time.Millisecond)
	}
	server = base
	return nil
}

// unprivileged is the postgres account when there is one, else nobody.
func unprivileged() (uint32, uint32, error) {
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		return uint32(uid), uint32(gid), nil
	}
	return 0, 0, errors.New("no unprivileged user (postgres or nobody) to run PostgreSQL as")
}

// stop ends the throwaway cluster and removes it, or drops the databases
// made on a server given by COCREATE_TEST_PG.
func stop() {
	mu.Lock()
	defer mu.Unlock()
	if cluster != nil {
		_ = cluster.Process.Signal(syscall.SIGQUIT)
		_ = cluster.Wait()
		_ = os.RemoveAll(tmp)
		return
	}
	if server == "" || len(made) == 0 {
		return
	}
	db, err := sql.Open("pgx", withDB(server, "postgres"))
	if err != nil {
		return
	}
	defer db.Close()
	for name := range made {
		_, _ = db.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
	}
}

// Server is the PostgreSQL pass's server address (database "postgres"),
// starting the throwaway cluster if needed; for tests that make databases
// of their own (several nodes on one database).
func Server() (string, error) {
	mu.Lock()
	defer mu.Unlock()
	if server == "" && failed == nil {
		failed = start()
	}
	return server, failed
}

// Key is a database key unique to a test, for tests that open no file.
func Key(t testing.TB) string {
	return filepath.Join(t.TempDir(), strings.ReplaceAll(t.Name(), "/", "_"))
}

// ciEnv is set by .ci/run: there a test that needs a tool CI installs
// fails instead of skipping when the tool is missing.
const ciEnv = "COCREATE_CI"

// Bouncer starts a throwaway PgBouncer in transaction mode (pool_mode =
// transaction: a server connection is a client's only for one
// transaction) in front of the PostgreSQL pass's server, for database db
// (an address from DB), and returns the address of db through it. It runs
// as the same unprivileged user as the cluster when the tests run as root,
// listens only on a Unix socket in its own temporary directory, and stops
// when the test ends. Without a pgbouncer binary it skips the test, saying
// so, or fails it under CI (.ci/run installs it).
func Bouncer(t testing.TB, db string) string {
	t.Helper()
	bin, err := exec.LookPath("pgbouncer")
	if err != nil {
		bin = "/usr/sbin/pgbouncer" // Debian's, off a normal user's PATH
		if _, err := os.Stat(bin); err != nil {
			if os.Getenv(ciEnv) != "" {
				t.Fatal("pgtest: no pgbouncer binary, which CI installs (apt-get install pgbouncer)")
			}
			t.Skip("pgtest: no pgbouncer binary (apt-get install pgbouncer); the PgBouncer test does not run here")
		}
	}
	cfg, err := pgconn.ParseConfig(db)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	dir, err := os.MkdirTemp("", "cocreate-pgbouncer-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		// PgBouncer refuses root too.
		uid, gid, err := unprivileged()
		if err != nil {
			t.Fatalf("pgtest: %v", err)
		}
		if err := os.Chown(dir, int(uid), int(gid)); err != nil {
			t.Fatal(err)
		}
		cred = &syscall.Credential{Uid: uid, Gid: gid, NoSetGroups: true}
	}
	const port = 6432 // only names the socket file, in dir
	ini := fmt.Sprintf(`[databases]
%[1]s = host=%[2]s port=%[3]d dbname=%[1]s user=%[4]s

[pgbouncer]
listen_addr =
listen_port = %[5]d
unix_socket_dir = %[6]s
auth_type = trust
auth_file = %[6]s/users.txt
pool_mode = transaction
max_client_conn = 500
default_pool_size = 40
logfile = %[6]s/pgbouncer.log
`, cfg.Database, cfg.Host, cfg.Port, cfg.User, port, dir)
	for name, body := range map[string]string{"pgbouncer.ini": ini, "users.txt": fmt.Sprintf("%q \"\"\n", cfg.User)} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bin, filepath.Join(dir, "pgbouncer.ini"))
	out, err := os.Create(filepath.Join(dir, "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatalf("pgtest: pgbouncer: %v", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGINT) // its immediate shutdown
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	sock := filepath.Join(dir, fmt.Sprintf(".s.PGSQL.%d", port))
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		// Its socket's file is made when it binds, a moment before it
		// listens: a connection then is refused. Only one that is taken
		// says it is ready.
		if c, err := net.DialTimeout("unix", sock, time.Second); err == nil {
			_ = c.Close()
			break
		}
		select {
		case <-exited:
			log, _ := os.ReadFile(filepath.Join(dir, "pgbouncer.log"))
			errs, _ := os.ReadFile(filepath.Join(dir, "stderr"))
			t.Fatalf("pgtest: pgbouncer stopped: %s%s", errs, log)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("pgtest: pgbouncer did not open its socket within 10 s")
		}
	}
	u := &url.URL{Scheme: "postgres", User: url.User(cfg.User), Path: "/" + cfg.Database,
		RawQuery: url.Values{"host": {dir}, "port": {strconv.Itoa(port)}}.Encode()}
	return u.String()
}
