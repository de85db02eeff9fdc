package images

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"cocreate/app/domain"
)

// A removed image and its smaller copies leave the uploads for
// RemovedDir, where a backup running meanwhile finds them; one removed
// RemovedKept ago or more is deleted at the next removal, a newer one
// kept.
func TestRemoveKeepsTheImageADay(t *testing.T) {
	d := Dir{Path: t.TempDir()}
	write := func(name string) {
		if err := os.WriteFile(filepath.Join(d.Path, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	old, young := "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.jpg", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.jpg"
	if !ValidName(old) || !ValidName(young) {
		t.Fatal("the test's names are not ones the store makes")
	}
	for _, n := range append([]string{old, young}, variantNames(old)...) {
		write(n)
	}
	d.Remove(domain.Image{File: old})
	trash := filepath.Join(d.Path, RemovedDir)
	for _, n := range append([]string{old}, variantNames(old)...) {
		if _, err := os.Stat(filepath.Join(d.Path, n)); err == nil {
			t.Errorf("%s is still in the uploads", n)
		}
		if _, err := os.Stat(filepath.Join(trash, n)); err != nil {
			t.Errorf("%s is not kept: %v", n, err)
		}
	}
	day := time.Now().Add(-RemovedKept)
	if err := os.Chtimes(filepath.Join(trash, old), day, day); err != nil {
		t.Fatal(err)
	}
	d.Remove(domain.Image{File: young})
	if _, err := os.Stat(filepath.Join(trash, old)); err == nil {
		t.Error("an image removed a day ago is still kept")
	}
	if _, err := os.Stat(filepath.Join(trash, young)); err != nil {
		t.Errorf("the image removed now is not kept: %v", err)
	}
}
