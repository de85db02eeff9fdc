// Package backup writes and reads a whole installation as one archive: a
// consistent copy of the database, every upload, the session and mail keys,
// and a manifest with a SHA-256 of every member. The archive is a tar file
// (gzipped when its name ends in .gz or .tgz), written and read as a stream,
// never held whole in memory.
//
// Restoring is all-or-nothing: the archive is extracted into a temporary
// directory inside the data directory, every checksum and the database's
// integrity are checked, and only then is what was there moved aside into a
// safety copy (the database with its -wal and -shm, uploads, keys and the
// search index) and the restored files moved in. The search index is never
// restored: it is derived, and a server that finds none rebuilds it.
//
// The archive holds the keys that sign sessions and unsubscribe links: it
// must be kept like a secret.
package backup

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"cocreate/app/images"
	"cocreate/app/store"
)

// Format is the archive format this program writes; it reads this one and
// older ones (format 0: a bare SQLite file, as backups were before).
const Format = 1

// The data directory's layout, as far as a backup is concerned. Names in the
// archive use the same paths, with forward slashes.
const (
	DatabaseFile = "cocreate.db"
	UploadsDir   = "uploads"
	IndexDir     = "index"
	ManifestName = "manifest.json"
)

// Keys are the secret files of the data directory that a backup carries:
// the session keys (cookies) and the mail key (Message-IDs and unsubscribe
// links). A new key file under the data directory belongs here.
var Keys = []string{"session.key", "mail/secret"}

// Manifest describes an archive. It is the archive's last member, written
// once every other member's checksum is known.
type Manifest struct {
	Format   int       `json:"format"`
	Program  string    `json:"program"`
	Created  time.Time `json:"created"`
	Database string    `json:"database"` // the engine: "sqlite"
	Counts   Counts    `json:"counts"`
	// MissingUploads are files the database referred to that were not in
	// the data directory when the backup was taken (lost before it).
	MissingUploads []string `json:"missing_uploads,omitempty"`
	Files          []File   `json:"files"`
}

// ErrMissingUploads says that the database names uploads the data
// directory did not hold when the backup was taken (Manifest.Missing).
var ErrMissingUploads = errors.New("backup: uploads the database refers to are missing")

// Missing is nil when the backup holds every upload the database names,
// and otherwise an ErrMissingUploads naming the first few and how many.
// The archive is as good as the installation was, and is kept; whether a
// loss is acceptable is the operator's call (`cocreate backup` fails
// unless told -allow-missing), since a link to an unmounted volume looks
// the same as a lost photo from here.
func (m *Manifest) Missing() error {
	if len(m.MissingUploads) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %d of them: %s", ErrMissingUploads, len(m.MissingUploads), List(m.MissingUploads))
}

// Counts are a summary for people and a cross-check for Verify.
type Counts struct {
	Users      int64 `json:"users"`
	Challenges int64 `json:"challenges"`
	Ideas      int64 `json:"ideas"`
	Votes      int64 `json:"votes"`
	Comments   int64 `json:"comments"`
	Uploads    int   `json:"uploads"`
	Files      int   `json:"files"`
	Bytes      int64 `json:"bytes"`
}

// File is one member of the archive.
type File struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// ErrPostgres is what backup says when the database is PostgreSQL, which
// this archive does not copy.
var ErrPostgres = errors.New("backup: the database is PostgreSQL, which `cocreate backup` does not copy: " +
	"back it up with pg_dump (pg_dump -Fc -f cocreate.pgdump DSN), and the uploads and keys beside it with " +
	"`cocreate backup -no-database FILE.tar.gz` (the index is rebuilt)")

// ErrPostgresRestore is what restore says with PostgreSQL: the archive's
// database is SQLite.
var ErrPostgresRestore = errors.New("backup: -db names PostgreSQL, and this archive holds a SQLite database, which restore does not put into PostgreSQL: " +
	"restore it into a SQLite data directory (`cocreate restore -data DIR FILE`, without -db), then move it with `cocreate migrate-db -data DIR -to postgres://...`. " +
	"(A PostgreSQL installation's backup is a pg_dump, restored with pg_restore, and an archive made with `cocreate backup -no-database`, " +
	"restored with `cocreate restore -db ... FILE`, which also moves the node's search index aside to be rebuilt.)")

// IsPostgres reports whether a database setting names PostgreSQL rather
// than a SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Program names this program's version, for the manifest.
func Program() string {
	v := "cocreate"
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	v += " " + info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" {
			v += " " + s.Value
		}
	}
	return v
}

// Options tune Create and Restore.
type Options struct {
	// Progress, if not nil, gets a progress line now and then.
	Progress io.Writer
	// NoDatabase is for a database that lives elsewhere (PostgreSQL, copied
	// with pg_dump): Create leaves the database out and writes the uploads
	// and keys only; Restore accepts only such an archive, and brings back
	// its files without touching any database.
	NoDatabase bool
}

// Database engines a manifest names.
const (
	EngineSQLite = "sqlite"
	EngineNone   = "none" // uploads and keys only (Options.NoDatabase)
)

// Create writes an archive of the installation in dataDir to dest while
// the server may be serving. The database is copied first (one consistent
// snapshot, VACUUM INTO), then the uploads: an upload is written before the
// row that names it commits, and one removed since (an author's edit) waits
// in images.RemovedDir longer than a backup takes, so every upload the
// copy refers to is on disk by then. An upload whose row was refused is
// removed by the service, perhaps between the listing and the copy: one the
// copy does not name that is gone by then is left out. dest must not exist;
// it appears only when complete.
func Create(dataDir, dest string, o Options) (*Manifest, error) {
	if err := Interrupted(dataDir); err != nil {
		return nil, err
	}
	if _, err := os.Stat(dest); err == nil {
		return nil, fmt.Errorf("backup: %s exists; choose a new file", dest)
	}
	dbPath := filepath.Join(dataDir, DatabaseFile)
	if _, err := os.Stat(dbPath); err != nil && !o.NoDatabase {
		return nil, fmt.Errorf("backup: no database at %s (a PostgreSQL node's database is backed up with pg_dump, "+
			"its uploads and keys with `cocreate backup -no-database FILE.tar.gz`)", dbPath)
	}
	destDir := filepath.Dir(dest)
	work, err := os.MkdirTemp(destDir, ".cocreate-backup-")
	if err != nil {
		return nil, fmt.Errorf("backup: unable to write beside %s: %w", dest, err)
	}
	defer os.RemoveAll(work)

	type member struct {
		name, path string
		size       int64
		mode       int64
	}
	var members []member
	m := &Manifest{Format: Format, Program: Program(), Created: time.Now().UTC().Truncate(time.Second), Database: EngineNone}
	var refs []string
	if !o.NoDatabase {
		// 1. The database, as one snapshot.
		snap := filepath.Join(work, DatabaseFile)
		if err := store.Backup(dbPath, snap); err != nil {
			return nil, err
		}
		m.Database = EngineSQLite
		if refs, err = inspectDB(snap, &m.Counts); err != nil {
			return nil, err
		}
		st, err := os.Stat(snap)
		if err != nil {
			return nil, err
		}
		members = append(members, member{DatabaseFile, snap, st.Size(), 0o600})
	}

	// 2. What to copy, and how much: the snapshot, the keys, every upload.
	for _, k := range Keys {
		p := filepath.Join(dataDir, filepath.FromSlash(k))
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			members = append(members, member{k, p, st.Size(), 0o600})
		}
	}
	have := map[string]bool{}
	uploads, err := uploadsRoot(dataDir)
	if err != nil {
		return nil, err
	}
	err = filepath.WalkDir(uploads, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == uploads {
				return filepath.SkipDir // no uploads yet
			}
			return err
		}
		if p == uploads {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") { // an upload being written
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		rel, _ := filepath.Rel(uploads, p)
		name := path.Join(UploadsDir, filepath.ToSlash(rel))
		have[name] = true
		members = append(members, member{name, p, info.Size(), 0o644})
		m.Counts.Uploads++
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("backup: unable to list the uploads: %w", err)
	}
	referenced := map[string]bool{}
	for _, r := range refs {
		referenced[r] = true
		if have[r] {
			continue
		}
		// Removed since the snapshot (an author's edit): waiting in the
		// removed images (images.RemovedDir), taken from there.
		if info, err := os.Stat(removedPath(uploads, r)); err == nil && info.Mode().IsRegular() {
			have[r] = true
			members = append(members, member{r, removedPath(uploads, r), info.Size(), 0o644})
			m.Counts.Uploads++
			continue
		}
		m.MissingUploads = append(m.MissingUploads, r)
	}
	if afterListing != nil {
		afterListing()
	}
	var total int64
	for _, mb := range members {
		total += mb.size
	}
	m.Counts.Files = len(members)
	m.Counts.Bytes = total

	// 3. The archive, written aside and renamed when complete.
	f, err := os.CreateTemp(destDir, ".cocreate-backup-*.partial")
	if err != nil {
		return nil, err
	}
	defer os.Remove(f.Name()) // after a successful rename, a no-op
	defer f.Close()
	p := newProgress(o.Progress, "backed up", total, len(members))
	defer p.stop()
	bw := bufio.NewWriterSize(f, 1<<20)
	var out io.Writer = bw
	var gz *gzip.Writer
	if Gzipped(dest) {
		gz, _ = gzip.NewWriterLevel(bw, gzip.BestSpeed) // images do not shrink; the database does
		out = gz
	}
	tw := tar.NewWriter(out)
	for _, mb := range members {
		sum, err := addFile(tw, mb.name, mb.path, mb.size, mb.mode, p)
		if errors.Is(err, fs.ErrNotExist) && referenced[mb.name] && mb.path != removedPath(uploads, mb.name) {
			// Removed between the listing and the copy (an author's
			// edit): the snapshot names it, and the removed images keep
			// it (images.RemovedDir) longer than a backup takes.
			sum, err = addFile(tw, mb.name, removedPath(uploads, mb.name), mb.size, mb.mode, p)
		}
		if errors.Is(err, fs.ErrNotExist) && strings.HasPrefix(mb.name, UploadsDir+"/") && !referenced[mb.name] {
			// Removed since the listing: an upload whose row was never
			// written (the service removes it when the write is refused).
			// The snapshot does not name it, so it is no loss; an upload
			// the snapshot names is never removed, and its absence stays
			// an error.
			m.Counts.Uploads--
			m.Counts.Files--
			m.Counts.Bytes -= mb.size
			p.file()
			continue
		}
		if err != nil {
			return nil, err
		}
		m.Files = append(m.Files, File{Name: mb.name, Size: mb.size, SHA256: sum})
		p.file()
	}
	raw, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	if err := tw.WriteHeader(&tar.Header{Name: ManifestName, Mode: 0o644, Size: int64(len(raw)), ModTime: m.Created, Typeflag: tar.TypeReg, Format: tar.FormatPAX}); err != nil {
		return nil, err
	}
	if _, err := tw.Write(raw); err != nil {
		return nil, err
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	if gz != nil {
		if err := gz.Close(); err != nil {
			return nil, err
		}
	}
	if err := bw.Flush(); err != nil {
		return nil, fmt.Errorf("backup: unable to write %s: %w", dest, err)
	}
	if err := f.Sync(); err != nil {
		return nil, fmt.Errorf("backup: unable to write %s: %w", dest, err)
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	if err := os.Chmod(f.Name(), 0o600); err != nil { // it holds the keys
		return nil, err
	}
	// Link, not rename: a file made meanwhile under dest is never replaced.
	if err := os.Link(f.Name(), dest); err != nil {
		return nil, fmt.Errorf("backup: unable to create %s: %w", dest, err)
	}
	syncDir(destDir)
	p.stop()
	return m, nil
}

// uploadsRoot is the uploads directory of dataDir with any symbolic link
// resolved: an operator may make it a link to a larger volume, and
// filepath.WalkDir does not follow a link at its root (it would list the
// link, not one photo, and the backup would hold none). A link whose target
// is gone (a volume not mounted) is an error, not "no uploads yet"; a
// directory that is not there at all is the latter.
func uploadsRoot(dataDir string) (string, error) {
	uploads := filepath.Join(dataDir, UploadsDir)
	root, err := filepath.EvalSymlinks(uploads)
	if err == nil {
		return root, nil
	}
	if _, lerr := os.Lstat(uploads); errors.Is(lerr, fs.ErrNotExist) {
		return uploads, nil // no uploads yet
	}
	return "", fmt.Errorf("backup: unable to reach the uploads at %s (a link to a volume that is not mounted?): %w", uploads, err)
}

// removedPath is where the upload named name (uploads/…) waits once
// removed (images.RemovedDir), under the uploads directory uploads.
func removedPath(uploads, name string) string {
	return filepath.Join(uploads, images.RemovedDir, filepath.FromSlash(strings.TrimPrefix(name, UploadsDir+"/")))
}

// afterListing, when set (by tests), runs between the listing of the files
// and their copying.
var afterListing func()

// Gzipped reports whether an archive's name asks for gzip.
func Gzipped(name string) bool {
	return strings.HasSuffix(name, ".gz") || strings.HasSuffix(name, ".tgz")
}

// addFile copies size bytes of the file at p into the archive as name and
// returns their SHA-256. A file that changed size meanwhile is an error.
func addFile(tw *tar.Writer, name, p string, size, mode int64, pr *progress) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", err
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: mode, Size: size, ModTime: st.ModTime().Truncate(time.Second), Typeflag: tar.TypeReg, Format: tar.FormatPAX}); err != nil {
		return "", err
	}
	h := sha256.New()
	n, err := io.CopyN(io.MultiWriter(tw, h, pr), f, size)
	if err != nil {
		return "", fmt.Errorf("backup: unable to copy %s (%d of %d bytes): %w", name, n, size, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// openDB opens a private copy of a database for reading: immutable, so
// SQLite neither locks it nor writes a -wal or -shm beside it.
func openDB(p string) (*sql.DB, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil, err
	}
	return sql.Open("sqlite3", "file:"+abs+"?mode=ro&immutable=1")
}

// inspectDB checks a database copy (integrity, cocreate's schema), counts
// its rows into c and returns the uploads it refers to, as archive names.
func inspectDB(p string, c *Counts) (refs []string, err error) {
	db, err := openDB(p)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var result string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&result); err != nil || result != "ok" {
		if err != nil {
			result = err.Error()
		}
		return nil, fmt.Errorf("the database is not intact: %s", result)
	}
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil || n == 0 {
		return nil, errors.New("the database is not a cocreate database")
	}
	for _, q := range []struct {
		n     *int64
		table string
	}{{&c.Users, "users"}, {&c.Challenges, "challenges"}, {&c.Ideas, "ideas"}, {&c.Votes, "votes"}, {&c.Comments, "comments"}} {
		if err := db.QueryRow(`SELECT COUNT(*) FROM ` + q.table).Scan(q.n); err != nil {
			return nil, fmt.Errorf("the database has no %s: %w", q.table, err)
		}
	}
	refsQuery, err := uploadRefsOf(db)
	if err != nil {
		return nil, err
	}
	rows, err := db.Query(refsQuery)
	if err != nil {
		return nil, fmt.Errorf("unable to list the uploads the database refers to: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var f string
		if err := rows.Scan(&f); err != nil {
			return nil, err
		}
		refs = append(refs, path.Join(UploadsDir, f))
	}
	sort.Strings(refs)
	return refs, rows.Err()
}

// knownSchema refuses a database copy that a newer cocreate migrated
// (store.NewerSchemaError).
func knownSchema(p string) error {
	db, err := openDB(p)
	if err != nil {
		return err
	}
	defer db.Close()
	return store.KnownSchema(context.Background(), db)
}

// uploadRefs lists every upload the database names (file names under
// uploads/). A new column that names an upload belongs here, read only
// where the database has it: an archive made before its migration (a
// tester's report photo came with 083) is still verified and restored.
const uploadRefs = `
SELECT cover FROM challenges WHERE cover <> ''
UNION SELECT file FROM idea_images`

// laterUploadRefs are the uploads named by columns a migration added
// since archives were first made: the table, the column, and the query
// that lists them.
var laterUploadRefs = []struct{ table, column, query string }{
	{"tester_feedback", "photo", `SELECT photo FROM tester_feedback WHERE photo <> ''`},
	{"site_settings", "logo", `SELECT logo FROM site_settings WHERE logo <> ''`}, // the brand's logo (102)
}

// uploadRefsOf is uploadRefs with those of laterUploadRefs db has.
func uploadRefsOf(db *sql.DB) (string, error) {
	q := uploadRefs
	for _, l := range laterUploadRefs {
		var has int
		if err := db.QueryRow(`SELECT COUNT(*) FROM pragma_table_info(?) WHERE name = ?`, l.table, l.column).Scan(&has); err != nil {
			return "", fmt.Errorf("unable to read the database's columns: %w", err)
		}
		if has > 0 {
			q += "\nUNION " + l.query
		}
	}
	return q, nil
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync() // best effort: the data itself was synced before the rename
		d.Close()
	}
}
