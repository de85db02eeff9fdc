package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"

	"cocreate/app/domain"
	"cocreate/app/judging"
)

// AssignJudges replaces a challenge's judge assignments with those plan
// makes from the shortlist: plan receives every shortlisted idea with its
// author and, when the rubric asks, the judges who voted for it.
func (s *Store) AssignJudges(ctx context.Context, challengeID int64, judges []int64, plan func([]judging.Candidate) ([]judging.Assignment, error)) ([]judging.Assignment, error) {
	now := s.Now()
	var out []judging.Assignment
	err := s.write(ctx, func(tx *sql.Tx) error {
		c, err := s.challengeTx(tx, challengeID)
		if err != nil {
			return err
		}
		if c.ResultsAt != nil {
			return domain.Conflict("results_published", "the results are published; judging is over")
		}
		for i, id := range judges {
			var n int
			tx.QueryRow(`SELECT COUNT(*) FROM user_roles WHERE user_id = ? AND role = 'judge'`, id).Scan(&n)
			if n == 0 {
				return domain.Invalid(fmt.Sprintf("user_ids[%d]", i), "not_a_judge", fmt.Sprintf("user %d does not have the judge role", id))
			}
		}
		r, err := rubricOf(tx.QueryRow(`SELECT criteria, crowd_weight, blind, exclude_voters FROM rubrics WHERE challenge_id = ?`, challengeID))
		if err != nil {
			return err
		}
		rows, err := tx.Query(`SELECT id, author_id FROM ideas WHERE challenge_id = ? AND state = 'shortlisted' ORDER BY id`, challengeID)
		if err != nil {
			return err
		}
		var cands []judging.Candidate
		for rows.Next() {
			var cd judging.Candidate
			rows.Scan(&cd.IdeaID, &cd.AuthorID)
			cands = append(cands, cd)
		}
		rows.Close()
		if len(cands) == 0 {
			return domain.Conflict("no_shortlist", "build the shortlist before assigning judges")
		}
		if r.ExcludeVoters {
			for i := range cands {
				if cands[i], err = candidate(tx, challengeID, cands[i].IdeaID, true); err != nil {
					return err
				}
			}
		}
		if out, err = plan(cands); err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM judge_assignments WHERE challenge_id = ?`, challengeID); err != nil {
			return err
		}
		for _, a := range out {
			if _, err := tx.Exec(`INSERT INTO judge_assignments (challenge_id, judge_id, idea_id, created_at) VALUES (?, ?, ?, ?)`,
				challengeID, a.JudgeID, a.IdeaID, ms(now)); err != nil {
				return fmt.Errorf("store: unable to assign: %w", err)
			}
		}
		return nil
	})
	return out, err
}

// Assignment is one idea in a judge's queue.
type Assignment struct {
	ChallengeID int64
	Idea        domain.Idea
	Scored      bool
	Card        judging.Scorecard
}

// AssignmentsOf lists a judge's queue, unscored first.
func (s *Store) AssignmentsOf(ctx context.Context, judgeID int64) ([]Assignment, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+ideaColumns+`, COALESCE(sc.scores, ''), COALESCE(sc.comment, '')
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
		idea, err := scanIdea(withExtra(rows, &scores, &comment))
		if err != nil {
			return nil, err
		}
		a.Idea, a.ChallengeID = idea, idea.ChallengeID
		a.Card = judging.Scorecard{JudgeID: judgeID, IdeaID: idea.ID, Comment: comment}
		if scores != "" {
			a.Scored = true
			json.Unmarshal([]byte(scores), &a.Card.Scores)
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

// ScoreCheck validates a scorecard against the rubric inside the transaction.
type ScoreCheck func(c domain.Challenge, r Rubric) error

// SaveScorecard stores a judge's scores for an idea they are assigned.
func (s *Store) SaveScorecard(ctx context.Context, card judging.Scorecard, check ScoreCheck) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		var challengeID int64
		err := tx.QueryRow(`SELECT challenge_id FROM judge_assignments WHERE judge_id = ? AND idea_id = ?`, card.JudgeID, card.IdeaID).Scan(&challengeID)
		if err == sql.ErrNoRows {
			return domain.Forbidden("you are not assigned to judge this idea")
		}
		if err != nil {
			return err
		}
		c, err := s.challengeTx(tx, challengeID)
		if err != nil {
			return err
		}
		r, err := rubricOf(tx.QueryRow(`SELECT criteria, crowd_weight, blind, exclude_voters FROM rubrics WHERE challenge_id = ?`, challengeID))
		if err != nil {
			return err
		}
		if err := check(c, r); err != nil {
			return err
		}
		raw, _ := json.Marshal(card.Scores)
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
	Rubric      Rubric
	Ideas       []domain.Idea
	Entries     []judging.Entry
	Cards       []judging.Scorecard
	Assignments []judging.Assignment
}

// Judging loads a challenge's rubric, shortlist, assignments and scorecards.
func (s *Store) Judging(ctx context.Context, challengeID int64) (JudgingData, error) {
	var d JudgingData
	var err error
	if d.Rubric, err = s.RubricOf(ctx, challengeID); err != nil {
		return d, err
	}
	if d.Ideas, err = s.ShortlistOf(ctx, challengeID); err != nil {
		return d, err
	}
	assigned := map[int64]int{}
	rows, err := s.r.QueryContext(ctx, `SELECT judge_id, idea_id FROM judge_assignments WHERE challenge_id = ? ORDER BY idea_id, judge_id`, challengeID)
	if err != nil {
		return d, err
	}
	for rows.Next() {
		var a judging.Assignment
		rows.Scan(&a.JudgeID, &a.IdeaID)
		assigned[a.IdeaID]++
		d.Assignments = append(d.Assignments, a)
	}
	rows.Close()
	for _, idea := range d.Ideas {
		d.Entries = append(d.Entries, judging.Entry{IdeaID: idea.ID, Crowd: float64(idea.Votes), Assigned: assigned[idea.ID]})
	}
	// Only the scorecards of assigned judges count: a reassignment leaves
	// old cards behind, which must not sway the result.
	rows, err = s.r.QueryContext(ctx, `SELECT sc.judge_id, sc.idea_id, sc.scores, sc.comment FROM scorecards sc
		JOIN judge_assignments a ON a.judge_id = sc.judge_id AND a.idea_id = sc.idea_id
		WHERE a.challenge_id = ? ORDER BY sc.idea_id, sc.judge_id`, challengeID)
	if err != nil {
		return d, err
	}
	defer rows.Close()
	for rows.Next() {
		var c judging.Scorecard
		var raw string
		if err := rows.Scan(&c.JudgeID, &c.IdeaID, &raw, &c.Comment); err != nil {
			return d, err
		}
		json.Unmarshal([]byte(raw), &c.Scores)
		d.Cards = append(d.Cards, c)
	}
	return d, rows.Err()
}

// PublishResults makes the top ideas of ranking winners and the rest of the
// shortlist not selected, sets the results time and notifies every author,
// all in one transaction.
func (s *Store) PublishResults(ctx context.Context, challengeID, actorID int64, ranking []judging.Result) error {
	now := s.Now()
	return s.write(ctx, func(tx *sql.Tx) error {
		c, err := s.challengeTx(tx, challengeID)
		if err != nil {
			return err
		}
		if c.ResultsAt != nil {
			return domain.Conflict("results_published", "the results are already published")
		}
		for _, r := range ranking {
			to, kind := domain.StateNotSelected, domain.NoticeNotSelected
			if r.Winner {
				to, kind = domain.StateWinner, domain.NoticeWon
			}
			var author int64
			var title string
			var state domain.State
			if err := tx.QueryRow(`SELECT author_id, title, state FROM ideas WHERE id = ?`, r.IdeaID).Scan(&author, &title, &state); err != nil {
				return fmt.Errorf("store: unable to load idea %d: %w", r.IdeaID, err)
			}
			if state != domain.StateShortlisted {
				return domain.Conflict("shortlist_changed", "the shortlist changed; reload the results")
			}
			if err := setState(tx, r.IdeaID, actorID, state, to, "", now); err != nil {
				return err
			}
			if err := notify(tx, author, kind, "/challenges/"+strconv.FormatInt(challengeID, 10)+"/results", now, title); err != nil {
				return err
			}
		}
		s.forgetChallenge(challengeID)
		if _, err := tx.Exec(`UPDATE challenges SET results_at = ?, updated_at = ? WHERE id = ?`, ms(now), ms(now), challengeID); err != nil {
			return err
		}
		return queue(tx, "challenge", challengeID, now)
	})
}

// candidate loads one shortlisted idea as a judging candidate: its author
// and, when the rubric excludes voters, who voted for it.
func candidate(tx *sql.Tx, challengeID, ideaID int64, excludeVoters bool) (judging.Candidate, error) {
	c := judging.Candidate{IdeaID: ideaID}
	err := tx.QueryRow(`SELECT author_id FROM ideas WHERE id = ? AND challenge_id = ? AND state = 'shortlisted'`, ideaID, challengeID).Scan(&c.AuthorID)
	if err == sql.ErrNoRows {
		return c, domain.Invalid("idea_id", "not_shortlisted", "that idea is not on this challenge's shortlist")
	}
	if err != nil || !excludeVoters {
		return c, err
	}
	rows, err := tx.Query(`SELECT user_id FROM votes WHERE idea_id = ?`, ideaID)
	if err != nil {
		return c, err
	}
	defer rows.Close()
	for rows.Next() {
		var u int64
		rows.Scan(&u)
		c.Excluded = append(c.Excluded, u)
	}
	return c, rows.Err()
}

// SetAssignment adds or removes one judge's assignment by hand. An added
// judge must hold the judge role and be eligible for the idea.
func (s *Store) SetAssignment(ctx context.Context, challengeID, judgeID, ideaID int64, assign bool) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		c, err := s.challengeTx(tx, challengeID)
		if err != nil {
			return err
		}
		if c.ResultsAt != nil {
			return domain.Conflict("results_published", "the results are published; judging is over")
		}
		if !assign {
			_, err := tx.Exec(`DELETE FROM judge_assignments WHERE challenge_id = ? AND judge_id = ? AND idea_id = ?`, challengeID, judgeID, ideaID)
			return err
		}
		var n int
		tx.QueryRow(`SELECT COUNT(*) FROM user_roles WHERE user_id = ? AND role = 'judge'`, judgeID).Scan(&n)
		if n == 0 {
			return domain.Invalid("judge_id", "not_a_judge", "that person does not have the judge role")
		}
		r, err := rubricOf(tx.QueryRow(`SELECT criteria, crowd_weight, blind, exclude_voters FROM rubrics WHERE challenge_id = ?`, challengeID))
		if err != nil {
			return err
		}
		cand, err := candidate(tx, challengeID, ideaID, r.ExcludeVoters)
		if err != nil {
			return err
		}
		if !cand.Eligible(judgeID) {
			return domain.Conflict("judge_not_eligible", "this judge wrote the idea or voted for it, so may not score it")
		}
		_, err = tx.Exec(`INSERT OR IGNORE INTO judge_assignments (challenge_id, judge_id, idea_id, created_at) VALUES (?, ?, ?, ?)`,
			challengeID, judgeID, ideaID, ms(s.Now()))
		return err
	})
}
