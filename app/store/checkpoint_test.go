package store

import (
	"context"
	"os"
	"sync"
	"sync/atomic"
	"testing"

	"cocreate/app/pgtest"
)

// The writer never checkpoints inside a commit; the checkpointer copies
// the WAL back into the database file, and a WAL that grows during a storm
// of writes (with readers reading all along) starts over instead of growing
// with every write.
func TestCheckpointsKeepTheWALShortDuringAStorm(t *testing.T) {
	pgtest.SQLiteOnly(t, "SQLite's WAL and checkpoints")
	saved := restartFrames
	restartFrames = 128 // half a MiB, so that a short storm shows it
	t.Cleanup(func() { restartFrames = saved })
	s := mustOpen(t)

	var auto int
	if err := s.w.QueryRow(`PRAGMA wal_autocheckpoint`).Scan(&auto); err != nil || auto != 0 {
		t.Fatalf("the writer's wal_autocheckpoint = %d (%v), want 0: it would checkpoint inside commits", auto, err)
	}

	users, c := fixture(t, s, 64)
	var ideas []int64
	for range 200 {
		ideas = append(ideas, addIdea(t, s, c, users[0].ID, "idea").ID)
	}
	wal := s.Path + "-wal"
	var biggest atomic.Int64
	stop := make(chan struct{})
	var readers sync.WaitGroup
	for range 2 {
		readers.Add(1)
		go func() { // readers that keep reading, as a live campaign's do
			defer readers.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				var n int
				if err := s.r.QueryRow(`SELECT COUNT(*) FROM votes`).Scan(&n); err != nil {
					t.Error(err)
					return
				}
				if fi, err := os.Stat(wal); err == nil && fi.Size() > biggest.Load() {
					biggest.Store(fi.Size())
				}
			}
		}()
	}
	var voters sync.WaitGroup
	var next atomic.Int64
	total := int64(len(users) * len(ideas))
	for range 32 {
		voters.Add(1)
		go func() {
			defer voters.Done()
			for i := next.Add(1) - 1; i < total; i = next.Add(1) - 1 {
				u, idea := users[i%int64(len(users))], ideas[i/int64(len(users))]
				if _, err := s.Vote(context.Background(), u.ID, idea, allow); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	voters.Wait()
	close(stop)
	readers.Wait()

	// Every vote is there, and the tallies agree (through the readers).
	var votes, tallied int64
	if err := s.r.QueryRow(`SELECT COUNT(*), (SELECT SUM(votes) FROM ideas) FROM votes`).Scan(&votes, &tallied); err != nil {
		t.Fatal(err)
	}
	if votes != total || tallied != total {
		t.Fatalf("%d votes stored, %d tallied, want %d", votes, tallied, total)
	}
	// Without the writer's checkpoint the WAL holds nearly every page
	// written during the storm (measured: 12 MiB for 6,400 votes, growing
	// with the storm, so about 24 MiB here); with it, it starts over
	// (measured: 4 to 9 MiB under load, readers holding it back at times).
	if b := biggest.Load(); b > 14<<20 {
		t.Errorf("the WAL grew to %d MiB during the storm, want it to start over near %d pages", b>>20, restartFrames)
	}
	// The checkpointer copied the WAL into the database file: once the
	// writes stop, what is left in the WAL is what came after the last
	// checkpoint, and a checkpoint now finds everything already copied or
	// copies the rest.
	var busy, frames, copied int
	if err := s.ck.QueryRow(`PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &frames, &copied); err != nil {
		t.Fatal(err)
	}
	if busy != 0 || copied != frames {
		t.Errorf("checkpoint: busy %d, %d of %d frames copied", busy, copied, frames)
	}
	t.Logf("%d votes; the WAL's largest size %d KiB", total, biggest.Load()>>10)
}
