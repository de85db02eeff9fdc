package backup

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/images"
)

// An operator who made data/uploads a link to a larger volume gets every
// photo in the backup, as with a plain directory: before, the walk stopped
// at the link, the archive held no upload, and the manifest listed them all
// as missing.
func TestUploadsBehindALinkAreBackedUp(t *testing.T) {
	src := installation(t)
	plain, err := Create(src, filepath.Join(t.TempDir(), "plain.tar.gz"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	volume := filepath.Join(t.TempDir(), "big-volume", "uploads")
	if err := os.MkdirAll(filepath.Dir(volume), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(src, UploadsDir), volume); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(volume, filepath.Join(src, UploadsDir)); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "linked.tar.gz")
	m, err := Create(src, file, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Counts.Uploads != plain.Counts.Uploads || m.Counts.Uploads < 8 || m.Missing() != nil {
		t.Fatalf("through the link: %d uploads (a plain directory: %d), missing %v", m.Counts.Uploads, plain.Counts.Uploads, m.MissingUploads)
	}
	for _, f := range m.Files {
		if strings.Contains(f.Name, "big-volume") || strings.Contains(f.Name, "..") {
			t.Errorf("member %q is named after the link's target, not uploads/", f.Name)
		}
	}
	if r, err := Verify(file, nil); err != nil || len(r.Warnings) > 0 {
		t.Fatalf("verify: %+v %v", r, err)
	}
	dst := filepath.Join(t.TempDir(), "new")
	if _, err := Restore(dst, file, Options{}); err != nil {
		t.Fatal(err)
	}
	got := tree(t, filepath.Join(dst, UploadsDir))
	want := tree(t, volume)
	delete(want, ".upload-123")
	if !equal(got, want) {
		t.Errorf("restored uploads differ from the linked volume's: %d files, want %d", len(got), len(want))
	}
}

// A link to a volume that is not there (not mounted) is an error, not an
// installation without uploads.
func TestALinkToMissingUploadsIsRefused(t *testing.T) {
	src := installation(t)
	if err := os.RemoveAll(filepath.Join(src, UploadsDir)); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(t.TempDir(), "unmounted"), filepath.Join(src, UploadsDir)); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "b.tar.gz")
	if _, err := Create(src, file, Options{}); err == nil || !strings.Contains(err.Error(), "not mounted") {
		t.Fatalf("backup through a dangling link: %v", err)
	}
	if _, err := os.Stat(file); err == nil {
		t.Error("a refused backup left an archive")
	}
}

// Missing names the lost uploads for the command to fail with.
func TestMissingNamesTheLostUploads(t *testing.T) {
	m := &Manifest{}
	if err := m.Missing(); err != nil {
		t.Fatalf("nothing missing: %v", err)
	}
	m.MissingUploads = []string{"uploads/a.jpg", "uploads/b.jpg", "uploads/c.jpg", "uploads/d.jpg", "uploads/e.jpg", "uploads/f.jpg", "uploads/g.jpg"}
	err := m.Missing()
	if !errors.Is(err, ErrMissingUploads) || !strings.Contains(err.Error(), "7 of them") ||
		!strings.Contains(err.Error(), "uploads/a.jpg") || !strings.Contains(err.Error(), "and 2 more") {
		t.Fatalf("missing: %v", err)
	}
}

// A tester's report photo is an upload the database names: lost, it is
// recorded as missing; there, the archive must hold it (Verify).
func TestReportPhotosAreUploadsTheDatabaseNames(t *testing.T) {
	src := installation(t)
	db, err := sql.Open("sqlite3", filepath.Join(src, DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	res, err := db.Exec(`UPDATE tester_feedback SET photo = 'report-photo.jpg' WHERE id = (SELECT MIN(id) FROM tester_feedback)`)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatal("the demo has no tester's report")
	}
	m, err := Create(src, filepath.Join(t.TempDir(), "lost.tar.gz"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.MissingUploads) != 1 || m.MissingUploads[0] != UploadsDir+"/report-photo.jpg" {
		t.Fatalf("a lost report photo: missing %v", m.MissingUploads)
	}
	write(t, filepath.Join(src, UploadsDir, "report-photo.jpg"), "a photo of a stiff drawer")
	file := filepath.Join(t.TempDir(), "kept.tar.gz")
	if m, err = Create(src, file, Options{}); err != nil || m.Missing() != nil {
		t.Fatalf("with the photo there: %v %v", err, m.Missing())
	}
	// An archive without it is refused: the database names it.
	cut := filepath.Join(t.TempDir(), "cut.tar.gz")
	rewrite(t, file, cut, true, func(name string, data []byte) []byte {
		if name == UploadsDir+"/report-photo.jpg" {
			return nil
		}
		return data
	})
	if _, err := Verify(cut, nil); err == nil || !strings.Contains(err.Error(), "report-photo.jpg") {
		t.Fatalf("verify of an archive without the report photo: %v", err)
	}
}

// An archive of a database made before the report photo's column
// (migration 083) is still made, verified and restored: the list of
// uploads the database names reads that column only where it is.
func TestADatabaseBeforeReportPhotosIsStillBackedUp(t *testing.T) {
	src := installation(t)
	db, err := sql.Open("sqlite3", filepath.Join(src, DatabaseFile))
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec(`DROP INDEX IF EXISTS tester_feedback_photo; ALTER TABLE tester_feedback DROP COLUMN photo`)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "old.tar.gz")
	m, err := Create(src, file, Options{})
	if err != nil || m.Missing() != nil {
		t.Fatalf("backing up a database without the photo column: %v %v", err, m.Missing())
	}
	if _, err := Verify(file, nil); err != nil {
		t.Fatalf("verifying it: %v", err)
	}
}

// An author's edit removes a photo the database copy still names, before
// the uploads are listed or while they are copied: the removed images are
// kept (images.RemovedDir) longer than a backup takes, and the archive
// holds both, as the copy names them; verified, nothing is missing.
func TestUploadsRemovedDuringABackupAreInIt(t *testing.T) {
	src := installation(t)
	refs, err := inspectDB(filepath.Join(src, DatabaseFile), &Counts{})
	if err != nil || len(refs) < 2 {
		t.Fatalf("refs: %v %v", refs, err)
	}
	dir := images.Dir{Path: filepath.Join(src, UploadsDir)}
	remove := func(ref string) { dir.Remove(domain.Image{File: strings.TrimPrefix(ref, UploadsDir+"/")}) }
	remove(refs[0]) // before the backup lists the uploads
	if _, err := os.Stat(filepath.Join(src, filepath.FromSlash(refs[0]))); err == nil {
		t.Fatalf("%s is still in the uploads once removed", refs[0])
	}
	afterListing = func() { remove(refs[1]) } // between the listing and the copy
	defer func() { afterListing = nil }()
	file := filepath.Join(t.TempDir(), "during.tar.gz")
	m, err := Create(src, file, Options{})
	if err != nil || m.Missing() != nil {
		t.Fatalf("a backup during removals: %v %v", err, m.Missing())
	}
	held := map[string]bool{}
	for _, f := range m.Files {
		held[f.Name] = true
	}
	if !held[refs[0]] || !held[refs[1]] {
		t.Errorf("the archive lacks the removed uploads %s, %s", refs[0], refs[1])
	}
	if _, err := Verify(file, nil); err != nil {
		t.Errorf("verify: %v", err)
	}
}
