package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"cocreate/app/domain"
	"cocreate/app/judging"
)

// AssignPlan makes a challenge's judge assignments (the rule is
// judging.PlanAssignments). It runs inside the transaction that writes
// them, and receives the challenge, its rubric, which of the named people
// hold the judge role, every shortlisted idea with its author and the
// people who acted on it as fans (actorsOf), and the assignments whose
// judge has filed a scorecard (scored).
type AssignPlan func(c domain.Challenge, r judging.Rubric, judges map[int64]bool, cands []judging.Candidate, scored []judging.Assignment) ([]judging.Assignment, error)

// AssignTell chooses who hears of a challenge's new judge assignments
// (judging.AssignedNotices), given those before and after.
type AssignTell func(c domain.Challenge, before, after []judging.Assignment) []domain.Outgoing

// AssignJudges replaces a challenge's judge assignments with those plan
// makes, and writes the notices tellNew chooses. An assignment in both
// stays as it was (its row, and when it was made).
func (s *Store) AssignJudges(ctx context.Context, challengeID int64, judgeIDs []int64, plan AssignPlan, tellNew AssignTell) ([]judging.Assignment, error) {
	now := s.Now()
	var out []judging.Assignment
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := s.shareChallenge(tx, challengeID); err != nil {
			return err
		}
		if err := s.lockAssignments(tx, challengeID); err != nil {
			return err
		}
		c, err := s.challengeTx(tx, challengeID)
		if err != nil {
			return err
		}
		judges, err := judgeRoles(ctx, tx, judgeIDs)
		if err != nil {
			return err
		}
		r, err := rubricTx(tx, challengeID)
		if err != nil {
			return err
		}
		cands, err := list(ctx, tx, "candidates", func(rows *sql.Rows) (judging.Candidate, error) {
			var cd judging.Candidate
			err := rows.Scan(&cd.IdeaID, &cd.AuthorID)
			return cd, err
		}, `SELECT id, author_id FROM ideas WHERE challenge_id = ? AND state = 'shortlisted' ORDER BY id`, challengeID)
		if err != nil {
			return err
		}
		for i := range cands {
			if cands[i].Excluded, err = actorsOf(ctx, tx, cands[i].IdeaID); err != nil {
				return err
			}
		}
		scored, err := list(ctx, tx, "scored assignments", func(rows *sql.Rows) (judging.Assignment, error) {
			var a judging.Assignment
			err := rows.Scan(&a.JudgeID, &a.IdeaID)
			return a, err
		}, `SELECT a.judge_id, a.idea_id FROM judge_assignments a
			JOIN scorecards sc ON sc.judge_id = a.judge_id AND sc.idea_id = a.idea_id
			WHERE a.challenge_id = ? ORDER BY a.idea_id, a.judge_id`, challengeID)
		if err != nil {
			return err
		}
		if out, err = plan(c, r, judges, cands, scored); err != nil {
			return err
		}
		before, err := assignmentsTx(ctx, tx, challengeID)
		if err != nil {
			return err
		}
		had := make(map[judging.Assignment]bool, len(before))
		for _, a := range before {
			had[a] = true
		}
		keep := make(map[judging.Assignment]bool, len(out))
		for _, a := range out {
			keep[a] = true
		}
		for _, a := range before {
			if keep[a] {
				continue
			}
			if _, err := tx.Exec(`DELETE FROM judge_assignments WHERE challenge_id = ? AND judge_id = ? AND idea_id = ?`,
				challengeID, a.JudgeID, a.IdeaID); err != nil {
				return fmt.Errorf("store: unable to remove an assignment: %w", err)
			}
		}
		for _, a := range out {
			if had[a] {
				continue
			}
			if _, err := tx.Exec(`INSERT INTO judge_assignments (challenge_id, judge_id, idea_id, created_at) VALUES (?, ?, ?, ?)`,
				challengeID, a.JudgeID, a.IdeaID, ms(now)); err != nil {
				return fmt.Errorf("store: unable to assign: %w", err)
			}
		}
		if tellNew == nil {
			return nil
		}
		return tell(tx, now, tellNew(c, before, out))
	})
	return out, err
}

// assignmentsTx lists a challenge's judge assignments.
func assignmentsTx(ctx context.Context, tx *sql.Tx, challengeID int64) ([]judging.Assignment, error) {
	return list(ctx, tx, "assignments", func(rows *sql.Rows) (judging.Assignment, error) {
		var a judging.Assignment
		err := rows.Scan(&a.JudgeID, &a.IdeaID)
		return a, err
	}, `SELECT judge_id, idea_id FROM judge_assignments WHERE challenge_id = ? ORDER BY judge_id, idea_id`, challengeID)
}

// judgeRoles tells which of ids hold the judge role.
func judgeRoles(ctx context.Context, tx *sql.Tx, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	for _, id := range ids {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM user_roles WHERE user_id = ? AND role = 'judge'`, id).Scan(&n); err != nil {
			return nil, fmt.Errorf("store: unable to read user %d's roles: %w", id, err)
		}
		out[id] = n > 0
	}
	return out, nil
}

// actorsOf lists who acted on an idea as a fan: voted for it, rated it,
// said they would buy it, or answered a pair naming it (a skip names
// neither). Held acts count too: they are the person's acts all the same.
func actorsOf(ctx context.Context, tx *sql.Tx, ideaID int64) ([]int64, error) {
	return list(ctx, tx, "voters", scanOne[int64], `SELECT user_id FROM votes WHERE idea_id = ?
		UNION SELECT user_id FROM ratings WHERE idea_id = ?
		UNION SELECT user_id FROM intents WHERE idea_id = ?
		UNION SELECT user_id FROM comparisons WHERE low_id = ? AND winner_id IS NOT NULL
		UNION SELECT user_id FROM comparisons WHERE high_id = ? AND winner_id IS NOT NULL
		ORDER BY 1`, ideaID, ideaID, ideaID, ideaID, ideaID)
}

// actedOn reports whether a person acted on an idea as a fan (see
// actorsOf).
func actedOn(ctx context.Context, tx *sql.Tx, userID, ideaID int64) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM (
		SELECT 1 FROM votes WHERE idea_id = ? AND user_id = ?
		UNION ALL SELECT 1 FROM ratings WHERE idea_id = ? AND user_id = ?
		UNION ALL SELECT 1 FROM intents WHERE idea_id = ? AND user_id = ?
		UNION ALL SELECT 1 FROM comparisons WHERE user_id = ? AND winner_id IS NOT NULL AND (low_id = ? OR high_id = ?)) x`,
		ideaID, userID, ideaID, userID, ideaID, userID, userID, ideaID, ideaID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: unable to read user %d's acts on idea %d: %w", userID, ideaID, err)
	}
	return n > 0, nil
}

// Assignment is one idea in a judge's queue.
type Assignment struct {
	ChallengeID int64
	Idea        domain.Idea
	Scored      bool
	Card        judging.Scorecard
	// Acted: the judge acted on the idea as a fan (actorsOf); when the
	// rubric excludes voters, their card does not count.
	Acted bool
}

// AssignmentsOf lists a judge's queue, unscored first.
func (s *Store) AssignmentsOf(ctx context.Context, judgeID int64) ([]Assignment, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+ideaColumns+`, COALESCE(sc.scores, ''), COALESCE(sc.comment, ''),
		CASE WHEN EXISTS (SELECT 1 FROM votes v WHERE v.idea_id = a.idea_id AND v.user_id = a.judge_id)
			OR EXISTS (SELECT 1 FROM ratings r WHERE r.idea_id = a.idea_id AND r.user_id = a.judge_id)
			OR EXISTS (SELECT 1 FROM intents t WHERE t.idea_id = a.idea_id AND t.user_id = a.judge_id)
			OR EXISTS (SELECT 1 FROM comparisons p WHERE p.user_id = a.judge_id AND p.winner_id IS NOT NULL AND (p.low_id = a.idea_id OR p.high_id = a.idea_id))
			THEN 1 ELSE 0 END
		FROM judge_assignments a JOIN ideas i ON i.id = a.idea_id JOIN users u ON u.id = i.author_id
		LEFT JOIN scorecards sc ON sc.judge_id = a.judge_id AND sc.idea_id = a.idea_id
		WHERE a.judge_id = ? ORDER BY sc.scores IS NOT NULL, i.challenge_id, i.id`, judgeID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to list assignments: %w", err)
	}
	defer rows.Close()
	out := []Assignment{}
	for rows.Next() {
		var a Assignment
		var scores, comment string
		var acted int
		idea, err := scanIdea(withExtra(rows, &scores, &comment, &acted))
		if err != nil {
			return nil, err
		}
		a.Idea, a.ChallengeID, a.Acted = idea, idea.ChallengeID, acted == 1
		a.Card = judging.Scorecard{JudgeID: judgeID, IdeaID: idea.ID, Comment: comment}
		if scores != "" {
			a.Scored = true
			if err := json.Unmarshal([]byte(scores), &a.Card.Scores); err != nil {
				return nil, fmt.Errorf("store: scorecard of idea %d is unreadable: %w", idea.ID, err)
			}
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	// The work itself, photos included: blind judging hides who made it,
	// never what it looks like.
	ids := make([]int64, len(out))
	for i := range out {
		ids[i] = out[i].Idea.ID
	}
	images, err := s.images(ctx, ids)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Idea.Images = images[out[i].Idea.ID]
	}
	return out, nil
}

// lockAssignments takes, on PostgreSQL, the lock of a challenge's judge
// assignments: a re-plan (AssignJudges) and a removal (SetAssignment)
// read which cards are filed and then delete assignments, and a card
// (SaveScorecard) is filed on its assignment; taking turns, a card filed
// on another node is seen by the re-plan, or finds its assignment gone.
func (s *Store) lockAssignments(tx *sql.Tx, challengeID int64) error {
	return s.lockFor(tx, "judge assignments", challengeID)
}

// ScoreCheck validates a scorecard inside the transaction: whether its
// judge is assigned the idea, and the challenge, rubric and idea when so,
// with whether the judge acted on the idea as a fan (actorsOf; all zero
// when not assigned: nothing of an idea not assigned is read).
type ScoreCheck func(assigned bool, c domain.Challenge, r judging.Rubric, idea domain.Idea, acted bool) error

// SaveScorecard stores a judge's scores for an idea, as check allows.
func (s *Store) SaveScorecard(ctx context.Context, card judging.Scorecard, check ScoreCheck) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		var challengeID int64
		err := tx.QueryRow(`SELECT challenge_id FROM judge_assignments WHERE judge_id = ? AND idea_id = ?`, card.JudgeID, card.IdeaID).Scan(&challengeID)
		if errors.Is(err, sql.ErrNoRows) {
			return check(false, domain.Challenge{}, judging.Rubric{}, domain.Idea{}, false)
		}
		if err != nil {
			return err
		}
		if err := s.shareChallenge(tx, challengeID); err != nil {
			return err
		}
		// Under the lock a re-plan or a removal takes (lockAssignments),
		// the assignment is read again: one taken away on another node
		// meanwhile is gone, and the card is refused, not left without it.
		if err := s.lockAssignments(tx, challengeID); err != nil {
			return err
		}
		var still bool
		if err := tx.QueryRow(`SELECT EXISTS (SELECT 1 FROM judge_assignments WHERE judge_id = ? AND idea_id = ?)`, card.JudgeID, card.IdeaID).Scan(&still); err != nil {
			return fmt.Errorf("store: unable to read judge %d's assignment: %w", card.JudgeID, err)
		}
		if !still {
			return check(false, domain.Challenge{}, judging.Rubric{}, domain.Idea{}, false)
		}
		c, err := s.challengeTx(tx, challengeID)
		if err != nil {
			return err
		}
		r, err := rubricTx(tx, challengeID)
		if err != nil {
			return err
		}
		idea, err := ideaTx(tx, card.IdeaID)
		if err != nil {
			return err
		}
		acted, err := actedOn(ctx, tx, card.JudgeID, card.IdeaID)
		if err != nil {
			return err
		}
		if err := check(true, c, r, idea, acted); err != nil {
			return err
		}
		raw, err := json.Marshal(card.Scores)
		if err != nil {
			return fmt.Errorf("store: unable to encode the scorecard: %w", err)
		}
		_, err = tx.Exec(`INSERT INTO scorecards (judge_id, idea_id, scores, comment, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (judge_id, idea_id) DO UPDATE SET scores = excluded.scores, comment = excluded.comment, updated_at = excluded.updated_at`,
			card.JudgeID, card.IdeaID, string(raw), card.Comment, ms(s.Now()))
		if err != nil {
			return fmt.Errorf("store: unable to save the scorecard: %w", err)
		}
		return nil
	})
}

// JudgingData is everything the results are computed from.
type JudgingData struct {
	Rubric      judging.Rubric
	Ideas       []domain.Idea
	Entries     []judging.Entry
	Cards       []judging.Scorecard
	Assignments []judging.Assignment
	// Acted lists the assignments whose judge acted on the idea as a fan
	// (actorsOf): when the rubric excludes voters, their cards do not
	// count (judging.Judged.Counted).
	Acted []judging.Assignment
	// Basis is how the shortlist was last made; nil when it was made
	// before bases were kept.
	Basis *judging.Basis
}

// Judged is the judges' side of d.
func (d JudgingData) Judged() judging.Judged {
	return judging.Judged{Rubric: d.Rubric, Assignments: d.Assignments, Cards: d.Cards, Acted: d.Acted}
}

// rowQuerier reads rows and single rows: the read pool, or a transaction.
type rowQuerier interface {
	querier
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// judgedOf reads a challenge's judges' side (judging.Judged) through q:
// the rubric (the default until one is set), the judge assignments, the
// scorecards of assigned judges (only theirs count: a reassignment leaves
// old cards behind, which must not sway the result), and which assigned
// judges acted on their idea as fans. Each list is sorted, so two
// readings compare (judging.Judged.Same).
func judgedOf(ctx context.Context, q rowQuerier, challengeID int64) (judging.Judged, error) {
	var j judging.Judged
	r, ok, err := rubricOf(q.QueryRowContext(ctx, `SELECT criteria, crowd_weight, blind, exclude_voters FROM rubrics WHERE challenge_id = ?`, challengeID))
	if err != nil {
		return j, err
	}
	if !ok {
		r = judging.DefaultRubric()
	}
	j.Rubric = r
	pair := func(rows *sql.Rows) (judging.Assignment, error) {
		var a judging.Assignment
		err := rows.Scan(&a.JudgeID, &a.IdeaID)
		return a, err
	}
	if j.Assignments, err = list(ctx, q, "assignments", pair,
		`SELECT judge_id, idea_id FROM judge_assignments WHERE challenge_id = ? ORDER BY idea_id, judge_id`, challengeID); err != nil {
		return j, err
	}
	if len(j.Assignments) == 0 {
		j.Assignments = nil
	}
	cards, err := list(ctx, q, "scorecards", func(rows *sql.Rows) (judging.Scorecard, error) {
		var c judging.Scorecard
		var raw string
		if err := rows.Scan(&c.JudgeID, &c.IdeaID, &raw, &c.Comment); err != nil {
			return c, err
		}
		if err := json.Unmarshal([]byte(raw), &c.Scores); err != nil {
			return c, fmt.Errorf("scorecard of judge %d for idea %d is unreadable: %w", c.JudgeID, c.IdeaID, err)
		}
		return c, nil
	}, `SELECT sc.judge_id, sc.idea_id, sc.scores, sc.comment FROM scorecards sc
		JOIN judge_assignments a ON a.judge_id = sc.judge_id AND a.idea_id = sc.idea_id
		WHERE a.challenge_id = ? ORDER BY sc.idea_id, sc.judge_id`, challengeID)
	if err != nil {
		return j, err
	}
	if len(cards) > 0 {
		j.Cards = cards
	}
	// The acts of actorsOf, of each assigned judge on their idea.
	acted, err := list(ctx, q, "judges' acts", pair, `SELECT a.judge_id, a.idea_id FROM judge_assignments a WHERE a.challenge_id = ? AND (
		EXISTS (SELECT 1 FROM votes v WHERE v.idea_id = a.idea_id AND v.user_id = a.judge_id)
		OR EXISTS (SELECT 1 FROM ratings r WHERE r.idea_id = a.idea_id AND r.user_id = a.judge_id)
		OR EXISTS (SELECT 1 FROM intents t WHERE t.idea_id = a.idea_id AND t.user_id = a.judge_id)
		OR EXISTS (SELECT 1 FROM comparisons p WHERE p.user_id = a.judge_id AND p.winner_id IS NOT NULL AND (p.low_id = a.idea_id OR p.high_id = a.idea_id)))
		ORDER BY a.idea_id, a.judge_id`, challengeID)
	if err != nil {
		return j, err
	}
	if len(acted) > 0 {
		j.Acted = acted
	}
	return j, nil
}

// Judging loads a challenge's rubric, shortlist, assignments and scorecards.
func (s *Store) Judging(ctx context.Context, challengeID int64) (JudgingData, error) {
	var d JudgingData
	j, err := judgedOf(ctx, s.r, challengeID)
	if err != nil {
		return d, err
	}
	d.Rubric, d.Assignments, d.Cards, d.Acted = j.Rubric, j.Assignments, j.Cards, j.Acted
	if d.Ideas, err = s.ShortlistOf(ctx, challengeID); err != nil {
		return d, err
	}
	assigned := map[int64]int{}
	for _, a := range d.Assignments {
		assigned[a.IdeaID]++
	}
	for _, idea := range d.Ideas {
		d.Entries = append(d.Entries, judging.Entry{IdeaID: idea.ID, Crowd: domain.CrowdScore(idea), Assigned: assigned[idea.ID]})
	}
	var raw string
	switch err := s.r.QueryRowContext(ctx, `SELECT basis FROM shortlist_bases WHERE challenge_id = ?`, challengeID).Scan(&raw); {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return d, fmt.Errorf("store: unable to load the shortlist's basis: %w", err)
	default:
		d.Basis = new(judging.Basis)
		if err := json.Unmarshal([]byte(raw), d.Basis); err != nil {
			return d, fmt.Errorf("store: the shortlist's basis is unreadable: %w", err)
		}
	}
	return d, nil
}

// PublishCheck decides, inside the transaction, whether a challenge's
// results may be published over the ranked ideas' current states and
// crowd tallies (judging.CheckPublish) and the judges' side as it now
// stands (judging.CheckJudged).
//
// undecided counts the challenge's groups of accounts voting together not
// yet removed or cleared; hidden, its shortlisted ideas hidden while their
// moderation is open (HiddenFinalists).
type PublishCheck func(c domain.Challenge, states map[int64]domain.State, tallies map[int64]judging.CrowdFigures, judged judging.Judged, undecided, hidden int) error

// OutcomeTell chooses the notices for a ranked idea's outcome; a is its
// audience (read for winners only; empty for the others).
type OutcomeTell func(r judging.Result, authorID int64, title string, a domain.Audience) []domain.Outgoing

// RestTell chooses the notices for the authors of the challenge's ideas
// still submitted (not shortlisted) when its results are published, given
// the authors of the ranked ideas (told by OutcomeTell).
type RestTell func(c domain.Challenge, authors []int64, ranked map[int64]bool) []domain.Outgoing

// PublishResults moves each ranked idea to its outcome (judging.Outcome:
// winner or not selected), sets the results time, saves the results as
// published and writes the notices tellOutcome chooses, and those
// tellRest chooses for the authors of its ideas still submitted, all in
// one transaction.
//
// check sees what the transaction reads, and on PostgreSQL that is the
// newest committed: the challenge's row is locked first (lockChallenge),
// so a scorecard, a rubric or an assignment saved on another node
// (shareChallenge) either committed before, and is read, or waits and then
// finds the results published; then the ranked ideas are locked, in id
// order as every recount locks them, so a vote, a rating or a pair's
// answer on one of them (each locks its idea) either committed before,
// and its tally is read, or waits and lands after the results. Read
// without the locks, a vote committed on another node between the read
// and the update was in the tally but not in the copy published.
func (s *Store) PublishResults(ctx context.Context, challengeID, actorID int64, published judging.Published, check PublishCheck, tellOutcome OutcomeTell, tellRest RestTell) error {
	now := s.Now()
	raw, err := json.Marshal(published)
	if err != nil {
		return fmt.Errorf("store: unable to encode the results: %w", err)
	}
	ranking := published.Ranking
	return s.write(ctx, func(tx *sql.Tx) error {
		// First, as a scan takes it first (SaveIntegrityScan): a scan on
		// another node commits its groups before the count below, or
		// waits for the results.
		if err := s.lockFor(tx, "integrity scan", challengeID); err != nil {
			return err
		}
		if err := s.lockChallenge(tx, challengeID); err != nil {
			return err
		}
		c, err := s.challengeTx(tx, challengeID)
		if err != nil {
			return err
		}
		ids := make([]int64, len(ranking))
		for i, r := range ranking {
			ids[i] = r.IdeaID
		}
		if err := s.lockIdeas(tx, ids); err != nil {
			return err
		}
		type row struct {
			author int64
			title  string
			state  domain.State
		}
		ideas := make(map[int64]row, len(ranking))
		states := make(map[int64]domain.State, len(ranking))
		tallies := make(map[int64]judging.CrowdFigures, len(ranking))
		for _, r := range ranking {
			var i row
			var f judging.CrowdFigures
			err := tx.QueryRow(`SELECT author_id, title, state, votes, ratings, rating_sum, comparisons, wins, score, score_sd, rank_score
				FROM ideas WHERE id = ?`, r.IdeaID).Scan(&i.author, &i.title, &i.state,
				&f.Votes, &f.Ratings, &f.RatingSum, &f.Comparisons, &f.Wins, &f.Score, &f.ScoreSD, &f.RankScore)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("store: unable to load idea %d: %w", r.IdeaID, err)
			}
			ideas[r.IdeaID], states[r.IdeaID] = i, i.state
			if err == nil {
				tallies[r.IdeaID] = f
			}
		}
		// Every idea shortlisted now, ranked or not: one shortlisted since
		// the ranking was read is a changed shortlist (a shortlist's write
		// shares the challenge's lock, so it committed before this read).
		listed, err := int64s(tx, `SELECT id FROM ideas WHERE challenge_id = ? AND state = 'shortlisted'`, challengeID)
		if err != nil {
			return fmt.Errorf("store: unable to read the shortlist: %w", err)
		}
		for _, id := range listed {
			if _, ok := states[id]; !ok {
				states[id] = domain.StateShortlisted
			}
		}
		judged, err := judgedOf(ctx, tx, challengeID)
		if err != nil {
			return err
		}
		var undecided int // groups of accounts voting together not yet removed or cleared
		if err := tx.QueryRow(`SELECT COUNT(*) FROM integrity_groups WHERE challenge_id = ? AND status IN ('suspected', 'quarantined')`,
			challengeID).Scan(&undecided); err != nil {
			return fmt.Errorf("store: unable to count the challenge's integrity groups: %w", err)
		}
		hidden, err := hiddenFinalists(ctx, tx, challengeID)
		if err != nil {
			return err
		}
		if err := check(c, states, tallies, judged, undecided, len(hidden)); err != nil {
			return err
		}
		for _, r := range ranking {
			i := ideas[r.IdeaID]
			to, _ := judging.Outcome(r)
			// Only from the shortlist: an idea moved since (hidden by a
			// moderator) keeps its state whatever check allowed.
			moved, err := setState(tx, r.IdeaID, actorID, domain.StateShortlisted, to, "", now)
			if err != nil {
				return err
			}
			if !moved {
				continue // moved on another node meanwhile (hidden): no outcome
			}
			var a domain.Audience
			if r.Winner {
				if a, err = audienceOf(ctx, tx, r.IdeaID); err != nil {
					return err
				}
			}
			if err := tell(tx, now, tellOutcome(r, i.author, i.title, a)); err != nil {
				return err
			}
		}
		if tellRest != nil {
			ranked := make(map[int64]bool, len(ideas))
			for _, i := range ideas {
				ranked[i.author] = true
			}
			rest, err := int64s(tx, `SELECT DISTINCT author_id FROM ideas WHERE challenge_id = ? AND state = 'submitted'`, challengeID)
			if err != nil {
				return fmt.Errorf("store: unable to read the challenge's other ideas: %w", err)
			}
			if err := tell(tx, now, tellRest(c, rest, ranked)); err != nil {
				return err
			}
		}
		if _, err := tx.Exec(`INSERT INTO published_results (challenge_id, results, saved_at) VALUES (?, ?, ?)`,
			challengeID, string(raw), ms(now)); err != nil {
			return fmt.Errorf("store: unable to save the published results: %w", err)
		}
		s.forgetChallenge(challengeID)
		if _, err := tx.Exec(`UPDATE challenges SET results_at = ?, updated_at = ? WHERE id = ?`, ms(now), ms(now), challengeID); err != nil {
			return fmt.Errorf("store: unable to publish the results: %w", err)
		}
		return queue(tx, "challenge", challengeID, now)
	})
}

// PublishedResults loads a challenge's results as published; ok is false
// when none were saved (not published, or published before they were).
func (s *Store) PublishedResults(ctx context.Context, challengeID int64) (p judging.Published, ok bool, err error) {
	var raw string
	err = s.r.QueryRowContext(ctx, `SELECT results FROM published_results WHERE challenge_id = ?`, challengeID).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	if err != nil {
		return p, false, fmt.Errorf("store: unable to load the published results: %w", err)
	}
	if err := json.Unmarshal([]byte(raw), &p); err != nil {
		return p, false, fmt.Errorf("store: the published results are unreadable: %w", err)
	}
	return p, true, nil
}

// SavePublishedResults keeps a copy of results published before copies
// were saved at publication. A copy already saved stays as it is.
func (s *Store) SavePublishedResults(ctx context.Context, challengeID int64, p judging.Published) error {
	raw, err := json.Marshal(p)
	if err != nil {
		return fmt.Errorf("store: unable to encode the results: %w", err)
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.Exec(`INSERT INTO published_results (challenge_id, results, saved_at) VALUES (?, ?, ?)
			ON CONFLICT (challenge_id) DO NOTHING`, challengeID, string(raw), ms(s.Now())); err != nil {
			return fmt.Errorf("store: unable to save the published results: %w", err)
		}
		return nil
	})
}

// PlacementCheck decides, inside the transaction, whether a judge may be
// put on or taken off an idea (judging.CheckPlacement).
type PlacementCheck func(p judging.Placement) error

// SetAssignment adds or removes one judge's assignment by hand, as check
// allows, and writes the notices tellNew chooses for an added one.
func (s *Store) SetAssignment(ctx context.Context, challengeID, judgeID, ideaID int64, assign bool, check PlacementCheck, tellNew AssignTell) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		p := judging.Placement{JudgeID: judgeID, Assign: assign, Idea: judging.Candidate{IdeaID: ideaID}}
		if err := s.shareChallenge(tx, challengeID); err != nil {
			return err
		}
		if err := s.lockAssignments(tx, challengeID); err != nil {
			return err
		}
		var err error
		if p.Challenge, err = s.challengeTx(tx, challengeID); err != nil {
			return err
		}
		roles, err := judgeRoles(ctx, tx, []int64{judgeID})
		if err != nil {
			return err
		}
		p.Judge = roles[judgeID]
		if p.Rubric, err = rubricTx(tx, challengeID); err != nil {
			return err
		}
		err = tx.QueryRow(`SELECT author_id, state FROM ideas WHERE id = ? AND challenge_id = ?`, ideaID, challengeID).Scan(&p.Idea.AuthorID, &p.IdeaState)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: unable to load idea %d: %w", ideaID, err)
		}
		if p.Idea.Excluded, err = actorsOf(ctx, tx, ideaID); err != nil {
			return err
		}
		var scored int
		if err := tx.QueryRow(`SELECT COUNT(*) FROM judge_assignments a
			JOIN scorecards sc ON sc.judge_id = a.judge_id AND sc.idea_id = a.idea_id
			WHERE a.challenge_id = ? AND a.judge_id = ? AND a.idea_id = ?`, challengeID, judgeID, ideaID).Scan(&scored); err != nil {
			return fmt.Errorf("store: unable to read whether judge %d scored idea %d: %w", judgeID, ideaID, err)
		}
		p.Scored = scored > 0
		if err := check(p); err != nil {
			return err
		}
		if !assign {
			_, err := tx.Exec(`DELETE FROM judge_assignments WHERE challenge_id = ? AND judge_id = ? AND idea_id = ?`, challengeID, judgeID, ideaID)
			return err
		}
		// The pair before (none, or itself) and after, for the notices.
		pair := []judging.Assignment{{JudgeID: judgeID, IdeaID: ideaID}}
		var had int
		if err := tx.QueryRow(`SELECT COUNT(*) FROM judge_assignments WHERE challenge_id = ? AND judge_id = ? AND idea_id = ?`,
			challengeID, judgeID, ideaID).Scan(&had); err != nil {
			return fmt.Errorf("store: unable to read the assignment: %w", err)
		}
		if _, err = tx.Exec(`INSERT INTO judge_assignments (challenge_id, judge_id, idea_id, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT DO NOTHING`, challengeID, judgeID, ideaID, ms(s.Now())); err != nil {
			return err
		}
		if tellNew == nil || had > 0 {
			return nil
		}
		return tell(tx, s.Now(), tellNew(p.Challenge, nil, pair))
	})
}

// Judges reports whether judgeID has any assignment in a challenge.
func (s *Store) Judges(ctx context.Context, judgeID, challengeID int64) (bool, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM judge_assignments WHERE judge_id = ? AND challenge_id = ?`, judgeID, challengeID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: unable to read assignments: %w", err)
	}
	return n > 0, nil
}
