package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"cocreate/app/domain"
)

// StatusCheck decides, inside the transaction, a board post's new status
// and official response (domain.CanSetStatus), or refuses.
type StatusCheck func(c domain.Challenge, idea domain.Idea) (domain.Status, string, error)

// SetStatus moves a board post to the status and response check decides,
// records the move, and writes the notices notices chooses for the post's
// audience (author, voters, followers), given the post as it was and as it
// is now, all in one transaction. A move that
// changes neither the status nor the response writes nothing and tells no
// one. role is what the move is shown under (domain.AnsweredAs). When
// follows says so of the post and whether the move is the actor's first
// act in its thread (actedInThread; nil: never), the actor follows the
// post from then on, in the same transaction.
func (s *Store) SetStatus(ctx context.Context, ideaID, actorID int64, role domain.Role, check StatusCheck,
	notices func(was, now domain.Idea, a domain.Audience) []domain.Outgoing, follows func(idea domain.Idea, first bool) bool) (domain.Idea, error) {
	now := s.Now()
	err := s.write(ctx, func(tx *sql.Tx) error {
		idea, err := s.ideaToChange(tx, ideaID)
		if err != nil {
			return err
		}
		c, err := s.challengeTx(tx, idea.ChallengeID)
		if err != nil {
			return err
		}
		status, response, err := check(c, idea)
		if err != nil {
			return err
		}
		if status == idea.Status && response == idea.Response {
			return nil
		}
		if _, err := tx.Exec(`UPDATE ideas SET status = ?, response = ?, status_at = ?, updated_at = ? WHERE id = ?`,
			string(status), response, ms(now), ms(now), ideaID); err != nil {
			return fmt.Errorf("store: unable to set the status of idea %d: %w", ideaID, err)
		}
		var statusID int64
		if err := tx.QueryRow(`INSERT INTO idea_statuses (idea_id, actor_id, actor_role, from_status, to_status, response, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			ideaID, actorID, string(role), string(idea.Status), string(status), response, ms(now)).Scan(&statusID); err != nil {
			return fmt.Errorf("store: unable to record the status of idea %d: %w", ideaID, err)
		}
		a, err := audienceOf(ctx, tx, ideaID)
		if err != nil {
			return err
		}
		was := idea
		idea.Status, idea.Response = status, response
		if err := tell(tx, now, notices(was, idea, a)); err != nil {
			return err
		}
		if follows == nil {
			return nil
		}
		earlier, err := actedInThread(tx, actorID, ideaID, 0, statusID)
		if err != nil || !follows(idea, !earlier) {
			return err
		}
		return followTx(tx, actorID, ideaID, ms(now))
	})
	if err != nil {
		return domain.Idea{}, err
	}
	return s.Idea(ctx, ideaID)
}

// StatusCounts counts a board's listed posts by status.
func (s *Store) StatusCounts(ctx context.Context, challengeID int64) (map[domain.Status]int, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT status, COUNT(*) FROM ideas i WHERE challenge_id = ? AND i.`+listed+` GROUP BY status`, challengeID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to count the posts of board %d: %w", challengeID, err)
	}
	defer rows.Close()
	out := map[domain.Status]int{}
	for rows.Next() {
		var st domain.Status
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("store: unable to count posts: %w", err)
		}
		out[st] = n
	}
	return out, rows.Err()
}

// onRoadmap is domain.Status.OnRoadmap as SQL, the condition of the
// partial index ideas_roadmap: stated in the query, so that SQLite may use
// the index for a status given as a parameter.
const onRoadmap = `status IN ('planned', 'in_progress', 'done')`

// Roadmap lists the listed posts of every board in one status, most
// recently moved first, at most limit of them from after (nil: the
// first), with their images; more says whether the column goes on. Every
// post on the roadmap has its status_at (SetStatus writes both), which
// with the id orders the column and makes its cursor (domain.Cursor: Key
// the time in milliseconds, ID the post).
func (s *Store) Roadmap(ctx context.Context, status domain.Status, after *domain.Cursor, limit int, unseen []int64) (page []domain.Idea, more bool, err error) {
	hidden, hiddenArgs := s.inIDs("i.challenge_id", unseen)
	q, args := `SELECT `+ideaColumns+` FROM ideas i JOIN users u ON u.id = i.author_id JOIN challenges c ON c.id = i.challenge_id
		WHERE i.status = ? AND i.`+onRoadmap+` AND c.kind = 'board' AND i.`+listed+` AND NOT (`+hidden+`)`, append([]any{string(status)}, hiddenArgs...)
	if after != nil {
		at := int64(after.Key)
		q += ` AND (i.status_at < ? OR (i.status_at = ? AND i.id < ?))`
		args = append(args, at, at, after.ID)
	}
	ideas, err := list(ctx, s.r, "the roadmap", func(rows *sql.Rows) (domain.Idea, error) { return scanIdea(rows) },
		q+` ORDER BY i.status_at DESC, i.id DESC LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return nil, false, err
	}
	if more = len(ideas) > limit; more {
		ideas = ideas[:limit]
	}
	ideas, _, err = s.withImages(ctx, ideas, nil)
	return ideas, more, err
}

// RoadmapCounts counts the listed ideas in a roadmap status, by status
// and challenge: how many each column holds, for the service to sum over
// the boards a reader may see (only a board's posts take a status; the
// service checks the challenge is one). It reads every such row (about
// 100-300 ms for 120,000 on SQLite), so the web keeps its answer while
// the store's ContentVersion stays the same.
func (s *Store) RoadmapCounts(ctx context.Context) (map[domain.Status]map[int64]int, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT status, challenge_id, COUNT(*) FROM ideas
		WHERE `+onRoadmap+` AND `+listed+` GROUP BY challenge_id, status`)
	if err != nil {
		return nil, fmt.Errorf("store: unable to count the roadmap: %w", err)
	}
	defer rows.Close()
	out := map[domain.Status]map[int64]int{}
	for rows.Next() {
		var st domain.Status
		var id int64
		var n int
		if err := rows.Scan(&st, &id, &n); err != nil {
			return nil, fmt.Errorf("store: unable to count the roadmap: %w", err)
		}
		if out[st] == nil {
			out[st] = map[int64]int{}
		}
		out[st][id] = n
	}
	return out, rows.Err()
}

// StatusReplies gives, for each idea of a challenge, the times the brand answered it
// with a status move carrying a response, oldest first: official replies,
// for the reply-time dashboard.
func (s *Store) StatusReplies(ctx context.Context, challengeID int64) (map[int64][]time.Time, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT st.idea_id, st.created_at FROM idea_statuses st JOIN ideas i ON i.id = st.idea_id
		WHERE i.challenge_id = ? AND st.response <> '' ORDER BY st.idea_id, st.created_at`, challengeID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to read status replies: %w", err)
	}
	defer rows.Close()
	out := map[int64][]time.Time{}
	for rows.Next() {
		var id, at int64
		if err := rows.Scan(&id, &at); err != nil {
			return nil, fmt.Errorf("store: unable to read status replies: %w", err)
		}
		out[id] = append(out[id], fromMS(at))
	}
	return out, rows.Err()
}

// StatusHistory lists a post's status moves, newest first, at most limit:
// the role, never the person.
func (s *Store) StatusHistory(ctx context.Context, ideaID int64, limit int) ([]domain.StatusMove, error) {
	return list(ctx, s.r, "status history", func(rows *sql.Rows) (domain.StatusMove, error) {
		var m domain.StatusMove
		var at int64
		err := rows.Scan(&m.From, &m.To, &m.Response, &m.Role, &at)
		m.At = fromMS(at)
		return m, err
	}, `SELECT from_status, to_status, response, actor_role, created_at FROM idea_statuses
		WHERE idea_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`, ideaID, limit)
}
