package images

import (
	"bytes"
	"context"
	"errors"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cocreate/app/domain"
)

// occupy takes every decoding slot, as uploads being decoded would, and
// returns the function that frees them.
func occupy(t *testing.T) (free func()) {
	t.Helper()
	var releases []func()
	for range maxDecodes {
		r, err := acquire(context.Background(), 1)
		if err != nil {
			t.Fatal(err)
		}
		releases = append(releases, r)
	}
	var once sync.Once
	free = func() {
		once.Do(func() {
			for _, r := range releases {
				r()
			}
		})
	}
	t.Cleanup(free)
	return free
}

// waitForWaiters waits until n uploads wait for their turn.
func waitForWaiters(t *testing.T, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		budget.Lock()
		w := budget.waiting
		budget.Unlock()
		if w == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d uploads waiting, want %d", w, n)
		}
		time.Sleep(time.Millisecond)
	}
}

func storedFiles(t *testing.T, d Dir) int {
	t.Helper()
	entries, err := os.ReadDir(d.Path)
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return len(entries)
}

// An upload whose request ends while it waits for its turn gives up at
// once, with the request's error, and is never decoded nor stored; its
// place in the line is given back.
func TestSaveGivesUpWhenItsRequestEnds(t *testing.T) {
	d := Dir{Path: t.TempDir()}
	pic := encodePNG(t, 800, 600)
	free := occupy(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := d.SaveFrom(ctx, "images", bytes.NewReader(pic), int64(len(pic)))
		done <- err
	}()
	waitForWaiters(t, 1)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want the request's context.Canceled", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the upload of a request that ended still waits for its turn")
	}
	free()
	waitForWaiters(t, 0)
	if n := storedFiles(t, d); n != 0 {
		t.Errorf("%d files stored for a request that ended", n)
	}
	// A request that ended before its upload was looked at is not decoded
	// either, even with every slot free.
	if _, err := d.SaveFrom(ctx, "images", bytes.NewReader(pic), int64(len(pic))); !errors.Is(err, context.Canceled) {
		t.Errorf("an ended request with the slots free: err = %v, want context.Canceled", err)
	}
	if n := storedFiles(t, d); n != 0 {
		t.Errorf("%d files stored for a request that ended", n)
	}
}

// At most maxWaiting uploads wait for their turn: the next is refused at
// once as busy (503, try again), and those waiting are all stored once
// the slots are free.
func TestSaveRefusesWhenTheLineIsFull(t *testing.T) {
	d := Dir{Path: t.TempDir()}
	pic := encodePNG(t, 300, 200)
	free := occupy(t)
	var wg sync.WaitGroup
	errs := make(chan error, maxWaiting)
	for range maxWaiting {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := d.Save("images", pic)
			errs <- err
		}()
	}
	waitForWaiters(t, maxWaiting)
	extra := make(chan error, 1)
	go func() {
		_, err := d.SaveFrom(context.Background(), "images", bytes.NewReader(pic), int64(len(pic)))
		extra <- err
	}()
	select {
	case err := <-extra:
		if e := domain.AsError(err); e == nil || e.Kind != domain.KindUnavailable || e.Code != "images_busy" {
			t.Errorf("one upload more than the line holds: err = %v, want images_busy (503)", err)
		}
	case <-time.After(2 * time.Second):
		t.Error("one upload more than the line holds waits in it too")
		free()
		<-extra
	}
	free()
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("an upload that waited its turn: %v", err)
		}
	}
	if n := storedFiles(t, d); n != maxWaiting {
		t.Errorf("%d images stored, want the %d that waited", n, maxWaiting)
	}
}

// panicking reads its file once (the head) and then panics, as a decoder
// with a bug would on a hostile file.
type panicking struct {
	data  []byte
	calls atomic.Int32
}

func (p *panicking) ReadAt(b []byte, off int64) (int, error) {
	if p.calls.Add(1) > 1 {
		panic("a decoder's bug")
	}
	return bytes.NewReader(p.data).ReadAt(b, off)
}

// A decode that panics gives its turn back: the server recovers from the
// panic, and without its turn back, maxDecodes such files stopped every
// upload after them.
func TestADecodeThatPanicsGivesItsTurnBack(t *testing.T) {
	d := Dir{Path: t.TempDir()}
	pic := encodePNG(t, 300, 200)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	for i := range maxDecodes + 1 {
		panicked, err := func() (panicked bool, err error) {
			defer func() { panicked = recover() != nil }()
			_, err = d.SaveFrom(ctx, "images", &panicking{data: pic}, int64(len(pic)))
			return false, err
		}()
		if !panicked {
			t.Fatalf("bad file %d was never decoded (%v): the turns of those before it were not given back", i+1, err)
		}
	}
	if _, err := d.SaveFrom(ctx, "images", bytes.NewReader(pic), int64(len(pic))); err != nil {
		t.Fatalf("an upload after decodes that panicked: %v", err)
	}
}
