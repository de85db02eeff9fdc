//go:build cocreate_seams

package service

import (
	"context"
	"sync/atomic"

	"cocreate/app/integrity"
	"cocreate/app/store"
)

// seams, in a test build (-tags cocreate_seams; .ci/run runs the tests that
// need them so), count the held-act reads, so that a test can tell that a
// view which cannot show held acts does not read them, and let a test make
// the read of the quarantined accounts, or the holds' writes, fail after
// a change has committed, and a scan's read of a challenge's votes fail.
type seams struct {
	heldReads atomic.Int64
	accounts  func(context.Context) ([]int64, error)
	holds     func(ctx context.Context, finish func(context.Context) ([]int64, error)) ([]int64, error)
	votesRead func(challengeID int64) error // non-nil: that read fails so

	// challengeReads counts Challenge's reads of a challenge.
	challengeReads atomic.Int64

	// queueCounts counts the counts of the moderation queue (queueWaiting),
	// by the part counted (store.QueuePart).
	queueCounts [3]atomic.Int64

	// unseenReads counts the readings of the challenges an actor may not
	// see (unseenChallenges).
	unseenReads atomic.Int64

	// afterVote, when set, is called with a vote's context right after
	// the store has committed it (VoteFrom), before the vote settles its
	// idea's threshold: a test ends the request there.
	afterVote func(context.Context)

	// loseAnswers, when set, makes a write that names uploads it saved
	// (a new idea, an idea's edit, a tester's report, the site's logo, a
	// cover) answer context.Canceled though it committed: its commit's
	// answer lost.
	loseAnswers atomic.Bool
}

func (t *seams) heldRead() { t.heldReads.Add(1) }

func (t *seams) challengeRead() { t.challengeReads.Add(1) }

func (t *seams) queueCounted(part store.QueuePart) { t.queueCounts[part].Add(1) }

func (t *seams) unseenRead() { t.unseenReads.Add(1) }

func (t *seams) voted(ctx context.Context) {
	if t.afterVote != nil {
		t.afterVote(ctx)
	}
}

func (t *seams) quarantinedAccounts(ctx context.Context, st *store.Store) ([]int64, error) {
	if t.accounts != nil {
		return t.accounts(ctx)
	}
	return st.QuarantinedAccounts(ctx)
}

func (t *seams) finishHolds(ctx context.Context, finish func(context.Context) ([]int64, error)) ([]int64, error) {
	if t.holds != nil {
		return t.holds(ctx, finish)
	}
	return finish(ctx)
}

func (t *seams) integrityVotes(ctx context.Context, st *store.Store, challengeID int64) ([]integrity.Vote, map[int64]bool, error) {
	if t.votesRead != nil {
		if err := t.votesRead(challengeID); err != nil {
			return nil, nil, err
		}
	}
	return st.IntegrityVotes(ctx, challengeID)
}

// QueueCounts is how many times the moderation queue has been counted
// (queueWaiting, one statement each), by the part counted
// (store.QueuePart): for the tests of another package, app/web's, in a
// build with this tag.
func (s *Service) QueueCounts() (counts [3]int64) {
	for i := range counts {
		counts[i] = s.seams.queueCounts[i].Load()
	}
	return counts
}

func (t *seams) uploadsWritten(err error) error {
	if err == nil && t.loseAnswers.Load() {
		return context.Canceled
	}
	return err
}
