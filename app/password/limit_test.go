package password

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"
)

// countHashing makes idKey count the hashes computed at once, for the
// test, and returns the most seen.
func countHashing(t *testing.T) (peak func() int32) {
	var now, most atomic.Int32
	idKey = func(pw, salt []byte, rounds, kib uint32, lanes uint8, size uint32) []byte {
		n := now.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		defer now.Add(-1)
		return argon2.IDKey(pw, salt, rounds, kib, lanes, size)
	}
	t.Cleanup(func() { idKey = argon2.IDKey })
	return most.Load
}

// Many sign-ins at once are answered, right and wrong passwords alike, with
// never more than maxHashing hashes (19 MiB each) computed at once.
func TestConcurrentVerificationsStayWithinTheCap(t *testing.T) {
	h, err := Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	peak := countHashing(t)
	const signIns = 40
	var wg sync.WaitGroup
	wrong := make(chan string, signIns)
	for i := range signIns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			pw := "correct horse battery"
			if i%2 == 1 {
				pw = "a wrong guess"
			}
			ok, err := VerifyContext(context.Background(), pw, h)
			if err != nil || ok != (i%2 == 0) {
				wrong <- pw
			}
		}()
	}
	wg.Wait()
	close(wrong)
	for pw := range wrong {
		t.Errorf("Verify(%q) gave the wrong answer", pw)
	}
	if p := peak(); p > int32(maxHashing) {
		t.Errorf("%d hashes computed at once, want at most %d", p, maxHashing)
	}
	t.Logf("%d verifications, at most %d at once (cap %d)", signIns, peak(), maxHashing)
}

// A sign-in whose request ends while it waits for its turn gives up with
// the request's error, and computes no hash.
func TestVerifyGivesUpWhenItsRequestEnds(t *testing.T) {
	h, err := Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	peak := countHashing(t)
	for range maxHashing { // every turn taken, as by sign-ins being hashed
		hashing <- struct{}{}
	}
	defer func() {
		for range maxHashing {
			<-hashing
		}
	}()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := VerifyContext(ctx, "correct horse battery", h)
		done <- err
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("a sign-in whose request ended still waits for its turn")
	}
	if _, err := HashContext(ctx, "next password"); !errors.Is(err, context.Canceled) {
		t.Errorf("HashContext after the request ended: err = %v, want context.Canceled", err)
	}
	if p := peak(); p != 0 {
		t.Errorf("%d hashes computed for requests that ended", p)
	}
}
