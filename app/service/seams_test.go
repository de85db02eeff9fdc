//go:build cocreate_seams

package service

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"cocreate/app/domain"
	"cocreate/app/integrity"
	"cocreate/app/store"
)

// The tests here need the service's test seams (seams_on.go): run them
// with go test -tags cocreate_seams ./app/service (.ci/run does).

// An idea's page and its API answer read the held acts only for a viewer
// who may see them: a blind judge sees no votes, so the query is not run
// for them; a fan's view still reads them, once.
func TestBlindJudgesViewReadsNoHeldActs(t *testing.T) {
	w := newWorld(t)
	c := w.openCall()
	idea := w.idea(c.ID, "免清洗内筒")
	fan, judge := w.fan(1), w.fan(2)
	w.blindJudge(c.ID, &judge, 1)

	views := []struct {
		name string
		view func(u *domain.User) (domain.Idea, error)
	}{
		{"page", func(u *domain.User) (domain.Idea, error) { p, err := w.s.IdeaPage(w.ctx, u, idea); return p.Idea, err }},
		{"API answer", func(u *domain.User) (domain.Idea, error) {
			d, err := w.s.IdeaDetail(w.ctx, u, idea)
			return d.Idea, err
		}},
	}
	for _, v := range views {
		for _, who := range []struct {
			name  string
			u     *domain.User
			reads int64
		}{{"blind judge", &judge, 0}, {"fan", &fan, 1}, {"visitor", nil, 1}} {
			before := w.s.seams.heldReads.Load()
			got, err := v.view(who.u)
			if err != nil {
				t.Fatalf("%s's %s: %v", who.name, v.name, err)
			}
			if reads := w.s.seams.heldReads.Load() - before; reads != who.reads {
				t.Errorf("%s's %s read the held acts %d times, want %d", who.name, v.name, reads, who.reads)
			}
			if blindView := got.Votes < 0; blindView != (who.u == &judge) {
				t.Errorf("%s's %s shows votes %d", who.name, v.name, got.Votes)
			}
		}
	}
}

// A scan or a decision that has committed answers what it saved though
// reading the quarantined accounts again then fails: the failure is
// logged, and the next RunIntegrity tick reads the set again.
func TestQuarantineSavedThoughTheReloadFails(t *testing.T) {
	w, c, ideas, ring, _ := farmWorld(t, 3)
	gone := errors.New("the reader is gone")
	w.s.seams.accounts = func(context.Context) ([]int64, error) { return nil, gone }

	r, err := w.s.ScanIntegrity(w.ctx, &w.admin, c.ID)
	if err != nil || len(r.Groups) != 1 || r.Groups[0].Status != integrity.Quarantined {
		t.Fatalf("scan with a failing reload answered %+v, %v; want the quarantined group it saved", r, err)
	}
	if held, err := w.s.quarantinedVoter(w.ctx, ring[0].ID); err != nil || held {
		t.Fatalf("the set was read though the read fails: %v %v", held, err)
	}

	// The next tick reads the set again.
	w.s.seams.accounts = nil
	ctx, stop := context.WithCancel(w.ctx)
	ticks := make(chan struct{})
	go func() { w.s.RunIntegrity(ctx, 5*time.Millisecond, nil); close(ticks) }()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if held, _ := w.s.quarantinedVoter(w.ctx, ring[0].ID); held {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("RunIntegrity did not read the quarantined accounts again")
		}
	}
	stop()
	<-ticks

	w.s.seams.accounts = func(context.Context) ([]int64, error) { return nil, gone }
	g, err := w.s.DecideIntegrityGroup(w.ctx, &w.admin, c.ID, r.Groups[0].ID, "clear", "")
	if err != nil || g.Status != integrity.Cleared {
		t.Fatalf("a decision with a failing reload answered %+v, %v; want the cleared group it saved", g, err)
	}
	w.s.seams.accounts = nil
	idea, err := w.s.Idea(w.ctx, &w.admin, ideas[0])
	if err != nil || idea.Votes != 6 || idea.VotesUnderReview != 0 {
		t.Errorf("after the clear: votes %d under review %d (%v), want 6 and 0", idea.Votes, idea.VotesUnderReview, err)
	}
}

// failHolds is a seams.holds that has the store's hold fail (its writes'
// request cancelled) without moving anything.
func failHolds(ctx context.Context, finish func(context.Context) ([]int64, error)) ([]int64, error) {
	gone, cancel := context.WithCancel(ctx)
	cancel()
	return finish(gone)
}

// An admin's scan that quarantined a big ring answers the report though
// the hold's writes after its own then fail, as a decision does: the
// failure is logged, the group stays marked, and the next integrity tick
// holds the ring.
func TestAScanAnswersThoughItsHoldFails(t *testing.T) {
	w, c, tallies := bigRingWorld(t)
	w.s.seams.holds = failHolds
	r, err := w.s.ScanIntegrity(w.ctx, &w.admin, c.ID)
	if err != nil || len(r.Groups) != 1 || r.Groups[0].Status != integrity.Quarantined || r.Groups[0].Votes != 1200 {
		t.Fatalf("a scan whose hold fails answered %+v, %v; want the quarantined group it saved", r, err)
	}
	if v, h := tallies(); v != 1200 || h != 0 {
		t.Fatalf("after the failed hold: %d votes, %d under review; want all 1,200 still counted", v, h)
	}
	w.s.seams.holds = nil
	if err := w.s.ScanDue(w.ctx); err != nil {
		t.Fatal(err)
	}
	if v, h := tallies(); v != 0 || h != 1200 {
		t.Errorf("after the next tick: %d votes, %d under review; want all 1,200 held", v, h)
	}
	w.checkClean(t)
}

// One failure stops no other part of an integrity tick: with the holds
// failing at every try and the scan of the first challenge due failing
// too, ScanDue still scans the other challenge (its ring quarantined and
// held) and answers both failures; the failed challenge is still due.
func TestATickGoesOnPastAFailure(t *testing.T) {
	w := newWorld(t)
	a, _, _, _ := w.farm(3, 0)
	b, _, _, _ := w.farm(3, 6)
	unreadable := errors.New("the votes are unreadable")
	var failed int64
	w.s.seams.holds = failHolds
	w.s.seams.votesRead = func(challengeID int64) error {
		if failed == 0 || failed == challengeID {
			failed = challengeID
			return unreadable
		}
		return nil
	}
	err := w.s.ScanDue(w.ctx)
	if !errors.Is(err, unreadable) || !errors.Is(err, context.Canceled) {
		t.Errorf("the tick answered %v; want both the scan's and the holds' failures", err)
	}
	scanned := a.ID
	if failed == a.ID {
		scanned = b.ID
	}
	r, err := w.s.IntegrityReport(w.ctx, &w.admin, scanned)
	if err != nil || len(r.Groups) != 1 || r.Groups[0].Status != integrity.Quarantined || r.QuarantinedVotes != 18 {
		t.Errorf("the challenge after the failed one: %+v %v; want its ring quarantined, 18 votes held", r, err)
	}
	due, err := w.s.store.IntegrityScansDue(w.ctx)
	if err != nil || len(due) != 1 || due[0].ChallengeID != failed {
		t.Errorf("due after the tick: %+v %v; want the failed challenge %d alone", due, err, failed)
	}
	w.checkClean(t)
}

// An admin's decision finishes its own group's release and nothing else:
// it waits for no scan (integ.scan held here, as a running scan holds it)
// and leaves another challenge's unfinished hold to the integrity tick.
func TestADecisionFinishesItsGroupAlone(t *testing.T) {
	w := newWorld(t)
	a, talliesA := w.bigRing(0)
	b, talliesB := w.bigRing(40)
	r, err := w.s.ScanIntegrity(w.ctx, &w.admin, a.ID)
	if err != nil || len(r.Groups) != 1 || r.Groups[0].Status != integrity.Quarantined {
		t.Fatalf("scan of the first challenge: %+v %v", r, err)
	}
	w.s.seams.holds = failHolds
	if _, err := w.s.ScanIntegrity(w.ctx, &w.admin, b.ID); err != nil {
		t.Fatal(err)
	}
	w.s.seams.holds = nil
	if v, h := talliesB(); v != 1200 || h != 0 {
		t.Fatalf("the second ring, quarantined, its hold not run: %d votes, %d under review; want 1,200 and 0", v, h)
	}

	w.s.integ.scan.Lock() // a scan is running
	decided := make(chan error, 1)
	go func() {
		_, err := w.s.DecideIntegrityGroup(w.ctx, &w.admin, a.ID, r.Groups[0].ID, "clear", "")
		decided <- err
	}()
	select {
	case err := <-decided:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the decision waits for a running scan")
	}
	w.s.integ.scan.Unlock()
	if v, h := talliesA(); v != 1200 || h != 0 {
		t.Errorf("after the clear: %d votes, %d under review; want all 1,200 counted", v, h)
	}
	if v, h := talliesB(); v != 1200 || h != 0 {
		t.Errorf("the other challenge after the decision: %d votes, %d under review; want its hold left to the tick", v, h)
	}
	if err := w.s.ScanDue(w.ctx); err != nil {
		t.Fatal(err)
	}
	if v, h := talliesB(); v != 0 || h != 1200 {
		t.Errorf("the other challenge after the tick: %d votes, %d under review; want all 1,200 held", v, h)
	}
	w.checkClean(t)
}

// A tick stopped midway (the server shutting down) begins no further
// scan: the challenge it had not reached is still due for the next tick,
// and the tick answers the context's end.
func TestATickStopsWhenItsContextEnds(t *testing.T) {
	w := newWorld(t)
	a, _, _, _ := w.farm(3, 0)
	b, _, _, _ := w.farm(3, 6)
	ctx, stop := context.WithCancel(w.ctx)
	defer stop()
	var begun []int64
	w.s.seams.votesRead = func(challengeID int64) error {
		begun = append(begun, challengeID)
		stop() // the server stops during the first scan
		return nil
	}
	err := w.s.ScanDue(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("the stopped tick answered %v; want context.Canceled", err)
	}
	if len(begun) != 1 {
		t.Fatalf("scans begun: %v; want only the first", begun)
	}
	left := a.ID
	if begun[0] == a.ID {
		left = b.ID
	}
	// Not tried and failed (one more error in the shutdown's log for
	// every challenge due): not tried.
	if tried := fmt.Sprintf("scanning challenge %d", left); err != nil && strings.Contains(err.Error(), tried) {
		t.Errorf("the stopped tick went on to challenge %d: %v", left, err)
	}
	due, err := w.s.store.IntegrityScansDue(w.ctx)
	if err != nil || !slices.ContainsFunc(due, func(d store.ScanDue) bool { return d.ChallengeID == left }) {
		t.Errorf("due after the stopped tick: %+v %v; want challenge %d, never begun", due, err, left)
	}
	w.checkClean(t)
}
