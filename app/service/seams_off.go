//go:build !cocreate_seams

package service

import (
	"context"

	"cocreate/app/integrity"
	"cocreate/app/store"
)

// seams are the points tests built with -tags cocreate_seams observe and
// replace (seams_on.go). In every other build, the server's included, they
// are nothing: no counter on the idea page's path, no function read
// before the quarantined accounts, the holds or a scan's votes.
type seams struct{}

// heldRead is told of each read of held acts (withHeldActs).
func (*seams) heldRead() {}

// challengeRead is told of each read of a challenge (Challenge).
func (*seams) challengeRead() {}

// queueCounted is told of each count of the moderation queue, by its part
// (queueWaiting).
func (*seams) queueCounted(store.QueuePart) {}

// unseenRead is told of each reading of the challenges an actor may not
// see (unseenChallenges).
func (*seams) unseenRead() {}

// voted is told, with the vote's context, that the store committed a vote
// (VoteFrom), before the vote settles its idea's threshold.
func (*seams) voted(context.Context) {}

// quarantinedAccounts reads the accounts in a quarantined group.
func (*seams) quarantinedAccounts(ctx context.Context, st *store.Store) ([]int64, error) {
	return st.QuarantinedAccounts(ctx)
}

// finishHolds runs finish (Store.FinishHolds).
func (*seams) finishHolds(ctx context.Context, finish func(context.Context) ([]int64, error)) ([]int64, error) {
	return finish(ctx)
}

// integrityVotes reads what a scan of a challenge needs.
func (*seams) integrityVotes(ctx context.Context, st *store.Store, challengeID int64) ([]integrity.Vote, map[int64]bool, error) {
	return st.IntegrityVotes(ctx, challengeID)
}

// uploadsWritten is what a write that names uploads it saved answered
// (err), as its caller takes it.
func (*seams) uploadsWritten(err error) error { return err }
