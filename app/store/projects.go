package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"cocreate/app/domain"
	"cocreate/app/workflow"
)

const projectColumns = `p.id, p.idea_id, i.title, i.challenge_id, i.state, p.owner_id, u.name, p.stage, p.created_at, p.updated_at`

const projectFrom = ` FROM projects p JOIN ideas i ON i.id = p.idea_id JOIN users u ON u.id = p.owner_id`

func scanProject(row interface{ Scan(...any) error }) (workflow.Project, error) {
	var p workflow.Project
	var created, updated int64
	err := row.Scan(&p.ID, &p.IdeaID, &p.Title, &p.ChallengeID, &p.IdeaState, &p.Owner.ID, &p.Owner.Name, &p.Stage, &created, &updated)
	p.CreatedAt, p.UpdatedAt = fromMS(created), fromMS(updated)
	return p, err
}

// projectTx reads a project inside a write that may change it: on
// PostgreSQL its row is locked (lock is s.forUpdate), so two nodes moving
// a project at once move it one after the other, the second from where the
// first left it, and nobody is told twice.
func projectTx(tx *sql.Tx, id int64, lock string) (workflow.Project, error) {
	if lock != "" {
		lock += " OF p"
	}
	p, err := scanProject(tx.QueryRow(`SELECT `+projectColumns+projectFrom+` WHERE p.id = ?`+lock, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, domain.NotFound("project")
	}
	if err != nil {
		return p, fmt.Errorf("store: unable to load project %d: %w", id, err)
	}
	return p, nil
}

// OpenCheck decides, inside the transaction, whether the idea may become a
// project and whether owner may own it.
type OpenCheck func(idea domain.Idea, owner domain.User, picked, declined bool) error

// OpenTell chooses the notices for a project just opened from idea, given
// everyone with a stake in it (audienceOf).
type OpenTell func(projectID int64, idea domain.Idea, a domain.Audience) []domain.Outgoing

// CreateProject turns an idea into a project in triage, posts the first
// update and sends the notices tellOpened chooses.
func (s *Store) CreateProject(ctx context.Context, ideaID, ownerID, actorID int64, check OpenCheck, tellOpened OpenTell) (workflow.Project, error) {
	return s.createProject(ctx, ideaID, ownerID, actorID, "", check, tellOpened)
}

// AcceptProject is CreateProject that moves the new project on to stage
// accepted in the same transaction (workflow.CheckMove), its move's update
// posted and told to nobody again: the opening's notices told its start.
func (s *Store) AcceptProject(ctx context.Context, ideaID, ownerID, actorID int64, check OpenCheck, tellOpened OpenTell) (workflow.Project, error) {
	return s.createProject(ctx, ideaID, ownerID, actorID, workflow.Accepted, check, tellOpened)
}

// createProject is CreateProject, moved on to stage then ("" for none).
func (s *Store) createProject(ctx context.Context, ideaID, ownerID, actorID int64, then workflow.Stage, check OpenCheck, tellOpened OpenTell) (workflow.Project, error) {
	now := s.Now()
	var id int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		idea, err := s.ideaToChange(tx, ideaID)
		if err != nil {
			return err
		}
		owner, err := s.ownerTx(tx, ownerID)
		if err != nil {
			return err
		}
		var picked, declined bool
		if err := tx.QueryRow(`SELECT EXISTS (SELECT 1 FROM triage_picks WHERE idea_id = ?), EXISTS (SELECT 1 FROM triage_declines WHERE idea_id = ?)`,
			ideaID, ideaID).Scan(&picked, &declined); err != nil {
			return fmt.Errorf("store: unable to read idea %d's triage: %w", ideaID, err)
		}
		if err := check(idea, owner, picked, declined); err != nil {
			return err
		}
		err = tx.QueryRow(`INSERT INTO projects (idea_id, owner_id, stage, created_at, updated_at) VALUES (?, ?, 'triage', ?, ?) RETURNING id`,
			ideaID, ownerID, ms(now), ms(now)).Scan(&id)
		if isUnique(err) {
			return domain.Conflict("project_exists", "this idea is already a project")
		}
		if err != nil {
			return fmt.Errorf("store: unable to create project: %w", err)
		}
		if _, err := tx.Exec(`DELETE FROM triage_picks WHERE idea_id = ?`, ideaID); err != nil {
			return err
		}
		if err := addUpdate(tx, id, actorID, "stage", "", workflow.Triage, "", now); err != nil {
			return err
		}
		if then != "" {
			if err := workflow.CheckMove(workflow.Triage, then, ""); err != nil {
				return err
			}
			if _, err := tx.Exec(`UPDATE projects SET stage = ? WHERE id = ?`, string(then), id); err != nil {
				return fmt.Errorf("store: unable to move project %d: %w", id, err)
			}
			if err := addUpdate(tx, id, actorID, "stage", workflow.Triage, then, "", now); err != nil {
				return err
			}
		}
		a, err := audienceOf(ctx, tx, ideaID)
		if err != nil {
			return err
		}
		return tell(tx, now, tellOpened(id, idea, a))
	})
	if err != nil {
		return workflow.Project{}, err
	}
	return s.Project(ctx, id)
}

// ownerTx reads the account asked to own a project (owner_id), under the
// lock SetRoles takes on the same account: a change of its roles on
// another node commits before this reads them, or after this project
// exists and is counted.
func (s *Store) ownerTx(tx *sql.Tx, ownerID int64) (domain.User, error) {
	if err := s.lockFor(tx, "project owner", ownerID); err != nil {
		return domain.User{}, err
	}
	owner, err := scanUser(tx.QueryRow(`SELECT `+userColumns+` FROM users u WHERE u.id = ?`, ownerID))
	if errors.Is(err, sql.ErrNoRows) {
		return owner, domain.Invalid("owner_id", "unknown_user", "no such user")
	}
	return owner, err
}

// audienceOf loads everyone with a stake in an idea (domain.Audience): its
// author, its followers, the fans of its counted votes, ratings and
// intents (held ones, kept out of the tallies by a quarantine, are left
// out), and the testers chosen for its project. Each list is one query by
// the idea's primary key or index.
func audienceOf(ctx context.Context, tx *sql.Tx, ideaID int64) (domain.Audience, error) {
	var a domain.Audience
	if err := tx.QueryRowContext(ctx, `SELECT author_id FROM ideas WHERE id = ?`, ideaID).Scan(&a.Author); err != nil {
		return a, fmt.Errorf("store: unable to load idea %d: %w", ideaID, err)
	}
	ids := scanOne[int64]
	for _, l := range []struct {
		into  *[]int64
		what  string
		query string
	}{
		{&a.Voters, "voters", `SELECT user_id FROM votes WHERE idea_id = ? AND held = 0 ORDER BY user_id`},
		{&a.Raters, "raters", `SELECT user_id FROM ratings WHERE idea_id = ? AND held = 0 ORDER BY user_id`},
		{&a.Buyers, "buyers", `SELECT user_id FROM intents WHERE idea_id = ? AND held = 0 ORDER BY user_id`},
		{&a.Followers, "followers", `SELECT user_id FROM follows WHERE idea_id = ? ORDER BY user_id`},
		{&a.Testers, "testers", `SELECT t.user_id FROM projects p JOIN tester_applications t ON t.project_id = p.id
			WHERE p.idea_id = ? AND t.accepted = 1 ORDER BY t.user_id`},
	} {
		var err error
		if *l.into, err = list(ctx, tx, l.what, ids, l.query, ideaID); err != nil {
			return a, err
		}
	}
	return a, nil
}

// addUpdate writes one entry of a project's public timeline and queues it
// for search.
func addUpdate(tx *sql.Tx, projectID, authorID int64, kind string, from, to workflow.Stage, body string, now time.Time) error {
	_, err := addUpdateID(tx, projectID, authorID, kind, from, to, body, now)
	return err
}

// addUpdateID is addUpdate, saying the new update's id.
func addUpdateID(tx *sql.Tx, projectID, authorID int64, kind string, from, to workflow.Stage, body string, now time.Time) (int64, error) {
	var id int64
	err := tx.QueryRow(`INSERT INTO project_updates (project_id, author_id, kind, from_stage, to_stage, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		projectID, authorID, kind, string(from), string(to), body, ms(now)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: unable to post update: %w", err)
	}
	return id, queue(tx, "update", id, now)
}

// Project loads a project with its milestones.
func (s *Store) Project(ctx context.Context, id int64) (workflow.Project, error) {
	p, err := scanProject(s.r.QueryRowContext(ctx, `SELECT `+projectColumns+projectFrom+` WHERE p.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, domain.NotFound("project")
	}
	if err != nil {
		return p, fmt.Errorf("store: unable to load project %d: %w", id, err)
	}
	p.Milestones, err = s.milestones(ctx, id)
	return p, err
}

// ProjectOfIdea finds the project an idea became, if any (0 when none).
func (s *Store) ProjectOfIdea(ctx context.Context, ideaID int64) (int64, error) {
	var id int64
	err := s.r.QueryRowContext(ctx, `SELECT id FROM projects WHERE idea_id = ?`, ideaID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// Projects lists a page of projects, optionally of one stage, newest
// first: the newest limit, or those older than before (before > 0), or the
// limit just newer than after (after > 0; before wins). more says whether
// the list goes on past the page in the direction read (older for the
// newest and before, newer for after).
func (s *Store) Projects(ctx context.Context, stage workflow.Stage, before, after int64, limit int, unseen []int64) (page []workflow.Project, more bool, err error) {
	hidden, args := s.inIDs("i.challenge_id", unseen)
	q := `SELECT ` + projectColumns + projectFrom + ` WHERE NOT (` + hidden + `)`
	if stage != "" {
		q += ` AND p.stage = ?`
		args = append(args, string(stage))
	}
	order := ` ORDER BY p.id DESC LIMIT ?`
	switch {
	case before > 0:
		q += ` AND p.id < ?`
		args = append(args, before)
	case after > 0:
		q += ` AND p.id > ?`
		args = append(args, after)
		order = ` ORDER BY p.id LIMIT ?`
	}
	rows, err := s.r.QueryContext(ctx, q+order, append(args, limit+1)...)
	if err != nil {
		return nil, false, fmt.Errorf("store: unable to list projects: %w", err)
	}
	defer rows.Close()
	out := []workflow.Project{}
	for rows.Next() {
		p, err := scanProject(rows)
		if err != nil {
			return nil, false, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	if more = len(out) > limit; more {
		out = out[:limit]
	}
	if before <= 0 && after > 0 {
		slices.Reverse(out)
	}
	if err := s.attachMilestones(ctx, out); err != nil {
		return nil, false, err
	}
	return out, more, nil
}

// ProjectsOwnedBy lists the projects ownerID is the engineer of, newest
// first, those of unseen challenges left out, at most limit, with their
// milestones (the board shows the late ones).
func (s *Store) ProjectsOwnedBy(ctx context.Context, ownerID int64, limit int, unseen []int64) ([]workflow.Project, error) {
	hidden, args := s.inIDs("i.challenge_id", unseen)
	out, err := list(ctx, s.r, "an engineer's projects", func(rows *sql.Rows) (workflow.Project, error) { return scanProject(rows) },
		`SELECT `+projectColumns+projectFrom+` WHERE p.owner_id = ? AND NOT (`+hidden+`) ORDER BY p.id DESC LIMIT ?`,
		append(append([]any{ownerID}, args...), limit)...)
	if err != nil {
		return nil, err
	}
	return out, s.attachMilestones(ctx, out)
}

// MovedProjects lists projects the most recently moved first (a stage, or
// a new engineer: updated_at), those of unseen challenges left out, at most
// limit, after the project after (its UpdatedAt and ID; the zero project
// for the newest). more says whether the list goes on. Milestones are not
// read: the projects board's feed does not show them.
func (s *Store) MovedProjects(ctx context.Context, after workflow.Project, limit int, unseen []int64) (page []workflow.Project, more bool, err error) {
	hidden, args := s.inIDs("i.challenge_id", unseen)
	q := `SELECT ` + projectColumns + projectFrom + ` WHERE NOT (` + hidden + `)`
	if after.ID > 0 {
		q += ` AND (p.updated_at, p.id) < (?, ?)`
		args = append(args, ms(after.UpdatedAt), after.ID)
	}
	out, err := list(ctx, s.r, "moved projects", func(rows *sql.Rows) (workflow.Project, error) { return scanProject(rows) },
		q+` ORDER BY p.updated_at DESC, p.id DESC LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return nil, false, err
	}
	if more = len(out) > limit; more {
		out = out[:limit]
	}
	return out, more, nil
}

// attachMilestones reads the milestones of all the projects in one query
// (not one per project), in each project's order.
func (s *Store) attachMilestones(ctx context.Context, projects []workflow.Project) error {
	if len(projects) == 0 {
		return nil
	}
	at := make(map[int64]int, len(projects))
	ids := make([]int64, len(projects))
	for i, p := range projects {
		at[p.ID], ids[i] = i, p.ID
		projects[i].Milestones = []workflow.Milestone{}
	}
	in, args := s.inIDs("project_id", ids)
	rows, err := s.r.QueryContext(ctx, `SELECT project_id, id, title, due_at, done_at, stage FROM milestones
		WHERE `+in+` ORDER BY project_id, due_at, id`, args...)
	if err != nil {
		return fmt.Errorf("store: unable to list milestones: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m workflow.Milestone
		var projectID, due int64
		var done sql.NullInt64
		if err := rows.Scan(&projectID, &m.ID, &m.Title, &due, &done, &m.Stage); err != nil {
			return fmt.Errorf("store: unable to read milestones: %w", err)
		}
		m.DueAt, m.DoneAt = fromMS(due), timePtr(done)
		i := at[projectID]
		projects[i].Milestones = append(projects[i].Milestones, m)
	}
	return rows.Err()
}

func (s *Store) milestones(ctx context.Context, projectID int64) ([]workflow.Milestone, error) {
	return list(ctx, s.r, "milestones", func(rows *sql.Rows) (workflow.Milestone, error) {
		var m workflow.Milestone
		var due int64
		var done sql.NullInt64
		err := rows.Scan(&m.ID, &m.Title, &due, &done, &m.Stage)
		m.DueAt, m.DoneAt = fromMS(due), timePtr(done)
		return m, err
	}, `SELECT id, title, due_at, done_at, stage FROM milestones WHERE project_id = ? ORDER BY due_at, id`, projectID)
}

// ProjectCheck decides, inside the transaction, whether the change to p is allowed.
type ProjectCheck func(p workflow.Project) error

// writeProject runs fn on one project inside a write, once check has
// allowed the change: the start every change of a project shares.
func (s *Store) writeProject(ctx context.Context, id int64, check ProjectCheck, fn func(*sql.Tx, workflow.Project) error) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		p, err := projectTx(tx, id, s.forUpdate)
		if err != nil {
			return err
		}
		if err := check(p); err != nil {
			return err
		}
		return fn(tx, p)
	})
}

// MoveTell chooses the notices for a project that moved (its Stage is the
// new one) or posted an update, given everyone with a stake in its idea.
type MoveTell func(p workflow.Project, a domain.Audience) []domain.Outgoing

// MoveProject moves a project to stage to, as check allows: the move is
// recorded with its note as a public update, and the notices tellMove
// chooses are written, in the same transaction.
func (s *Store) MoveProject(ctx context.Context, id, actorID int64, to workflow.Stage, note string, check ProjectCheck, tellMove MoveTell) (workflow.Project, error) {
	now := s.Now()
	err := s.writeProject(ctx, id, check, func(tx *sql.Tx, p workflow.Project) error {
		if err := workflow.CheckMove(p.Stage, to, note); err != nil {
			return err
		}
		if _, err := tx.Exec(`UPDATE projects SET stage = ?, updated_at = ? WHERE id = ?`, string(to), ms(now), id); err != nil {
			return fmt.Errorf("store: unable to move project %d: %w", id, err)
		}
		if err := addUpdate(tx, id, actorID, "stage", p.Stage, to, note, now); err != nil {
			return err
		}
		a, err := audienceOf(ctx, tx, p.IdeaID)
		if err != nil {
			return err
		}
		p.Stage = to
		return tell(tx, now, tellMove(p, a))
	})
	if err != nil {
		return workflow.Project{}, err
	}
	return s.Project(ctx, id)
}

// HandOverCheck decides, inside the transaction, whether project p may be
// handed over to owner.
type HandOverCheck func(p workflow.Project, owner domain.User) error

// HandOverProject makes ownerID the engineer of project id, once manage
// has allowed the actor to change the project and check the new owner, and writes the notices tellHanded chooses for the project as it
// is after (its Owner the new one) and its engineer before (from), in the
// same transaction. Handing it to
// its owner changes nothing and tells nobody (handed is false).
func (s *Store) HandOverProject(ctx context.Context, id, ownerID int64, manage ProjectCheck, check HandOverCheck, tellHanded func(p workflow.Project, from domain.Author) []domain.Outgoing) (p workflow.Project, handed bool, err error) {
	now := s.Now()
	err = s.write(ctx, func(tx *sql.Tx) error {
		handed = false
		q, err := projectTx(tx, id, s.forUpdate)
		if err != nil {
			return err
		}
		if err := manage(q); err != nil {
			return err // before the account asked for is read: it reveals nothing of it
		}
		owner, err := s.ownerTx(tx, ownerID)
		if err != nil {
			return err
		}
		if err := check(q, owner); err != nil {
			return err
		}
		if owner.ID == q.Owner.ID {
			return nil
		}
		if _, err := tx.Exec(`UPDATE projects SET owner_id = ?, updated_at = ? WHERE id = ?`, ownerID, ms(now), id); err != nil {
			return fmt.Errorf("store: unable to hand over project %d: %w", id, err)
		}
		from := q.Owner
		q.Owner, handed = domain.Author{ID: owner.ID, Name: owner.Name}, true
		return tell(tx, now, tellHanded(q, from))
	})
	if err != nil {
		return workflow.Project{}, false, err
	}
	p, err = s.Project(ctx, id)
	return p, handed, err
}

// MilestoneCheck decides, inside the transaction, whether a milestone may
// be added to project p, and under which of its stages.
type MilestoneCheck func(p workflow.Project) (workflow.Stage, error)

// AddMilestone adds a dated step to a project, in the stage check gives.
func (s *Store) AddMilestone(ctx context.Context, projectID int64, title string, due time.Time, check MilestoneCheck) (workflow.Milestone, error) {
	m := workflow.Milestone{Title: title, DueAt: due.UTC().Truncate(time.Millisecond)}
	stageOf := func(p workflow.Project) (err error) {
		m.Stage, err = check(p)
		return err
	}
	err := s.writeProject(ctx, projectID, stageOf, func(tx *sql.Tx, p workflow.Project) error {
		err := tx.QueryRow(`INSERT INTO milestones (project_id, title, due_at, created_at, stage) VALUES (?, ?, ?, ?, ?) RETURNING id`,
			projectID, title, ms(due), ms(s.Now()), string(m.Stage)).Scan(&m.ID)
		if err != nil {
			return fmt.Errorf("store: unable to add milestone: %w", err)
		}
		return nil
	})
	return m, err
}

// CompleteMilestone marks a milestone done (or not done again), and
// returns it as it is now with its project's stage (which decides
// Milestone.Overdue).
func (s *Store) CompleteMilestone(ctx context.Context, projectID, milestoneID int64, done bool, check ProjectCheck) (m workflow.Milestone, stage workflow.Stage, err error) {
	err = s.writeProject(ctx, projectID, check, func(tx *sql.Tx, p workflow.Project) error {
		at := sql.NullInt64{Int64: ms(s.Now()), Valid: done}
		var due int64
		var doneAt sql.NullInt64
		err := tx.QueryRow(`UPDATE milestones SET done_at = ? WHERE id = ? AND project_id = ? RETURNING id, title, due_at, done_at, stage`,
			at, milestoneID, projectID).Scan(&m.ID, &m.Title, &due, &doneAt, &m.Stage)
		if errors.Is(err, sql.ErrNoRows) {
			return domain.NotFound("milestone")
		}
		if err != nil {
			return fmt.Errorf("store: unable to mark milestone %d: %w", milestoneID, err)
		}
		m.DueAt, m.DoneAt, stage = fromMS(due), timePtr(doneAt), p.Stage
		return nil
	})
	return m, stage, err
}

// DeleteMilestone takes a milestone off its project (one set by mistake:
// a wrong day, a wrong step); not found unless it is the project's.
func (s *Store) DeleteMilestone(ctx context.Context, projectID, milestoneID int64, check ProjectCheck) error {
	return s.writeProject(ctx, projectID, check, func(tx *sql.Tx, p workflow.Project) error {
		res, err := tx.Exec(`DELETE FROM milestones WHERE id = ? AND project_id = ?`, milestoneID, projectID)
		if err != nil {
			return fmt.Errorf("store: unable to delete milestone %d: %w", milestoneID, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("store: unable to delete milestone %d: %w", milestoneID, err)
		} else if n == 0 {
			return domain.NotFound("milestone")
		}
		return nil
	})
}

// PostUpdate adds a progress post to a project's public timeline and
// writes the notices tellUpdate chooses for it (its id given), in the same
// transaction (as a stage move does).
func (s *Store) PostUpdate(ctx context.Context, projectID, authorID int64, body string, check ProjectCheck, tellUpdate func(p workflow.Project, a domain.Audience, updateID int64) []domain.Outgoing) error {
	now := s.Now()
	return s.writeProject(ctx, projectID, check, func(tx *sql.Tx, p workflow.Project) error {
		id, err := addUpdateID(tx, projectID, authorID, "update", "", "", body, now)
		if err != nil {
			return err
		}
		a, err := audienceOf(ctx, tx, p.IdeaID)
		if err != nil {
			return err
		}
		return tell(tx, now, tellUpdate(p, a, id))
	})
}

// Timeline lists a project's public updates, oldest first.
func (s *Store) Timeline(ctx context.Context, projectID int64) ([]workflow.Update, error) {
	return list(ctx, s.r, "the timeline", func(rows *sql.Rows) (workflow.Update, error) {
		var up workflow.Update
		var created int64
		err := rows.Scan(&up.ID, &up.Author.ID, &up.Author.Name, &up.Kind, &up.From, &up.To, &up.Body, &created)
		up.CreatedAt = fromMS(created)
		return up, err
	}, `SELECT pu.id, pu.author_id, u.name, pu.kind, pu.from_stage, pu.to_stage, pu.body, pu.created_at
		FROM project_updates pu JOIN users u ON u.id = pu.author_id WHERE pu.project_id = ? ORDER BY pu.id`, projectID)
}
