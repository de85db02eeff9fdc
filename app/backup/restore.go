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
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"cocreate/app/diskspace"
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

// sink says where an archive member goes while it is read, given the
// size its header declares (what the tar reader will copy, no more).
type sink func(name string, size int64) (io.WriteCloser, error)

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
		w, err := put(h.Name, h.Size)
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
	// The archive's format says nothing of the schema inside it: restored,
	// a database a newer cocreate migrated would be refused at start, with
	// what was there already moved aside.
	if err := knownSchema(db); err != nil {
		return fmt.Errorf("backup: %s: %w", file, err)
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
		r.Warnings = append(r.Warnings, fmt.Sprintf("%d uploads the database refers to were already missing when the backup was taken: %s", len(known), List(known)))
	}
	if len(missing) > 0 {
		if m == nil {
			r.Warnings = append(r.Warnings, fmt.Sprintf("%d uploads the database refers to are not in the data directory: %s", len(missing), List(missing)))
			return nil
		}
		return damaged(file, "the database refers to %d uploads the archive does not hold: %s", len(missing), List(missing))
	}
	return nil
}

// List names the first five of names and says how many more there are.
func List(names []string) string {
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
	m, got, legacy, err := read(file, p, func(name string, size int64) (io.WriteCloser, error) {
		if name == DatabaseFile {
			if err := room(tmp, name, size); err != nil {
				return nil, err
			}
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

// ErrNotThisInstallation refuses an archive without a database restored
// into a SQLite data directory whose database refers to uploads the
// archive does not hold: the uploads would be replaced by another
// installation's, and every photo, cover and logo of the database kept
// would answer 404, with the ones it had only in the safety copy.
var ErrNotThisInstallation = errors.New("backup: this archive holds no database (made with `cocreate backup -no-database`, for PostgreSQL), " +
	"and this directory's SQLite database refers to uploads it does not hold: it is another installation's, or older than those uploads. " +
	"Restore a full backup here, or this archive on a PostgreSQL node (`cocreate restore -db postgres://... FILE`) after pg_restore")

// keptDatabaseHolds checks, for an archive without a database restored
// into a SQLite data directory (which keeps its database), that every
// upload the kept database refers to is in the archive. A directory
// without a database keeps none, and takes the archive as it is.
func keptDatabaseHolds(file, dataDir string, got map[string]File) error {
	db := filepath.Join(dataDir, DatabaseFile)
	if _, err := os.Stat(db); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	var c Counts
	refs, err := inspectDB(db, &c)
	if err != nil {
		return fmt.Errorf("backup: %s, the database kept: %w", db, err)
	}
	var missing []string
	for _, ref := range refs {
		if _, ok := got[ref]; !ok {
			missing = append(missing, ref)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w (%s: %d missing: %s)", ErrNotThisInstallation, file, len(missing), List(missing))
	}
	return nil
}

// ErrNoRoom refuses an archive member the disk it would be written to has
// no room for. A few kilobytes of gzip can declare gigabytes of zeros: the
// member is refused before it is written, not after it filled the disk
// the server writes to.
var ErrNoRoom = errors.New("backup: not enough free disk space")

// roomKept is the free space a restore leaves on the disk it writes to,
// for the server and its log.
const roomKept = 64 << 20

// room refuses a member of size bytes the file system of dir has no room
// for, keeping roomKept free. Where free space cannot be read, it passes.
func room(dir, name string, size int64) error {
	free, ok := diskspace.Free(dir)
	if !ok || size < 0 || uint64(size)+roomKept <= free {
		return nil
	}
	return fmt.Errorf("%w: %s is %d MB, and %s has %d MB free (%d MB are kept for the server)",
		ErrNoRoom, name, size>>20, dir, free>>20, roomKept>>20)
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
	// A restore interrupted in its swap is undone first; what an earlier
	// one left half extracted is removed.
	undone, err := recoverInterrupted(dataDir)
	if err != nil {
		return nil, err
	}
	removeStaging(dataDir)
	staging, err := os.MkdirTemp(dataDir, ".restore-")
	if err != nil {
		return nil, err
	}
	keepStaging := false // while a journal names it
	defer func() {
		if !keepStaging {
			os.RemoveAll(staging)
		}
	}()

	p := newProgress(o.Progress, "read", st.Size(), 0)
	m, got, legacy, err := read(file, p, func(name string, size int64) (io.WriteCloser, error) {
		if o.NoDatabase && name == DatabaseFile {
			// The database is an archive's first member: refused before
			// anything else is read.
			return nil, ErrPostgresRestore
		}
		if err := room(staging, name, size); err != nil {
			return nil, err
		}
		dst := filepath.Join(staging, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return nil, err
		}
		// 0600, as the server writes its uploads and keys.
		f, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
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
		if !o.NoDatabase {
			if err := keptDatabaseHolds(file, dataDir, got); err != nil {
				return nil, err
			}
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
	// The plan, every rename in order, is written down before the first:
	// a restore killed between two renames leaves a data directory that
	// no command opens (Interrupted) until a restore undoes them.
	j := &journal{Note: journalNote, Started: time.Now().UTC().Truncate(time.Second), Archive: file}
	if j.Staging, err = filepath.Rel(dataDir, staging); err != nil {
		return nil, err
	}
	var aside []string
	for _, name := range out {
		if _, err := os.Lstat(filepath.Join(dataDir, filepath.FromSlash(name))); err == nil {
			aside = append(aside, name)
		}
	}
	if len(aside) > 0 {
		if r.SafetyCopy, err = safetyDir(dataDir); err != nil {
			return nil, err
		}
		j.SafetyCopy = filepath.Base(r.SafetyCopy)
	}
	for _, name := range aside {
		j.Moves = append(j.Moves, [2]string{name, path.Join(j.SafetyCopy, name)})
	}
	for _, name := range in {
		if _, err := os.Lstat(filepath.Join(staging, filepath.FromSlash(name))); err == nil {
			j.Moves = append(j.Moves, [2]string{path.Join(filepath.ToSlash(j.Staging), name), name})
		}
	}
	if err := writeJournal(dataDir, j); err != nil {
		if r.SafetyCopy != "" {
			os.Remove(r.SafetyCopy)
		}
		return nil, err
	}
	keepStaging = true
	for i, mv := range j.Moves {
		from, to := j.abs(dataDir, mv[0]), j.abs(dataDir, mv[1])
		err := os.MkdirAll(filepath.Dir(to), 0o755)
		if err == nil {
			err = os.Rename(from, to)
		}
		if err != nil {
			if rerr := undoSwap(dataDir, j); rerr != nil {
				return nil, fmt.Errorf("backup: unable to move %s to %s: %w; and putting back what was moved failed (%v): run the restore again", mv[0], mv[1], err, rerr)
			}
			if rerr := removeJournal(dataDir); rerr != nil {
				return nil, rerr
			}
			keepStaging = false
			if !holdsFiles(r.SafetyCopy) {
				os.RemoveAll(r.SafetyCopy)
			}
			if i < len(aside) {
				return nil, fmt.Errorf("backup: unable to keep the old %s aside (nothing was changed): %w", mv[0], err)
			}
			return nil, fmt.Errorf("backup: unable to move the restored %s in (nothing was changed): %w", mv[1], err)
		}
		if afterRename != nil {
			if err := afterRename(i + 1); err != nil {
				return nil, err // as a kill would leave it: no undo
			}
		}
	}
	syncDirs(dataDir, j)
	if err := removeJournal(dataDir); err != nil {
		return nil, err
	}
	keepStaging = false
	if undone != "" {
		r.Warnings = append(r.Warnings, undone)
	}
	return r, nil
}

// afterRename, when set (by tests), runs after the swap's nth rename; an
// error stops the restore there as a kill would, undoing nothing.
var afterRename func(n int) error

// JournalName is the file in the data directory that says a restore is
// swapping files: written (and synced) before its first rename, removed
// after its last.
const JournalName = ".restore-in-progress"

const journalNote = "cocreate restore was replacing the files of this data directory; " +
	"run `cocreate restore` again: it first moves back what was here, then restores"

// journal is what a restore writes in JournalName: its renames in order.
// Paths are relative to the data directory, with forward slashes.
type journal struct {
	Note       string      `json:"note"`
	Started    time.Time   `json:"started"`
	Archive    string      `json:"archive"`
	Staging    string      `json:"staging"`
	SafetyCopy string      `json:"safety_copy,omitempty"`
	Moves      [][2]string `json:"moves"` // from, to
}

// valid reports whether j has the shape Restore writes, and no other: its
// staging one .restore-* directory, its safety copy one before-restore-*
// directory, and each move either a name of the data directory into the
// safety copy or the same name out of the staging directory, every name
// inside the data directory. A journal edited by hand, or made up, moves
// and removes nothing else.
func (j *journal) valid() error {
	single := func(p, prefix string) bool {
		return strings.HasPrefix(p, prefix) && !strings.ContainsAny(p, `/\`) && filepath.IsLocal(p)
	}
	if !single(j.Staging, ".restore-") {
		return fmt.Errorf("names %q as its staging directory", j.Staging)
	}
	if j.SafetyCopy != "" && !single(j.SafetyCopy, "before-restore-") {
		return fmt.Errorf("names %q as its safety copy", j.SafetyCopy)
	}
	for _, mv := range j.Moves {
		name := mv[1]
		if j.SafetyCopy != "" && mv[1] == path.Join(j.SafetyCopy, mv[0]) {
			name = mv[0]
		} else if mv[0] != path.Join(j.Staging, mv[1]) {
			return fmt.Errorf("names a move %q → %q that no restore makes", mv[0], mv[1])
		}
		if name == "." || !filepath.IsLocal(filepath.FromSlash(name)) || strings.HasPrefix(name, j.Staging) || (j.SafetyCopy != "" && strings.HasPrefix(name, j.SafetyCopy)) {
			return fmt.Errorf("names %q, not a file of the installation", name)
		}
	}
	return nil
}

func (j *journal) abs(dataDir, rel string) string {
	return filepath.Join(dataDir, filepath.FromSlash(rel))
}

// ErrInterrupted says a restore stopped in the middle of its swap (a kill,
// a power cut): the data directory may hold part of the old installation
// and part of the new, and is not opened until a restore puts it right.
var ErrInterrupted = errors.New("backup: a restore was interrupted")

// Interrupted reports, as an error wrapping ErrInterrupted, a restore
// interrupted in dataDir; nil when there was none. The server, check and
// backup refuse such a data directory: opened, a half-restored installation
// could start empty and let anyone set it up as its first admin.
func Interrupted(dataDir string) error {
	p := filepath.Join(dataDir, JournalName)
	raw, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrInterrupted, p, err)
	}
	archive := "FILE"
	var j journal
	if json.Unmarshal(raw, &j) == nil && j.Archive != "" {
		archive = j.Archive
	}
	return fmt.Errorf("%w while it replaced the files of %s (%s says so): the installation may be half replaced and is not opened; "+
		"run `cocreate restore -data %s %s` again (that archive, or another): it first moves back what %s held before, then restores",
		ErrInterrupted, dataDir, p, dataDir, archive, dataDir)
}

// writeJournal writes j durably: in full under a temporary name, synced,
// renamed into place, and the directory synced.
func writeJournal(dataDir string, j *journal) error {
	raw, err := json.MarshalIndent(j, "", "  ")
	if err != nil {
		return err
	}
	tmp := filepath.Join(dataDir, JournalName+".tmp")
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("backup: unable to write %s: %w", tmp, err)
	}
	if _, err := f.Write(raw); err != nil {
		f.Close()
		return fmt.Errorf("backup: unable to write %s: %w", tmp, err)
	}
	if err := (syncCloser{f}).Close(); err != nil {
		return fmt.Errorf("backup: unable to write %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, filepath.Join(dataDir, JournalName)); err != nil {
		return fmt.Errorf("backup: unable to write the journal: %w", err)
	}
	if err := syncDirErr(dataDir); err != nil {
		// Nothing was moved: the journal goes again, so that no later
		// restore reads it (and its staging, removed with this one's
		// failure, would be missing: undoSwap).
		os.Remove(filepath.Join(dataDir, JournalName))
		return err
	}
	return nil
}

// removeJournal ends a swap (or its undoing), durably.
func removeJournal(dataDir string) error {
	if err := os.Remove(filepath.Join(dataDir, JournalName)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: unable to remove the journal: %w", err)
	}
	return syncDirErr(dataDir)
}

// undoSwap moves back every rename of j that was made, last first. It can
// run any number of times, and be interrupted: a rename was made exactly
// when its source is gone and its target is there (a rename is atomic, and
// each name is moved once, the old files out before the new ones in).
// A rename out of the staging directory is never taken as made while that
// directory is missing: its source is gone then for another reason, and its
// target is the installation's own file, never moved.
func undoSwap(dataDir string, j *journal) error {
	var errs []error
	_, staged := os.Lstat(j.abs(dataDir, j.Staging))
	for i := len(j.Moves) - 1; i >= 0; i-- {
		if staged != nil && strings.HasPrefix(j.Moves[i][0], j.Staging+"/") {
			continue
		}
		from, to := j.abs(dataDir, j.Moves[i][0]), j.abs(dataDir, j.Moves[i][1])
		if _, err := os.Lstat(from); err == nil {
			continue // not made
		}
		if _, err := os.Lstat(to); err != nil {
			continue // not made, or moved back already
		}
		if err := os.MkdirAll(filepath.Dir(from), 0o755); err != nil {
			errs = append(errs, err)
			continue
		}
		if err := os.Rename(to, from); err != nil {
			errs = append(errs, err)
		}
	}
	syncDirs(dataDir, j)
	return errors.Join(errs...)
}

// recoverInterrupted undoes the swap of a restore that was interrupted in
// dataDir, if any, and says what it did ("" for nothing).
func recoverInterrupted(dataDir string) (string, error) {
	raw, err := os.ReadFile(filepath.Join(dataDir, JournalName))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("backup: an interrupted restore's journal: %w", err)
	}
	var j journal
	if err := json.Unmarshal(raw, &j); err != nil || j.Staging == "" {
		return "", fmt.Errorf("backup: the journal of an interrupted restore, %s, is not readable (%v): put the data directory right by hand from its before-restore-* and .restore-* directories, then remove it",
			filepath.Join(dataDir, JournalName), err)
	}
	if err := j.valid(); err != nil {
		return "", fmt.Errorf("backup: the journal of an interrupted restore, %s, %w: put the data directory right by hand, then remove it",
			filepath.Join(dataDir, JournalName), err)
	}
	if err := undoSwap(dataDir, &j); err != nil {
		return "", fmt.Errorf("backup: unable to undo the restore interrupted in %s: %w", dataDir, err)
	}
	if err := removeJournal(dataDir); err != nil {
		return "", err
	}
	os.RemoveAll(j.abs(dataDir, j.Staging))
	if j.SafetyCopy != "" && !holdsFiles(j.abs(dataDir, j.SafetyCopy)) {
		os.RemoveAll(j.abs(dataDir, j.SafetyCopy))
	}
	return fmt.Sprintf("a restore of %s started %s was interrupted while it swapped the files: what %s held before it was put back first",
		j.Archive, j.Started.Format("2006-01-02 15:04 MST"), dataDir), nil
}

// removeStaging removes what restores interrupted before their swap left
// extracted (.restore-* directories). Only with no journal naming one.
func removeStaging(dataDir string) {
	os.Remove(filepath.Join(dataDir, JournalName+".tmp"))
	entries, _ := os.ReadDir(dataDir)
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), ".restore-") {
			os.RemoveAll(filepath.Join(dataDir, e.Name()))
		}
	}
}

// holdsFiles says whether the tree at dir has anything but directories.
func holdsFiles(dir string) bool {
	found := false
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			found = true
			return filepath.SkipAll
		}
		return nil
	})
	return found
}

// syncDirs makes j's renames durable: every directory one touched.
func syncDirs(dataDir string, j *journal) {
	seen := map[string]bool{}
	for _, mv := range j.Moves {
		for _, p := range mv {
			d := filepath.Dir(j.abs(dataDir, p))
			if !seen[d] {
				seen[d] = true
				syncDir(d)
			}
		}
	}
}

// syncDirErr syncs dir, reporting a failure.
func syncDirErr(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("backup: unable to sync %s: %w", dir, err)
	}
	return nil
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
