package logbuf

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// recorder is an io.Writer that keeps each write apart.
type recorder struct {
	mu     sync.Mutex
	writes []string
	fail   error
}

func (r *recorder) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return 0, r.fail
	}
	r.writes = append(r.writes, string(p))
	return len(p), nil
}

func (r *recorder) all() (string, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return strings.Join(r.writes, ""), len(r.writes)
}

func TestLinesAreWrittenOutTogetherAndInOrder(t *testing.T) {
	rec := &recorder{}
	w := New(rec, time.Hour, 1024)
	var want strings.Builder
	for i := range 10 {
		line := fmt.Sprintf("line %d\n", i)
		want.WriteString(line)
		if n, err := w.Write([]byte(line)); n != len(line) || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
	}
	if got, n := rec.all(); n != 0 || got != "" {
		t.Fatalf("before Flush: %d writes %q, want none", n, got)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if got, n := rec.all(); n != 1 || got != want.String() {
		t.Fatalf("after Flush: %d writes %q, want 1 write %q", n, got, want.String())
	}
	if err := w.Flush(); err != nil { // nothing waiting: no empty write
		t.Fatal(err)
	}
	if _, n := rec.all(); n != 1 {
		t.Fatalf("an empty Flush wrote: %d writes", n)
	}
}

func TestLinesWaitAtMostEvery(t *testing.T) {
	rec := &recorder{}
	w := New(rec, 20*time.Millisecond, 1024)
	// waitFor waits for the recorder to hold want, with no Flush.
	waitFor := func(want string) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			if got, _ := rec.all(); got == want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%q never written out with every = 20 ms", want)
			}
		}
	}
	if _, err := w.Write([]byte("a\n")); err != nil {
		t.Fatal(err)
	}
	waitFor("a\n")
	// A line after the timed write out is scheduled again.
	if _, err := w.Write([]byte("b\n")); err != nil {
		t.Fatal(err)
	}
	waitFor("a\nb\n")
}

func TestAFullBufferIsWrittenOutWithoutSplittingALine(t *testing.T) {
	rec := &recorder{}
	w := New(rec, time.Hour, 10)
	for _, s := range []string{"1234\n", "5678\n", "abc\n", strings.Repeat("x", 25) + "\n", "end\n"} {
		if _, err := w.Write([]byte(s)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	want := []string{"1234\n5678\n", "abc\n", strings.Repeat("x", 25) + "\n", "end\n"}
	if fmt.Sprint(rec.writes) != fmt.Sprint(want) {
		t.Fatalf("writes %q, want %q", rec.writes, want)
	}
}

func TestWriteErrorsAreReported(t *testing.T) {
	boom := errors.New("disk full")
	rec := &recorder{fail: boom}
	w := New(rec, time.Hour, 1024)
	if _, err := w.Write([]byte("a\n")); err != nil {
		t.Fatalf("Write before any write out = %v", err)
	}
	if err := w.Flush(); !errors.Is(err, boom) {
		t.Fatalf("Flush = %v, want %v", err, boom)
	}
	if _, err := w.Write([]byte("b\n")); !errors.Is(err, boom) {
		t.Fatalf("Write after a failure = %v, want %v", err, boom)
	}
}

func TestWarningsAreWrittenOutAtOnce(t *testing.T) {
	rec := &recorder{}
	w := New(rec, time.Hour, 1<<16)
	log := slog.New(Handler(slog.NewTextHandler(w, nil), w)).With("node", 1).WithGroup("g")
	log.Info("request", "path", "/a")
	if _, n := rec.all(); n != 0 {
		t.Fatalf("an Info line was written at once")
	}
	log.Warn("careful")
	got, n := rec.all()
	if n != 1 || !strings.Contains(got, "msg=request") || !strings.Contains(got, "msg=careful") || !strings.Contains(got, "node=1") ||
		strings.Index(got, "request") > strings.Index(got, "careful") {
		t.Fatalf("after Warn: %d writes %q, want both lines in order in one write", n, got)
	}
	log.Error("bad")
	if got, n := rec.all(); n != 2 || !strings.Contains(got, "msg=bad") {
		t.Fatalf("after Error: %d writes %q", n, got)
	}
}

// Many goroutines logging at once lose no line and split none (run with -race).
func TestConcurrentLinesStayWhole(t *testing.T) {
	var out bytes.Buffer
	var mu sync.Mutex
	rec := writerFunc(func(p []byte) (int, error) { mu.Lock(); defer mu.Unlock(); return out.Write(p) })
	w := New(rec, time.Millisecond, 256)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				_, _ = fmt.Fprintf(w, "goroutine %d line %d\n", g, i)
			}
		}()
	}
	wg.Wait()
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 8*500 {
		t.Fatalf("%d lines, want %d", len(lines), 8*500)
	}
	seen := map[string]bool{}
	for _, l := range lines {
		var g, i int
		if _, err := fmt.Sscanf(l, "goroutine %d line %d", &g, &i); err != nil || seen[l] {
			t.Fatalf("line %q split or repeated", l)
		}
		seen[l] = true
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }
