package backup

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"cocreate/app/demo"
	"cocreate/app/domain"
	"cocreate/app/service"
	"cocreate/app/store"
)

// installation makes a data directory like a served one: the demo (with its
// uploaded pictures), session keys, a mail key, an index directory.
func installation(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.LoadIfEmpty(context.Background(), service.New(st, filepath.Join(dir, UploadsDir))); err != nil {
		t.Fatal(err)
	}
	st.Close()
	write(t, filepath.Join(dir, "session.key"), strings.Repeat("k", 96))
	write(t, filepath.Join(dir, "mail", "secret"), strings.Repeat("m", 32))
	write(t, filepath.Join(dir, IndexDir, "store"), "a stale index")
	write(t, filepath.Join(dir, UploadsDir, ".upload-123"), "half written") // never backed up
	return dir
}

func write(t *testing.T, p, s string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(p), 0o755)
	if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
}

// tree lists every file under dir with its SHA-256, skipping the lock.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == ".lock" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, p)
		sum := sha256.Sum256(b)
		out[filepath.ToSlash(rel)] = hex.EncodeToString(sum[:])
		return nil
	})
	return out
}

func TestBackupVerifyRestoreIntoAnEmptyDirectory(t *testing.T) {
	for _, name := range []string{"backup.tar", "backup.tar.gz"} {
		t.Run(name, func(t *testing.T) {
			src := installation(t)
			file := filepath.Join(t.TempDir(), name)
			var progress bytes.Buffer
			m, err := Create(src, file, Options{Progress: &progress})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(progress.String(), "backed up") || !strings.Contains(progress.String(), "files") {
				t.Errorf("no progress line: %q", progress.String())
			}
			if m.Counts.Uploads < 8 || m.Counts.Ideas == 0 || m.Counts.Users == 0 || len(m.MissingUploads) != 0 {
				t.Fatalf("manifest counts: %+v missing %v", m.Counts, m.MissingUploads)
			}
			if st, _ := os.Stat(file); st.Mode().Perm() != 0o600 {
				t.Errorf("the archive holds keys but is mode %v", st.Mode().Perm())
			}
			if _, err := Create(src, file, Options{}); err == nil {
				t.Error("a backup overwrote an existing file")
			}
			if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(file), ".cocreate-backup-*")); len(leftovers) > 0 {
				t.Errorf("the backup left %v behind", leftovers)
			}
			r, err := Verify(file, nil)
			if err != nil {
				t.Fatalf("verify: %v", err)
			}
			if r.DatabaseOnly() || len(r.Warnings) > 0 || r.Counts.Ideas != m.Counts.Ideas {
				t.Errorf("verify: %+v", r)
			}

			dst := filepath.Join(t.TempDir(), "new")
			r, err = Restore(dst, file, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if r.SafetyCopy != "" {
				t.Errorf("a restore into an empty directory made a safety copy %s", r.SafetyCopy)
			}
			want := tree(t, src)
			delete(want, "index/store")
			delete(want, "uploads/.upload-123")
			// The database is a fresh snapshot: compare its rows, not its bytes.
			delete(want, DatabaseFile)
			delete(want, DatabaseFile+"-wal")
			delete(want, DatabaseFile+"-shm")
			got := tree(t, dst)
			if _, ok := got[DatabaseFile]; !ok {
				t.Fatal("no database restored")
			}
			delete(got, DatabaseFile)
			if !equal(got, want) {
				t.Errorf("restored files differ:\n got %v\nwant %v", got, want)
			}
			st, err := store.Open(filepath.Join(dst, DatabaseFile))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if v, err := st.Check(context.Background()); err != nil || len(v) > 0 {
				t.Errorf("check after restore: %v %v", v, err)
			}
		})
	}
}

func equal(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// #11.8: a restore into a directory whose server crashed keeps the
// committed transactions that live only in its -wal, and moves the stale
// index out of the way so the server rebuilds it.
func TestRestoreKeepsTheWALInTheSafetyCopy(t *testing.T) {
	src := installation(t)
	file := filepath.Join(t.TempDir(), "backup.tar.gz")
	if _, err := Create(src, file, Options{}); err != nil {
		t.Fatal(err)
	}

	// A server that crashed: its last commit is in the -wal only. (Copying
	// the files while the store is open is what a crash leaves behind.)
	live := installation(t)
	st, err := store.Open(filepath.Join(live, DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateUser(context.Background(), domain.SignUp{Email: "late@example.com", Name: "late"}, "x", false); err != nil {
		t.Fatal(err)
	}
	crashed := t.TempDir()
	for rel := range tree(t, live) {
		b, _ := os.ReadFile(filepath.Join(live, rel))
		write(t, filepath.Join(crashed, rel), string(b))
	}
	st.Close()
	if fi, err := os.Stat(filepath.Join(crashed, DatabaseFile+"-wal")); err != nil || fi.Size() == 0 {
		t.Fatalf("the crashed directory has no -wal to keep: %v", err)
	}
	before := tree(t, crashed)

	r, err := Restore(crashed, file, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.SafetyCopy == "" || filepath.Dir(r.SafetyCopy) != crashed {
		t.Fatalf("no safety copy in the data directory: %q", r.SafetyCopy)
	}
	// Everything that was there is in the safety copy, byte for byte.
	kept := tree(t, r.SafetyCopy)
	for rel, sum := range before {
		if rel == "uploads/.upload-123" { // not part of the installation; left where it was
			continue
		}
		if kept[rel] != sum {
			t.Errorf("the safety copy lacks %s as it was", rel)
		}
	}
	if _, err := os.Stat(filepath.Join(crashed, IndexDir)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the old index is still in place: %v", err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(filepath.Join(crashed, DatabaseFile+suffix)); err == nil {
			t.Errorf("the old database's %s is beside the restored one", suffix)
		}
	}
	// The safety copy opens with the late user in it.
	old, err := store.Open(filepath.Join(r.SafetyCopy, DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if _, _, err := old.UserByEmail(context.Background(), "late@example.com"); err != nil {
		t.Errorf("the commit in the -wal was lost from the safety copy: %v", err)
	}
	// And the restored database does not have it.
	now, err := store.Open(filepath.Join(crashed, DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	defer now.Close()
	if _, _, err := now.UserByEmail(context.Background(), "late@example.com"); err == nil {
		t.Error("the restored database has a user made after the backup")
	}
}

// rewrite copies an archive, letting edit change or drop members (data nil
// drops) and, when fixManifest is set, rewriting the manifest to match.
func rewrite(t *testing.T, src, dst string, fixManifest bool, edit func(name string, data []byte) []byte) {
	t.Helper()
	f, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	sums := map[string]File{}
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(tr)
		if h.Name == ManifestName && fixManifest {
			var m Manifest
			json.Unmarshal(data, &m)
			var files []File
			for _, f := range m.Files {
				if s, ok := sums[f.Name]; ok {
					files = append(files, s)
				}
			}
			m.Files = files
			data, _ = json.Marshal(m)
		} else if h.Name != ManifestName {
			data = edit(h.Name, data)
			if data == nil {
				continue
			}
			sum := sha256.Sum256(data)
			sums[h.Name] = File{Name: h.Name, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
		}
		h.Size = int64(len(data))
		tw.WriteHeader(h)
		tw.Write(data)
	}
	tw.Close()
	if err := os.WriteFile(dst, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// A truncated or altered archive is refused by Verify and Restore, with a
// message that says so, and the data directory is left exactly as it was.
func TestDamagedArchivesAreRefusedChangingNothing(t *testing.T) {
	src := installation(t)
	dir := t.TempDir()
	good := filepath.Join(dir, "good.tar.gz")
	if _, err := Create(src, good, Options{}); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(good)
	var upload string
	for name := range tree(t, filepath.Join(src, UploadsDir)) {
		// A real upload, referenced by the database: not the half-written
		// dotfile, nor an image's smaller copy (NAME-400.png).
		if !strings.HasPrefix(name, ".") && !strings.Contains(name, "-") {
			upload = UploadsDir + "/" + name
			break
		}
	}
	bad := map[string]string{} // file → the words its refusal must contain
	mk := func(name string, data []byte, why string) {
		write(t, filepath.Join(dir, name), string(data))
		bad[filepath.Join(dir, name)] = why
	}
	mk("half.tar.gz", raw[:len(raw)/2], "truncated")
	mk("short.tar.gz", raw[:len(raw)-10], "truncated")
	mk("junk.tar", []byte(strings.Repeat("not a backup ", 100)), "not a cocreate backup")
	mk("empty.tar", nil, "not a cocreate backup")
	// An upload altered, its manifest entry not.
	rewrite(t, good, filepath.Join(dir, "altered.tar"), false, func(name string, data []byte) []byte {
		if name == upload {
			data = append([]byte(nil), data...)
			data[len(data)/2] ^= 1
		}
		return data
	})
	bad[filepath.Join(dir, "altered.tar")] = "checksum of " + upload
	// An upload dropped with its manifest entry: the database still needs it.
	rewrite(t, good, filepath.Join(dir, "dropped.tar"), true, func(name string, data []byte) []byte {
		if name == upload {
			return nil
		}
		return data
	})
	bad[filepath.Join(dir, "dropped.tar")] = "does not hold: " + upload
	// An upload dropped, the manifest left as it was.
	rewrite(t, good, filepath.Join(dir, "missing.tar"), false, func(name string, data []byte) []byte {
		if name == upload {
			return nil
		}
		return data
	})
	bad[filepath.Join(dir, "missing.tar")] = upload + " is listed in the manifest but missing"
	// A member that would escape the data directory.
	var evil bytes.Buffer
	tw := tar.NewWriter(&evil)
	tw.WriteHeader(&tar.Header{Name: "uploads/../../evil", Size: 1, Mode: 0o644, Typeflag: tar.TypeReg})
	tw.Write([]byte("x"))
	tw.Close()
	mk("escape.tar", evil.Bytes(), "unexpected member")
	// A PAX sparse member: 1 byte of data said to stand for 1 MiB.
	mk("sparse.tar", sparseTar(t, upload, 1<<20), "is a sparse file")

	target := installation(t)
	before := tree(t, target)
	for file, why := range bad {
		if _, err := Verify(file, nil); err == nil || !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), why) {
			t.Errorf("verify %s: %v, want a refusal saying %q", filepath.Base(file), err, why)
		}
		if _, err := Restore(target, file, Options{}); err == nil || !strings.Contains(err.Error(), why) {
			t.Errorf("restore %s: %v, want a refusal saying %q", filepath.Base(file), err, why)
		}
		if after := tree(t, target); !equal(after, before) {
			t.Fatalf("a refused restore of %s changed the data directory", filepath.Base(file))
		}
	}
	entries, _ := os.ReadDir(target)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".restore-") || strings.HasPrefix(e.Name(), "before-restore") {
			t.Errorf("a refused restore left %s behind", e.Name())
		}
	}
}

// A backup of the database alone (as `backup` made before) still restores:
// the database only, with a warning, keeping the uploads and keys there.
func TestDatabaseOnlyBackupsStillRestore(t *testing.T) {
	src := installation(t)
	old := filepath.Join(t.TempDir(), "old.db")
	if err := store.Backup(filepath.Join(src, DatabaseFile), old); err != nil {
		t.Fatal(err)
	}
	r, err := Verify(old, nil)
	if err != nil || !r.DatabaseOnly() || len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "uploads, session keys and the mail key are not in it") {
		t.Fatalf("verify an old backup: %+v %v", r, err)
	}
	before := tree(t, src)
	r, err = Restore(src, old, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !r.DatabaseOnly() || len(r.Warnings) == 0 || !strings.Contains(r.Warnings[0], "are kept") {
		t.Errorf("no warning: %+v", r.Warnings)
	}
	after := tree(t, src)
	for rel, sum := range before {
		switch {
		case strings.HasPrefix(rel, UploadsDir+"/") || rel == "session.key" || rel == "mail/secret":
			if after[rel] != sum {
				t.Errorf("%s was not kept", rel)
			}
		case rel == DatabaseFile || strings.HasPrefix(rel, IndexDir+"/"):
			if tree(t, r.SafetyCopy)[rel] != sum {
				t.Errorf("%s is not in the safety copy", rel)
			}
		}
	}
	if _, err := os.Stat(filepath.Join(src, IndexDir)); err == nil {
		t.Error("the index of the replaced database is still in place")
	}
	// A garbage file is no backup of any kind.
	junk := filepath.Join(t.TempDir(), "junk.db")
	write(t, junk, "SQLite format 3\x00 but nothing else")
	if _, err := Restore(src, junk, Options{}); err == nil || !strings.Contains(err.Error(), "not intact") {
		t.Errorf("restore of a broken database file: %v", err)
	}
}

func TestRestoreRefusesWhileAServerHoldsTheDirectory(t *testing.T) {
	src := installation(t)
	file := filepath.Join(t.TempDir(), "b.tar")
	if _, err := Create(src, file, Options{}); err != nil {
		t.Fatal(err)
	}
	unlock, err := store.Lock(src)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	before := tree(t, src)
	if _, err := Restore(src, file, Options{}); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("restore while serving: %v", err)
	}
	if !equal(tree(t, src), before) {
		t.Error("a refused restore changed the data directory")
	}
}

// An upload lost before the backup is recorded, and Verify warns of it
// rather than refusing an archive that is as good as the installation was.
func TestUploadsMissingAtBackupTimeAreRecorded(t *testing.T) {
	src := installation(t)
	// An image itself, not one of its smaller copies (NAME-400.png), which
	// the database does not name.
	all, _ := filepath.Glob(filepath.Join(src, UploadsDir, "[0-9a-f]*"))
	var names []string
	for _, n := range all {
		if !strings.Contains(filepath.Base(n), "-") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	os.Remove(names[0])
	file := filepath.Join(t.TempDir(), "b.tar.gz")
	m, err := Create(src, file, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.MissingUploads) != 1 || m.MissingUploads[0] != UploadsDir+"/"+filepath.Base(names[0]) {
		t.Fatalf("missing uploads: %v", m.MissingUploads)
	}
	r, err := Verify(file, nil)
	if err != nil || len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "already missing") {
		t.Fatalf("verify: %+v %v", r, err)
	}
}

func TestAllowedNames(t *testing.T) {
	for name, want := range map[string]bool{
		"cocreate.db": true, "session.key": true, "mail/secret": true, "manifest.json": true,
		"uploads/ab12.jpg": true, "uploads/thumbs/ab12.jpg": true,
		"uploads/": false, "uploads/../x": false, "/etc/passwd": false, "../cocreate.db": false,
		"uploads/.upload-1": false, "uploads//x": false, "uploads/a\\..\\b": false, "index/store": false,
		"mail/outbox.mbox": false, "cocreate.db-wal": false, "uploads/./x": false,
	} {
		if allowed(name) != want {
			t.Errorf("allowed(%q) = %v, want %v", name, !want, want)
		}
	}
}

// With PostgreSQL the database is pg_dump's: the archive without it carries
// the uploads and keys, and restoring it leaves any database alone.
func TestArchivesWithoutTheDatabase(t *testing.T) {
	src := installation(t)
	file := filepath.Join(t.TempDir(), "files.tar.gz")
	m, err := Create(src, file, Options{NoDatabase: true})
	if err != nil {
		t.Fatal(err)
	}
	if m.Database != EngineNone || m.Counts.Uploads < 8 {
		t.Fatalf("manifest: %+v", m)
	}
	for _, f := range m.Files {
		if f.Name == DatabaseFile {
			t.Fatal("the database is in an archive made without it")
		}
	}
	r, err := Verify(file, nil)
	if err != nil || len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "pg_restore") {
		t.Fatalf("verify: %+v %v", r, err)
	}
	full := filepath.Join(t.TempDir(), "full.tar.gz")
	if _, err := Create(src, full, Options{}); err != nil {
		t.Fatal(err)
	}

	target := installation(t) // other uploads, the same keys, its own database
	write(t, filepath.Join(target, "session.key"), strings.Repeat("o", 96))
	before := tree(t, target)
	if _, err := Restore(target, full, Options{NoDatabase: true}); !errors.Is(err, ErrPostgresRestore) {
		t.Fatalf("restoring a SQLite archive onto PostgreSQL: %v", err)
	}
	if !equal(tree(t, target), before) {
		t.Fatal("a refused restore changed the data directory")
	}
	// It is refused at the database, the first member, before the rest is
	// read: a truncated copy says the same, not "truncated".
	raw, _ := os.ReadFile(full)
	cut := filepath.Join(t.TempDir(), "cut.tar.gz")
	write(t, cut, string(raw[:len(raw)*2/3]))
	if _, err := Restore(target, cut, Options{NoDatabase: true}); !errors.Is(err, ErrPostgresRestore) || !strings.Contains(err.Error(), "migrate-db") {
		t.Fatalf("restoring a truncated SQLite archive onto PostgreSQL: %v", err)
	}
	old := filepath.Join(t.TempDir(), "old.db")
	if err := store.Backup(filepath.Join(src, DatabaseFile), old); err != nil {
		t.Fatal(err)
	}
	if _, err := Restore(target, old, Options{NoDatabase: true}); !errors.Is(err, ErrPostgresRestore) {
		t.Fatalf("restoring a bare SQLite backup onto PostgreSQL: %v", err)
	}
	if !equal(tree(t, target), before) {
		t.Fatal("a refused restore changed the data directory")
	}
	r, err = Restore(target, file, Options{NoDatabase: true})
	if err != nil {
		t.Fatal(err)
	}
	after, want := tree(t, target), tree(t, src)
	// The index goes aside too: after a pg_restore its position (a
	// transaction id of the old cluster) would skip every new change.
	if _, err := os.Stat(filepath.Join(target, IndexDir)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the index is still in place after restoring an archive without the database: %v", err)
	}
	for rel, sum := range before {
		switch {
		case rel == DatabaseFile:
			if after[rel] != sum {
				t.Errorf("%s was touched", rel)
			}
		case strings.HasPrefix(rel, IndexDir+"/"):
			if tree(t, r.SafetyCopy)[rel] != sum {
				t.Errorf("%s is not in the safety copy", rel)
			}
		case rel == "session.key" || strings.HasPrefix(rel, UploadsDir+"/") && !strings.HasPrefix(rel, UploadsDir+"/."):
			if tree(t, r.SafetyCopy)[rel] != sum {
				t.Errorf("%s is not in the safety copy", rel)
			}
		}
	}
	for rel, sum := range want {
		if (rel == "session.key" || strings.HasPrefix(rel, UploadsDir+"/") && !strings.HasPrefix(rel, UploadsDir+"/.")) && after[rel] != sum {
			t.Errorf("%s was not restored", rel)
		}
	}
}

// sparseTar is an archive of one PAX sparse (format 1.0) member, name, of
// one byte of data said to stand for size bytes. Go's writer refuses to
// write one, so its extended header is written as a file and retyped.
func sparseTar(t *testing.T, name string, size int64) []byte {
	t.Helper()
	record := func(k, v string) string {
		n := len(k) + len(v) + 3
		for len(fmt.Sprintf("%d %s=%s\n", n, k, v)) != n {
			n++
		}
		return fmt.Sprintf("%d %s=%s\n", n, k, v)
	}
	pax := record("GNU.sparse.major", "1") + record("GNU.sparse.minor", "0") +
		record("GNU.sparse.name", name) + record("GNU.sparse.realsize", fmt.Sprint(size))
	sparseMap := fmt.Sprintf("1\n%d\n1\n", size-1) // one fragment: the last byte
	body := sparseMap + strings.Repeat("\x00", 512-len(sparseMap)) + "x"
	var b bytes.Buffer
	tw := tar.NewWriter(&b)
	for _, m := range []struct{ name, data string }{{"PaxHeaders/0", pax}, {"GNUSparseFile.0/x", body}} {
		if err := tw.WriteHeader(&tar.Header{Name: m.name, Size: int64(len(m.data)), Mode: 0o644, Typeflag: tar.TypeReg, Format: tar.FormatUSTAR}); err != nil {
			t.Fatal(err)
		}
		if _, err := tw.Write([]byte(m.data)); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	raw := b.Bytes()
	raw[156] = 'x' // the first member is the second's PAX extended header
	copy(raw[148:156], "        ")
	sum := 0
	for _, c := range raw[:512] {
		sum += int(c)
	}
	copy(raw[148:156], fmt.Sprintf("%06o\x00 ", sum))
	return raw
}

// An upload the service removes while the backup runs (a photo of an idea
// whose write was refused: written, then removed) is left out, and the
// archive verifies and restores. One the database names is never removed:
// its absence still fails the backup.
func TestUploadsRemovedDuringTheBackupAreLeftOut(t *testing.T) {
	src := installation(t)
	orphan := filepath.Join(src, UploadsDir, "0123456789abcdef0123456789abcdef.png")
	write(t, orphan, "a photo whose idea was refused")
	afterListing = func() { os.Remove(orphan) }
	defer func() { afterListing = nil }()
	file := filepath.Join(t.TempDir(), "b.tar.gz")
	m, err := Create(src, file, Options{})
	if err != nil {
		t.Fatalf("a backup during which an unreferenced upload was removed: %v", err)
	}
	for _, f := range m.Files {
		if f.Name == UploadsDir+"/"+filepath.Base(orphan) {
			t.Errorf("the manifest lists %s, which was removed", f.Name)
		}
	}
	if m.Counts.Files != len(m.Files) {
		t.Errorf("the manifest counts %d files and lists %d", m.Counts.Files, len(m.Files))
	}
	if r, err := Verify(file, nil); err != nil || len(r.Warnings) > 0 {
		t.Fatalf("verify: %+v %v", r, err)
	}
	dst := filepath.Join(t.TempDir(), "new")
	if _, err := Restore(dst, file, Options{}); err != nil {
		t.Fatalf("restore: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dst, UploadsDir, filepath.Base(orphan))); err == nil {
		t.Error("the removed upload came back")
	}

	// A referenced upload removed meanwhile is an error.
	refs, err := inspectDB(filepath.Join(src, DatabaseFile), &Counts{})
	if err != nil || len(refs) == 0 {
		t.Fatalf("refs: %v %v", refs, err)
	}
	named := filepath.Join(src, filepath.FromSlash(refs[0]))
	afterListing = func() { os.Remove(named) }
	if _, err := Create(src, filepath.Join(t.TempDir(), "c.tar.gz"), Options{}); err == nil || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a backup that lost %s, which the database names: %v", refs[0], err)
	}
}

// copyTree copies the files under src into a new directory dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	for rel := range tree(t, src) {
		b, err := os.ReadFile(filepath.Join(src, rel))
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dst, rel), string(b))
	}
}

// A restore killed in the middle of its swap leaves a journal: nothing
// opens the data directory (the server would start on no database, and
// anyone could claim it as its first admin) until a restore, run again,
// moves back what was there and then restores the archive.
func TestARestoreInterruptedInItsSwapIsUndoneByTheNext(t *testing.T) {
	src := installation(t)
	file := filepath.Join(t.TempDir(), "b.tar.gz")
	m, err := Create(src, file, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// The installation being replaced has a user the archive lacks.
	proto := installation(t)
	st, err := store.Open(filepath.Join(proto, DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateUser(context.Background(), domain.SignUp{Email: "late@example.com", Name: "late"}, "x", false); err != nil {
		t.Fatal(err)
	}
	st.Close()
	defer func() { afterRename = nil }()
	var moves, aside int // learnt from the first run's journal
	for _, stop := range []int{1, -1, -2, -3} {
		t.Run(fmt.Sprint(stop), func(t *testing.T) {
			switch stop {
			case -1: // the first new file moved in
				stop = aside + 1
			case -2: // all but the last moved in
				stop = moves - 1
			case -3: // every rename made, the journal not yet removed
				stop = moves
			}
			dir := filepath.Join(t.TempDir(), "data")
			copyTree(t, proto, dir)
			kill := errors.New("killed")
			afterRename = func(n int) error {
				if n == stop {
					return kill
				}
				return nil
			}
			if _, err := Restore(dir, file, Options{}); err != kill {
				t.Fatalf("restore stopped after rename %d: %v", stop, err)
			}
			afterRename = nil
			raw, err := os.ReadFile(filepath.Join(dir, JournalName))
			if err != nil {
				t.Fatalf("no journal after an interrupted swap: %v", err)
			}
			if moves == 0 {
				var j journal
				if err := json.Unmarshal(raw, &j); err != nil {
					t.Fatal(err)
				}
				moves = len(j.Moves)
				for _, mv := range j.Moves {
					if strings.HasPrefix(mv[1], "before-restore-") {
						aside++
					}
				}
				if aside < 4 || moves < aside+3 {
					t.Fatalf("the plan: %d renames, %d aside: %s", moves, aside, raw)
				}
			}
			err = Interrupted(dir)
			if !errors.Is(err, ErrInterrupted) || !strings.Contains(err.Error(), "cocreate restore") || !strings.Contains(err.Error(), file) {
				t.Errorf("Interrupted: %v", err)
			}
			if _, err := Create(dir, filepath.Join(t.TempDir(), "c.tar"), Options{}); !errors.Is(err, ErrInterrupted) {
				t.Errorf("a backup of a half-restored installation: %v", err)
			}

			r, err := Restore(dir, file, Options{})
			if err != nil {
				t.Fatalf("restore again: %v", err)
			}
			if len(r.Warnings) != 1 || !strings.Contains(r.Warnings[0], "interrupted") {
				t.Errorf("warnings: %q", r.Warnings)
			}
			if err := Interrupted(dir); err != nil {
				t.Errorf("after the second restore: %v", err)
			}
			entries, _ := os.ReadDir(dir)
			var safety []string
			for _, e := range entries {
				if strings.HasPrefix(e.Name(), ".restore-") {
					t.Errorf("%s is left behind", e.Name())
				}
				if strings.HasPrefix(e.Name(), "before-restore-") {
					safety = append(safety, e.Name())
				}
			}
			if len(safety) != 1 || filepath.Join(dir, safety[0]) != r.SafetyCopy {
				t.Errorf("safety copies %v, the restore's %s", safety, r.SafetyCopy)
			}
			// The archive's installation, whole.
			now, err := store.Open(filepath.Join(dir, DatabaseFile))
			if err != nil {
				t.Fatal(err)
			}
			defer now.Close()
			if _, _, err := now.UserByEmail(context.Background(), "late@example.com"); err == nil {
				t.Error("the restored database has the replaced one's user")
			}
			if v, err := now.Check(context.Background()); err != nil || len(v) > 0 {
				t.Errorf("check: %v %v", v, err)
			}
			got := tree(t, dir)
			n := 0
			for rel, sum := range tree(t, src) {
				if strings.HasPrefix(rel, UploadsDir+"/") && !strings.HasPrefix(rel, UploadsDir+"/.") || rel == "session.key" || rel == "mail/secret" {
					n++
					if got[rel] != sum {
						t.Errorf("%s is not the archive's", rel)
					}
				}
			}
			if n != m.Counts.Uploads+2 {
				t.Errorf("%d files compared, the archive has %d uploads", n, m.Counts.Uploads)
			}
			if _, err := os.Stat(filepath.Join(dir, IndexDir)); err == nil {
				t.Error("an index is in place")
			}
			// And what was there is all in the safety copy.
			kept := tree(t, r.SafetyCopy)
			for rel, sum := range tree(t, proto) {
				if rel != "uploads/.upload-123" && kept[rel] != sum {
					t.Errorf("the safety copy lacks %s as it was", rel)
				}
			}
		})
	}
}
