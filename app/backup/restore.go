package backup

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"cocreate/app/store"
)

// Report is what reading an archive found.
type Report struct {
	// Manifest is nil for a backup of the database alone (format 0).
	Manifest *Manifest
	// Counts are the rows of the database in the archive.
	Counts   Counts
	Files    int
	Bytes    int64
	Warnings []string
	// SafetyCopy is where Restore moved what the data directory held
	// (empty when it held nothing).
	SafetyCopy string
}

// DatabaseOnly reports whether the archive was an old backup of the
// database alone, without uploads and keys.
func (r *Report) DatabaseOnly() bool { return r.Manifest == nil }

var (
	sqliteMagic = []byte("SQLite format 3\x00")
	gzipMagic   = []byte{0x1f, 0x8b}
)

// ErrDamaged wraps every reason an archive is refused: truncated, altered,
// or not a cocreate backup at all.
var ErrDamaged = errors.New("backup: the archive cannot be used")

// sparse says whether h is a PAX sparse member (GNU.sparse.* records).
func sparse(h *tar.Header) bool {
	for k := range h.PAXRecords {
		if strings.HasPrefix(k, "GNU.sparse.") {
			return true
		}
	}
	return false
}

func damaged(file string, format string, args ...any) error {
	return fmt.Errorf("%w: %s: %s", ErrDamaged, file, fmt.Sprintf(format, args...))
}

// sink says where an archive member goes while it is read.
type sink func(name string) (io.WriteCloser, error)

// read streams the archive at file through put, checking its members
// against the manifest. It returns a nil manifest and legacy=true for a bare
// SQLite file, which it does not read.
func read(file string, p *progress, put sink) (m *Manifest, got map[string]File, legacy bool, err error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, nil, false, fmt.Errorf("backup: %w", err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(io.TeeReader(f, p), 1<<20)
	head, _ := br.Peek(len(sqliteMagic))
	if bytes.Equal(head, sqliteMagic) {
		return nil, nil, true, nil
	}
	var r io.Reader = br
	var gz *gzip.Reader
	if bytes.HasPrefix(head, gzipMagic) {
		if gz, err = gzip.NewReader(br); err != nil {
			return nil, nil, false, damaged(file, "not a gzip file: %v", err)
		}
		r = gz
	}
	got = map[string]File{}
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if len(got) == 0 && m == nil {
				return nil, nil, false, damaged(file, "not a cocreate backup (neither a backup archive nor a SQLite database): %v", err)
			}
			return nil, nil, false, damaged(file, "truncated or damaged after %d files: %v", len(got), err)
		}
		if h.Typeflag == tar.TypeDir {
			continue
		}
		if h.Typeflag != tar.TypeReg {
			return nil, nil, false, damaged(file, "member %q is not a regular file", h.Name)
		}
		if sparse(h) {
			// Go's reader shows a PAX sparse member as a regular file of
			// its full size, made mostly of holes: a few bytes of archive
			// could fill the disk. cocreate never writes one.
			return nil, nil, false, damaged(file, "member %q is a sparse file", h.Name)
		}
		if !allowed(h.Name) {
			return nil, nil, false, damaged(file, "unexpected member %q: not a cocreate backup, or made by a newer cocreate", h.Name)
		}
		if _, dup := got[h.Name]; dup || (h.Name == ManifestName && m != nil) {
			return nil, nil, false, damaged(file, "member %q appears twice", h.Name)
		}
		if h.Name == ManifestName {
			raw, err := io.ReadAll(io.LimitReader(tr, 1<<30))
			if err != nil {
				return nil, nil, false, damaged(file, "truncated in its manifest: %v", err)
			}
			m = new(Manifest)
			if err := json.Unmarshal(raw, m); err != nil {
				return nil, nil, false, damaged(file, "the manifest is not readable: %v", err)
			}
			continue
		}
		w, err := put(h.Name)
		if err != nil {
			return nil, nil, false, err
		}
		sum := sha256.New()
		n, err := io.Copy(io.MultiWriter(w, sum), tr)
		if cerr := w.Close(); err == nil && cerr != nil {
			return nil, nil, false, fmt.Errorf("backup: unable to write %s: %w", h.Name, cerr)
		}
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				return nil, nil, false, fmt.Errorf("backup: unable to write %s: %w", h.Name, err)
			}
			return nil, nil, false, damaged(file, "truncated or damaged in %s: %v", h.Name, err)
		}
		got[h.Name] = File{Name: h.Name, Size: n, SHA256: hex.EncodeToString(sum.Sum(nil))}
		p.file()
	}
	if gz != nil {
		// Read to gzip's end, so that its own checksum is checked too.
		if _, err := io.Copy(io.Discard, gz); err != nil {
			return nil, nil, false, damaged(file, "truncated or damaged at its end: %v", err)
		}
	}
	if m == nil {
		return nil, nil, false, damaged(file, "no manifest: the archive is truncated, or not a cocreate backup")
	}
	if m.Format > Format {
		return nil, nil, false, damaged(file, "made by a newer cocreate (format %d; this one reads up to %d): upgrade first", m.Format, Format)
	}
	if m.Format < 1 || (m.Database != EngineSQLite && m.Database != EngineNone) {
		return nil, nil, false, damaged(file, "the manifest names format %d with database %q, which this cocreate does not restore", m.Format, m.Database)
	}
	listed := map[string]bool{}
	for _, want := range m.Files {
		listed[want.Name] = true
		have, ok := got[want.Name]
		switch {
		case !ok:
			return nil, nil, false, damaged(file, "%s is listed in the manifest but missing", want.Name)
		case have.Size != want.Size:
			return nil, nil, false, damaged(file, "%s has %d bytes, the manifest says %d", want.Name, have.Size, want.Size)
		case have.SHA256 != want.SHA256:
			return nil, nil, false, damaged(file, "the checksum of %s does not match the manifest: the archive was damaged or altered", want.Name)
		}
	}
	for name := range got {
		if !listed[name] {
			return nil, nil, false, damaged(file, "%s is not listed in the manifest", name)
		}
	}
	if _, ok := got[DatabaseFile]; ok != (m.Database == EngineSQLite) {
		return nil, nil, false, damaged(file, "the manifest says the database is %q, and the archive holds a database: %v", m.Database, ok)
	}
	return m, got, false, nil
}

// allowed says whether name may be a member: the database, a key, the
// manifest, or a file under uploads/ with a plain relative path.
func allowed(name string) bool {
	if name == DatabaseFile || name == ManifestName || slices.Contains(Keys, name) {
		return true
	}
	rest, ok := strings.CutPrefix(name, UploadsDir+"/")
	if !ok || rest == "" || path.Clean(name) != name || strings.ContainsAny(name, "\\\x00") {
		return false
	}
	for _, el := range strings.Split(rest, "/") {
		if el == "" || el == ".." || strings.HasPrefix(el, ".") {
			return false
		}
	}
	return true
}

// check looks inside the database copy at db: its integrity, the counts the
// manifest promised, and that every upload it refers to is in have.
func check(file, db string, m *Manifest, have func(string) bool, r *Report) error {
	refs, err := inspectDB(db, &r.Counts)
	if err != nil {
		return damaged(file, "%v", err)
	}
	if m != nil {
		c := r.Counts
		w := m.Counts
		if c.Users != w.Users || c.Challenges != w.Challenges || c.Ideas != w.Ideas || c.Votes != w.Votes || c.Comments != w.Comments {
			return damaged(file, "the database's counts (%d users, %d ideas, %d votes) differ from the manifest's (%d, %d, %d)",
				c.Users, c.Ideas, c.Votes, w.Users, w.Ideas, w.Votes)
		}
	}
	var missing, known []string
	for _, ref := range refs {
		if have(ref) {
			continue
		}
		if m != nil && slices.Contains(m.MissingUploads, ref) {
			known = append(known, ref)
		} else {
			missing = append(missing, ref)
		}
	}
	if len(known) > 0 {
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d uploads the database refers to were already missing when the backup was taken: %s", len(known), list(known)))
	}
	if len(missing) > 0 {
		if m == nil {
			r.Warnings = append(r.Warnings, fmt.Sprintf("%d uploads the database refers to are not in the data directory: %s", len(missing), list(missing)))
			return nil
		}
		return damaged(file, "the database refers to %d uploads the archive does not hold: %s", len(missing), list(missing))
	}
	return nil
}

func list(names []string) string {
	if len(names) > 5 {
		return strings.Join(names[:5], ", ") + fmt.Sprintf(" and %d more", len(names)-5)
	}
	return strings.Join(names, ", ")
}

const noDatabase = "this archive holds the uploads and keys without a database (made with -no-database, for PostgreSQL): the database is restored with pg_restore, after which every node's search index must be rebuilt: restoring this archive moves the node's index aside, and the server rebuilds it at start"

const databaseOnly = "this backup holds the database alone (made by an older cocreate): uploads, session keys and the mail key are not in it"

// Verify checks the archive at file without restoring it: every member's
// checksum against the manifest, the database's integrity (on a copy in a
// temporary directory, TMPDIR), and that every upload the database refers
// to is in the archive.
func Verify(file string, progress io.Writer) (*Report, error) {
	st, err := os.Stat(file)
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	tmp, err := os.MkdirTemp("", "cocreate-verify-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	db := filepath.Join(tmp, DatabaseFile)
	p := newProgress(progress, "read", st.Size(), 0)
	m, got, legacy, err := read(file, p, func(name string) (io.WriteCloser, error) {
		if name == DatabaseFile {
			return os.OpenFile(db, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		}
		return nopCloser{io.Discard}, nil
	})
	p.stop()
	if err != nil {
		return nil, err
	}
	r := &Report{Manifest: m}
	if legacy {
		r.Warnings = append(r.Warnings, databaseOnly)
		r.Files, r.Bytes = 1, st.Size()
		return r, check(file, file, nil, func(string) bool { return true }, r)
	}
	for _, f := range got {
		r.Files++
		r.Bytes += f.Size
	}
	if m.Database == EngineNone {
		r.Warnings = append(r.Warnings, noDatabase)
		return r, nil
	}
	return r, check(file, db, m, func(name string) bool { _, ok := got[name]; return ok }, r)
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// syncCloser fsyncs a file before closing it.
type syncCloser struct{ *os.File }

func (s syncCloser) Close() error {
	if err := s.File.Sync(); err != nil {
		s.File.Close()
		return err
	}
	return s.File.Close()
}

// Restore replaces the installation in dataDir with the archive at file,
// all or nothing. It takes the data directory's lock, so it refuses while a
// server holds it (store.ErrLocked). Whatever dataDir held is moved into a
// safety copy, dataDir/before-restore-TIME: the database with its -wal and
// -shm (committed transactions may live only in the -wal), the uploads, the
// keys and the search index, which is never restored and always moved aside
// (the server rebuilds a missing one). An old backup of the database alone replaces the database
// only, keeping the uploads and keys there, with a warning; an archive made
// without the database (Options.NoDatabase) replaces the uploads and keys
// only. With o.NoDatabase (PostgreSQL) only the latter is accepted.
func Restore(dataDir, file string, o Options) (*Report, error) {
	st, err := os.Stat(file)
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	unlock, err := store.Lock(dataDir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	staging, err := os.MkdirTemp(dataDir, ".restore-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(staging)

	p := newProgress(o.Progress, "read", st.Size(), 0)
	m, got, legacy, err := read(file, p, func(name string) (io.WriteCloser, error) {
		if o.NoDatabase && name == DatabaseFile {
			// The database is an archive's first member: refused before
			// anything else is read.
			return nil, ErrPostgresRestore
		}
		dst := filepath.Join(staging, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return nil, err
		}
		mode := os.FileMode(0o644)
		if !strings.HasPrefix(name, UploadsDir+"/") {
			mode = 0o600
		}
		f, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, mode)
		if err != nil {
			return nil, err
		}
		return syncCloser{f}, nil
	})
	if err == nil && legacy && o.NoDatabase {
		err = ErrPostgresRestore
	}
	if err == nil && legacy {
		p.bytes.Store(0) // the peek at its header
		err = copyFile(file, filepath.Join(staging, DatabaseFile), p)
	}
	p.stop()
	if err != nil {
		return nil, err
	}
	filesOnly := m != nil && m.Database == EngineNone
	if o.NoDatabase && !filesOnly {
		return nil, ErrPostgresRestore
	}
	r := &Report{Manifest: m}
	if filesOnly {
		r.Warnings = append(r.Warnings, noDatabase)
		for _, f := range got {
			r.Files++
			r.Bytes += f.Size
		}
	} else if legacy {
		r.Warnings = append(r.Warnings, databaseOnly+"; those in "+dataDir+" are kept")
		r.Files, r.Bytes = 1, st.Size()
		have := func(name string) bool {
			_, err := os.Stat(filepath.Join(dataDir, filepath.FromSlash(name)))
			return err == nil
		}
		if err := check(file, filepath.Join(staging, DatabaseFile), nil, have, r); err != nil {
			return nil, err
		}
	} else {
		for _, f := range got {
			r.Files++
			r.Bytes += f.Size
		}
		have := func(name string) bool { _, ok := got[name]; return ok }
		if err := check(file, filepath.Join(staging, DatabaseFile), m, have, r); err != nil {
			return nil, err
		}
	}

	// Everything is checked: swap.
	// The index goes aside whatever the archive holds: it is derived, and
	// the one there describes the database as it was, not as restored. (A
	// PostgreSQL node's index, after a pg_restore, holds a position in the
	// old cluster's transaction ids: kept, it would skip every new change.)
	out := []string{IndexDir}
	var in []string
	if !filesOnly {
		out = append(out, DatabaseFile, DatabaseFile+"-wal", DatabaseFile+"-shm")
		in = []string{DatabaseFile}
	}
	if !legacy {
		out = append(out, UploadsDir)
		out = append(out, Keys...)
		in = append(in, UploadsDir)
		in = append(in, Keys...)
	}
	var moves [][2]string
	undo := func() {
		for i := len(moves) - 1; i >= 0; i-- {
			_ = os.Rename(moves[i][1], moves[i][0]) // undoing after a failure: best effort
		}
	}
	move := func(from, to string) error {
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return err
		}
		if err := os.Rename(from, to); err != nil {
			return err
		}
		moves = append(moves, [2]string{from, to})
		return nil
	}
	for _, name := range out {
		from := filepath.Join(dataDir, filepath.FromSlash(name))
		if _, err := os.Lstat(from); err != nil {
			continue
		}
		if r.SafetyCopy == "" {
			if r.SafetyCopy, err = safetyDir(dataDir); err != nil {
				return nil, err
			}
		}
		if err := move(from, filepath.Join(r.SafetyCopy, filepath.FromSlash(name))); err != nil {
			undo()
			return nil, fmt.Errorf("backup: unable to keep the old %s aside (nothing was changed): %w", name, err)
		}
	}
	for _, name := range in {
		from := filepath.Join(staging, filepath.FromSlash(name))
		if _, err := os.Lstat(from); err != nil {
			continue
		}
		if err := move(from, filepath.Join(dataDir, filepath.FromSlash(name))); err != nil {
			undo()
			return nil, fmt.Errorf("backup: unable to move the restored %s in (nothing was changed): %w", name, err)
		}
	}
	syncDir(dataDir)
	if r.SafetyCopy != "" {
		syncDir(r.SafetyCopy)
	}
	return r, nil
}

// safetyDir makes the directory that keeps what a restore replaced.
func safetyDir(dataDir string) (string, error) {
	base := filepath.Join(dataDir, "before-restore-"+time.Now().UTC().Format("20060102T150405Z"))
	dir := base
	for i := 2; ; i++ {
		err := os.Mkdir(dir, 0o700)
		if err == nil {
			return dir, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return "", err
		}
		dir = fmt.Sprintf("%s-%d", base, i)
	}
}

// copyFile copies src to a new file dst, durably, counting bytes on p.
func copyFile(src, dst string, p *progress) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(io.MultiWriter(out, p), in); err != nil {
		out.Close()
		return err
	}
	p.file()
	return syncCloser{out}.Close()
}
