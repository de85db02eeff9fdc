package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// Read caches on PostgreSQL. Several nodes write to one database, so this
// node's commit counters (Version, ContentVersion) do not see every change.
// Each commit therefore also notifies (pg_notify, in its transaction, so
// the message goes out only if it commits) on changesChannel, and every node
// LISTENs there on a connection of its own: a message moves the node's
// counters, emptying its read caches, milliseconds after another node's
// commit. The caches serve only while the node knows it hears: after each
// round trip on the listening connection (a ping every listenPing, or a
// message) it may serve for listenFresh; a node that lost its connection,
// or whose pings stall, reads the database on every request (the counters
// move at every call, as when nothing listened) until it listens again, and
// then starts its caches afresh. So an edit made on one node is seen by
// every node within listenFresh at worst (milliseconds when all is well):
// the one second the issue asks for, with room to spare.
//
// What a request's access depends on (accounts, tokens, sessions: the
// userCache) is not cached on PostgreSQL: one indexed read per request, so
// a revocation is refused by the next request on any node.

const (
	changesChannel = "cocreate_changes"
	listenerName   = "cocreate listener" // its connection's application_name
	// listenPing is how often the listening connection proves it is alive.
	listenPing = 200 * time.Millisecond
	// listenFresh is how long after its last round trip a node trusts that
	// it has heard of every commit.
	listenFresh = 800 * time.Millisecond
)

// probePrefix starts the payload of the message a listener sends itself
// (through another connection) to prove that it hears; probeWait is how
// long it waits for it. errNotHeard says it did not come. On the node's
// first listening connection that means the address goes through a
// transaction pooler whatever it says: the node stops listening for good
// (its caches stay off). Once it has heard, no pooler stands in the way
// (the address is the same), so a lost probe is a passing fault (a server
// stalled for 5 s): it tries again every deafPause, caches off meanwhile.
const (
	probePrefix = "probe:"
	probeWait   = 5 * time.Second
	deafPause   = time.Minute
)

var errNotHeard = errors.New("store: the listening connection does not hear")

// lostProbe is errNotHeard as listenOnce says it: what happened, not why
// (listenLoop knows which: a pooler, or a passing fault).
func lostProbe() error {
	return fmt.Errorf("%w: a notification sent from another connection did not reach it within %s", errNotHeard, probeWait)
}

// Payloads are a kind, a colon and the committing node's id (Store.node):
// a commit that changed only ideas' tallies moves Version; one that changed
// only those and pair answers (see Store.Compare) moves ContentVersion too;
// any other moves ShapeVersion too. The id lets a node tell its own
// commits, for which it has signalled Committed already. (A payload
// without an id, from a node of an older version, is another node's.)
const (
	changedTallies = "t"
	changedPairs   = "p"
	changedContent = "c"
)

// newNodeID is a random id for a store's payloads.
func newNodeID() string { return strconv.FormatUint(rand.Uint64(), 36) }

// payload is the message of this node's commit that changed what kind says.
func (s *Store) payload(kind string) string { return kind + ":" + s.node }

// changedBy is what a batch's commit changes, as a payload's kind.
func changedBy(batch []*writeReq) string {
	changed := changedTallies
	for _, req := range batch {
		switch {
		case (!req.tally || req.content) && !req.pairs:
			return changedContent
		case req.pairs:
			changed = changedPairs
		}
	}
	return changed
}

// hearing reports whether this node's caches may serve (PostgreSQL: the
// listening connection answered within listenFresh).
func (s *Store) hearing() bool {
	return time.Now().UnixNano() < s.heardUntil.Load()
}

// HearsEveryCommit reports whether this node is told of every commit that
// may change what it reads: always on SQLite (one process, one writer:
// Committed); on PostgreSQL while its listening connection answers (Heard
// then also signals other nodes' commits). The search indexer polls fast
// only while it does not.
func (s *Store) HearsEveryCommit() bool { return !s.postgres || s.hearing() }

// wake signals Heard, never blocking.
func (s *Store) wake() {
	select {
	case s.Heard <- struct{}{}:
	default:
	}
}

// heard records a round trip on the listening connection that began at
// start: every commit before start has been heard of. After a spell of
// deafness the counters move first, so nothing cached meanwhile is served.
func (s *Store) heard(start time.Time) {
	deaf := !s.hearing()
	if deaf {
		s.shape.Add(1)
		s.content.Add(1)
		s.version.Add(1)
	}
	s.heardUntil.Store(start.Add(listenFresh).UnixNano())
	if deaf {
		s.wake() // what was missed meanwhile
	}
}

// changed is a message from some node's commit. It moves the counters.
// It wakes the search indexer unless the commit was this node's own (the
// writer signalled Committed for it) or changed only tallies or pair
// answers (which write nothing searchable) while the log was not held
// back: such a commit may be the older transaction whose end lets held
// entries be read.
func (s *Store) changed(payload string) {
	kind, from, _ := strings.Cut(payload, ":")
	counts := kind == changedTallies || kind == changedPairs
	if !counts {
		s.shape.Add(1)
	}
	if kind != changedTallies {
		s.content.Add(1)
	}
	s.version.Add(1)
	if from == s.node {
		return
	}
	if !counts || s.logHeld.Load() {
		s.wake()
	}
}

// listen keeps a listening connection to the database until Close,
// connecting again (after a pause) whenever it breaks.
func (s *Store) listen(dsn string) {
	s.listenLoop(func(ctx context.Context, listening func()) error {
		return s.listenOnce(ctx, dsn, listening)
	}, deafPause)
}

// listenLoop runs once (listenOnce) until Close, again after a pause
// whenever it returns: after notHeard when it did not hear its probe
// though an earlier connection did; never again when none did.
func (s *Store) listenLoop(once func(ctx context.Context, listening func()) error, notHeard time.Duration) {
	defer close(s.deaf)
	ctx := s.life     // cancelled at Close
	failing := false  // said so in the log, once per outage
	lostSaid := false // said that a probe was lost, once per outage
	listened := false // some connection heard its probe
	for pause := 50 * time.Millisecond; ; pause = min(2*pause, 2*time.Second) {
		start := time.Now()
		err := once(ctx, func() {
			listened, lostSaid = true, false
			if failing {
				failing = false
				slog.Info("store: listening for other nodes' changes again; read caches on")
			}
		})
		s.heardUntil.Store(0)
		s.wake() // the indexer polls fast until it listens again
		if ctx.Err() != nil {
			return
		}
		if time.Since(start) > 10*time.Second {
			pause = 50 * time.Millisecond // it had been working
		}
		lost := errors.Is(err, errNotHeard)
		if lost && !listened {
			slog.Warn(`store: not listening for other nodes' changes; read caches off: no connection has ever heard its own probe, so the address most likely goes through a pooler in transaction mode (docs/deploy.md, "PgBouncer")`, "err", err)
			return
		}
		switch {
		case lost: // its own message only, and the outage is on
			pause, failing = notHeard, true
			if !lostSaid {
				lostSaid = true
				slog.Warn("store: a new listening connection did not hear its own probe, though this address has carried notifications before (the server or the network stalled?); read caches off, trying again every " + notHeard.String())
			}
		case err != nil && !failing:
			failing = true
			slog.Warn("store: listening for other nodes' changes failed; read caches off until it listens again", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(pause):
		}
	}
}

// listenOnce connects, listens, then pings and waits for messages in turn
// until the connection fails; listening is called once it listens.
func (s *Store) listenOnce(ctx context.Context, dsn string, listening func()) error {
	cfg, err := pgconn.ParseConfig(dsn)
	if err != nil {
		return err
	}
	cfg.RuntimeParams["application_name"] = listenerName
	var probe string // the payload of this connection's probe
	probed := false
	cfg.OnNotification = func(_ *pgconn.PgConn, n *pgconn.Notification) {
		if strings.HasPrefix(n.Payload, probePrefix) {
			probed = probed || n.Payload == probe
			return // some node's probe: nothing changed
		}
		s.changed(n.Payload)
	}
	cctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	conn, err := pgconn.ConnectConfig(cctx, cfg)
	cancel()
	if err != nil {
		return err
	}
	defer func() { _ = conn.Close(context.Background()) }() // it is being given up on
	start := time.Now()
	if err := conn.Exec(ctx, `LISTEN `+changesChannel).Close(); err != nil {
		return err
	}
	// Before trusting it, prove that a message sent from another
	// connection reaches this one. Through a transaction pooler (PgBouncer
	// in transaction mode, whatever the address says) the LISTEN stayed on
	// a server connection this one no longer holds: the probe never comes.
	probe = fmt.Sprintf("%s%d", probePrefix, rand.Int64())
	if _, err := s.r.ExecContext(ctx, `SELECT pg_notify(?, ?)`, changesChannel, probe); err != nil {
		return err
	}
	for wait := time.Now().Add(probeWait); !probed; {
		wctx, cancel := context.WithDeadline(ctx, wait)
		err := conn.WaitForNotification(wctx)
		cancel()
		if pgconn.Timeout(err) && ctx.Err() == nil {
			return lostProbe()
		}
		if err != nil {
			return err
		}
	}
	s.heard(start)
	listening()
	for {
		wctx, cancel := context.WithTimeout(ctx, listenPing)
		err := conn.WaitForNotification(wctx)
		cancel()
		if err != nil && !pgconn.Timeout(err) {
			return err
		}
		start := time.Now()
		pctx, cancel := context.WithTimeout(ctx, listenFresh)
		err = conn.Ping(pctx)
		cancel()
		if err != nil {
			return err
		}
		s.heard(start)
	}
}
