package backup

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
