package memstat

import (
	"log/slog"
	"runtime"
	"strings"
	"testing"
)

// The line the server logs reads back, to a tenth of a MiB, through a
// structured log that quotes it, and the last line wins.
func TestParseReadsBackWhatStringWrote(t *testing.T) {
	b := Read()
	runtime.GC()
	b = Read()
	if b.VmRSS <= 0 || b.RssAnon <= 0 || b.GoHeapObjects <= 0 || b.GoResident() <= b.GoHeapObjects || b.GCCycles < 1 {
		t.Fatalf("a live process has resident memory and a heap: %+v", b)
	}
	var log strings.Builder
	l := slog.New(slog.NewTextHandler(&log, nil))
	old := Breakdown{VmRSS: 1 << 20}
	l.Info(old.String())
	b.CInUse, b.CFree, b.CArenas = 3<<20, 5<<20, 7
	b.GCCycles, b.LimiterCycle = 1234567, 89
	l.Info(b.String(), "other", 1)
	got, ok := Parse("noise\n" + log.String())
	if !ok {
		t.Fatalf("Parse missed the line in %q", log.String())
	}
	near := func(x, y int64) bool { d := x - y; return d > -(1<<20)/10 && d < (1<<20)/10 }
	for _, f := range got.fields() {
		for _, w := range b.fields() {
			if f.key == w.key && !near(*f.v, *w.v) {
				t.Errorf("%s: %d, wrote %d", f.key, *f.v, *w.v)
			}
		}
	}
	if got.CArenas != 7 || got.GCCycles != 1234567 || got.LimiterCycle != 89 {
		t.Errorf("counts %d, %d, %d, wrote 7, 1234567, 89", got.CArenas, got.GCCycles, got.LimiterCycle)
	}
	if _, ok := Parse("no breakdown here"); ok {
		t.Error("Parse found a line in text without one")
	}
	if _, ok := Parse(Marker + " rss_mib=1.0"); ok {
		t.Error("Parse took a line missing fields")
	}
}

// What Go does not hold is RssAnon less Go's resident part, never
// negative (C's free bytes may be trimmed away, so they are not taken off).
func TestNotGo(t *testing.T) {
	b := Breakdown{RssAnon: 100, GoHeapObjects: 30, GoHeapFree: 12, GoHeapUnused: 8, GoStacks: 5, GoOther: 5, CInUse: 10, CFree: 300}
	if got := b.NotGo(); got != 40 {
		t.Errorf("NotGo %d, want 40", got)
	}
	b.RssAnon = 10
	if got := b.NotGo(); got != 0 {
		t.Errorf("NotGo %d, want 0", got)
	}
}
