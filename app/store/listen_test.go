package store

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"
)

// listenScript stands for the listening connections of a node, one step a
// connection: listenLoop's choices (again, when, or never) are what is
// tested; the connections themselves are tested on PostgreSQL by
// TestNodesSeeEditsWithinASecond and TestThroughPgBouncer.
type listenScript struct {
	steps []func(ctx context.Context, listening func()) error
	mu    sync.Mutex
	began []time.Time // when each step began
	ended []time.Time // when each step returned
}

func (l *listenScript) once(ctx context.Context, listening func()) error {
	l.mu.Lock()
	i := len(l.began)
	l.began = append(l.began, time.Now())
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		defer l.mu.Unlock()
		l.ended = append(l.ended, time.Now())
	}()
	if i >= len(l.steps) {
		<-ctx.Done() // no more steps: it listens until Close
		return ctx.Err()
	}
	return l.steps[i](ctx, listening)
}

// connections is how many steps have begun.
func (l *listenScript) connections() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.began)
}

// listenStore is as much of a store as listenLoop uses.
func listenStore() *Store {
	life, endLife := context.WithCancel(context.Background())
	return &Store{closing: make(chan struct{}), life: life, endLife: endLife, deaf: make(chan struct{}), Heard: make(chan struct{}, 1)}
}

// A probe lost on a later connection (a server stalled for 5 s) does not
// turn the caches off until restart: the node tries again, after the long
// pause, saying so once. Only a first listener that never heard is final.
func TestListenerDeafAfterHearingTriesAgain(t *testing.T) {
	var logs syncBuffer
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))
	notHeard := lostProbe() // as listenOnce says it
	const pause = 300 * time.Millisecond
	script := &listenScript{steps: []func(context.Context, func()) error{
		func(_ context.Context, listening func()) error { listening(); return errors.New("connection cut") },
		func(context.Context, func()) error { return notHeard },
		func(context.Context, func()) error { return notHeard },
		func(ctx context.Context, listening func()) error { listening(); <-ctx.Done(); return ctx.Err() },
	}}
	s := listenStore()
	go s.listenLoop(script.once, pause)
	// The fourth connection hears, and listens until Close.
	deadline := time.Now().Add(10 * time.Second)
	for {
		select {
		case <-s.deaf:
			t.Fatalf("the node stopped listening for good after %d connections:\n%s", script.connections(), logs.String())
		case <-time.After(5 * time.Millisecond):
		}
		if script.connections() == 4 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 10 s the node has tried %d connections, want 4", script.connections())
		}
	}
	s.shut()
	select {
	case <-s.deaf:
	case <-time.After(5 * time.Second):
		t.Fatal("the listener does not stop at Close")
	}
	for i := 1; i < 3; i++ {
		if gap := script.began[i+1].Sub(script.ended[i]); gap < pause {
			t.Errorf("after connection %d heard no probe, the next came %s later, want the long pause %s", i+1, gap, pause)
		}
	}
	out := logs.String()
	if got := strings.Count(out, "\n"); got != 3 {
		t.Errorf("the log has %d lines, want 3 (the cut, the lost probe once, listening again):\n%s", got, out)
	}
	if got := strings.Count(out, "read caches off until it listens again"); got != 1 {
		t.Errorf("the log says %d times that listening failed, want once for the outage:\n%s", got, out)
	}
	if got := strings.Count(out, "listening for other nodes' changes again; read caches on"); got != 1 {
		t.Errorf("the log says %d times that the node listens again, want once:\n%s", got, out)
	}
	if strings.Contains(out, "not listening for other nodes' changes; read caches off") {
		t.Errorf("the log says the node stopped listening:\n%s", out)
	}
	// The node had heard on this address: no pooler is to blame, and the
	// log says what happened (its probe was lost) and when it tries again.
	if strings.Contains(out, "pooler") {
		t.Errorf("the log blames a pooler for a lost probe on an address that has carried notifications:\n%s", out)
	}
	if got := strings.Count(out, "did not hear its own probe, though this address has carried notifications before"); got != 1 {
		t.Errorf("the log says %d times that the probe was lost after hearing, want once:\n%s", got, out)
	}
}

// A probe lost right after the node listened (no other failure first): the
// log says so in one line, not also the generic failure, and then once
// that the node listens again.
func TestListenerLostProbeLogsOneLine(t *testing.T) {
	var logs syncBuffer
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))
	script := &listenScript{steps: []func(context.Context, func()) error{
		func(_ context.Context, listening func()) error { listening(); return nil },
		func(context.Context, func()) error { return lostProbe() },
		func(ctx context.Context, listening func()) error { listening(); <-ctx.Done(); return ctx.Err() },
	}}
	s := listenStore()
	go s.listenLoop(script.once, time.Millisecond)
	deadline := time.Now().Add(10 * time.Second)
	for script.connections() < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("after 10 s the node has tried %d connections, want 3:\n%s", script.connections(), logs.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	s.shut()
	select {
	case <-s.deaf:
	case <-time.After(5 * time.Second):
		t.Fatal("the listener does not stop at Close")
	}
	out := logs.String()
	if got := strings.Count(out, "\n"); got != 2 {
		t.Errorf("the log has %d lines, want 2 (the lost probe, then listening again):\n%s", got, out)
	}
	if got := strings.Count(out, "did not hear its own probe, though this address has carried notifications before"); got != 1 {
		t.Errorf("the log says %d times that the probe was lost, want once:\n%s", got, out)
	}
	if strings.Contains(out, "read caches off until it listens again") {
		t.Errorf("a lost probe is also logged as a generic failure:\n%s", out)
	}
	if got := strings.Count(out, "listening for other nodes' changes again; read caches on"); got != 1 {
		t.Errorf("the log says %d times that the node listens again, want once:\n%s", got, out)
	}
}

// A first listener that does not hear its probe: the address goes through
// a transaction pooler whatever it says; the node stops listening, said once.
func TestListenerNeverHeardStops(t *testing.T) {
	var logs syncBuffer
	defer slog.SetDefault(slog.Default())
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, nil)))
	script := &listenScript{steps: []func(context.Context, func()) error{
		func(context.Context, func()) error { return lostProbe() },
	}}
	s := listenStore()
	go s.listenLoop(script.once, time.Millisecond)
	defer s.shut()
	select {
	case <-s.deaf:
	case <-time.After(5 * time.Second):
		t.Fatal("a listener that never heard keeps trying")
	}
	if n := script.connections(); n != 1 {
		t.Errorf("%d connections, want 1", n)
	}
	if got := strings.Count(logs.String(), "not listening for other nodes' changes; read caches off"); got != 1 {
		t.Errorf("the log says %d times that the node stopped listening, want once:\n%s", got, logs.String())
	}
	if got := strings.Count(logs.String(), "pooler in transaction mode"); got != 1 {
		t.Errorf("the log names the pooler %d times, want once:\n%s", got, logs.String())
	}
}
