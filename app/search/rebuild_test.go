package search

import (
	"errors"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"testing"
)

func TestRebuildMatchesApply(t *testing.T) {
	docs := relevanceDocs()
	live := openWith(t, docs)

	dir := filepath.Join(t.TempDir(), "index")
	var progress []uint64
	feed := func(emit func([]Doc) error) error {
		// Odd batch sizes, and a reused slice, as a database cursor would.
		buf := make([]Doc, 0, 97)
		for _, d := range docs {
			buf = append(buf, d)
			if len(buf) == cap(buf) {
				if err := emit(buf); err != nil {
					return err
				}
				buf = buf[:0]
			}
		}
		return emit(buf)
	}
	if err := Rebuild(dir, feed, func(done uint64) { progress = append(progress, done) }); err != nil {
		t.Fatal(err)
	}
	if len(progress) == 0 || progress[len(progress)-1] != uint64(len(docs)) || !slices.IsSorted(progress) {
		t.Errorf("progress reports %v, want increasing up to %d", progress, len(docs))
	}
	for _, leftover := range []string{dir + ".new", dir + ".old"} {
		if _, err := os.Stat(leftover); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s left behind", leftover)
		}
	}

	rebuilt, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer rebuilt.Close()
	if a, b := count(t, live), count(t, rebuilt); a != b || a != uint64(len(docs)) {
		t.Fatalf("count: applied %d, rebuilt %d, docs %d", a, b, len(docs))
	}
	for _, q := range []Query{
		{Text: "二次污染"}, {Text: "污"}, {Text: "washes"}, {Text: "电池 battery"},
		{Text: "洗衣机", ChallengeID: chWasher, IncludeHidden: true}, {ChallengeID: chDress},
	} {
		q.Limit = MaxLimit
		a, b := mustSearch(t, live, q), mustSearch(t, rebuilt, q)
		ka, kb := keys(a), keys(b)
		slices.SortFunc(ka, cmpKey)
		slices.SortFunc(kb, cmpKey)
		if a.Total != b.Total || !slices.Equal(ka, kb) {
			t.Errorf("%+v: applied index finds %d, rebuilt %d", q, a.Total, b.Total)
		}
	}
	// The rebuilt index takes updates like any other.
	if err := rebuilt.Apply([]Doc{idea(999, chPhone, "submitted", "折叠屏手机", "", "")}, nil); err != nil {
		t.Fatal(err)
	}
	if r := mustSearch(t, rebuilt, Query{Text: "折叠屏"}); r.Total != 1 {
		t.Errorf("update to a rebuilt index not found: %v", keys(r))
	}
}

func cmpKey(a, b Key) int {
	if a.Type != b.Type {
		if a.Type < b.Type {
			return -1
		}
		return 1
	}
	return int(a.ID - b.ID)
}

func TestRebuildReplacesExistingIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply(seedDocs(), nil); err != nil {
		t.Fatal(err)
	}
	ix.Close()

	only := []Doc{idea(1, chWasher, "submitted", "全新的索引", "", "")}
	if err := Rebuild(dir, func(emit func([]Doc) error) error { return emit(only) }, nil); err != nil {
		t.Fatal(err)
	}
	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n := count(t, ix); n != 1 {
		t.Errorf("count = %d, want 1", n)
	}
	if r := mustSearch(t, ix, Query{Text: "二次污染"}); r.Total != 0 {
		t.Errorf("old documents survived the rebuild: %v", keys(r))
	}
}

func TestRebuildEmptyAndFailed(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	if err := Rebuild(dir, func(func([]Doc) error) error { return nil }, nil); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if n := count(t, ix); n != 0 {
		t.Errorf("empty rebuild count = %d", n)
	}
	if err := ix.Apply(seedDocs(), nil); err != nil {
		t.Fatal(err)
	}
	ix.Close()

	// A failing feed leaves the current index as it was.
	boom := errors.New("database went away")
	err = Rebuild(dir, func(emit func([]Doc) error) error {
		if err := emit(seedDocs()); err != nil {
			return err
		}
		return boom
	}, nil)
	if !errors.Is(err, boom) {
		t.Fatalf("Rebuild: %v, want the feed's error", err)
	}
	// So does a bad document; emit reports it so that feed can stop.
	var emitErr error
	err = Rebuild(dir, func(emit func([]Doc) error) error {
		for i := 0; i < 100 && emitErr == nil; i++ {
			emitErr = emit([]Doc{{Type: "", ID: int64(i)}})
		}
		return emitErr
	}, nil)
	if err == nil || emitErr == nil {
		t.Fatalf("Rebuild with a bad document: %v (emit: %v)", err, emitErr)
	}
	if _, err := os.Stat(dir + ".new"); !errors.Is(err, os.ErrNotExist) {
		t.Error("failed rebuild left its directory behind")
	}
	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n := count(t, ix); n != uint64(len(seedDocs())) {
		t.Errorf("count after failed rebuilds = %d, want %d", n, len(seedDocs()))
	}
}

// gcPercent is the collector's GOGC now.
func gcPercent() int {
	v := debug.SetGCPercent(-1)
	debug.SetGCPercent(v)
	return v
}

// A build collects less often (buildGCPercent) while it runs, and puts
// GOGC back when it ends, the last of builds run together included; a
// higher GOGC, or one the operator set, is left alone.
func TestARebuildCollectsLess(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	rebuild := func(inside func()) int {
		t.Helper()
		during := 0
		err := Rebuild(filepath.Join(t.TempDir(), "index"), func(emit func([]Doc) error) error {
			during = gcPercent()
			if inside != nil {
				inside()
			}
			return emit(seedDocs())
		}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return during
	}
	if during, after := rebuild(nil), gcPercent(); during != buildGCPercent || after != 100 {
		t.Errorf("GOGC 100: %d during the build, %d after it; want %d, 100", during, after, buildGCPercent)
	}
	var inner, between int
	outer := rebuild(func() {
		inner = rebuild(nil)
		between = gcPercent()
	})
	if after := gcPercent(); outer != buildGCPercent || inner != buildGCPercent || between != buildGCPercent || after != 100 {
		t.Errorf("two builds together: %d, %d, %d between the inner's end and the outer's, %d after; want %d, %d, %d, 100",
			outer, inner, between, after, buildGCPercent, buildGCPercent, buildGCPercent)
	}
	debug.SetGCPercent(800)
	if during, after := rebuild(nil), gcPercent(); during != 800 || after != 800 {
		t.Errorf("GOGC 800: %d during the build, %d after it; want 800, 800", during, after)
	}
	debug.SetGCPercent(100)
	t.Setenv("GOGC", "100")
	if during, after := rebuild(nil), gcPercent(); during != 100 || after != 100 {
		t.Errorf("GOGC set by the operator: %d during the build, %d after it; want 100, 100", during, after)
	}
}
