package search

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func count(t testing.TB, ix *Index) uint64 {
	t.Helper()
	n, err := ix.Count()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestApplyIsIdempotent(t *testing.T) {
	docs := seedDocs()
	ix := openWith(t, docs)
	if err := ix.Apply(docs, nil); err != nil {
		t.Fatal(err)
	}
	if n := count(t, ix); n != uint64(len(docs)) {
		t.Fatalf("count after applying twice = %d, want %d", n, len(docs))
	}

	// An update replaces the document: the old words no longer find it.
	d := docs[4] // idea 5
	d.Title, d.Summary, d.Body, d.Tags = "太阳能充电手机壳", "晒太阳就能充电。", "Solar panel case.", nil
	if err := ix.Apply([]Doc{d}, nil); err != nil {
		t.Fatal(err)
	}
	if r := mustSearch(t, ix, Query{Text: "更换电池"}); rank(r, Key{TypeIdea, 5}) >= 0 {
		t.Error("old title still finds the updated idea")
	}
	if r := mustSearch(t, ix, Query{Text: "太阳能"}); rank(r, Key{TypeIdea, 5}) != 0 {
		t.Errorf("new title does not find the updated idea: %v", keys(r))
	}

	// Hiding an idea is an update of its state.
	d.State = "hidden"
	if err := ix.Apply([]Doc{d}, nil); err != nil {
		t.Fatal(err)
	}
	if r := mustSearch(t, ix, Query{Text: "太阳能"}); r.Total != 0 {
		t.Errorf("hidden idea still found: %v", keys(r))
	}

	// Deletes, repeated and of unknown keys, are harmless; a key both put
	// and deleted in one call ends up deleted.
	del := []Key{{TypeIdea, 5}, {TypeIdea, 5}, {TypeIdea, 987654}}
	if err := ix.Apply([]Doc{docs[5]}, append(del, Key{TypeIdea, 6})); err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply(nil, del); err != nil {
		t.Fatal(err)
	}
	if n := count(t, ix); n != uint64(len(docs)-2) {
		t.Errorf("count after deleting two = %d, want %d", n, len(docs)-2)
	}
	if r := mustSearch(t, ix, Query{Text: "太阳能", IncludeHidden: true}); r.Total != 0 {
		t.Errorf("deleted idea still found: %v", keys(r))
	}

	if err := ix.Apply([]Doc{{Type: "", ID: 1}}, nil); err == nil {
		t.Error("a document without a type was accepted")
	}
	if err := ix.Apply([]Doc{{Type: "idea:x", ID: 1}}, nil); err == nil {
		t.Error("a type with a colon was accepted")
	}
}

func TestOpenKeepsDocumentsAcrossRestarts(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply(seedDocs(), nil); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n := count(t, ix); n != uint64(len(seedDocs())) {
		t.Errorf("count after reopening = %d", n)
	}
	if r := mustSearch(t, ix, Query{Text: "二次污染"}); r.Total == 0 {
		t.Error("reopened index finds nothing")
	}
}

func TestOpenTwiceIsLocked(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	start := time.Now()
	done := make(chan error, 1)
	go func() {
		second, err := Open(dir)
		if err == nil {
			second.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, ErrLocked) {
			t.Fatalf("second Open: %v, want ErrLocked", err)
		}
		if NeedsRebuild(err) {
			t.Error("a locked index must not be rebuilt")
		}
		t.Logf("second Open failed after %s", time.Since(start).Round(time.Millisecond))
	case <-time.After(10 * time.Second):
		t.Fatal("second Open hangs")
	}

	// Rebuilding under a live index is refused too, before any work.
	err = Rebuild(dir, func(func([]Doc) error) error {
		t.Error("Rebuild fed documents while the index is open")
		return nil
	}, nil)
	if !errors.Is(err, ErrLocked) {
		t.Errorf("Rebuild of an open index: %v, want ErrLocked", err)
	}
}

func TestOpenDetectsDamage(t *testing.T) {
	// build makes a valid closed index with a few documents.
	build := func(t *testing.T) string {
		dir := filepath.Join(t.TempDir(), "index")
		ix, err := Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		if err := ix.Apply(seedDocs(), nil); err != nil {
			t.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
		return dir
	}
	garble := func(t *testing.T, path string) {
		if err := os.WriteFile(path, []byte("this is not an index file"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name        string
		damage      func(t *testing.T, dir string)
		want        error
		mayFallBack bool
	}{
		{"directory of something else", func(t *testing.T, dir string) {
			garble(t, filepath.Join(dir, "notes.txt"))
		}, ErrCorrupt, false},
		{"garbled index_meta.json", func(t *testing.T, dir string) {
			garble(t, filepath.Join(dir, "index_meta.json"))
		}, ErrCorrupt, false},
		{"garbled root.bolt", func(t *testing.T, dir string) {
			garble(t, filepath.Join(dir, "store", "root.bolt"))
		}, ErrCorrupt, false},
		{"garbled segment", func(t *testing.T, dir string) {
			segs, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
			if len(segs) == 0 {
				t.Fatal("no segment files")
			}
			for _, s := range segs {
				garble(t, s)
			}
		}, ErrCorrupt, true},
		{"built by another version", func(t *testing.T, dir string) {
			ix, err := Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			if err := ix.idx.SetInternal(schemaKey, []byte("cocreate-search-0")); err != nil {
				t.Fatal(err)
			}
			ix.Close()
		}, ErrStale, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			if c.name == "directory of something else" {
				if err := os.MkdirAll(dir, 0o700); err != nil {
					t.Fatal(err)
				}
			} else {
				dir = build(t)
			}
			c.damage(t, dir)
			ix, err := Open(dir)
			if err == nil {
				// Bleve falls back to the newest snapshot it can read; with
				// a segment gone, that one lacks its documents. The damage
				// must then show in Count, which the app compares with the
				// database.
				n := count(t, ix)
				ix.Close()
				if !c.mayFallBack || n >= uint64(len(seedDocs())) {
					t.Fatalf("Open succeeded with %d documents", n)
				}
			} else if !errors.Is(err, c.want) || !NeedsRebuild(err) {
				t.Fatalf("Open: %v, want %v", err, c.want)
			}
			// The way out the app takes: remove and rebuild.
			if err := os.RemoveAll(dir); err != nil {
				t.Fatal(err)
			}
			if err := Rebuild(dir, func(emit func([]Doc) error) error { return emit(seedDocs()) }, nil); err != nil {
				t.Fatal(err)
			}
			ix, err = Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			defer ix.Close()
			if n := count(t, ix); n != uint64(len(seedDocs())) {
				t.Errorf("rebuilt count = %d", n)
			}
		})
	}
}

func TestOpenEmptyDirCreates(t *testing.T) {
	dir := t.TempDir() // exists, empty
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n := count(t, ix); n != 0 {
		t.Errorf("count = %d", n)
	}
}
