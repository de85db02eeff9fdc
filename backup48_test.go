package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `cocreate backup` fails when uploads the database names are missing
// (a scheduled backup's owner hears of it now, not at restore), keeping the
// archive it wrote; -allow-missing accepts the loss.
func TestBackupFailsOnMissingUploadsUnlessAllowed(t *testing.T) {
	dir := demoData(t)
	// An image the database names (not one of its smaller copies,
	// NAME-400.png, which it does not).
	all, _ := filepath.Glob(filepath.Join(dir, "uploads", "[0-9a-f]*"))
	lost := ""
	for _, n := range all {
		if !strings.Contains(filepath.Base(n), "-") {
			lost = n
			break
		}
	}
	if lost == "" {
		t.Fatal("the demo has no uploaded image")
	}
	if err := os.Remove(lost); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "b.tar.gz")
	err := backup([]string{"-data", dir, file})
	if err == nil || !strings.Contains(err.Error(), "1 of them") || !strings.Contains(err.Error(), filepath.Base(lost)) || !strings.Contains(err.Error(), "-allow-missing") {
		t.Fatalf("backup with a lost upload: %v", err)
	}
	if _, err := os.Stat(file); err != nil {
		t.Errorf("the failed backup kept no archive: %v", err)
	}
	if err := backup([]string{"-data", dir, "-allow-missing", filepath.Join(t.TempDir(), "b.tar.gz")}); err != nil {
		t.Fatalf("backup -allow-missing: %v", err)
	}
}
