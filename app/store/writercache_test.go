package store

import (
	"testing"

	"cocreate/app/pgtest"
)

// The writer's page cache is writerCacheKiB (a storm of votes rewrites more
// pages than SQLite's default 2 MiB holds, and read them back from the WAL
// one pread each); the readers' connections keep the default, so the
// server's memory grows by the writer's cache alone.
func TestWriterCacheIsItsOwn(t *testing.T) {
	pgtest.SQLiteOnly(t, "SQLite's page cache")
	s := mustOpen(t)
	var writer, reader int
	if err := s.w.QueryRow(`PRAGMA cache_size`).Scan(&writer); err != nil {
		t.Fatal(err)
	}
	if err := s.r.QueryRow(`PRAGMA cache_size`).Scan(&reader); err != nil {
		t.Fatal(err)
	}
	if writer != -writerCacheKiB || writerCacheKiB < 8<<10 || writerCacheKiB > 32<<10 {
		t.Errorf("the writer's cache_size is %d, want -%d KiB (8 to 32 MiB)", writer, writerCacheKiB)
	}
	if reader != -2000 {
		t.Errorf("a reader's cache_size is %d, want SQLite's default -2000", reader)
	}
}
