package store

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"cocreate/app/pgtest"
)

// The writer never checkpoints inside a commit; the checkpointer copies
// the WAL back into the database file, and a WAL that grows during a storm
// of writes (with readers reading all along) starts over instead of growing
// with every write. How long the WAL grows depends on how the readers and
// the checkpointer are scheduled, so the storm runs twice, the same way,
// and the WAL with the writer's checkpoint must stay well under the WAL
// without it (a fixed bound failed under CI's load: 16 MiB against 14).
func TestCheckpointsKeepTheWALShortDuringAStorm(t *testing.T) {
	pgtest.SQLiteOnly(t, "SQLite's WAL and checkpoints")
	saved, every := restartFrames, checkpointEvery
	t.Cleanup(func() { restartFrames, checkpointEvery = saved, every })
	// Checkpoints as often as the checkpointer can: the WAL with the
	// writer's checkpoint then holds what a few milliseconds write, however
	// the machine schedules the storm; without it, the storm's pages.
	checkpointEvery = 10 * time.Millisecond

	restartFrames = 1 << 40 // the writer never restarts the WAL
	without := walStorm(t, false)
	// With writes queued the writer restarts the WAL at stormFrames: 128
	// pages, half a MiB, so that a short storm shows it.
	restartFrames = 128 / stormRatio
	with := walStorm(t, true)
	t.Logf("the WAL's largest size: %d KiB with the writer's checkpoint, %d KiB without", with>>10, without>>10)
	if with*2 > without {
		t.Errorf("the WAL grew to %d KiB during the storm, and to %d KiB without the writer's checkpoint: want it to start over near %d pages",
			with>>10, without>>10, stormFrames())
	}
}

// walStorm votes 12,800 times from 32 goroutines while two readers read,
// on a store of its own, and returns the WAL's largest size meanwhile.
// With final, it also checks that the checkpointer copied the WAL.
func walStorm(t *testing.T, final bool) int64 {
	t.Helper()
	s, err := openTest(t, filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close() // before the caller changes restartFrames, which the checkpointer reads

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
	if final {
		// The checkpointer copied the WAL into the database file: once the
		// writes stop, what is left in the WAL is what came after the last
		// checkpoint, and a checkpoint now finds everything already copied
		// or copies the rest. It holds ckRun, as the checkpointer does: the
		// writer's idle checkpoint may run now, and SQLite's checkpoint lock
		// would make this one busy.
		var busy, frames, copied int
		s.ckRun.Lock()
		err := s.ck.QueryRow(`PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &frames, &copied)
		s.ckRun.Unlock()
		if err != nil {
			t.Fatal(err)
		}
		if busy != 0 || copied != frames {
			t.Errorf("checkpoint: busy %d, %d of %d frames copied", busy, copied, frames)
		}
	}
	s.Close() // the writer has stopped: its stops are read
	if final {
		t.Logf("the writer's restart checkpoints: %d, %d of them without a restart", s.stops.n, s.stops.missed)
	}
	return biggest.Load()
}
