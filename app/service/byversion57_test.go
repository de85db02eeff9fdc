package service

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cocreate/app/people"
)

// blockedRead is a read that counts its runs and answers only when
// released: what it answers is the run's number times ten, or err.
type blockedRead struct {
	runs    atomic.Int32
	started chan struct{} // one send a run
	release chan struct{}
	err     error
}

func newBlockedRead(err error) *blockedRead {
	return &blockedRead{started: make(chan struct{}, 64), release: make(chan struct{}), err: err}
}

func (r *blockedRead) read() (int, error) {
	n := r.runs.Add(1)
	r.started <- struct{}{}
	<-r.release
	return int(n) * 10, r.err
}

// waitStarted waits for one run of r to start.
func waitStarted(t *testing.T, r *blockedRead) {
	t.Helper()
	select {
	case <-r.started:
	case <-time.After(10 * time.Second):
		t.Fatal("the read never started")
	}
}

type answer struct {
	v   int
	err error
}

// askAll asks b for k at v from n goroutines at once, returning their
// answers once all are in. It returns once all n wait for the read of k
// running at v or newer (n more have asked it: readCall.asked), so the
// caller lets the read answer only then.
func askAll(t *testing.T, b *byVersionEach[int64, int], k int64, v uint64, n int, read func() (int, error)) (wait func() []answer) {
	t.Helper()
	asked := func() int {
		b.mu.Lock()
		defer b.mu.Unlock()
		if c := b.reading[k]; c != nil && c.version >= v {
			return c.asked
		}
		return 0
	}
	want := asked() + n
	var wg sync.WaitGroup
	out := make([]answer, n)
	for i := range n {
		wg.Go(func() {
			got, err := b.read(context.Background(), k, v, read)
			out[i] = answer{got, err}
		})
	}
	for deadline := time.Now().Add(10 * time.Second); asked() < want; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d askers wait for the read", asked(), want)
		}
	}
	return func() []answer { wg.Wait(); return out }
}

// Many first asks of one key at one version, the read still running: the
// read runs once and every asker gets its value, which is then kept.
func TestByVersion57ConcurrentAsksReadOnce(t *testing.T) {
	var b byVersionEach[int64, int]
	r := newBlockedRead(nil)
	wait := askAll(t, &b, 7, 3, 20, r.read)
	waitStarted(t, r)
	close(r.release)
	for i, a := range wait() {
		if a.err != nil || a.v != 10 {
			t.Errorf("asker %d: %d, %v; want 10", i, a.v, a.err)
		}
	}
	if n := r.runs.Load(); n != 1 {
		t.Fatalf("20 concurrent asks ran the read %d times; want 1", n)
	}
	if got, err := b.read(context.Background(), 7, 3, func() (int, error) { return 99, nil }); err != nil || got != 10 {
		t.Errorf("after the shared read: %d, %v; want the kept 10", got, err)
	}
	if len(b.reading) != 0 {
		t.Errorf("a finished read is still listed as running: %v", b.reading)
	}
}

// Two keys at one version are two reads: the second key's ask is answered
// while the first key's read is still running.
func TestByVersion57KeysReadIndependently(t *testing.T) {
	var b byVersionEach[int64, int]
	r1 := newBlockedRead(nil)
	wait1 := askAll(t, &b, 1, 3, 5, r1.read)
	waitStarted(t, r1)
	done := make(chan answer, 1)
	go func() {
		got, err := b.read(context.Background(), 2, 3, func() (int, error) { return 2, nil })
		done <- answer{got, err}
	}()
	select {
	case a := <-done:
		if a.err != nil || a.v != 2 {
			t.Errorf("key 2: %d, %v; want its own read (2)", a.v, a.err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("key 2 waited for key 1's read")
	}
	close(r1.release)
	for i, a := range wait1() {
		if a.err != nil || a.v != 10 {
			t.Errorf("key 1, asker %d: %d, %v; want 10", i, a.v, a.err)
		}
	}
	if n := r1.runs.Load(); n != 1 {
		t.Errorf("key 1 read %d times; want 1", n)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.kept[1] != 10 || b.kept[2] != 2 {
		t.Errorf("kept %v; want both keys", b.kept)
	}
}

// The one read's error reaches every asker waiting for it and is not
// kept: the next ask reads again.
func TestByVersion57ErrorReachesEveryWaiterAndIsNotKept(t *testing.T) {
	var b byVersionEach[int64, int]
	boom := errors.New("boom")
	r := newBlockedRead(boom)
	wait := askAll(t, &b, 7, 3, 10, r.read)
	waitStarted(t, r)
	close(r.release)
	for i, a := range wait() {
		if !errors.Is(a.err, boom) {
			t.Errorf("asker %d: %d, %v; want boom", i, a.v, a.err)
		}
	}
	if n := r.runs.Load(); n != 1 {
		t.Fatalf("10 concurrent asks ran the failing read %d times; want 1", n)
	}
	if got, err := b.read(context.Background(), 7, 3, func() (int, error) { return 5, nil }); err != nil || got != 5 {
		t.Errorf("after a failed read: %d, %v; want a new read (5)", got, err)
	}
}

// An ask at a newer version while an older version's read runs reads its
// own; an ask at the older version then shares the newer read (never
// an older answer than asked); the older read's late answer is given to
// its own askers and not kept over the newer one.
func TestByVersion57NewerVersionReadsItsOwn(t *testing.T) {
	var b byVersionEach[int64, int]
	old := newBlockedRead(nil)
	waitOld := askAll(t, &b, 7, 3, 5, old.read)
	waitStarted(t, old)

	newer := newBlockedRead(nil)
	waitNewer := askAll(t, &b, 7, 4, 5, func() (int, error) { v, err := newer.read(); return v + 1, err })
	select {
	case <-newer.started:
	case <-time.After(5 * time.Second):
		t.Fatal("an ask at version 4 waited for version 3's read instead of reading")
	}
	lateOld := askAll(t, &b, 7, 3, 3, old.read) // joins version 4's read
	close(newer.release)
	for i, a := range waitNewer() {
		if a.err != nil || a.v != 11 {
			t.Errorf("version 4, asker %d: %d, %v; want its own read (11)", i, a.v, a.err)
		}
	}
	close(old.release)
	for i, a := range lateOld() {
		if a.err != nil || a.v != 11 {
			t.Errorf("version 3 asked during version 4's read, asker %d: %d, %v; want version 4's 11", i, a.v, a.err)
		}
	}
	for i, a := range waitOld() {
		if a.err != nil || a.v != 10 {
			t.Errorf("version 3, asker %d: %d, %v; want 10", i, a.v, a.err)
		}
	}
	if o, n := old.runs.Load(), newer.runs.Load(); o != 1 || n != 1 {
		t.Errorf("version 3 read %d times, version 4 %d; want once each", o, n)
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.version != 4 || b.kept[7] != 11 || len(b.reading) != 0 {
		t.Errorf("kept %v at %d, reading %v; want version 4's 11 and nothing running", b.kept, b.version, b.reading)
	}
}

// An asker whose context ends stops waiting, with its context's error;
// the read goes on, and the others, the first asker included, get it.
func TestByVersion57WaiterLeavesWhenItsContextEnds(t *testing.T) {
	var b byVersionEach[int64, int]
	r := newBlockedRead(nil)
	first, leaveFirst := context.WithCancel(context.Background())
	defer leaveFirst()
	firstDone := make(chan answer, 1)
	go func() {
		got, err := b.read(first, 7, 3, r.read)
		firstDone <- answer{got, err}
	}()
	waitStarted(t, r)
	wait := askAll(t, &b, 7, 3, 5, r.read)
	leaver, leave := context.WithCancel(context.Background())
	left := make(chan answer, 1)
	go func() {
		got, err := b.read(leaver, 7, 3, r.read)
		left <- answer{got, err}
	}()
	leave()
	select {
	case a := <-left:
		if !errors.Is(a.err, context.Canceled) {
			t.Errorf("an asker whose context ended: %d, %v; want context.Canceled", a.v, a.err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("an asker whose context ended still waits for the read")
	}
	leaveFirst()
	select {
	case a := <-firstDone:
		if !errors.Is(a.err, context.Canceled) {
			t.Errorf("the first asker, its context ended: %d, %v; want context.Canceled", a.v, a.err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the first asker, its context ended, still waits for its read")
	}
	close(r.release)
	for i, a := range wait() {
		if a.err != nil || a.v != 10 {
			t.Errorf("asker %d: %d, %v; want 10", i, a.v, a.err)
		}
	}
	if n := r.runs.Load(); n != 1 {
		t.Errorf("the read ran %d times; want 1", n)
	}
}

// A read that panics is an error for everyone waiting for it, not a
// crash, and is not kept.
func TestByVersion57PanicIsAnError(t *testing.T) {
	var b byVersionEach[int64, int]
	if _, err := b.read(context.Background(), 7, 3, func() (int, error) { panic("bad row") }); err == nil {
		t.Fatal("a panicking read answered no error")
	}
	if got, err := b.read(context.Background(), 7, 3, func() (int, error) { return 5, nil }); err != nil || got != 5 {
		t.Errorf("after a panicking read: %d, %v; want a new read (5)", got, err)
	}
}

// Concurrent first views of a club page share one read of its kept part:
// every view gets the very same members (one slice), and a view whose
// request has ended does not fail the others' read.
func TestClubs57ConcurrentFirstViewsShareOneRead(t *testing.T) {
	w := newWorld(t)
	club, err := w.s.CreateClub(w.ctx, &w.admin, people.ClubInput{City: "青岛", Name: "青岛同城会"})
	if err != nil {
		t.Fatal(err)
	}
	a := w.fan(1)
	if err := w.s.JoinClub(w.ctx, &a, club.ID, true); err != nil {
		t.Fatal(err)
	}
	for try := 0; ; try++ {
		v := settledContentVersion(t, w.s)
		// The first view's request ends at once: its read goes on for
		// the others.
		gone, cancel := context.WithCancel(w.ctx)
		cancel()
		if _, err := w.s.Club(gone, nil, club.ID); err != nil && !errors.Is(err, context.Canceled) {
			t.Fatalf("a view whose request ended: %v", err)
		}
		pages := make([]ClubPage, 12)
		errs := make([]error, len(pages))
		var wg sync.WaitGroup
		for i := range pages {
			wg.Go(func() { pages[i], errs[i] = w.s.Club(w.ctx, nil, club.ID) })
		}
		wg.Wait()
		if w.s.ContentVersion() != v {
			if try == 2 {
				t.Fatal("the content version kept moving")
			}
			continue // a late notice: the views may rightly have read twice
		}
		for i, p := range pages {
			if errs[i] != nil || len(p.Members) != 1 {
				t.Fatalf("view %d: %d members, %v", i, len(p.Members), errs[i])
			}
			if &p.Members[0] != &pages[0].Members[0] {
				t.Errorf("view %d read the club again: not the same members as view 0", i)
			}
		}
		return
	}
}
