package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"cocreate/app/domain"
	"cocreate/app/integrity"
	"cocreate/app/store"
)

// integrityState is the service's part of vote integrity: the hasher of
// networks and user agents under the key derived once from the mail key,
// and a lock so that one scan of a challenge runs at a time.
type integrityState struct {
	once   sync.Once
	hasher *integrity.Hasher
	scan   sync.Mutex
	// quarantined is the accounts in a quarantined group of any challenge
	// (nil until first read), so that their acts are held as they are
	// cast; reload replaces it after every change to quarantine made here,
	// and each RunIntegrity tick for those made on other nodes.
	quarantined atomic.Pointer[map[int64]bool]
	reload      sync.Mutex
}

// signalHasher hashes a vote's signals (integrity.Hasher: its HMACs are
// reused from vote to vote).
func (s *Service) signalHasher() *integrity.Hasher {
	s.integ.once.Do(func() { s.integ.hasher = integrity.NewHasher(integrity.Key(s.MailSecret)) })
	return s.integ.hasher
}

// actSignals are the integrity signals a vote, rating, pair answer or
// buying intent keeps, with the flag that has it held for review as it is
// cast when the actor is quarantined (VoteSignals.Quarantined).
func (s *Service) actSignals(ctx context.Context, actor *domain.User, client Client, now time.Time) (store.VoteSignals, error) {
	sig := s.signalHasher().Of(client.Addr, client.UserAgent, actor.CreatedAt, now)
	watched, err := s.quarantinedVoter(ctx, actor.ID)
	return store.VoteSignals{Net: sig.Net, UA: sig.UA, Age: sig.Age, Quarantined: watched}, err
}

// quarantinedVoter says whether an account is in a quarantined group of
// some challenge; the store then asks, in the act's own insert, whether it
// is the act's challenge. It reads the set once, then from memory.
func (s *Service) quarantinedVoter(ctx context.Context, userID int64) (bool, error) {
	if m := s.integ.quarantined.Load(); m != nil {
		return (*m)[userID], nil
	}
	if err := s.reloadQuarantined(ctx); err != nil {
		return false, err
	}
	return (*s.integ.quarantined.Load())[userID], nil
}

// reloadQuarantined reads the quarantined accounts again, after a change
// has committed: reloads run one at a time, so the last one's read is the
// newest.
func (s *Service) reloadQuarantined(ctx context.Context) error {
	s.integ.reload.Lock()
	defer s.integ.reload.Unlock()
	users, err := s.seams.quarantinedAccounts(ctx, s.store)
	if err != nil {
		return err
	}
	m := make(map[int64]bool, len(users))
	for _, u := range users {
		m[u] = true
	}
	s.integ.quarantined.Store(&m)
	return nil
}

// scanChallenge runs the detectors over a challenge's votes and records
// what they found: groups keep their ids from scan to scan, and a group
// over the quarantine bar has its votes held out of the tally at once.
// Detection reads a snapshot beside the vote path, never in it; only the
// result is one short write, and the hold of a big group (more acts than
// one write should take) a few more short writes after it (finishHolds).
func (s *Service) scanChallenge(ctx context.Context, challengeID int64) error {
	s.integ.scan.Lock()
	defer s.integ.scan.Unlock()
	newest, err := s.store.NewestVote(ctx, challengeID)
	if err != nil {
		return err
	}
	votes, cleared, err := s.seams.integrityVotes(ctx, s.store, challengeID)
	if err != nil {
		return err
	}
	groups := integrity.Detect(votes, cleared, s.Integrity)
	changed := false
	err = s.store.SaveIntegrityScan(ctx, challengeID, newest, func(stored []integrity.Stored) []integrity.Change {
		ch := integrity.Reconcile(stored, groups, s.Integrity)
		changed = len(ch) > 0
		return ch
	})
	if err != nil {
		return err
	}
	if changed {
		s.pairsChanged(challengeID) // a quarantine holds comparisons too
		// First: the members' acts are held as cast before the big
		// holds begin.
		s.reloadAfterCommit(ctx, "scan", challengeID)
	}
	s.finishHoldsAfterCommit(ctx, "scan", challengeID, 0, s.finishAllHolds)
	return nil
}

// finishHolds holds (or releases) the acts of the groups whose hold (or
// clear) is not finished (finish: Store.FinishHolds, or FinishGroupHold
// for one group: a group too big for the scan's or the decision's own
// write, a range of ideas a write, or one a crash or a stop interrupted).
//
// Store.FinishHolds is called under integ.scan, as a scan is: a hold
// (mark 1) plans from the group's members, which a scan of its challenge
// may add to. A decision's FinishGroupHold of its own group is not: a
// decided group never changes again (integrity.Reconcile), so its release
// can meet only another finish of the same release (a scan's or a tick's
// FinishHolds here, or another node's), and those are safe together (each
// write locks the group's row first, reads its mark, and moves only what
// is left: Store.FinishHolds).
func (s *Service) finishHolds(ctx context.Context, finish func(context.Context) ([]int64, error)) error {
	challenges, err := s.seams.finishHolds(ctx, finish)
	for _, c := range challenges {
		s.pairsChanged(c)
	}
	return err
}

// finishAllHolds is Store.FinishHolds, a clear's buyers counted again on
// a design going into production told (productionNotices).
func (s *Service) finishAllHolds(ctx context.Context) ([]int64, error) {
	return s.store.FinishHolds(ctx, productionNotices)
}

// finishHoldsAfterCommit is finishHolds after a scan or a decision (what,
// in challenge; group 0 for a scan) has committed: a failure is logged,
// not returned, for the change is saved and answered as it is (a big
// group quarantined or cleared, marked), and the next integrity tick
// (ScanDue) finishes its hold or release.
func (s *Service) finishHoldsAfterCommit(ctx context.Context, what string, challengeID, groupID int64, finish func(context.Context) ([]int64, error)) {
	if err := s.finishHolds(ctx, finish); err != nil {
		slog.Error("integrity: finishing the holds after a committed "+what+" failed; the next integrity tick finishes them",
			"challenge", challengeID, "group", groupID, "err", err)
	}
}

// reloadAfterCommit is reloadQuarantined after a change to quarantine has
// committed (what, in challenge): a failed read is logged, not returned,
// for the change is saved, and RunIntegrity's next tick reads the set
// again (meanwhile this node holds or counts acts as before the change).
func (s *Service) reloadAfterCommit(ctx context.Context, what string, challengeID int64) {
	if err := s.reloadQuarantined(ctx); err != nil {
		slog.Error("integrity: reading the quarantined accounts after a committed "+what+" failed; the next integrity tick reads them again",
			"challenge", challengeID, "err", err)
	}
}

func (s *Service) integrityChallenge(ctx context.Context, actor *domain.User, challengeID int64) error {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return err
	}
	_, err := s.Challenge(ctx, actor, challengeID)
	return err
}

// ScanIntegrity scans a challenge now, for an admin, and answers the report.
func (s *Service) ScanIntegrity(ctx context.Context, actor *domain.User, challengeID int64) (store.IntegrityReport, error) {
	if err := s.integrityChallenge(ctx, actor, challengeID); err != nil {
		return store.IntegrityReport{}, err
	}
	if err := s.scanChallenge(ctx, challengeID); err != nil {
		return store.IntegrityReport{}, err
	}
	return s.store.IntegrityReport(ctx, challengeID)
}

// IntegrityReport is a challenge's last scan, for an admin.
func (s *Service) IntegrityReport(ctx context.Context, actor *domain.User, challengeID int64) (store.IntegrityReport, error) {
	if err := s.integrityChallenge(ctx, actor, challengeID); err != nil {
		return store.IntegrityReport{}, err
	}
	return s.store.IntegrityReport(ctx, challengeID)
}

// GroupTimeline is the votes of a challenge over time in buckets, the
// group's apart from everyone else's, for an admin.
func (s *Service) GroupTimeline(ctx context.Context, actor *domain.User, challengeID, groupID int64, buckets int) (start, width time.Duration, group, others []int, err error) {
	if err := s.integrityChallenge(ctx, actor, challengeID); err != nil {
		return 0, 0, nil, nil, err
	}
	return s.store.GroupTimeline(ctx, challengeID, groupID, buckets)
}

// MaxIntegrityReason bounds the reason an admin gives for a decision.
const MaxIntegrityReason = 500

// DecideIntegrityGroup carries out an admin's decision on a suspected or
// quarantined group: "remove" deletes its votes in the challenge (a reason
// is required: it is published in the integrity log), "clear" counts them
// again and keeps its accounts out of later scans of the challenge.
func (s *Service) DecideIntegrityGroup(ctx context.Context, actor *domain.User, challengeID, groupID int64, action, reason string) (store.IntegrityGroup, error) {
	if err := s.integrityChallenge(ctx, actor, challengeID); err != nil {
		return store.IntegrityGroup{}, err
	}
	if action != "remove" && action != "clear" {
		return store.IntegrityGroup{}, domain.Invalid("action", "unknown_action", `action must be "remove" or "clear"`)
	}
	reason = strings.TrimSpace(reason)
	min := 0
	if action == "remove" {
		min = 1
	}
	if err := domain.TextField("reason", reason, min, MaxIntegrityReason); err != nil {
		return store.IntegrityGroup{}, err
	}
	tell := func(title string, fans []int64) []domain.Outgoing {
		return domain.VotesRemovedNotices(challengeID, title, reason, fans)
	}
	err := s.store.DecideIntegrityGroup(ctx, challengeID, groupID, actor.ID, action, reason, tell, productionNotices, func(status string) error {
		if !integrity.Undecided(status) {
			return domain.Conflict("group_decided", "this group was already "+status)
		}
		return nil
	})
	if err != nil {
		return store.IntegrityGroup{}, err
	}
	s.pairsChanged(challengeID)
	s.reloadAfterCommit(ctx, "decision", challengeID)
	// A big group's clear releases its acts a range of ideas a write: this
	// group's alone, waiting for no scan, nor for other groups' holds.
	s.finishHoldsAfterCommit(ctx, "decision", challengeID, groupID, func(ctx context.Context) ([]int64, error) {
		return s.store.FinishGroupHold(ctx, groupID, productionNotices)
	})
	return s.store.IntegrityGroup(ctx, challengeID, groupID)
}

// The integrity log's pages: IntegrityLogLimit entries unless asked, at
// most IntegrityLogMax.
const (
	IntegrityLogLimit = 50
	IntegrityLogMax   = 200
)

// IntegrityLogPage is one page of a challenge's integrity log, newest
// first, and where the next begins (nil: this is the last), with the
// challenge read to decide who may see it (the page shows it).
type IntegrityLogPage struct {
	Challenge domain.Challenge
	Entries   []store.IntegrityLogEntry
	Next      *domain.Cursor
}

// IntegrityLog is a page of a challenge's public log of removed votes
// after the cursor after (nil: the newest): anyone who may see the
// challenge may read it. limit is the page's size as asked ("":
// IntegrityLogLimit), 1 to IntegrityLogMax, refused as the other lists'
// limits are (400 invalid_limit naming limit) before anything is read:
// the rule is here alone. The page and the API read it here.
func (s *Service) IntegrityLog(ctx context.Context, actor *domain.User, challengeID int64, after *domain.Cursor, limit string) (IntegrityLogPage, error) {
	n, err := domain.ListLimit(limit, IntegrityLogLimit, IntegrityLogMax)
	if err != nil {
		return IntegrityLogPage{}, err
	}
	c, err := s.Challenge(ctx, actor, challengeID)
	if err != nil {
		return IntegrityLogPage{}, err
	}
	// The log counts votes by idea: a blind judge sees none until the
	// results (domain.MaskFor).
	mask, err := s.IdeaMask(ctx, actor, c)
	if err != nil {
		return IntegrityLogPage{}, err
	}
	if mask.Votes {
		return IntegrityLogPage{}, domain.Forbidden("a blind judge sees no votes until the results are published")
	}
	entries, next, err := s.store.IntegrityLogPage(ctx, challengeID, after, n)
	if err != nil {
		return IntegrityLogPage{}, err
	}
	return IntegrityLogPage{Challenge: c, Entries: entries, Next: next}, nil
}

// RunIntegrity scans, every interval until ctx ends, each challenge that
// has had votes since its last scan, and drops the signals of votes in
// challenges closed more than integrity.Retention ago.
func (s *Service) RunIntegrity(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	var swept time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		// Another node may have quarantined or released accounts.
		if err := s.reloadQuarantined(ctx); err != nil && ctx.Err() == nil && log != nil {
			log.Error("reading quarantined accounts", "err", err)
		}
		began := time.Now()
		if err := s.ScanDue(ctx); err != nil && ctx.Err() == nil && log != nil {
			log.Error("integrity scan", "err", err)
		} else if took := time.Since(began); took > 100*time.Millisecond && log != nil {
			// What the scans cost, beside the requests they share the
			// machine with (the bench reads it against its loads).
			log.Info("integrity scan", "took", took.Round(time.Millisecond))
		}
		if time.Since(swept) > time.Hour {
			swept = time.Now()
			if n, err := s.store.DropVoteSignals(ctx, s.now().Add(-integrity.Retention)); err != nil && ctx.Err() == nil && log != nil {
				log.Error("dropping vote signals", "err", err)
			} else if n > 0 && log != nil {
				log.Info("dropped vote signals", "votes", n)
			}
		}
	}
}

// ScanDue finishes the holds left unfinished (a crash or a stop in the
// middle of one: the first tick after a start finishes them), then scans
// every challenge with votes since its last scan. A failure stops no other
// part: a hold that fails is tried again at the next tick, and so is a
// challenge whose scan fails, while the others are scanned now. It answers
// every failure, joined (RunIntegrity logs it).
func (s *Service) ScanDue(ctx context.Context) error {
	var errs []error
	s.integ.scan.Lock()
	err := s.finishHolds(ctx, s.finishAllHolds)
	s.integ.scan.Unlock()
	if err != nil {
		errs = append(errs, fmt.Errorf("finishing the unfinished holds: %w", err))
	}
	due, err := s.store.IntegrityScansDue(ctx)
	if err != nil {
		return errors.Join(append(errs, err)...)
	}
	for _, d := range due {
		if ctx.Err() != nil {
			return errors.Join(append(errs, ctx.Err())...)
		}
		if err := s.scanChallenge(ctx, d.ChallengeID); err != nil {
			errs = append(errs, fmt.Errorf("scanning challenge %d: %w", d.ChallengeID, err))
		}
	}
	return errors.Join(errs...)
}
