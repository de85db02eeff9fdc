// Command cocreate runs the co-creation portal: brands post challenges, fans
// submit and vote on ideas, judges score a shortlist, engineers build the
// winners in the open. One binary, SQLite under -data, or PostgreSQL (-db)
// under several identical nodes.
//
// `cocreate help` lists the commands (serve, the default, check, reindex,
// backup, restore, migrate-db, bench, version): the list is README.md's
// "Command line" section, embedded (help.go).
package main

import (
	"context"
	"embed"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	netmail "net/mail"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // the display time zone must load on machines without tzdata

	archive "cocreate/app/backup"
	"cocreate/app/bench"
	"cocreate/app/demo"
	"cocreate/app/i18n"
	"cocreate/app/indexer"
	"cocreate/app/logbuf"
	"cocreate/app/mail"
	"cocreate/app/migratedb"
	"cocreate/app/search"
	"cocreate/app/service"
	"cocreate/app/store"
	"cocreate/app/web"
)

//go:embed templates static
var assets embed.FS

// logOut holds the log's lines for a moment and writes them out together
// (see app/logbuf): a line per request, each its own write system call,
// cost a twentieth of a vote's CPU. Warnings and errors are written at once.
var logOut = logbuf.New(os.Stderr, 50*time.Millisecond, 64<<10)

func main() {
	log := slog.New(logbuf.Handler(slog.NewTextHandler(logOut, nil), logOut))
	slog.SetDefault(log)
	args := os.Args[1:]
	if len(args) > 0 && isHelp(args[0]) {
		if len(args) > 1 && args[0] == "help" { // help COMMAND: its -h
			args = []string{args[1], "-h"}
		} else {
			help(os.Stdout)
			return
		}
	}
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "version":
		fmt.Println(version())
	case "serve":
		err = serve(args, log)
	case "check":
		err = check(args)
	case "reindex":
		err = reindex(args, log)
	case "bench":
		if len(args) > 0 && isHelp(args[0]) {
			fmt.Fprintf(os.Stderr, "usage:\n%s\n", usageLines("bench"))
		}
		err = bench.Main(args)
	case "backup":
		err = backup(args)
	case "restore":
		err = restore(args)
	case "migrate-db":
		err = migrateDB(args)
	default:
		err = fmt.Errorf("unknown command %q; `cocreate help` lists them", cmd)
	}
	_ = logOut.Flush() // nowhere left to report a failure to write the log
	if errors.Is(err, flag.ErrHelp) {
		return // -h: the flag set printed the usage asked for
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "cocreate:", err)
		os.Exit(1)
	}
}

// env returns the environment variable name, or def.
func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func dataFlag(fl *flag.FlagSet) *string {
	return fl.String("data", env("COCREATE_DATA", "./data"), "data directory: database, uploads, session keys (COCREATE_DATA)")
}

// dbFlag is -db: a postgres:// address, or empty for SQLite under -data.
func dbFlag(fl *flag.FlagSet) *string {
	return fl.String("db", env("COCREATE_DB", ""), "PostgreSQL database (postgres://...); empty: SQLite under -data (COCREATE_DB)")
}

// dataReady says whether a command may use the data directory: not while
// a restore's swap is interrupted in it (archive.Interrupted), nor, for a
// command that reads its SQLite file (sqlite), once migrate-db moved that
// to PostgreSQL (migratedb.Moved).
func dataReady(data string, sqlite bool) error {
	if err := archive.Interrupted(data); err != nil {
		return err
	}
	if sqlite {
		return migratedb.Moved(data)
	}
	return nil
}

// existing refuses, for a command that works on an installation already
// there (check, reindex), a data directory that is not ready (dataReady) or
// holds no SQLite database: opening it would make an empty one.
func existing(db, data string) error {
	if err := dataReady(data, db == ""); err != nil {
		return err
	}
	if db == "" {
		path := filepath.Join(data, "cocreate.db")
		if _, err := os.Stat(path); err != nil {
			return fmt.Errorf("no database at %s", path)
		}
	}
	return nil
}

// openStore opens the -db database, or SQLite in the data directory, once
// the directory is ready (dataReady).
func openStore(db, data string) (*store.Store, error) {
	if err := dataReady(data, db == ""); err != nil {
		return nil, err
	}
	return store.OpenEngine(db, filepath.Join(data, "cocreate.db"))
}

func serve(args []string, log *slog.Logger) error {
	tuneGC()
	fl := newFlags("serve")
	addr := fl.String("addr", env("COCREATE_ADDR", "127.0.0.1:8080"), "listen address (COCREATE_ADDR)")
	data := dataFlag(fl)
	db := dbFlag(fl)
	loadDemo := fl.Bool("demo", false, "load the demo challenges (Haier and Qige) if the database has none")
	limits := fl.String("rate-limits", env("COCREATE_RATE_LIMITS", "on"), "on or off: per-address and per-account rate limits (COCREATE_RATE_LIMITS)")
	tz := fl.String("tz", env("COCREATE_TZ", "Asia/Shanghai"), "time zone for showing times and reading form times (COCREATE_TZ)")
	secure := fl.Bool("secure-cookies", env("COCREATE_SECURE_COOKIES", "") == "on", "mark cookies Secure (behind TLS)")
	smtpAddr := fl.String("smtp-addr", env("COCREATE_SMTP_ADDR", ""), "SMTP server: smtps://host[:port] (TLS), smtp://host[:port] or host:port (STARTTLS, required but on loopback), smtp+plain://host[:port] (a private relay without TLS); empty writes email to DATA/mail/outbox.mbox (COCREATE_SMTP_ADDR)")
	smtpUser := fl.String("smtp-user", env("COCREATE_SMTP_USER", ""), "SMTP user; the password comes from COCREATE_SMTP_PASSWORD only (COCREATE_SMTP_USER)")
	mailFrom := fl.String("mail-from", env("COCREATE_MAIL_FROM", mail.DefaultFrom), "sender of email (COCREATE_MAIL_FROM)")
	baseURL := fl.String("base-url", env("COCREATE_BASE_URL", ""), "public address for links in email; default http://ADDR (COCREATE_BASE_URL)")
	proxies := fl.String("trusted-proxies", env("COCREATE_TRUSTED_PROXIES", ""), "reverse proxies whose X-Forwarded-For is believed, CIDR,... ; none by default (COCREATE_TRUSTED_PROXIES)")
	metricsAddr := fl.String("metrics-addr", env("COCREATE_METRICS_ADDR", ""), "listen address for an unauthenticated /metrics for the scraper; off by default, and /metrics on -addr is for admins (COCREATE_METRICS_ADDR)")
	lang := fl.String("lang", env("COCREATE_LANG", "en"), "default language, en or zh: of the pages for browsers that ask for neither, and of email to accounts that chose none (COCREATE_LANG)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if !slices.Contains(i18n.Languages, *lang) {
		return fmt.Errorf("-lang must be en or zh, not %q", *lang)
	}
	trusted, err := web.ParseTrustedProxies(*proxies)
	if err != nil {
		return fmt.Errorf("-trusted-proxies: %w", err)
	}
	if *limits != "on" && *limits != "off" {
		return fmt.Errorf("-rate-limits must be on or off, not %q", *limits)
	}
	loc, err := time.LoadLocation(*tz)
	if err != nil {
		return fmt.Errorf("-tz: %w", err)
	}
	if err := checkMailFlags(*smtpAddr, *smtpUser, *mailFrom, *baseURL); err != nil {
		return err
	}
	unlock, err := store.Lock(*data)
	if err != nil {
		return err
	}
	defer unlock()
	// COCREATE_CPUPROFILE=FILE writes a CPU profile of the whole run, for
	// finding what a benchmark spends its time on.
	if path := os.Getenv("COCREATE_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer func() { pprof.StopCPUProfile(); f.Close() }()
	}
	// COCREATE_TRACE=FILE writes a runtime trace of the whole run (go tool
	// trace): where a request waited, for a core, the writer or the GC.
	if path := os.Getenv("COCREATE_TRACE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		if err := trace.Start(f); err != nil {
			return err
		}
		defer func() { trace.Stop(); f.Close() }()
	}
	st, err := openStore(*db, *data)
	if err != nil {
		return err
	}
	defer st.Close()
	svc := service.New(st, filepath.Join(*data, "uploads"))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	// The index is derived from the database: a missing or unreadable one is
	// rebuilt in the background while the pages serve.
	idx := indexer.New(st, filepath.Join(*data, "index"), log)
	rebuild, err := idx.Open()
	if err != nil {
		return err
	}
	defer idx.Close()
	svc.Indexer = idx
	// The indexer outlives the signal: it stops after the last request is
	// answered, and drains what those requests wrote.
	indexCtx, stopIndexing := context.WithCancel(context.Background())
	defer stopIndexing()
	indexing := make(chan struct{})
	go func() { defer close(indexing); idx.Run(indexCtx, rebuild) }()
	// Several nodes on one PostgreSQL database share their keys through it.
	if err := svc.ShareKeys(*data); err != nil {
		return err
	}
	// One key signs both the Message-IDs and the unsubscribe links in email.
	if svc.MailSecret, err = mail.LoadSecret(filepath.Join(*data, "mail", "secret")); err != nil {
		return err
	}
	mailing, mailer, err := startMail(ctx, st, svc.MailSecret, *data, *smtpAddr, *smtpUser, *mailFrom, *baseURL, *addr, *lang, svc.SiteName, log)
	if err != nil {
		return err
	}
	// Vote integrity: challenges with new votes are scanned every minute,
	// beside the vote path; old signals are dropped.
	go svc.RunIntegrity(ctx, time.Minute, log)
	// Supporter thresholds: ideas that missed theirs expire within a minute.
	go svc.RunThresholds(ctx, time.Minute, log)
	// Reputation: record what the data shows and the record lacks (the
	// backfill of data older than reputation, and anything a crash missed).
	if n, err := svc.SyncReputation(ctx); err != nil {
		return fmt.Errorf("reputation: %w", err)
	} else if n > 0 {
		log.Info("reputation recorded from existing data", "events", n)
	}
	// Pairwise rankings are refitted beside the request path, every few
	// seconds while answers arrive.
	go svc.RunPairwise(ctx, 3*time.Second, log)
	// Several nodes: copies of uploads deleted on another node go within
	// the hour.
	go svc.RunUploadSweep(ctx, time.Hour, log)
	if *loadDemo {
		accounts, err := demo.LoadIfEmptyAccounts(context.Background(), svc)
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		// Each sample account has a random password, written here once.
		for _, a := range accounts {
			log.Warn("demo account: its password is shown only now", "email", a.Email, "role", a.Role, "password", a.Password)
		}
	}
	templates, _ := fs.Sub(assets, "templates")
	static, _ := fs.Sub(assets, "static")
	srv, err := web.New(web.Config{
		Templates:     templates,
		Static:        static,
		DataDir:       *data,
		UploadDir:     svc.Images.Path,
		RateLimits:    *limits == "on",
		SecureCookies: *secure,
		Location:      loc,
		Demo: func(adminID int64) ([]demo.Account, error) {
			return demo.LoadAccounts(context.Background(), svc, adminID)
		},
		Logger: log,
		// The Logger's TextHandler writes to logOut: request lines go
		// there directly, the same bytes (web.Config.RequestLog).
		RequestLog: logOut,

		MailFailures: mailer.Failures,

		TrustedProxies: trusted,
		BaseURL:        publicURL(*baseURL, *addr),
		Lang:           *lang,
	}, svc)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	hs := httpServer(srv)
	errc := make(chan error, 2)
	go func() { errc <- hs.Serve(ln) }()
	if *metricsAddr != "" {
		mln, err := net.Listen("tcp", *metricsAddr)
		if err != nil {
			return fmt.Errorf("-metrics-addr: %w", err)
		}
		ms := httpServer(srv.MetricsHandler())
		defer func() { _ = ms.Close() }() // at exit; nothing is left to serve
		go func() { errc <- ms.Serve(mln) }()
		log.Info("metrics are listening", "url", "http://"+mln.Addr().String()+"/metrics")
	}
	engine := "sqlite"
	if st.Postgres() {
		engine = "postgres"
	}
	log.Info("cocreate is listening", "url", "http://"+ln.Addr().String(), "data", *data, "db", engine)
	watchMemory(ctx, log)
	_ = logOut.Flush() // whoever waits for this line (a supervisor, the bench) sees it now
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	memoryAtExit(log)
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	stopIndexing()
	<-indexing // after a last drain; a kill leaves the rest in the outbox for the next start
	<-mailing  // a message being sent is finished and recorded before the store closes
	return nil
}

// tuneGC lets the server's heap grow to five times what is live between two
// collections (GOGC=400) instead of twice, within a soft limit of 256 MiB
// of the Go runtime's memory (GOMEMLIMIT), near which it collects as often
// as it must. Measured on the vote path: the collector's share of the CPU
// goes from about an eighth to a thirtieth (BENCHMARKS.md, "Votes at half
// the ceiling"). The live heap is tens of MiB (131 MiB resident in all at
// a million ideas), so the limit, not GOGC, bounds it under a large heap.
// Either variable, when set, is the operator's choice and left alone.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(256 << 20)
	}
}

// maxHeaderBytes bounds a request's headers (Go's default is 1 MiB): no
// page needs more than a few KB, and each connection may hold this much.
const maxHeaderBytes = 64 << 10

// httpServer is the HTTP server around h, with the timeouts and limits
// that keep slow or oversized requests from holding memory.
func httpServer(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: maxHeaderBytes}
}

// checkMailFlags refuses, at start, the settings that would otherwise fail
// every email one by one in the log, or write links no mail reader opens.
func checkMailFlags(smtpAddr, smtpUser, from, baseURL string) error {
	if smtpAddr != "" {
		if _, err := mail.ParseSMTPServer(smtpAddr); err != nil {
			return fmt.Errorf("-smtp-addr: %w", err)
		}
	} else if smtpUser != "" {
		return errors.New("-smtp-user: given without -smtp-addr, the server to sign in to; without one, email is written to a local file")
	}
	if _, err := netmail.ParseAddress(from); err != nil {
		return fmt.Errorf("-mail-from: %q is not an email address; write it as noreply@example.com or as \"共创 <noreply@example.com>\"", from)
	}
	if baseURL != "" {
		u, err := url.Parse(baseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
			return fmt.Errorf("-base-url: %q is not the site's public address; write it whole, with its scheme, as https://ideas.example.com", baseURL)
		}
	}
	return nil
}

// publicURL is -base-url, or http://ADDR without one.
func publicURL(baseURL, addr string) string {
	if baseURL == "" {
		return "http://" + addr
	}
	return baseURL
}

// startMail runs the email worker: SMTP when configured, else a local mbox
// file under data/mail. It stops with ctx; the returned channel closes then.
func startMail(ctx context.Context, st *store.Store, secret []byte, data, smtpAddr, smtpUser, from, baseURL, addr, lang string, siteName func(lang string) string, log *slog.Logger) (<-chan struct{}, *mail.Worker, error) {
	var sender mail.Sender
	var closeSender func()
	if smtpAddr != "" {
		sender = &mail.SMTPSender{Addr: smtpAddr, User: smtpUser, Password: os.Getenv("COCREATE_SMTP_PASSWORD"), From: from}
		server, _ := mail.ParseSMTPServer(smtpAddr) // checkMailFlags read it at start
		security := "STARTTLS, required (smtp+plain:// for a relay without TLS)"
		switch {
		case server.ImplicitTLS:
			security = "TLS from the first byte"
		case server.Cleartext:
			security = "STARTTLS when offered, else in the clear (smtp+plain://)"
		}
		log.Info("email goes through SMTP", "server", server.Addr, "tls", security)
	} else {
		fs, err := mail.OpenFileSender(filepath.Join(data, "mail", "outbox.mbox"), from)
		if err != nil {
			return nil, nil, err
		}
		sender, closeSender = fs, func() { _ = fs.Close() }
		log.Info("no -smtp-addr: email is written to a file", "file", fs.Path())
	}
	baseURL = publicURL(baseURL, addr)
	host := "localhost"
	if a, err := netmail.ParseAddress(from); err == nil {
		if _, domain, ok := strings.Cut(a.Address, "@"); ok {
			host = domain
		}
	}
	w := mail.NewWorker(st, sender, mail.Config{BaseURL: baseURL, Host: host, Secret: secret, Logger: log, Lang: lang, SiteName: siteName})
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := w.Run(ctx); err != nil && ctx.Err() == nil {
			log.Error("email worker stopped", "err", err)
		}
		if closeSender != nil {
			closeSender()
		}
	}()
	return done, w, nil
}

func check(args []string) error {
	fl := newFlags("check")
	data := dataFlag(fl)
	db := dbFlag(fl)
	if err := fl.Parse(args); err != nil {
		return err
	}
	if err := existing(*db, *data); err != nil {
		return err
	}
	st, err := openStore(*db, *data)
	if err != nil {
		return err
	}
	defer st.Close()
	violations, err := st.Check(context.Background())
	if err != nil {
		return err
	}
	for _, v := range violations {
		fmt.Println("violation:", v)
	}
	ours, err := indexer.UsePosition(st, filepath.Join(*data, "index"))
	if err != nil {
		return err
	}
	indexOK := true
	if ours {
		indexOK, err = checkIndex(st, filepath.Join(*data, "index"))
		if err != nil {
			return err
		}
	} else {
		fmt.Println("index: made from another database (restored since); the server rebuilds it at start")
	}
	if len(violations) > 0 || !indexOK {
		n := len(violations)
		if !indexOK {
			n++
		}
		return fmt.Errorf("%d invariant violations", n)
	}
	fmt.Println("ok: every tally equals its stored votes and comments")
	return nil
}

// checkIndex compares the search index with the database: with nothing left
// in the outbox, the index holds one document per searchable record. (Bleve
// can open a damaged index silently with fewer documents; this catches it.)
func checkIndex(st *store.Store, dir string) (bool, error) {
	ctx := context.Background()
	if _, err := os.Stat(dir); err != nil {
		fmt.Println("index: none yet; the server builds it at start")
		return true, nil
	}
	ix, err := search.Open(dir)
	if errors.Is(err, search.ErrLocked) {
		fmt.Println("index: in use by the running server; not checked")
		return true, nil
	}
	if search.NeedsRebuild(err) {
		fmt.Println("violation: the search index is unreadable; run `cocreate reindex`")
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer ix.Close()
	docs, err := ix.Count()
	if err != nil {
		return false, err
	}
	want, err := st.SearchRecordCount(ctx)
	if err != nil {
		return false, err
	}
	pending, err := st.OutboxLen(ctx)
	if err != nil {
		return false, err
	}
	switch {
	case pending > 0:
		fmt.Printf("index: %d changes still to index (the server applies them at start)\n", pending)
	case docs != uint64(want):
		fmt.Printf("violation: the search index holds %d documents, the database %d; run `cocreate reindex`\n", docs, want)
		return false, nil
	default:
		fmt.Printf("index: in step (%d documents)\n", docs)
	}
	return true, nil
}

// backup writes the installation to an archive, or with -verify checks one.
func backup(args []string) error {
	fl := newFlags("backup")
	data := dataFlag(fl)
	verify := fl.Bool("verify", false, "check the archive FILE (checksums, the database's integrity, every upload present) without restoring it")
	noDB := fl.Bool("no-database", false, "leave the database out: the uploads and keys only (PostgreSQL, whose database pg_dump copies)")
	allowMissing := fl.Bool("allow-missing", false, "succeed even when uploads the database refers to are missing from the data directory (they are listed in the manifest); without it the archive is still written, and the command fails")
	db := dbFlag(fl)
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() != 1 {
		return errors.New("usage: cocreate backup [-data DIR] [-allow-missing] FILE.tar.gz, or cocreate backup -verify FILE")
	}
	postgres := archive.IsPostgres(*db) // the archive copies SQLite only
	if postgres && !*noDB && !*verify {
		return archive.ErrPostgres
	}
	if *verify {
		r, err := archive.Verify(fl.Arg(0), os.Stderr)
		if err != nil {
			return err
		}
		warn(r.Warnings)
		fmt.Printf("ok: %s is intact (%d files, %d users, %d ideas, %d votes)%s\n", fl.Arg(0), r.Files, r.Counts.Users, r.Counts.Ideas, r.Counts.Votes, made(r))
		return nil
	}
	if err := dataReady(*data, !postgres && !*noDB); err != nil {
		return err // a moved SQLite file stopped changing at the move
	}
	m, err := archive.Create(*data, fl.Arg(0), archive.Options{Progress: os.Stderr, NoDatabase: *noDB})
	if err != nil {
		return err
	}
	if *noDB {
		fmt.Printf("backed up %d uploads and the keys to %s, without the database: keep it beside a pg_dump, like a password\n", m.Counts.Uploads, fl.Arg(0))
		return nil
	}
	if err := m.Missing(); err != nil {
		// The archive is kept: it holds the database and every upload
		// there was. Failing still tells a scheduled backup's owner, who
		// would otherwise learn of an unmounted uploads volume at restore.
		if !*allowMissing {
			return fmt.Errorf("%w (in %s; every one is listed in the archive's manifest). %s was written without them; find them, or pass -allow-missing to accept their loss", err, *data, fl.Arg(0))
		}
		warn([]string{fmt.Sprintf("%v (in %s; listed in the manifest; -allow-missing)", err, *data)})
	}
	fmt.Printf("backed up to %s: the database, %d uploads and the keys. It holds the keys that sign sessions and email links: keep it like a password.\n", fl.Arg(0), m.Counts.Uploads)
	return nil
}

func restore(args []string) error {
	fl := newFlags("restore")
	d := dataFlag(fl)
	db := dbFlag(fl) // PostgreSQL's database is pg_restore's: only uploads and keys come back
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() != 1 {
		return errors.New("usage: cocreate restore [-data DIR] [-db postgres://...] FILE")
	}
	data, file := *d, fl.Arg(0)
	if !archive.IsPostgres(*db) {
		if err := migratedb.Moved(data); err != nil { // an interrupted swap is restore's own to undo
			return err
		}
	}
	r, err := archive.Restore(data, file, archive.Options{Progress: os.Stderr, NoDatabase: archive.IsPostgres(*db)})
	if errors.Is(err, store.ErrLocked) {
		return fmt.Errorf("%w: stop it before restoring", err)
	}
	if err != nil {
		return err
	}
	warn(r.Warnings)
	fmt.Printf("restored %d files from %s%s\n", r.Files, file, made(r))
	fmt.Println("the search index is rebuilt when the server starts")
	if r.SafetyCopy != "" {
		fmt.Printf("what %s held before is kept in %s\n", data, r.SafetyCopy)
	}
	return nil
}

// migrateDB copies a SQLite installation into an empty PostgreSQL database.
func migrateDB(args []string) error {
	fl := newFlags("migrate-db")
	data := dataFlag(fl)
	to := fl.String("to", "", "the empty PostgreSQL database to fill (postgres://...)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if *to == "" {
		return errors.New("usage: cocreate migrate-db [-data DIR] -to postgres://USER@HOST/DB")
	}
	unlock, err := store.Lock(*data)
	if err != nil {
		return fmt.Errorf("%w: stop it before moving its database", err)
	}
	defer unlock()
	if err := dataReady(*data, false); err != nil {
		return err
	}
	start := time.Now()
	r, err := migratedb.Run(context.Background(), migratedb.Options{Data: *data, To: *to, Progress: os.Stderr})
	if err != nil {
		return err
	}
	total := 0
	for _, n := range r.Rows {
		total += n
	}
	fmt.Printf("moved %d rows in %d tables, %d uploads and %d keys into PostgreSQL in %s; run `cocreate check -db ...` on it, then start the nodes with -db\n",
		total, len(r.Rows), r.Files, r.Keys, time.Since(start).Round(time.Millisecond))
	fmt.Printf("the SQLite file is kept, and %s marks it as moved: without -db, commands refuse %s\n", filepath.Join(*data, migratedb.MarkerName), *data)
	return nil
}

// made says when and by what an archive was made.
func made(r *archive.Report) string {
	if r.Manifest == nil {
		return ""
	}
	return fmt.Sprintf(", made %s by %s", r.Manifest.Created.Format("2006-01-02 15:04 MST"), r.Manifest.Program)
}

func warn(warnings []string) {
	for _, w := range warnings {
		fmt.Fprintln(os.Stderr, "warning:", w)
	}
}

// reindex rebuilds the search index from the database with a progress line.
// The server must be stopped: it holds the index open.
func reindex(args []string, log *slog.Logger) error {
	fl := newFlags("reindex")
	data := dataFlag(fl)
	db := dbFlag(fl)
	if err := fl.Parse(args); err != nil {
		return err
	}
	if err := existing(*db, *data); err != nil {
		return err
	}
	unlock, err := store.Lock(*data)
	if err != nil {
		return fmt.Errorf("%w: stop it before reindexing (a running server rebuilds a missing index by itself)", err)
	}
	defer unlock()
	st, err := openStore(*db, *data)
	if err != nil {
		return err
	}
	defer st.Close()
	total, err := st.SearchRecordCount(context.Background())
	if err != nil {
		return err
	}
	idx := indexer.New(st, filepath.Join(*data, "index"), log)
	start := time.Now()
	stopProgress := make(chan struct{})
	go func() {
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stopProgress:
				return
			case <-t.C:
				_, done := idx.Progress()
				fmt.Fprint(os.Stderr, "\r"+progressLine(done, uint64(total), time.Since(start)))
			}
		}
	}()
	err = idx.Rebuild(context.Background())
	close(stopProgress)
	if err != nil {
		return err
	}
	_, done := idx.Progress()
	fmt.Fprintln(os.Stderr, "\r"+progressLine(done, uint64(total), time.Since(start)))
	// Everything in the outbox is now in the index.
	if _, err := idx.Drain(context.Background()); err != nil {
		return err
	}
	return idx.Close()
}

// progressLine says how far a rebuild is: count, rate and time left.
func progressLine(done, total uint64, took time.Duration) string {
	rate := float64(done) / max(took.Seconds(), 0.001)
	left := "?"
	if rate > 0 && total >= done {
		left = (time.Duration(float64(total-done)/rate) * time.Second).Round(time.Second).String()
	}
	pct := 100.0
	if total > 0 {
		pct = 100 * float64(done) / float64(total)
	}
	return fmt.Sprintf("indexed %d of %d (%.0f%%), %.0f docs/s, %s left   ", done, total, pct, rate, left)
}
