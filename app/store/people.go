package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"cocreate/app/domain"
	"cocreate/app/people"
)

// Profile is what a person's public page is made of, besides their ideas
// and projects: never the email.
type Profile struct {
	ID        int64
	Name      string
	City      string
	Bio       string
	CreatedAt time.Time
	Suspended bool
}

// Profile loads a person's public fields.
func (s *Store) Profile(ctx context.Context, id int64) (Profile, error) {
	var p Profile
	var created int64
	err := s.r.QueryRowContext(ctx, `SELECT id, name, city, bio, created_at, suspended FROM users WHERE id = ?`, id).
		Scan(&p.ID, &p.Name, &p.City, &p.Bio, &created, &p.Suspended)
	if errors.Is(err, sql.ErrNoRows) {
		return p, domain.NotFound("user")
	}
	if err != nil {
		return p, fmt.Errorf("store: unable to load profile %d: %w", id, err)
	}
	p.CreatedAt = fromMS(created)
	return p, nil
}

// SetProfile changes a person's name, city and bio together.
func (s *Store) SetProfile(ctx context.Context, id int64, in people.ProfileInput) error {
	defer s.users.forget(id)
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.Exec(`UPDATE users SET name = ?, city = ?, bio = ? WHERE id = ?`, in.Name, in.City, in.Bio, id)
		if err != nil {
			return fmt.Errorf("store: unable to save profile %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return domain.NotFound("user")
		}
		return nil
	})
}

// ProfileProject is a project a person is named on: as the author of its
// idea, as a credited co-creator, or as an accepted tester (Role "tester").
type ProfileProject struct {
	ProjectID   int64
	IdeaID      int64
	ChallengeID int64
	Title       string
	Stage       string
	Role        string // "author", "tester", or the credit's role
	Tester      bool
}

// ProfileProjects lists the projects a person is named on, newest first;
// the service keeps those the viewer may see.
func (s *Store) ProfileProjects(ctx context.Context, userID int64) ([]ProfileProject, error) {
	return list(ctx, s.r, "a person's projects", func(rows *sql.Rows) (ProfileProject, error) {
		var p ProfileProject
		err := rows.Scan(&p.ProjectID, &p.IdeaID, &p.ChallengeID, &p.Title, &p.Stage, &p.Role, &p.Tester)
		return p, err
	}, `SELECT p.id, i.id, i.challenge_id, i.title, p.stage, 'author', 0
		FROM projects p JOIN ideas i ON i.id = p.idea_id WHERE i.author_id = ?
	UNION ALL
	SELECT p.id, i.id, i.challenge_id, i.title, p.stage, COALESCE(NULLIF(c.role, ''), 'co-creator'), 0
		FROM project_credits c JOIN projects p ON p.id = c.project_id JOIN ideas i ON i.id = p.idea_id
		WHERE c.user_id = ? AND i.author_id <> c.user_id
	UNION ALL
	SELECT p.id, i.id, i.challenge_id, i.title, p.stage, 'tester', 1
		FROM tester_applications a JOIN projects p ON p.id = a.project_id JOIN ideas i ON i.id = p.idea_id
		WHERE a.user_id = ? AND a.accepted = 1
	ORDER BY 1 DESC LIMIT 200`, userID, userID, userID)
}

// recordReputation keeps events not yet recorded; one already kept (the
// same person, kind and ref) is left as it was. The fans whose points it
// recorded are told, in the same write, the honours those earned them
// (tellHonours).
func (s *Store) recordReputation(tx *sql.Tx, events []people.Event) error {
	gained, err := keepReputation(tx, events)
	if err != nil {
		return err
	}
	return s.tellHonours(tx, gained)
}

// keepReputation keeps events not yet recorded, and returns those it
// kept that gave points, by fan.
func keepReputation(tx *sql.Tx, events []people.Event) (map[int64][]people.Event, error) {
	gained := map[int64][]people.Event{}
	for _, e := range events {
		var challenge sql.NullInt64
		if e.ChallengeID != 0 {
			challenge = sql.NullInt64{Int64: e.ChallengeID, Valid: true}
		}
		res, err := tx.Exec(`INSERT INTO reputation_events (user_id, kind, ref_id, challenge_id, points, created_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (user_id, kind, ref_id) DO NOTHING`, e.UserID, string(e.Kind), e.Ref, challenge, e.Points, ms(e.At))
		if err != nil {
			return nil, fmt.Errorf("store: unable to record reputation: %w", err)
		}
		if n, _ := res.RowsAffected(); n > 0 && e.Points > 0 {
			gained[e.UserID] = append(gained[e.UserID], e)
		}
	}
	return gained, nil
}

// tellHonours tells each fan who gained points the honours those earned
// them, as the points now stand (Honours chooses: a rule badge, a new
// level; nil tells none). Each fan's honours are read under a lock of
// their own (PostgreSQL), taken in the order of their ids: two writes that
// give the same fan points at once take turns, the second reading the
// first's points and notices, so a line crossed by both is told once.
func (s *Store) tellHonours(tx *sql.Tx, gained map[int64][]people.Event) error {
	if s.Honours == nil || len(gained) == 0 {
		return nil
	}
	order := slices.Sorted(maps.Keys(gained))
	var out []domain.Outgoing
	for _, id := range order {
		if err := s.lockFor(tx, "honours", id); err != nil {
			return err
		}
		c, err := honourChange(tx, id, gained[id])
		if err != nil {
			return err
		}
		out = append(out, s.Honours(c)...)
	}
	return tell(tx, s.Now(), out)
}

// reputationFacts finds, in what the database holds, every reason for
// reputation not yet recorded: shortlisted and winning ideas (fans' ideas
// only, fansIdea; in an anonymous challenge only once results are out, so
// points do not unmask authors), launches (likewise), test reports an
// engineer addressed, comments marked helpful (not by their author; one
// the idea's author wrote on it, in an anonymous challenge, once results
// are out), reports a moderator upheld by hiding what was reported (not
// one the same moderator made: no one upholds their own report), and meetup
// check-ins. Points are left at zero: the rule table prices them. Test
// reports an engineer addressed are found apart (feedbackFacts), as their
// price depends on what the tester earned before on the project.
const reputationFacts = `SELECT user_id, kind, ref_id, challenge_id, at FROM (
	SELECT i.author_id AS user_id, 'idea_shortlisted' AS kind, i.id AS ref_id, i.challenge_id AS challenge_id, MIN(e.created_at) AS at
		FROM idea_events e JOIN ideas i ON i.id = e.idea_id JOIN challenges c ON c.id = i.challenge_id
		WHERE e.to_state = 'shortlisted' AND ` + fansIdea + ` AND i.` + listed + `
		AND (c.anonymous_until_results = 0 OR c.results_at IS NOT NULL)
		GROUP BY i.id, i.author_id, i.challenge_id
	UNION ALL
	SELECT i.author_id, 'idea_won', i.id, i.challenge_id, MIN(e.created_at)
		FROM idea_events e JOIN ideas i ON i.id = e.idea_id JOIN challenges c ON c.id = i.challenge_id
		WHERE e.to_state = 'winner' AND ` + fansIdea + ` AND i.` + listed + `
		GROUP BY i.id, i.author_id, i.challenge_id
	UNION ALL
	SELECT i.author_id, 'project_launched', p.id, i.challenge_id, MIN(u.created_at)
		FROM project_updates u JOIN projects p ON p.id = u.project_id JOIN ideas i ON i.id = p.idea_id
		JOIN challenges c ON c.id = i.challenge_id
		WHERE u.kind = 'stage' AND u.to_stage = 'launched' AND ` + fansIdea + `
		AND (c.anonymous_until_results = 0 OR c.results_at IS NOT NULL)
		GROUP BY p.id, i.author_id, i.challenge_id
	UNION ALL
	SELECT cm.author_id, 'comment_helpful', cm.id, i.challenge_id, cm.helpful_at
		FROM comments cm JOIN ideas i ON i.id = cm.idea_id JOIN challenges c ON c.id = i.challenge_id
		WHERE cm.helpful_at IS NOT NULL AND cm.hidden = 0 AND cm.helpful_by <> cm.author_id
		AND (cm.author_id <> i.author_id OR c.anonymous_until_results = 0 OR c.results_at IS NOT NULL)
	UNION ALL
	SELECT rp.reporter_id, 'report_upheld', rp.id, m.challenge_id, MIN(d.created_at)
		FROM reports rp JOIN moderation_decisions d ON d.item_type = rp.item_type AND d.item_id = rp.item_id
		JOIN moderation_items m ON m.item_type = rp.item_type AND m.item_id = rp.item_id
		WHERE ` + upholds + `
		GROUP BY rp.id, rp.reporter_id, m.challenge_id
	UNION ALL
	SELECT k.user_id, 'meetup_attended', k.event_id, NULL, k.created_at FROM event_checkins k
) f WHERE NOT EXISTS (SELECT 1 FROM reputation_events r WHERE r.user_id = f.user_id AND r.kind = f.kind AND r.ref_id = f.ref_id)`

// fansIdea says that idea i of challenge c is a fan's, as reputation
// counts ideas: not one its organiser posted, nor a design poll's
// candidate (only staff post those, domain.CanSubmit), so that a launch
// or a win of the brand's own design earns no one honour.
const fansIdea = `i.author_id <> c.organiser_id AND c.kind <> 'design_poll'`

// upholds says that moderation decision d upheld report rp: a
// moderator (not the report threshold, nor the reporter: no one upholds
// their own report) hid what rp reported, at or after
// the report, and no moderator has shown it again since (a restore, or a
// dismiss, which shows a hidden item too: domain.Decide). Showing it takes
// the report's points back (unfounded); a later hide gives them again.
const upholds = `d.action = 'hide' AND d.actor_id IS NOT NULL AND d.actor_id <> rp.reporter_id AND d.created_at >= rp.created_at
		AND NOT EXISTS (SELECT 1 FROM moderation_decisions r WHERE r.item_type = d.item_type AND r.item_id = d.item_id
			AND r.action IN ('restore', 'dismiss') AND r.id > d.id)`

// unfoundedPoints finds the ids of recorded points whose reason no longer
// holds: reports no decision upholds any more (upholds: what they
// reported is shown again), comments no longer marked helpful, test
// reports no longer addressed (a mark or a tick taken back: the engineer
// mended a mistake; marked again, the facts give the points again). Each
// kind is read on its own partial index (reputation_events_reports,
// _helpful, _feedback), never a scan of everyone's reasons.
const unfoundedPoints = `SELECT id FROM reputation_events WHERE kind = 'report_upheld' AND NOT EXISTS (
	SELECT 1 FROM reports rp JOIN moderation_decisions d ON d.item_type = rp.item_type AND d.item_id = rp.item_id
	WHERE rp.id = reputation_events.ref_id AND rp.reporter_id = reputation_events.user_id AND ` + upholds + `)
	UNION ALL SELECT id FROM reputation_events WHERE kind = 'comment_helpful' AND EXISTS (SELECT 1 FROM comments cm
		WHERE cm.id = reputation_events.ref_id AND cm.helpful_at IS NULL)
	UNION ALL SELECT id FROM reputation_events WHERE kind = 'feedback_accepted' AND EXISTS (SELECT 1 FROM tester_feedback f
		WHERE f.id = reputation_events.ref_id AND f.addressed = 0)`

// SyncReputation records events (the reasons for reputation that
// ReputationFacts found, priced), and takes back the points whose reason
// no longer holds (unfoundedPoints), in one transaction, that one last: a restore
// committed after the facts were read still takes back what this records.
// It writes only when there is something to record or take back. Two
// syncs at once (on PostgreSQL) take turns, so a restore's own sync waits
// for one that read before it. It returns how many points it took back.
func (s *Store) SyncReputation(ctx context.Context, events []people.Event) (int, error) {
	if len(events) == 0 {
		var found int
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+unfoundedPoints+` LIMIT 1) u`).Scan(&found); err != nil {
			return 0, fmt.Errorf("store: unable to read unfounded reputation: %w", err)
		}
		if found == 0 {
			return 0, nil
		}
	}
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := s.lockFor(tx, "reputation", 0); err != nil {
			return err
		}
		gained, err := keepReputation(tx, events)
		if err != nil {
			return err
		}
		res, err := tx.Exec(`DELETE FROM reputation_events WHERE id IN (` + unfoundedPoints + `)`)
		if err != nil {
			return fmt.Errorf("store: unable to take back reputation: %w", err)
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		// Told of the points as they stand once the unfounded are gone: a
		// level the taking back undoes is not announced.
		return s.tellHonours(tx, gained)
	})
	return int(n), err
}

// feedbackFacts finds the test reports an engineer addressed whose points
// are not recorded yet, each with its project and how many of the tester's
// reports on that project have earned points already (for
// people.PricedFeedback).
const feedbackFacts = `SELECT f.tester_id, f.id, i.challenge_id, f.created_at, f.project_id,
		(SELECT COUNT(*) FROM reputation_events r JOIN tester_feedback g ON g.id = r.ref_id
			WHERE r.user_id = f.tester_id AND r.kind = 'feedback_accepted' AND r.points > 0 AND g.project_id = f.project_id)
	FROM tester_feedback f JOIN projects p ON p.id = f.project_id JOIN ideas i ON i.id = p.idea_id
	WHERE f.addressed = 1
	AND NOT EXISTS (SELECT 1 FROM reputation_events r WHERE r.user_id = f.tester_id AND r.kind = 'feedback_accepted' AND r.ref_id = f.id)`

// RecordFeedbackReputation records the points of the test reports
// addressed and not yet recorded, as price decides from what each tester
// earned before on each project (people.PricedFeedback), in one
// transaction: two syncs at once (on PostgreSQL) take turns, so neither
// prices a report from a count the other is changing. It returns how many
// it recorded.
func (s *Store) RecordFeedbackReputation(ctx context.Context, price func([]people.Addressed) []people.Event) (int, error) {
	n := 0
	err := s.write(ctx, func(tx *sql.Tx) error {
		if err := s.lockFor(tx, "feedback reputation", 0); err != nil {
			return err
		}
		rows, err := tx.Query(feedbackFacts)
		if err != nil {
			return fmt.Errorf("store: unable to read addressed feedback: %w", err)
		}
		var facts []people.Addressed
		for rows.Next() {
			var a people.Addressed
			var at int64
			if err := rows.Scan(&a.Event.UserID, &a.Event.Ref, &a.Event.ChallengeID, &at, &a.ProjectID, &a.Earned); err != nil {
				rows.Close()
				return fmt.Errorf("store: unable to read addressed feedback: %w", err)
			}
			a.Event.Kind, a.Event.At = people.FeedbackAccepted, fromMS(at)
			facts = append(facts, a)
		}
		if err := rows.Close(); err != nil {
			return fmt.Errorf("store: unable to read addressed feedback: %w", err)
		}
		if err := rows.Err(); err != nil {
			return fmt.Errorf("store: unable to read addressed feedback: %w", err)
		}
		events := price(facts)
		n = len(events)
		return s.recordReputation(tx, events)
	})
	return n, err
}

// ReputationFacts lists the reasons for reputation the database shows but
// the reputation record does not hold yet (see reputationFacts).
func (s *Store) ReputationFacts(ctx context.Context) ([]people.Event, error) {
	return list(ctx, s.r, "reputation facts", scanEvent, reputationFacts)
}

func scanEvent(rows *sql.Rows) (people.Event, error) {
	var e people.Event
	var kind string
	var challenge sql.NullInt64
	var at int64
	err := rows.Scan(&e.UserID, &kind, &e.Ref, &challenge, &at)
	e.Kind, e.ChallengeID, e.At = people.Kind(kind), challenge.Int64, fromMS(at)
	return e, err
}

// ReputationEvents lists a person's recorded reasons, newest first.
func (s *Store) ReputationEvents(ctx context.Context, userID int64) ([]people.Event, error) {
	return list(ctx, s.r, "reputation", func(rows *sql.Rows) (people.Event, error) {
		var e people.Event
		var kind string
		var challenge sql.NullInt64
		var at int64
		err := rows.Scan(&e.UserID, &kind, &e.Ref, &challenge, &at, &e.Points)
		e.Kind, e.ChallengeID, e.At = people.Kind(kind), challenge.Int64, fromMS(at)
		return e, err
	}, `SELECT user_id, kind, ref_id, challenge_id, created_at, points FROM reputation_events WHERE user_id = ? ORDER BY created_at DESC, id DESC`, userID)
}

// ReputationTotals sums the points of each of the people named, in one
// query for any number of them (0 for those with none).
func (s *Store) ReputationTotals(ctx context.Context, ids []int64) (map[int64]int, error) {
	out := map[int64]int{}
	var want []int64
	for _, id := range ids {
		if _, done := out[id]; !done {
			out[id] = 0
			want = append(want, id)
		}
	}
	if len(want) == 0 {
		return out, nil
	}
	in, args := s.inIDs("user_id", want)
	rows, err := s.r.QueryContext(ctx, `SELECT user_id, COALESCE(SUM(points), 0) FROM reputation_events
		WHERE `+in+` GROUP BY user_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: unable to sum reputation: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var total int
		if err := rows.Scan(&id, &total); err != nil {
			return nil, fmt.Errorf("store: unable to sum reputation: %w", err)
		}
		out[id] = total
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: unable to sum reputation: %w", err)
	}
	return out, nil
}

// Leaderboard sums points per person over the events in [from, to) (zero
// times: all), of one challenge (0: every event), but for those of kind
// leaveOut ("": none), most first, up to limit; suspended accounts are
// left out.
func (s *Store) Leaderboard(ctx context.Context, challengeID int64, from, to time.Time, leaveOut people.Kind, limit int) ([]people.Standing, error) {
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if !from.IsZero() {
		lo, hi = ms(from), ms(to)
	}
	return list(ctx, s.r, "leaderboard", func(rows *sql.Rows) (people.Standing, error) {
		var st people.Standing
		err := rows.Scan(&st.UserID, &st.Name, &st.Points)
		return st, err
	}, `SELECT e.user_id, u.name, SUM(e.points) AS total FROM reputation_events e JOIN users u ON u.id = e.user_id
		WHERE u.suspended = 0 AND u.deleted_at IS NULL AND (? = 0 OR e.challenge_id = ?) AND e.created_at >= ? AND e.created_at < ? AND e.kind <> ?
		GROUP BY e.user_id, u.name HAVING SUM(e.points) > 0 ORDER BY total DESC, e.user_id LIMIT ?`,
		challengeID, challengeID, lo, hi, string(leaveOut), limit)
}

// AwardBadge gives a person a badge by hand, with the notices out (the
// service's choice) in the same write; a badge they hold already is
// a conflict, an unknown person not_found; check judges the person as
// the write reads them (a deleted account gets none).
func (s *Store) AwardBadge(ctx context.Context, userID int64, key string, byID int64, check UserCheck, out []domain.Outgoing) error {
	now := s.Now()
	return s.write(ctx, func(tx *sql.Tx) error {
		u, err := userTx(tx, userID)
		if err != nil {
			return err
		}
		if err := check(u); err != nil {
			return err
		}
		res, err := tx.Exec(`INSERT INTO user_badges (user_id, badge, awarded_by, awarded_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (user_id, badge) DO NOTHING`, userID, key, byID, ms(now))
		if err != nil {
			return fmt.Errorf("store: unable to award badge: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return &domain.Error{Kind: domain.KindConflict, Code: "badge_held", Field: "key", Message: "this person already holds this badge"}
		}
		return tell(tx, now, out)
	})
}

// HelpfulCheck decides, inside the transaction, whether a comment on idea
// may be marked (or unmarked) helpful.
type HelpfulCheck func(idea domain.Idea, comment domain.Comment) error

// MarkHelpful marks a comment helpful (or takes the mark back), recording
// award (the comment's author's reputation, priced by the caller) in the
// same transaction. Taking the mark back keeps points already earned.
func (s *Store) MarkHelpful(ctx context.Context, commentID, actorID int64, helpful bool, check HelpfulCheck, award func(domain.Idea, domain.Comment, time.Time) []people.Event) error {
	now := s.Now()
	return s.write(ctx, func(tx *sql.Tx) error {
		var c domain.Comment
		var created int64
		err := tx.QueryRow(`SELECT id, idea_id, author_id, body, official, hidden, created_at FROM comments WHERE id = ? AND deleted_at IS NULL`+s.forUpdate, commentID).
			Scan(&c.ID, &c.IdeaID, &c.Author.ID, &c.Body, &c.Official, &c.Hidden, &created)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.NotFound("comment")
		}
		if err != nil {
			return fmt.Errorf("store: unable to load comment %d: %w", commentID, err)
		}
		c.CreatedAt = fromMS(created)
		idea, err := ideaTx(tx, c.IdeaID)
		if err != nil {
			return err
		}
		if err := check(idea, c); err != nil {
			return err
		}
		if !helpful {
			if _, err := tx.Exec(`UPDATE comments SET helpful_by = NULL, helpful_at = NULL WHERE id = ?`, commentID); err != nil {
				return fmt.Errorf("store: unable to unmark comment: %w", err)
			}
			return nil
		}
		if _, err := tx.Exec(`UPDATE comments SET helpful_by = ?, helpful_at = COALESCE(helpful_at, ?) WHERE id = ?`, actorID, ms(now), commentID); err != nil {
			return fmt.Errorf("store: unable to mark comment helpful: %w", err)
		}
		return s.recordReputation(tx, award(idea, c, now))
	})
}

// HelpfulComments lists which of an idea's comments are marked helpful.
func (s *Store) HelpfulComments(ctx context.Context, ideaID int64) (map[int64]bool, error) {
	ids, err := list(ctx, s.r, "helpful comments", scanOne[int64], `SELECT id FROM comments WHERE idea_id = ? AND helpful_at IS NOT NULL`, ideaID)
	out := map[int64]bool{}
	for _, id := range ids {
		out[id] = true
	}
	return out, err
}
