package store

import (
	"context"
	"database/sql"
	"fmt"

	"cocreate/app/integrity"
)

// holdChunk is the most acts a write of a hold (or a release) moves
// (FinishHolds), and the most a scan or a clear moves in its own write: a
// bigger group is held a range of ideas at a time, each range its own
// write, so that the votes queued behind it wait for one range, not for
// the whole ring. Chosen with BenchmarkHoldOfARing (2,000 accounts,
// 100,000 votes on 2,000 ideas) at 500, 1,000, 2,000 and 4,000: writes of
// ~5, ~7, ~10 and ~21 ms on SQLite, the whole hold 0.74–0.96, 0.48–0.50,
// 0.41–0.55 and 0.39–0.54 s (one write: 0.20 s). At 1,000 a write stays a
// few ms (33 ms on PostgreSQL, where the UPDATE of 1,000 votes alone takes
// 14) without doubling the hold again as 500 does. README "Decisions".
const holdChunk = 1000

// The marks of integrity_groups.holding (migration 070): a hold or a
// release of a group's acts that is not finished. A hold's mark is odd: 1,
// and 2 more each time a scan gives a group whose hold is under way more
// members' acts to hold (reHold). A hold planned before (another node's)
// then reads a mark not its own at its next write and stops, rather than
// going on to unmark the group with the new members' acts on the ideas it
// had done still counted; the next FinishHolds (the scan's own, after its
// write) plans again with every member.
const (
	holdMark    = 1 // quarantined: its members' acts are being held
	releaseMark = 2 // cleared: its members' held acts are being released
)

// reHold is a group's new mark when a scan leaves its members' acts to
// FinishHolds (its argument: holdMark).
const reHold = `CASE WHEN holding % 2 = 1 THEN holding + 2 ELSE ? END`

// marked is what a mark is for: the status the group keeps while the mark
// stands, and what its members' acts become (held 1, or 0: counted).
func marked(mark int) (status string, held int) {
	if mark == releaseMark {
		return integrity.Cleared, 0
	}
	return integrity.Quarantined, 1
}

// unfinished says whether a group in status with mark has a hold or a
// release under way: one FinishHolds finishes.
func unfinished(status string, mark int) bool {
	want, _ := marked(mark)
	return mark != 0 && status == want
}

// FinishHolds finishes the holds and releases of group's acts that are
// marked unfinished (holding: a quarantine, or an admin's clear, of a group
// with more acts than one write should move, or one that a crash or a
// stop interrupted), each group a range of ideas at a time: every range
// is a write of its own, and votes queued meanwhile are written between
// two of them.
//
// What a reader sees between two writes: a group partly held (or partly
// released), its members' acts on the ideas done held (out of the
// tallies, in votes_under_review) and the rest still counted (or still
// held), as before the scan (or the clear). Every write is consistent on
// its own (each idea it touches is recounted in it, so tallies equal
// counted votes at every commit); the partial state lasts as long as the
// writes, where before the whole hold was one write that stalled every
// vote behind it; and while it lasts the members' new acts are held as
// cast (after a clear, counted as cast).
//
// An admin's decision between two writes of a hold wins: each write reads
// the group's status and mark first in its own transaction (on PostgreSQL
// locking its row, first, before the ideas and then the acts: the one lock
// order of lock_order_test.go) and, the group no longer quarantined or
// marked otherwise, moves nothing. A clear releases whatever was held so
// far (itself a range at a time if the group is big: it marks the group
// for release, which the hold's next write reads and stops), and a removal
// deletes every act of the members, held or not: nothing is left held. A
// clear is final (a group cleared is decided), so nothing stops a release.
//
// A crash, a stop or an error between two writes loses nothing: the group
// stays marked, and the next FinishHolds plans the rest again from the
// acts not moved yet and finishes it.
//
// A release tells the buyers each write counts again on a design already
// going into production as tellReleased chooses, in that write
// (tellReleased; nil tells no one).
//
// It says in which challenges it moved acts (their pair fits are stale),
// even with an error.
func (s *Store) FinishHolds(ctx context.Context, tellReleased BuyersTell) ([]int64, error) {
	return s.finishHolds(ctx, tellReleased, "")
}

// FinishGroupHold is FinishHolds for one group: its hold or release if it
// is marked unfinished, and nothing of any other group's.
func (s *Store) FinishGroupHold(ctx context.Context, groupID int64, tellReleased BuyersTell) ([]int64, error) {
	return s.finishHolds(ctx, tellReleased, " AND id = ?", groupID)
}

// finishHolds is FinishHolds of the marked groups that also meet cond
// (with its arguments; "": every one).
func (s *Store) finishHolds(ctx context.Context, tellReleased BuyersTell, cond string, args ...any) ([]int64, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, challenge_id, holding, status FROM integrity_groups
		WHERE holding <> 0`+cond+` ORDER BY id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the unfinished holds: %w", err)
	}
	type hold struct {
		group, challenge int64
		mark             int
	}
	var groups []hold
	for rows.Next() {
		var g hold
		var status string
		if err := rows.Scan(&g.group, &g.challenge, &g.mark, &status); err != nil {
			rows.Close()
			return nil, err
		}
		if unfinished(status, g.mark) {
			groups = append(groups, g)
		}
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("store: unable to read the unfinished holds: %w", err)
	}
	var challenges []int64
	for _, g := range groups {
		challenges = append(challenges, g.challenge)
		if err := s.finishHold(ctx, g.group, g.challenge, g.mark, tellReleased); err != nil {
			return challenges, err
		}
	}
	return challenges, nil
}

// finishHold moves a group's acts not moved yet, a range of ideas a write
// (integrity.HoldRanges over what holdPlan reads), the last write
// unmarking it.
func (s *Store) finishHold(ctx context.Context, groupID, challengeID int64, mark int, tellReleased BuyersTell) error {
	_, held := marked(mark)
	acts, err := s.holdPlan(ctx, groupID, challengeID, held)
	if err != nil {
		return err
	}
	ranges := integrity.HoldRanges(acts, holdChunk)
	for i, r := range ranges {
		if h := s.hooks.Load(); h != nil && h.betweenHolds != nil && i > 0 {
			if err := h.betweenHolds(groupID, i); err != nil {
				return err
			}
		}
		more, err := s.holdRange(ctx, groupID, challengeID, mark, r, i == len(ranges)-1, tellReleased)
		if err != nil {
			return err
		}
		if !more {
			return nil // decided meanwhile
		}
	}
	return nil
}

// holdPlan reads, beside the writer, how many acts of a group's members
// are not yet held (as held says: 1 held, 0 counted) on each idea (a pair
// answer on its lower idea), in id order: what is left to move. Acts cast
// after it are in the ranges too (they cover every id) and are moved with
// the rest.
func (s *Store) holdPlan(ctx context.Context, groupID, challengeID int64, held int) ([]integrity.IdeaActs, error) {
	const members = ` WHERE challenge_id = ? AND held <> ? AND user_id IN (SELECT user_id FROM integrity_members WHERE group_id = ?)`
	args := []any{challengeID, held, groupID}
	rows, err := s.r.QueryContext(ctx, `SELECT idea, COUNT(*) FROM (
		SELECT idea_id AS idea FROM votes`+members+`
		UNION ALL SELECT idea_id FROM ratings`+members+`
		UNION ALL SELECT low_id FROM comparisons`+members+`
		UNION ALL SELECT idea_id FROM intents`+members+`
		) x GROUP BY idea ORDER BY idea`, concat(args, args, args, args)...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read the acts to hold: %w", err)
	}
	defer rows.Close()
	var out []integrity.IdeaActs
	for rows.Next() {
		var a integrity.IdeaActs
		if err := rows.Scan(&a.Idea, &a.Acts); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// holdRange is one write of a hold (or a release): the acts of the
// group's members on the ideas of r are held (or released) and those ideas
// recounted, the last write unmarking the group; a release's buyers
// counted again on a design going into production are told in it
// (tellReleased). It says false, having moved nothing, if the group is no
// longer marked so, or no longer in the status its mark is for (then it
// unmarks it).
func (s *Store) holdRange(ctx context.Context, groupID, challengeID int64, mark int, r integrity.IdeaRange, last bool, tellReleased BuyersTell) (bool, error) {
	want, held := marked(mark)
	var more bool
	// A write that holds votes alone changes only tallies (and the group's
	// mark, read live): the caches kept per ContentVersion outlive it, as
	// they outlive a vote; a storm's readers no longer read every idea's
	// text again after each of a big hold's writes.
	err := s.writeTallyUnless(ctx, func(tx *sql.Tx, content *bool) error {
		more = false
		// The group's row first (PostgreSQL: locked, before any idea),
		// as a decision does: one that committed before is read here,
		// one that comes after waits for this write.
		var status string
		var now int
		err := tx.QueryRow(`SELECT status, holding FROM integrity_groups WHERE id = ?`+s.forUpdate, groupID).Scan(&status, &now)
		if err == sql.ErrNoRows || err == nil && now != mark {
			return nil // gone, or taken over: a decision's mark, or a scan's new hold
		}
		if err != nil {
			return err
		}
		if status == want {
			in, ok, err := challengeIdeas(tx, challengeID, r)
			if err != nil {
				return err
			}
			if ok {
				h, err := s.holdActs(tx, challengeID, holdSpec{who: groupMembers, args: []any{groupID}, ideas: &in}, held)
				if err != nil {
					return err
				}
				// Notices move ContentVersion (the unread badge is kept
				// per it).
				told, err := s.tellReleased(tx, s.Now(), h.released, tellReleased)
				if err != nil {
					return err
				}
				*content = h.beyondTallies() || told
			}
			if !last {
				more = true
				return nil
			}
		}
		_, err = tx.Exec(`UPDATE integrity_groups SET holding = 0 WHERE id = ?`, groupID)
		return err
	})
	return more, err
}

// challengeIdeas narrows r to the ideas of the challenge there are at this
// write (one added since the plan is in it), and says whether any is left.
// The first and the last range of a hold are open (every id below, every
// id above: HoldRanges), and a range is walked by its ideas' ids (holdSpec),
// so unnarrowed they would walk every act on the ideas of every challenge
// created before this one's, or after it, in one write.
func challengeIdeas(tx *sql.Tx, challengeID int64, r integrity.IdeaRange) (integrity.IdeaRange, bool, error) {
	var lo, hi sql.NullInt64
	if err := tx.QueryRow(`SELECT (SELECT MIN(id) FROM ideas WHERE challenge_id = ?), (SELECT MAX(id) FROM ideas WHERE challenge_id = ?)`,
		challengeID, challengeID).Scan(&lo, &hi); err != nil {
		return r, false, fmt.Errorf("store: unable to read the challenge's ideas: %w", err)
	}
	if !lo.Valid || !hi.Valid {
		return r, false, nil
	}
	r.Lo, r.Hi = max(r.Lo, lo.Int64), min(r.Hi, hi.Int64)
	return r, r.Lo <= r.Hi, nil
}
