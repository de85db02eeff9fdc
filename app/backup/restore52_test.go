package backup

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"path/filepath"
	"testing"
)

// An archive made without the database (for PostgreSQL) restored into a
// SQLite data directory keeps that directory's database: another
// installation's archive would leave every photo it names answering 404,
// and is refused with the directory unchanged; the same installation's
// own archive is restored.
func TestRestore52AFilesOnlyArchiveMustHoldTheKeptDatabasesUploads(t *testing.T) {
	src := installation(t)
	file := filepath.Join(t.TempDir(), "files.tar.gz")
	if _, err := Create(src, file, Options{NoDatabase: true}); err != nil {
		t.Fatal(err)
	}
	other := installation(t)
	before := tree(t, other)
	if _, err := Restore(other, file, Options{}); !errors.Is(err, ErrNotThisInstallation) {
		t.Fatalf("another installation's files into a SQLite directory: %v, want ErrNotThisInstallation", err)
	}
	if !equal(tree(t, other), before) {
		t.Fatal("a refused restore changed the data directory")
	}
	r, err := Restore(src, file, Options{})
	if err != nil {
		t.Fatalf("the installation's own files: %v", err)
	}
	if r.Files == 0 {
		t.Errorf("nothing restored: %+v", r)
	}
}

// A member whose header declares more than the disk holds is refused
// before a byte of it is written: a few bytes of gzip can declare
// petabytes of zeros.
func TestRestore52AMemberTheDiskHasNoRoomForIsRefusedFirst(t *testing.T) {
	var raw bytes.Buffer
	gz := gzip.NewWriter(&raw)
	tw := tar.NewWriter(gz)
	if err := tw.WriteHeader(&tar.Header{Name: DatabaseFile, Size: 1 << 50, Mode: 0o600, Typeflag: tar.TypeReg, Format: tar.FormatPAX}); err != nil {
		t.Fatal(err)
	}
	if _, err := tw.Write(make([]byte, 4096)); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil { // the member is cut short: never reached
		t.Fatal(err)
	}
	bomb := filepath.Join(t.TempDir(), "bomb.tar.gz")
	write(t, bomb, raw.String())
	target := installation(t)
	before := tree(t, target)
	if _, err := Restore(target, bomb, Options{}); !errors.Is(err, ErrNoRoom) {
		t.Fatalf("restoring a member of 1 PB: %v, want ErrNoRoom", err)
	}
	if !equal(tree(t, target), before) {
		t.Fatal("a refused restore changed the data directory")
	}
	if _, err := Verify(bomb, nil); !errors.Is(err, ErrNoRoom) {
		t.Fatalf("verifying a member of 1 PB: %v, want ErrNoRoom", err)
	}
}
