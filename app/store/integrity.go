package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"cocreate/app/domain"
	"cocreate/app/integrity"
)

// IntegrityVotes reads what a scan of a challenge needs: every vote with its
// signals, and the accounts an admin cleared (left out of later scans).
func (s *Store) IntegrityVotes(ctx context.Context, challengeID int64) ([]integrity.Vote, map[int64]bool, error) {
	tx, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		return nil, nil, err
	}
	defer tx.Rollback()
	// Ratings, pair choices and buying intents (#16) are seen as votes: a
	// rating or an intent for its idea (at its last change, whose signals
	// it keeps), a choice for the idea chosen.
	rows, err := tx.QueryContext(ctx, `SELECT user_id, idea_id, created_at, COALESCE(net, 0), COALESCE(ua, 0), COALESCE(age, 0)
		FROM votes WHERE challenge_id = ?
		UNION ALL SELECT user_id, idea_id, updated_at, COALESCE(net, 0), COALESCE(ua, 0), COALESCE(age, 0)
		FROM ratings WHERE challenge_id = ?
		UNION ALL SELECT user_id, winner_id, created_at, COALESCE(net, 0), COALESCE(ua, 0), COALESCE(age, 0)
		FROM comparisons WHERE challenge_id = ? AND winner_id IS NOT NULL
		UNION ALL SELECT user_id, idea_id, updated_at, COALESCE(net, 0), COALESCE(ua, 0), COALESCE(age, 0)
		FROM intents WHERE challenge_id = ?`, challengeID, challengeID, challengeID, challengeID)
	if err != nil {
		return nil, nil, fmt.Errorf("store: unable to read votes for a scan: %w", err)
	}
	defer rows.Close()
	var out []integrity.Vote
	for rows.Next() {
		var v integrity.Vote
		if err := rows.Scan(&v.User, &v.Idea, &v.At, &v.Net, &v.UA, &v.Age); err != nil {
			return nil, nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	cleared := map[int64]bool{}
	crows, err := tx.QueryContext(ctx, `SELECT m.user_id FROM integrity_members m JOIN integrity_groups g ON g.id = m.group_id
		WHERE g.challenge_id = ? AND g.status = 'cleared'`, challengeID)
	if err != nil {
		return nil, nil, fmt.Errorf("store: unable to read cleared accounts: %w", err)
	}
	defer crows.Close()
	for crows.Next() {
		var u int64
		if err := crows.Scan(&u); err != nil {
			return nil, nil, err
		}
		cleared[u] = true
	}
	return out, cleared, crows.Err()
}

// storedGroup is a stored group with what a scan may rewrite of it.
type storedGroup struct {
	integrity.Stored
	score   float64
	signals string
	ideas   string
	votes   int
}

// storedGroups reads a challenge's groups and their members; lock is
// appended to the query (a scan's " FOR NO KEY UPDATE OF g", or "").
func storedGroups(tx *sql.Tx, challengeID int64, lock string) ([]storedGroup, error) {
	rows, err := tx.Query(`SELECT g.id, g.status, g.score, g.signals, g.idea_ids, g.votes, m.user_id FROM integrity_groups g
		JOIN integrity_members m ON m.group_id = g.id WHERE g.challenge_id = ? ORDER BY g.id, m.user_id`+lock, challengeID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read integrity groups: %w", err)
	}
	defer rows.Close()
	var out []storedGroup
	for rows.Next() {
		var g storedGroup
		var user int64
		if err := rows.Scan(&g.ID, &g.Status, &g.score, &g.signals, &g.ideas, &g.votes, &user); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].ID != g.ID {
			out = append(out, g)
		}
		out[len(out)-1].Users = append(out[len(out)-1].Users, user)
	}
	return out, rows.Err()
}

// sweepMargin is how far before the previous scan's newest act the scan
// looks for acts of quarantined accounts that were counted: a vote's time
// is taken before it reaches the writer, and on PostgreSQL another node's
// clock may run behind.
const sweepMargin = time.Minute

// SaveIntegrityScan records a scan of a challenge in one transaction. plan
// (integrity.Reconcile over the scan's groups) is given the groups stored
// now and says what becomes of them; the store writes what changed: a
// group's row when its figures did, the members that joined or left, and
// for quarantined groups their members' acts held out of the counters.
// Acts of quarantined accounts are held as they are cast (VoteSignals.
// Quarantined); the scan only sweeps up those that slipped through (a node
// that did not know yet): every act of a member new to quarantine, and for
// the others the acts cast since the previous scan's newest. seen is the
// newest act the scan covered.
func (s *Store) SaveIntegrityScan(ctx context.Context, challengeID, seen int64, plan func([]integrity.Stored) []integrity.Change) error {
	now := s.Now()
	return s.write(ctx, func(tx *sql.Tx) error {
		// One scan of a challenge at a time, whatever node runs it: two at
		// once both found no group for the same farm and each added one,
		// so that an admin's clearing one left the other holding the farm's
		// votes (TestTwoNodesScanningAtOnceMakeOneGroup).
		if err := s.lockFor(tx, "integrity scan", challengeID); err != nil {
			return err
		}
		// The groups are locked as they are read (PostgreSQL), first, in
		// id order: an admin's decision on another node (which locks its
		// group first too) commits before and is read here, or waits for
		// this scan. Read unlocked, a group an admin cleared meanwhile was
		// continued as quarantined and its UPDATE wrote the status back
		// over the admin's (TestScanDoesNotUndoADecision).
		lock := ""
		if s.postgres {
			lock = s.forUpdate + " OF g"
		}
		stored, err := storedGroups(tx, challengeID, lock)
		if err != nil {
			return err
		}
		var previous int64
		if err := tx.QueryRow(`SELECT COALESCE(MAX(seen), 0) FROM integrity_scans WHERE challenge_id = ?`, challengeID).Scan(&previous); err != nil {
			return err
		}
		plain := make([]integrity.Stored, len(stored))
		byID := make(map[int64]storedGroup, len(stored))
		for i, g := range stored {
			plain[i] = g.Stored
			byID[g.ID] = g
		}
		var sweep []int64    // quarantined before, by id
		var holds []holdSpec // the acts the scan holds, all at once at the end
		var later []int64    // groups too big to hold here: FinishHolds holds them
		for _, ch := range plan(plain) {
			if ch.Delete {
				if _, err := tx.Exec(`DELETE FROM integrity_members WHERE group_id = ?`, ch.ID); err != nil {
					return err
				}
				if _, err := tx.Exec(`DELETE FROM integrity_groups WHERE id = ? AND status = 'suspected'`, ch.ID); err != nil {
					return err
				}
				continue
			}
			sigs, _ := json.Marshal(ch.Group.Signals)
			ideas, _ := json.Marshal(nonNil(ch.Group.Ideas))
			id, old := ch.ID, byID[ch.ID]
			if id == 0 {
				if err := tx.QueryRow(`INSERT INTO integrity_groups (challenge_id, status, score, signals, idea_ids, votes, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, challengeID, ch.Status, ch.Group.Score, string(sigs), string(ideas),
					ch.Group.Votes, ms(now), ms(now)).Scan(&id); err != nil {
					return fmt.Errorf("store: unable to add an integrity group: %w", err)
				}
			} else if old.Status != ch.Status || old.score != ch.Group.Score || old.signals != string(sigs) ||
				old.ideas != string(ideas) || old.votes != ch.Group.Votes {
				if _, err := tx.Exec(`UPDATE integrity_groups SET status = ?, score = ?, signals = ?, idea_ids = ?, votes = ?, updated_at = ?
					WHERE id = ?`, ch.Status, ch.Group.Score, string(sigs), string(ideas), ch.Group.Votes, ms(now), id); err != nil {
					return fmt.Errorf("store: unable to update integrity group %d: %w", id, err)
				}
			}
			joined, left := memberChanges(old.Users, ch.Group.Users)
			if err := s.removeMembers(tx, id, left); err != nil {
				return err
			}
			if err := addMembers(tx, id, joined); err != nil {
				return err
			}
			if ch.Status != integrity.Quarantined {
				continue
			}
			if old.Status == integrity.Quarantined {
				sweep = append(sweep, id)
			}
			// The acts to hold: the group's, or for a group quarantined
			// before, its new members' share of them.
			acts := ch.Group.Votes
			if old.Status == integrity.Quarantined {
				acts = acts * len(joined) / max(len(ch.Group.Users), 1)
			}
			if acts > holdChunk {
				// More than one write of the writer's should take: the
				// group is marked, and FinishHolds holds every act of
				// its members, a range of ideas a write, once this
				// commits. From then on what they cast is held as cast
				// (castWatched), as the service reads the quarantined
				// accounts again first.
				later = append(later, id)
				continue
			}
			if old.Status == integrity.Quarantined {
				if len(joined) > 0 {
					// The members that joined: every act they cast.
					cond, args := s.inIDs("user_id", joined)
					holds = append(holds, holdSpec{who: cond, args: args})
				}
			} else {
				holds = append(holds, holdSpec{who: groupMembers, args: []any{id}})
			}
		}
		if len(sweep) > 0 {
			// The members quarantined before: what they cast since.
			cond, args := s.inIDs("group_id", sweep)
			holds = append(holds, holdSpec{who: `user_id IN (SELECT user_id FROM integrity_members WHERE ` + cond + `)`, args: args,
				since: max(previous-sweepMargin.Milliseconds(), 0)})
		}
		// Every group's ideas locked at once, in id order, then its acts
		// held and the ideas recounted.
		held, err := s.markHeld(tx, challengeID, holds, 1)
		if err != nil {
			return err
		}
		if err := s.recountHeld(tx, held); err != nil {
			return err
		}
		if len(later) > 0 {
			cond, args := s.inIDs("id", later)
			if _, err := tx.Exec(`UPDATE integrity_groups SET holding = `+reHold+` WHERE `+cond, append([]any{holdMark}, args...)...); err != nil {
				return fmt.Errorf("store: unable to mark integrity groups to hold: %w", err)
			}
		}
		_, err = tx.Exec(`INSERT INTO integrity_scans (challenge_id, scanned_at, seen) VALUES (?, ?, ?)
			ON CONFLICT (challenge_id) DO UPDATE SET scanned_at = excluded.scanned_at, seen = excluded.seen`, challengeID, ms(now), seen)
		return err
	})
}

// memberChanges compares a group's stored members with its new ones: who
// joined and who left.
func memberChanges(stored, now []int64) (joined, left []int64) {
	stored, now = slices.Sorted(slices.Values(stored)), slices.Sorted(slices.Values(now))
	i, j := 0, 0
	for i < len(stored) || j < len(now) {
		switch {
		case j == len(now) || i < len(stored) && stored[i] < now[j]:
			left = append(left, stored[i])
			i++
		case i == len(stored) || now[j] < stored[i]:
			joined = append(joined, now[j])
			j++
		default:
			i, j = i+1, j+1
		}
	}
	return joined, left
}

// removeMembers removes users from a group, in one statement (inIDs takes
// a list of any length).
func (s *Store) removeMembers(tx *sql.Tx, groupID int64, users []int64) error {
	if len(users) == 0 {
		return nil
	}
	cond, args := s.inIDs("user_id", users)
	if _, err := tx.Exec(`DELETE FROM integrity_members WHERE group_id = ? AND `+cond, append([]any{groupID}, args...)...); err != nil {
		return fmt.Errorf("store: unable to remove members of integrity group %d: %w", groupID, err)
	}
	return nil
}

// addMembers adds users to a group, up to 256 rows a statement.
func addMembers(tx *sql.Tx, groupID int64, users []int64) error {
	for len(users) > 0 {
		n := min(len(users), 256)
		args := make([]any, 0, 2*n)
		for _, u := range users[:n] {
			args = append(args, groupID, u)
		}
		if _, err := tx.Exec(`INSERT INTO integrity_members (group_id, user_id) VALUES (?, ?)`+strings.Repeat(", (?, ?)", n-1), args...); err != nil {
			return fmt.Errorf("store: unable to add members to integrity group %d: %w", groupID, err)
		}
		users = users[n:]
	}
	return nil
}

// groupMembers is the condition "a member of the group" (its argument).
const groupMembers = `user_id IN (SELECT user_id FROM integrity_members WHERE group_id = ?)`

// holdActs sets held (1: out of the counters, 0: counted) on the votes,
// ratings, comparisons and buying intents in a challenge of the acts spec
// names, and recounts the ideas whose acts moved: each table in one
// statement, each recount in a few.
func (s *Store) holdActs(tx *sql.Tx, challengeID int64, spec holdSpec, held int) (heldIdeas, error) {
	h, err := s.markHeld(tx, challengeID, []holdSpec{spec}, held)
	if err != nil {
		return h, err
	}
	return h, s.recountHeld(tx, h)
}

// holdSpec names the acts a hold moves: those of the accounts who names (a
// condition on user_id, with its arguments), changed at or after since
// (ms; 0: all), and with ideas set, on those ideas only (a pair answer by
// its lower idea).
type holdSpec struct {
	who   string
	args  []any
	since int64
	ideas *integrity.IdeaRange
}

// where is the spec's condition on a table's acts in a challenge that are
// not held (held: what they are to become), at the time column at, whose
// idea is in col, with its arguments. On a range of ideas, the unary
// pluses keep SQLite from reaching the acts by the challenge's index (every
// act of the challenge, at every write of the hold) or by their accounts
// (every act of every member) rather than by the range of their ideas
// (the primary key, or comparisons_low).
func (sp holdSpec) where(challengeID int64, held int, at, col string) (string, []any) {
	if sp.ideas == nil {
		return `challenge_id = ? AND held <> ? AND ` + at + ` >= ? AND ` + sp.who, append([]any{challengeID, held, sp.since}, sp.args...)
	}
	return col + ` BETWEEN ? AND ? AND +challenge_id = ? AND held <> ? AND +` + at + ` >= ? AND +` + sp.who,
		append([]any{sp.ideas.Lo, sp.ideas.Hi, challengeID, held, sp.since}, sp.args...)
}

// heldIdeas are the ideas whose acts a hold moved, by table: their
// counters are to be recounted (recountHeld).
type heldIdeas struct {
	voted, rated, compared, bought []int64
	// released are the intents a release (held 1 → 0) counted again.
	released []ideaBuyer
}

// ideaBuyer is one fan's intent on one design.
type ideaBuyer struct{ idea, user int64 }

// beyondTallies says whether acts other than votes moved: their counts
// (rating, comparisons, buyers, units) are in what is kept per
// ContentVersion, where votes' are read live.
func (h heldIdeas) beyondTallies() bool {
	return len(h.rated)+len(h.compared)+len(h.bought) > 0
}

// recountHeld recounts the ideas of h, having locked them all at once in
// id order (lockIdeas; markHeld locked them already, so on PostgreSQL that
// statement waits for no one): a transaction that holds several groups'
// acts marks them in one markHeld and recounts once.
func (s *Store) recountHeld(tx *sql.Tx, h heldIdeas) error {
	if err := s.lockIdeas(tx, h.voted, h.rated, h.compared, h.bought); err != nil {
		return err
	}
	if err := s.recountVotes(tx, h.voted); err != nil {
		return err
	}
	if err := s.recountIntents(tx, h.bought); err != nil {
		return err
	}
	return s.recountMethods(tx, h.rated, h.compared)
}

// markHeld is holdActs without the recount, for several specs at once: it
// returns the ideas whose acts moved. On PostgreSQL it first reads which
// ideas the acts name and locks them all, in id order (lockIdeas), then
// moves only the acts on them: ideas before acts, the order every act's
// own write takes (a vote or its withdrawal locks its idea, then writes
// its row), so a member's withdrawal on another node cannot hold the idea
// while waiting for a row the hold took (TestHoldsLockIdeasBeforeActs:
// 40P01 before). An act another node commits meanwhile on another idea is
// left as it was cast: the quarantine's own check at the act (castWatched)
// or the next scan's sweep holds it.
func (s *Store) markHeld(tx *sql.Tx, challengeID int64, specs []holdSpec, held int) (heldIdeas, error) {
	var locked []int64
	if s.postgres {
		for _, sp := range specs {
			var parts []string
			var args []any
			for _, a := range [][2]string{{"votes", "created_at"}, {"ratings", "updated_at"}, {"comparisons", "created_at"}, {"intents", "updated_at"}} {
				cols := []string{"idea_id"}
				if a[0] == "comparisons" {
					cols = []string{"low_id", "high_id"}
				}
				where, whereArgs := sp.where(challengeID, held, a[1], cols[0])
				for _, col := range cols {
					parts = append(parts, `SELECT `+col+` FROM `+a[0]+` WHERE `+where)
					args = append(args, whereArgs...)
				}
			}
			ids, err := int64s(tx, strings.Join(parts, " UNION "), args...)
			if err != nil {
				return heldIdeas{}, fmt.Errorf("store: unable to read the ideas of acts to hold: %w", err)
			}
			locked = append(locked, ids...)
		}
		if err := s.lockIdeas(tx, locked); err != nil {
			return heldIdeas{}, err
		}
	}
	onLocked := s.lockedActs(0, challengeID, locked)
	// update holds one table's rows and returns, row after row, the
	// columns cols of those it moved (ideas first).
	update := func(table, at string, cols []string, ideas ...string) ([]int64, error) {
		var out []int64
		cond, condArgs := onLocked.on("", ideas)
		for _, sp := range specs {
			where, whereArgs := sp.where(challengeID, held, at, ideas[0])
			args := append(append([]any{held}, whereArgs...), condArgs...)
			got, err := ideasOfUpdate(tx, `UPDATE `+table+` SET held = ? WHERE `+where+cond+
				` RETURNING `+strings.Join(cols, ", "), len(cols), args...)
			if err != nil {
				return nil, fmt.Errorf("store: unable to hold %s: %w", table, err)
			}
			out = append(out, got...)
		}
		return out, nil
	}
	// moved holds one table's rows and returns the ideas they name.
	moved := func(table, at string, ideas ...string) ([]int64, error) {
		out, err := update(table, at, ideas, ideas...)
		slices.Sort(out)
		return slices.Compact(out), err
	}
	var h heldIdeas
	var err error
	if h.voted, err = moved("votes", "created_at", "idea_id"); err != nil {
		return h, err
	}
	if h.rated, err = moved("ratings", "updated_at", "idea_id"); err != nil {
		return h, err
	}
	if h.compared, err = moved("comparisons", "created_at", "low_id", "high_id"); err != nil {
		return h, err
	}
	if held != 0 {
		h.bought, err = moved("intents", "updated_at", "idea_id")
		return h, err
	}
	// A release also says whose intents it counted again (tellReleased).
	rows, err := update("intents", "updated_at", []string{"idea_id", "user_id"}, "idea_id")
	if err != nil {
		return h, err
	}
	for i := 0; i+1 < len(rows); i += 2 {
		h.bought = append(h.bought, rows[i])
		h.released = append(h.released, ideaBuyer{idea: rows[i], user: rows[i+1]})
	}
	slices.Sort(h.bought)
	h.bought = slices.Compact(h.bought)
	return h, nil
}

// ideasOfUpdate runs an UPDATE … RETURNING n idea columns and gives every
// idea id it returned.
func ideasOfUpdate(tx *sql.Tx, q string, n int, args ...any) ([]int64, error) {
	rows, err := tx.Query(q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	row := make([]int64, n)
	ptrs := make([]any, n)
	for i := range row {
		ptrs[i] = &row[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, row...)
	}
	return out, rows.Err()
}

// recountVotes sets the ideas' votes, votes_under_review and hot score
// from their stored votes (those held for review in votes_under_review):
// a few statements for any number of ideas (recountScored).
func (s *Store) recountVotes(tx *sql.Tx, ideas []int64) error {
	return s.recountScored(tx, ideas, "votes", `UPDATE ideas SET
			votes = (SELECT COUNT(*) FROM votes v WHERE v.idea_id = ideas.id AND v.held = 0),
			votes_under_review = (SELECT COUNT(*) FROM votes v WHERE v.idea_id = ideas.id AND v.held <> 0)
			WHERE %s RETURNING id, votes, created_at`, "hot",
		func(votes, created int64) float64 { return domain.HotScore(int(votes), fromMS(created)) })
}

// recountScored runs set (an UPDATE of ideas WHERE %s, returning each
// idea's id and two integers a and b) on ideas, a chunk at a time
// (chunks), then sets their column col to score(a, b).
func (s *Store) recountScored(tx *sql.Tx, ideas []int64, what, set, col string, score func(a, b int64) float64) error {
	return s.chunks(ideas, func(cond string, args []any) error {
		rows, err := tx.Query(fmt.Sprintf(set, cond), args...)
		if err != nil {
			return fmt.Errorf("store: unable to count %s: %w", what, err)
		}
		var ids []int64
		var scores []float64
		for rows.Next() {
			var id, a, b int64
			if err := rows.Scan(&id, &a, &b); err != nil {
				rows.Close()
				return fmt.Errorf("store: unable to count %s: %w", what, err)
			}
			ids, scores = append(ids, id), append(scores, score(a, b))
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("store: unable to count %s: %w", what, err)
		}
		return s.setIdeaFloats(tx, col, ids, scores)
	})
}

// setIdeaFloats sets a REAL column of ideas, each its own value, in one
// statement.
func (s *Store) setIdeaFloats(tx *sql.Tx, col string, ids []int64, values []float64) error {
	if len(ids) == 0 {
		return nil
	}
	if s.postgres {
		if _, err := tx.Exec(`UPDATE ideas SET `+col+` = t.v FROM unnest(?::bigint[], ?::double precision[]) AS t(id, v)
			WHERE ideas.id = t.id`, ids, values); err != nil {
			return fmt.Errorf("store: unable to set the %s of ideas: %w", col, err)
		}
		return nil
	}
	var q strings.Builder
	args := make([]any, 0, 3*len(ids))
	q.WriteString(`UPDATE ideas SET ` + col + ` = CASE id`)
	for i, id := range ids {
		q.WriteString(` WHEN ? THEN ?`)
		args = append(args, id, values[i])
	}
	q.WriteString(` END WHERE id IN (?` + strings.Repeat(`, ?`, len(ids)-1) + `)`)
	for _, id := range ids {
		args = append(args, id)
	}
	if _, err := tx.Exec(q.String(), args...); err != nil {
		return fmt.Errorf("store: unable to set the %s of ideas: %w", col, err)
	}
	return nil
}

// int64s is the one column of a query's rows, in a transaction or not.
func int64s(db querier, q string, args ...any) ([]int64, error) {
	rows, err := db.QueryContext(context.Background(), q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

func nonNil(l []int64) []int64 {
	if l == nil {
		return []int64{}
	}
	return l
}

// IntegrityGroup is a stored group as the admin sees it.
type IntegrityGroup struct {
	ID        int64
	Users     []int64
	Ideas     []int64
	Signals   []integrity.Signal
	Score     float64
	Votes     int
	Status    string
	Reason    string
	UpdatedAt time.Time
	// Holding: the group's hold (quarantined) or release (cleared) is
	// under way, FinishHolds still has acts of it to move (or a crash or
	// a stop interrupted it, and the next integrity tick finishes it).
	Holding bool
	// Acts is what its members did in the challenge by kind, as stored
	// now (held or not; nothing once removed): Votes above counts every
	// act the scan read, of any kind.
	Acts ActCounts
}

// IntegrityReport is a challenge's last scan.
type IntegrityReport struct {
	ScannedAt        time.Time // zero: never scanned
	Groups           []IntegrityGroup
	QuarantinedVotes int
	// Held is the challenge's held acts of the other kinds.
	Held domain.HeldActs
}

// IntegrityReport reads a challenge's groups (the highest score first) and
// its votes held for review.
func (s *Store) IntegrityReport(ctx context.Context, challengeID int64) (IntegrityReport, error) {
	var r IntegrityReport
	tx, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		return r, err
	}
	defer tx.Rollback()
	var at sql.NullInt64
	if err := tx.QueryRow(`SELECT MAX(scanned_at) FROM integrity_scans WHERE challenge_id = ?`, challengeID).Scan(&at); err != nil {
		return r, err
	}
	if at.Valid {
		r.ScannedAt = fromMS(at.Int64)
	}
	if err := tx.QueryRow(`SELECT COALESCE(SUM(votes_under_review), 0) FROM ideas WHERE challenge_id = ?`, challengeID).Scan(&r.QuarantinedVotes); err != nil {
		return r, err
	}
	rows, err := tx.Query(`SELECT id, status, score, signals, idea_ids, votes, reason, updated_at, holding FROM integrity_groups
		WHERE challenge_id = ? ORDER BY CASE status WHEN 'quarantined' THEN 0 WHEN 'suspected' THEN 1 ELSE 2 END, score DESC, id`, challengeID)
	if err != nil {
		return r, fmt.Errorf("store: unable to read integrity groups: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var g IntegrityGroup
		var sigs, ideas string
		var updated int64
		var mark int
		if err := rows.Scan(&g.ID, &g.Status, &g.Score, &sigs, &ideas, &g.Votes, &g.Reason, &updated, &mark); err != nil {
			return r, err
		}
		g.Holding = unfinished(g.Status, mark)
		if err := json.Unmarshal([]byte(sigs), &g.Signals); err != nil {
			return r, fmt.Errorf("store: unable to read integrity group %d's signals: %w", g.ID, err)
		}
		if err := json.Unmarshal([]byte(ideas), &g.Ideas); err != nil {
			return r, fmt.Errorf("store: unable to read integrity group %d's ideas: %w", g.ID, err)
		}
		g.UpdatedAt = fromMS(updated)
		r.Groups = append(r.Groups, g)
	}
	if err := rows.Err(); err != nil {
		return r, err
	}
	for i := range r.Groups {
		if r.Groups[i].Users, err = int64s(tx, `SELECT user_id FROM integrity_members WHERE group_id = ? ORDER BY user_id`, r.Groups[i].ID); err != nil {
			return r, err
		}
	}
	acts, err := s.groupActs(ctx, challengeID)
	if err != nil {
		return r, err
	}
	for i := range r.Groups {
		r.Groups[i].Acts = acts[r.Groups[i].ID]
	}
	r.Held, err = s.heldTotals(ctx, challengeID)
	return r, err
}

// IntegrityGroup reads one group of a challenge; 404 when it is not there.
func (s *Store) IntegrityGroup(ctx context.Context, challengeID, groupID int64) (IntegrityGroup, error) {
	r, err := s.IntegrityReport(ctx, challengeID)
	if err != nil {
		return IntegrityGroup{}, err
	}
	for _, g := range r.Groups {
		if g.ID == groupID {
			return g, nil
		}
	}
	return IntegrityGroup{}, domain.NotFound("group")
}

// GroupCheck decides, inside the decision's transaction, whether a group in
// this status may take the action.
type GroupCheck func(status string) error

// DecideIntegrityGroup carries out an admin's decision on a group, in one
// transaction. "remove" deletes every vote of its members in the
// challenge: the tallies follow, the budgets with them (they count stored
// votes), the public log gets an entry (ideas and counts, no accounts) and
// the notices tellRemoved chooses are written. "clear" counts the held
// votes again: here for a small group, a range of ideas a write after it
// (FinishHolds) for a big one; the buyers it counts again on a design
// already going into production are told as tellReleased chooses
// (tellReleased, in the same write as their release).
func (s *Store) DecideIntegrityGroup(ctx context.Context, challengeID, groupID, actorID int64, action, reason string, tellRemoved RemovedTell, tellReleased BuyersTell, check GroupCheck) error {
	now := s.Now()
	return s.write(ctx, func(tx *sql.Tx) error {
		// The group's row is locked first (PostgreSQL), before any idea:
		// a member's act on another node that locked it first
		// (shareQuarantine) has committed before the acts are read below,
		// and one that comes after waits for this decision and reads the
		// group decided. Two admins deciding at once decide one after the
		// other, the second's check seeing the first's status.
		var status string
		var votes int
		err := tx.QueryRow(`SELECT status, votes FROM integrity_groups WHERE id = ? AND challenge_id = ?`+s.forUpdate, groupID, challengeID).Scan(&status, &votes)
		if err == sql.ErrNoRows {
			return domain.NotFound("group")
		}
		if err != nil {
			return err
		}
		if err := check(status); err != nil {
			return err
		}
		switch action {
		case "clear":
			// A group with more acts than one write should move is
			// marked for release, and FinishHolds releases them a range
			// of ideas a write (a hold still under way reads the mark
			// and stops); a small one is released here.
			mark := 0
			if votes > holdChunk {
				mark = releaseMark
			} else {
				h, err := s.holdActs(tx, challengeID, holdSpec{who: groupMembers, args: []any{groupID}}, 0)
				if err != nil {
					return err
				}
				if _, err := s.tellReleased(tx, now, h.released, tellReleased); err != nil {
					return err
				}
			}
			_, err = tx.Exec(`UPDATE integrity_groups SET status = 'cleared', holding = ?, reason = ?, decided_by = ?, updated_at = ? WHERE id = ?`,
				mark, reason, actorID, ms(now), groupID)
			return err
		case "remove":
			return s.removeGroupVotes(tx, challengeID, groupID, actorID, reason, now, tellRemoved)
		}
		return domain.Invalid("action", "unknown_action", "action is remove or clear")
	})
}

// RemovedTell chooses the notices of a group's removed votes: title is the
// challenge's, fans the members whose votes, ratings, choices or buying
// intents in it were removed.
type RemovedTell func(title string, fans []int64) []domain.Outgoing

func (s *Store) removeGroupVotes(tx *sql.Tx, challengeID, groupID, actorID int64, reason string, now time.Time, tellRemoved RemovedTell) error {
	// The ideas the members' acts touch are locked (PostgreSQL) before those
	// acts are read, and everything after reads and deletes only the acts
	// on them (lockedActs): an act of a member that another node commits
	// meanwhile on one of them is read with the rest and its idea counted
	// again; on another idea it is left as if cast just after the removal,
	// its tally untouched. Read first and locked later, such an act was
	// deleted by the blanket DELETE while its idea, not read, kept the
	// count (TestGroupRemovalReadsItsActsUnderItsLock).
	// On SQLite nothing is locked and no condition added (lockedActs), so
	// the read is skipped: the removal reads its acts once, as before.
	var touched []int64
	if s.postgres {
		var err error
		touched, err = int64s(tx, `SELECT a.idea_id`+memberActs("votes")+`
		UNION SELECT a.idea_id`+memberActs("ratings")+`
		UNION SELECT a.low_id`+memberActs("comparisons")+`
		UNION SELECT a.high_id`+memberActs("comparisons")+`
		UNION SELECT a.idea_id`+memberActs("intents"),
			groupID, challengeID, groupID, challengeID, groupID, challengeID, groupID, challengeID, groupID, challengeID)
		if err != nil {
			return fmt.Errorf("store: unable to read a group's ideas: %w", err)
		}
		if err := s.lockIdeas(tx, touched); err != nil {
			return err
		}
	}
	acts := s.lockedActs(groupID, challengeID, touched)
	voted, votedArgs := acts.of("votes", "idea_id")
	rated, ratedArgs := acts.of("ratings", "idea_id")
	compared, comparedArgs := acts.of("comparisons", "low_id", "high_id")
	bought, boughtArgs := acts.of("intents", "idea_id")
	rows, err := tx.Query(`SELECT idea_id, COUNT(*) FROM (
		SELECT a.idea_id`+voted+`
		UNION ALL SELECT a.idea_id`+rated+`
		UNION ALL SELECT a.winner_id`+compared+` AND a.winner_id IS NOT NULL
		UNION ALL SELECT a.idea_id`+bought+`
		) x GROUP BY idea_id ORDER BY idea_id`, concat(votedArgs, ratedArgs, comparedArgs, boughtArgs)...)
	if err != nil {
		return err
	}
	type lost struct {
		IdeaID int64 `json:"idea_id"`
		Votes  int   `json:"votes"`
	}
	var losses []lost
	var ideas []int64
	total := 0
	for rows.Next() {
		var l lost
		if err := rows.Scan(&l.IdeaID, &l.Votes); err != nil {
			rows.Close()
			return err
		}
		losses = append(losses, l)
		ideas = append(ideas, l.IdeaID)
		total += l.Votes
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return fmt.Errorf("store: unable to count a group's votes: %w", err)
	}
	if err := rows.Close(); err != nil {
		return fmt.Errorf("store: unable to count a group's votes: %w", err)
	}
	members, err := int64s(tx, `SELECT m.user_id`+voted+`
		UNION SELECT m.user_id`+rated+`
		UNION SELECT m.user_id`+compared+`
		UNION SELECT m.user_id`+bought+` ORDER BY 1`,
		concat(votedArgs, ratedArgs, comparedArgs, boughtArgs)...)
	if err != nil {
		return err
	}
	if err := s.removeMethodActs(tx, acts); err != nil {
		return err
	}
	cond, args := acts.delete("idea_id")
	if _, err := tx.Exec(`DELETE FROM votes WHERE `+cond, args...); err != nil {
		return fmt.Errorf("store: unable to remove a group's votes: %w", err)
	}
	if err := s.recountVotes(tx, ideas); err != nil {
		return err
	}
	if _, err := tx.Exec(`UPDATE integrity_groups SET status = 'removed', holding = 0, votes = ?, reason = ?, decided_by = ?, updated_at = ? WHERE id = ?`,
		total, reason, actorID, ms(now), groupID); err != nil {
		return err
	}
	raw, _ := json.Marshal(append([]lost{}, losses...))
	if _, err := tx.Exec(`INSERT INTO integrity_log (challenge_id, group_id, idea_ids, votes_removed, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		challengeID, groupID, string(raw), total, reason, ms(now)); err != nil {
		return fmt.Errorf("store: unable to write the integrity log: %w", err)
	}
	var title string
	if err := tx.QueryRow(`SELECT title FROM challenges WHERE id = ?`, challengeID).Scan(&title); err != nil {
		return err
	}
	return tell(tx, now, tellRemoved(title, members))
}

// IntegrityLogEntry is one removal in a challenge's public log.
type IntegrityLogEntry struct {
	ID           int64 // its place in the log's order, with At (IntegrityLogPage's cursor)
	At           time.Time
	Ideas        []IdeaVotes
	VotesRemoved int
	Reason       string
}

// IdeaVotes is how many votes one idea lost.
type IdeaVotes struct {
	IdeaID int64 `json:"idea_id"`
	Votes  int   `json:"votes"`
}

// IntegrityLogPage reads at most limit (0: no limit) of a challenge's
// removals, newest first (created_at, then id, both descending: a total
// order, so two pages meet exactly), after the cursor after (nil: from
// the newest), by a keyset rather than OFFSET. next is the cursor of the
// page's last entry when more follow it (one row more is read to know),
// else nil. A cursor's Key is the entry's created_at in milliseconds, its
// ID the entry's id.
func (s *Store) IntegrityLogPage(ctx context.Context, challengeID int64, after *domain.Cursor, limit int) (out []IntegrityLogEntry, next *domain.Cursor, err error) {
	q, args := integrityLogQuery(challengeID, after, limit)
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("store: unable to read the integrity log: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e IntegrityLogEntry
		var at int64
		var ideas string
		if err := rows.Scan(&e.ID, &at, &ideas, &e.VotesRemoved, &e.Reason); err != nil {
			return nil, nil, fmt.Errorf("store: unable to read the integrity log: %w", err)
		}
		e.At = fromMS(at)
		if err := json.Unmarshal([]byte(ideas), &e.Ideas); err != nil {
			return nil, nil, fmt.Errorf("store: unable to read an integrity log entry's ideas: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("store: unable to read the integrity log: %w", err)
	}
	if limit > 0 && len(out) > limit {
		out = out[:limit]
		last := out[limit-1]
		next = &domain.Cursor{Key: float64(ms(last.At)), ID: last.ID}
	}
	return out, next, nil
}

// integrityLogQuery is IntegrityLogPage's read: its limit's rows and one
// more (to know whether a page follows), walked in order from the index
// integrity_log_challenge (challenge_id, created_at, id; migration 109)
// from the cursor on.
func integrityLogQuery(challengeID int64, after *domain.Cursor, limit int) (string, []any) {
	q := `SELECT id, created_at, idea_ids, votes_removed, reason FROM integrity_log WHERE challenge_id = ?`
	args := []any{challengeID}
	if after != nil {
		at := int64(after.Key)
		q += ` AND (created_at, id) < (?, ?)` // a row value: a range of the index on PostgreSQL (listQueryOf)
		args = append(args, at, after.ID)
	}
	q += ` ORDER BY created_at DESC, id DESC`
	if limit > 0 {
		q += ` LIMIT ?`
		args = append(args, limit+1)
	}
	return q, args
}

// QuarantinedAccounts lists the accounts in a quarantined group of any
// challenge.
func (s *Store) QuarantinedAccounts(ctx context.Context) ([]int64, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT DISTINCT m.user_id FROM integrity_groups g
		JOIN integrity_members m ON m.group_id = g.id WHERE g.status = 'quarantined'`)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read quarantined accounts: %w", err)
	}
	defer rows.Close()
	var users []int64
	for rows.Next() {
		var u int64
		if err := rows.Scan(&u); err != nil {
			return nil, err
		}
		users = append(users, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to read quarantined accounts: %w", err)
	}
	return users, nil
}

// ScanDue is a challenge with votes newer than its last scan.
type ScanDue struct {
	ChallengeID int64
	Newest      int64 // the newest vote's time, ms
}

// IntegrityScansDue lists the challenges with votes cast since their last
// scan: for each challenge, its newest vote is one index probe.
func (s *Store) IntegrityScansDue(ctx context.Context) ([]ScanDue, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT c.id, (SELECT MAX(t) FROM (
		SELECT MAX(v.created_at) AS t FROM votes v WHERE v.challenge_id = c.id
		UNION ALL SELECT MAX(r.created_at) FROM ratings r WHERE r.challenge_id = c.id
		UNION ALL SELECT MAX(p.created_at) FROM comparisons p WHERE p.challenge_id = c.id
		UNION ALL SELECT MAX(t.updated_at) FROM intents t WHERE t.challenge_id = c.id) x) AS newest,
		COALESCE((SELECT seen FROM integrity_scans s WHERE s.challenge_id = c.id), 0) FROM challenges c`)
	if err != nil {
		return nil, fmt.Errorf("store: unable to find challenges to scan: %w", err)
	}
	defer rows.Close()
	var out []ScanDue
	for rows.Next() {
		var d ScanDue
		var newest sql.NullInt64
		var seen int64
		if err := rows.Scan(&d.ChallengeID, &newest, &seen); err != nil {
			return nil, err
		}
		if newest.Valid && newest.Int64 > seen {
			d.Newest = newest.Int64
			out = append(out, d)
		}
	}
	return out, rows.Err()
}

// NewestVote is the time (ms) of a challenge's newest vote, 0 if none.
func (s *Store) NewestVote(ctx context.Context, challengeID int64) (int64, error) {
	var n sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT MAX(t) FROM (SELECT MAX(created_at) AS t FROM votes WHERE challenge_id = ?
		UNION ALL SELECT MAX(created_at) FROM ratings WHERE challenge_id = ?
		UNION ALL SELECT MAX(created_at) FROM comparisons WHERE challenge_id = ?
		UNION ALL SELECT MAX(updated_at) FROM intents WHERE challenge_id = ?) x`, challengeID, challengeID, challengeID, challengeID).Scan(&n)
	return n.Int64, err
}

// DropVoteSignals forgets the signals of votes in challenges that closed
// (or whose voting closed) before the given time, and says how many votes
// it cleared.
func (s *Store) DropVoteSignals(ctx context.Context, closedBefore time.Time) (int64, error) {
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.Exec(`UPDATE votes SET net = NULL, ua = NULL, age = NULL
			WHERE (net IS NOT NULL OR ua IS NOT NULL OR age IS NOT NULL) AND challenge_id IN
			(SELECT id FROM challenges WHERE COALESCE(closed_at, voting_close_at) < ?)`, ms(closedBefore))
		if err != nil {
			return fmt.Errorf("store: unable to drop vote signals: %w", err)
		}
		n, _ = res.RowsAffected()
		// Intents keep the same signals and lose them on the same day.
		_, err = tx.Exec(`UPDATE intents SET net = NULL, ua = NULL, age = NULL
			WHERE (net IS NOT NULL OR ua IS NOT NULL OR age IS NOT NULL) AND challenge_id IN
			(SELECT id FROM challenges WHERE COALESCE(closed_at, voting_close_at) < ?)`, ms(closedBefore))
		if err != nil {
			return fmt.Errorf("store: unable to drop intent signals: %w", err)
		}
		// Ratings and pair choices keep the same signals, for as long.
		for _, table := range []string{"ratings", "comparisons"} {
			res, err := tx.Exec(`UPDATE `+table+` SET net = NULL, ua = NULL, age = NULL
				WHERE (net IS NOT NULL OR ua IS NOT NULL OR age IS NOT NULL) AND challenge_id IN
				(SELECT id FROM challenges WHERE COALESCE(closed_at, voting_close_at) < ?)`, ms(closedBefore))
			if err != nil {
				return fmt.Errorf("store: unable to drop the signals of %s: %w", table, err)
			}
			more, _ := res.RowsAffected()
			n += more
		}
		return nil
	})
	return n, err
}

// GroupTimeline is a challenge's votes (and ratings, pair choices and
// buying intents, #16) in time buckets: the group's and everyone else's,
// for the integrity page's chart.
func (s *Store) GroupTimeline(ctx context.Context, challengeID, groupID int64, buckets int) (start, width time.Duration, group, others []int, err error) {
	// Every act the scan reads, at the time it reads it (IntegrityVotes).
	rows, err := s.r.QueryContext(ctx, `SELECT x.at, EXISTS (SELECT 1 FROM integrity_members m WHERE m.group_id = ? AND m.user_id = x.user_id)
		FROM (SELECT created_at AS at, user_id FROM votes WHERE challenge_id = ?
			UNION ALL SELECT updated_at, user_id FROM ratings WHERE challenge_id = ?
			UNION ALL SELECT created_at, user_id FROM comparisons WHERE challenge_id = ? AND winner_id IS NOT NULL
			UNION ALL SELECT updated_at, user_id FROM intents WHERE challenge_id = ?) x`,
		groupID, challengeID, challengeID, challengeID, challengeID)
	if err != nil {
		return 0, 0, nil, nil, err
	}
	defer rows.Close()
	type pt struct {
		at  int64
		grp bool
	}
	var pts []pt
	for rows.Next() {
		var p pt
		if err := rows.Scan(&p.at, &p.grp); err != nil {
			return 0, 0, nil, nil, err
		}
		pts = append(pts, p)
	}
	if len(pts) == 0 || buckets < 1 {
		return 0, 0, nil, nil, rows.Err()
	}
	sort.Slice(pts, func(i, j int) bool { return pts[i].at < pts[j].at })
	lo, hi := pts[0].at, pts[len(pts)-1].at+1
	w := max((hi-lo+int64(buckets)-1)/int64(buckets), 1)
	group, others = make([]int, buckets), make([]int, buckets)
	for _, p := range pts {
		b := min(int((p.at-lo)/w), buckets-1)
		if p.grp {
			group[b]++
		} else {
			others[b]++
		}
	}
	return time.Duration(lo) * time.Millisecond, time.Duration(w) * time.Millisecond, group, others, nil
}
