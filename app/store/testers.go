package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"

	"cocreate/app/domain"
	"cocreate/app/workflow"
)

// ApplyToTest records a fan's application to test a prototype, and writes
// the notices tellApplied chooses (workflow.ApplicationNotices); applying
// twice is a conflict.
func (s *Store) ApplyToTest(ctx context.Context, projectID, userID int64, motivation string, check ProjectCheck, tellApplied func(p workflow.Project) []domain.Outgoing) error {
	now := s.Now()
	return s.writeProject(ctx, projectID, check, func(tx *sql.Tx, p workflow.Project) error {
		_, err := tx.Exec(`INSERT INTO tester_applications (project_id, user_id, motivation, created_at) VALUES (?, ?, ?, ?)`,
			projectID, userID, motivation, ms(s.Now()))
		if isUnique(err) {
			return domain.Conflict("already_applied", "you have already applied to test this prototype")
		}
		if err != nil {
			return fmt.Errorf("store: unable to apply: %w", err)
		}
		if tellApplied == nil {
			return nil
		}
		return tell(tx, now, tellApplied(p))
	})
}

// DecideTester accepts (or un-accepts) an applicant, and sends the notices
// tellDecided chooses from the decision before (was: accepted; decided:
// decided at all, either way) and after.
func (s *Store) DecideTester(ctx context.Context, projectID, userID int64, accepted bool, check ProjectCheck, tellDecided func(p workflow.Project, was, decided bool) []domain.Outgoing) error {
	now := s.Now()
	return s.writeProject(ctx, projectID, check, func(tx *sql.Tx, p workflow.Project) error {
		var was, decided bool
		err := tx.QueryRow(`SELECT accepted, decided_at IS NOT NULL FROM tester_applications WHERE project_id = ? AND user_id = ?`, projectID, userID).Scan(&was, &decided)
		if err == sql.ErrNoRows {
			return domain.NotFound("application")
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE tester_applications SET accepted = ?, decided_at = ? WHERE project_id = ? AND user_id = ?`,
			accepted, ms(now), projectID, userID); err != nil {
			return fmt.Errorf("store: unable to decide application: %w", err)
		}
		return tell(tx, now, tellDecided(p, was, decided))
	})
}

// Applications lists a project's tester applications, oldest first.
func (s *Store) Applications(ctx context.Context, projectID int64) ([]workflow.Application, error) {
	return list(ctx, s.r, "applications", func(rows *sql.Rows) (workflow.Application, error) {
		var a workflow.Application
		var created int64
		err := rows.Scan(&a.User.ID, &a.User.Name, &a.Motivation, &a.Accepted, &a.Decided, &created)
		a.CreatedAt = fromMS(created)
		return a, err
	}, `SELECT a.user_id, u.name, a.motivation, a.accepted, a.decided_at IS NOT NULL, a.created_at
		FROM tester_applications a JOIN users u ON u.id = a.user_id WHERE a.project_id = ? ORDER BY a.created_at`, projectID)
}

// AddFeedback stores a tester's report, as check allows given the project
// (its stage), whether their application to test is accepted and how many
// of their reports on the project wait for the engineers (neither
// addressed nor replied to), and writes the notices tellGiven chooses
// (workflow.FeedbackNotices).
func (s *Store) AddFeedback(ctx context.Context, projectID, testerID int64, rating int, body string, photo *domain.Image, check func(p workflow.Project, accepted bool, waiting int) error, tellGiven func(p workflow.Project, fb workflow.Feedback) []domain.Outgoing) (workflow.Feedback, error) {
	now := s.Now()
	fb := workflow.Feedback{Tester: domain.Author{ID: testerID}, Rating: rating, Body: body, CreatedAt: now.UTC().Truncate(1e6), Photo: photo}
	var pic domain.Image
	if photo != nil {
		pic = *photo
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		// Locked as a stage move locks it: a report is not written beside
		// a launch that ends the testing.
		p, err := projectTx(tx, projectID, s.forUpdate)
		if err != nil {
			return err
		}
		var accepted bool
		err = tx.QueryRow(`SELECT accepted FROM tester_applications WHERE project_id = ? AND user_id = ?`, projectID, testerID).Scan(&accepted)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: unable to read the tester's application: %w", err)
		}
		var waiting int
		if err := tx.QueryRow(`SELECT COUNT(*) FROM tester_feedback WHERE project_id = ? AND tester_id = ? AND addressed = 0 AND reply = ''`,
			projectID, testerID).Scan(&waiting); err != nil {
			return fmt.Errorf("store: unable to count the tester's waiting reports: %w", err)
		}
		if err := check(p, accepted, waiting); err != nil {
			return err
		}
		err = tx.QueryRow(`INSERT INTO tester_feedback (project_id, tester_id, rating, body, created_at, photo, photo_width, photo_height) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			projectID, testerID, rating, body, ms(now), pic.File, pic.Width, pic.Height).Scan(&fb.ID)
		if err != nil {
			return fmt.Errorf("store: unable to save feedback: %w", err)
		}
		if tellGiven == nil {
			return nil
		}
		return tell(tx, now, tellGiven(p, fb))
	})
	return fb, err
}

// ReplyTell chooses who hears of an answer to a tester's feedback
// (domain.FeedbackReplyNotice), given the reply before and after.
type ReplyTell func(p workflow.Project, testerID int64, before, after string) []domain.Outgoing

// TriageFeedback marks a piece of feedback addressed or not, with a reply
// (either nil: as it was), and writes the notices tellReply chooses. When
// follows says so of the reply before and after (nil: never), answerer
// follows the project's idea from then on, in the same transaction. It
// answers both as they now are.
func (s *Store) TriageFeedback(ctx context.Context, projectID, feedbackID int64, addressed *bool, reply *string, check ProjectCheck, tellReply ReplyTell,
	answerer int64, follows func(before, after string) bool) (bool, string, error) {
	now := s.Now()
	var ticked bool
	var after string
	err := s.writeProject(ctx, projectID, check, func(tx *sql.Tx, p workflow.Project) error {
		var tester int64
		var before string
		var was bool
		err := tx.QueryRow(`SELECT tester_id, reply, addressed FROM tester_feedback WHERE id = ? AND project_id = ?`, feedbackID, projectID).Scan(&tester, &before, &was)
		if err == sql.ErrNoRows {
			return domain.NotFound("feedback")
		}
		if err != nil {
			return fmt.Errorf("store: unable to load feedback %d: %w", feedbackID, err)
		}
		after, ticked = before, was // nil: stays as it was
		if reply != nil {
			after = *reply
		}
		if addressed != nil {
			ticked = *addressed
		}
		// The first answer's time stays: a report answered, taken back and
		// answered again was first answered the first time.
		var answered any
		if ticked || after != "" {
			answered = ms(now)
		}
		if _, err := tx.Exec(`UPDATE tester_feedback SET addressed = ?, reply = ?, answered_at = COALESCE(answered_at, ?) WHERE id = ? AND project_id = ?`,
			ticked, after, answered, feedbackID, projectID); err != nil {
			return err
		}
		if answerer != 0 && follows != nil && follows(before, after) {
			if err := followTx(tx, answerer, p.IdeaID, ms(now)); err != nil {
				return err
			}
		}
		if tellReply == nil {
			return nil
		}
		return tell(tx, now, tellReply(p, tester, before, after))
	})
	return ticked, after, err
}

// WaitingFeedback counts a project's tester reports waiting for the
// engineers: neither addressed nor replied to.
func (s *Store) WaitingFeedback(ctx context.Context, projectID int64) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM tester_feedback WHERE project_id = ? AND addressed = 0 AND reply = ''`, projectID).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: unable to count project %d's waiting reports: %w", projectID, err)
	}
	return n, nil
}

// ReportTimings reads, for the answer times, every tester report of one
// project (projectID > 0) or of every project of one challenge, by
// project then oldest first, with the project's idea's state and author
// (the service decides who may see which): one query for a page.
func (s *Store) ReportTimings(ctx context.Context, challengeID, projectID int64) ([]workflow.ReportTiming, error) {
	where, id := `i.challenge_id = ?`, challengeID
	if projectID > 0 {
		where, id = `f.project_id = ?`, projectID
	}
	return list(ctx, s.r, "report timings", func(rows *sql.Rows) (workflow.ReportTiming, error) {
		var r workflow.ReportTiming
		var created int64
		var answered sql.NullInt64
		err := rows.Scan(&r.ID, &r.ProjectID, &r.Title, &r.IdeaState, &r.IdeaAuthor, &r.Engineer.ID, &r.Engineer.Name, &created, &r.Answered, &answered)
		r.CreatedAt = fromMS(created)
		if answered.Valid {
			at := fromMS(answered.Int64)
			r.AnsweredAt = &at
		}
		return r, err
	}, `SELECT f.id, f.project_id, i.title, i.state, i.author_id, p.owner_id, o.name, f.created_at, CASE WHEN f.addressed <> 0 OR f.reply <> '' THEN 1 ELSE 0 END, f.answered_at
		FROM tester_feedback f JOIN projects p ON p.id = f.project_id JOIN ideas i ON i.id = p.idea_id JOIN users o ON o.id = p.owner_id
		WHERE `+where+` ORDER BY f.project_id, f.id`, id)
}

// Feedback lists limit of a project's tester reports, newest first: the
// newest when before is 0, else those older than the report before.
func (s *Store) Feedback(ctx context.Context, projectID, before int64, limit int) ([]workflow.Feedback, error) {
	if before <= 0 {
		before = math.MaxInt64
	}
	return list(ctx, s.r, "feedback", func(rows *sql.Rows) (workflow.Feedback, error) {
		var f workflow.Feedback
		var created int64
		var pic domain.Image
		err := rows.Scan(&f.ID, &f.Tester.ID, &f.Tester.Name, &f.Rating, &f.Body, &f.Addressed, &f.Reply, &created, &pic.File, &pic.Width, &pic.Height)
		f.CreatedAt = fromMS(created)
		if pic.File != "" {
			f.Photo = &pic
		}
		return f, err
	}, `SELECT f.id, f.tester_id, u.name, f.rating, f.body, f.addressed, f.reply, f.created_at, f.photo, f.photo_width, f.photo_height
		FROM tester_feedback f JOIN users u ON u.id = f.tester_id WHERE f.project_id = ? AND f.id < ? ORDER BY f.id DESC LIMIT ?`, projectID, before, limit)
}

// FeedbackNewer counts the project's reports newer than its report
// feedbackID (the service picks the page that holds it from that); a
// report that is not the project's is not found.
func (s *Store) FeedbackNewer(ctx context.Context, projectID, feedbackID int64) (int, error) {
	var ok bool
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM tester_feedback WHERE id = ? AND project_id = ?),
		(SELECT COUNT(*) FROM tester_feedback WHERE project_id = ? AND id > ?)`, feedbackID, projectID, projectID, feedbackID).Scan(&ok, &n)
	if err != nil {
		return 0, fmt.Errorf("store: unable to place report %d of project %d: %w", feedbackID, projectID, err)
	}
	if !ok {
		return 0, domain.NotFound("feedback")
	}
	return n, nil
}

// FeedbackIDAt is the id of the project's report with rank newer reports
// before it, newest first (0: the newest); 0 when there are not so many.
func (s *Store) FeedbackIDAt(ctx context.Context, projectID int64, rank int) (int64, error) {
	var id int64
	err := s.r.QueryRowContext(ctx, `SELECT id FROM tester_feedback WHERE project_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?`, projectID, rank).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("store: unable to read project %d's report at %d: %w", projectID, rank, err)
	}
	return id, nil
}

// CreditTell chooses who hears of a project's credits saved: given those
// it credited before, and those of the people it credits now who were
// told of a credit on it before.
type CreditTell func(p workflow.Project, before []int64, told map[int64]bool) []domain.Outgoing

// SetCredits replaces the co-creators a project credits, as mayCredit
// allows each given how they stand to the project, with the notices
// tellCredits chooses (nil: none) in the same write.
func (s *Store) SetCredits(ctx context.Context, projectID int64, credits []workflow.Credit, check ProjectCheck, mayCredit func(i int, l workflow.CreditLink) error, tellCredits CreditTell) error {
	return s.writeProject(ctx, projectID, check, func(tx *sql.Tx, p workflow.Project) error {
		for i, c := range credits {
			var l workflow.CreditLink
			err := tx.QueryRow(`SELECT
				EXISTS (SELECT 1 FROM users WHERE id = ?),
				EXISTS (SELECT 1 FROM ideas WHERE id = ? AND author_id = ?),
				EXISTS (SELECT 1 FROM tester_applications WHERE project_id = ? AND user_id = ?),
				EXISTS (SELECT 1 FROM user_roles WHERE user_id = ? AND role IN ('engineer', 'admin')),
				EXISTS (SELECT 1 FROM project_credits WHERE project_id = ? AND user_id = ?)`,
				c.User.ID, p.IdeaID, c.User.ID, projectID, c.User.ID, c.User.ID, projectID, c.User.ID).
				Scan(&l.Exists, &l.Author, &l.Applicant, &l.Staff, &l.Credited)
			if err != nil {
				return fmt.Errorf("store: unable to read how user %d stands to project %d: %w", c.User.ID, projectID, err)
			}
			if err := mayCredit(i, l); err != nil {
				return err
			}
		}
		before, err := userIDs(tx, `SELECT user_id FROM project_credits WHERE project_id = ? ORDER BY user_id`, projectID)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`DELETE FROM project_credits WHERE project_id = ?`, projectID); err != nil {
			return err
		}
		ids := make([]int64, 0, len(credits))
		for _, c := range credits {
			if _, err := tx.Exec(`INSERT INTO project_credits (project_id, user_id, role) VALUES (?, ?, ?)
				ON CONFLICT (project_id, user_id) DO UPDATE SET role = excluded.role`, projectID, c.User.ID, c.Role); err != nil {
				return err
			}
			ids = append(ids, c.User.ID)
		}
		if tellCredits == nil {
			return nil
		}
		// Told of a credit on this project before: a notice of the kind
		// about its idea (a project's notices name its idea, tell).
		in, args := s.inIDs("user_id", ids)
		told := map[int64]bool{}
		if len(ids) > 0 {
			was, err := userIDs(tx, `SELECT DISTINCT user_id FROM notifications WHERE `+in+` AND kind = ? AND idea_id = ?`,
				append(args, string(domain.NoticeCredited), p.IdeaID)...)
			if err != nil {
				return err
			}
			for _, id := range was {
				told[id] = true
			}
		}
		return tell(tx, s.Now(), tellCredits(p, before, told))
	})
}

// Credits lists the co-creators a project credits.
func (s *Store) Credits(ctx context.Context, projectID int64) ([]workflow.Credit, error) {
	return list(ctx, s.r, "credits", func(rows *sql.Rows) (workflow.Credit, error) {
		var c workflow.Credit
		err := rows.Scan(&c.User.ID, &c.User.Name, &c.Role)
		return c, err
	}, `SELECT c.user_id, u.name, c.role FROM project_credits c JOIN users u ON u.id = c.user_id WHERE c.project_id = ? ORDER BY u.name`, projectID)
}
