package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"cocreate/app/domain"
)

// A write asked of a closed store is refused at once (ErrClosed), every
// time: before, it was as likely to sit in the writer's queue after the
// writer's last drain and wait forever (a test hung 10 minutes on it).
// Writes racing Close each end, and each one acknowledged is there when
// the database is opened again (on either engine).
func TestClose59AWriteAfterCloseIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "test.db")
	s, err := openTest(t, path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	signUp := func(s *Store, name string) error {
		_, err := s.CreateUser(ctx, domain.SignUp{Email: name + "@example.com", Name: name}, "x", false)
		return err
	}

	var wg sync.WaitGroup
	var mu sync.Mutex
	var acked []string
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				name := fmt.Sprintf("fan%d-%d", w, i)
				if err := signUp(s, name); err != nil {
					return // ErrClosed, or the read after a sign-up's write finding the database closed
				}
				mu.Lock()
				acked = append(acked, name)
				mu.Unlock()
			}
		}(w)
	}
	time.Sleep(100 * time.Millisecond)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ended := make(chan struct{})
	go func() { wg.Wait(); close(ended) }()
	select {
	case <-ended:
	case <-time.After(10 * time.Second):
		t.Fatal("writes racing Close have not ended 10 s after it")
	}

	for i := 0; i < 200; i++ {
		done := make(chan error, 1)
		go func() { done <- signUp(s, fmt.Sprintf("late%d", i)) }()
		select {
		case err := <-done:
			if !errors.Is(err, ErrClosed) {
				t.Fatalf("write %d after Close: %v, want ErrClosed", i, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("write %d after Close has not been answered in 5 s", i)
		}
	}

	again, err := openTest(t, path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if len(acked) == 0 {
		t.Fatal("no write was acknowledged before Close")
	}
	for _, name := range acked {
		if _, _, err := again.UserByEmail(ctx, name+"@example.com"); err != nil {
			t.Errorf("%s, acknowledged before Close, is not there: %v", name, err)
		}
	}
}
