package store

import (
	"context"
	"database/sql"
	"errors"
	"testing"
)

// A write whose context has already ended is refused every time, before
// the queue is tried, and runs nothing, though the queue is free: a select
// between the two would let it through half the time (64 tries: once in
// 2^64 runs by luck).
func TestEnqueue56AnEndedRequestIsNeverQueued(t *testing.T) {
	s := mustOpen(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	ran := 0
	for try := range 64 {
		err := s.write(ctx, func(*sql.Tx) error { ran++; return nil })
		if !errors.Is(err, context.Canceled) || ran != 0 {
			t.Fatalf("try %d: %v, ran %d times; want context.Canceled and nothing run", try+1, err, ran)
		}
	}
	// The same write with a live context lands.
	if err := s.write(context.Background(), func(*sql.Tx) error { ran++; return nil }); err != nil || ran != 1 {
		t.Fatalf("a live write: %v, ran %d; want it run once", err, ran)
	}
}
