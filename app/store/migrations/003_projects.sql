-- The prototype workflow: a winning (or picked) idea becomes a project that
-- engineers carry to launch in the open.

CREATE TABLE projects (
    id         INTEGER PRIMARY KEY,
    idea_id    INTEGER NOT NULL UNIQUE REFERENCES ideas(id),
    owner_id   INTEGER NOT NULL REFERENCES users(id),
    stage      TEXT    NOT NULL DEFAULT 'triage' CHECK (stage IN
                 ('triage', 'accepted', 'concept', 'prototype', 'fan_test', 'pilot', 'launched', 'shelved')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX projects_stage ON projects(stage, id);

-- Public updates: every stage move writes one (kind 'stage', with the
-- note), and engineers post progress (kind 'update').
CREATE TABLE project_updates (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    author_id  INTEGER NOT NULL REFERENCES users(id),
    kind       TEXT    NOT NULL CHECK (kind IN ('stage', 'update')),
    from_stage TEXT    NOT NULL DEFAULT '',
    to_stage   TEXT    NOT NULL DEFAULT '',
    body       TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX project_updates_project ON project_updates(project_id, id);

CREATE TABLE milestones (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    title      TEXT    NOT NULL,
    due_at     INTEGER NOT NULL,
    done_at    INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX milestones_project ON milestones(project_id, due_at);

-- Fans applying to test a prototype, and the owner's choice.
CREATE TABLE tester_applications (
    project_id  INTEGER NOT NULL REFERENCES projects(id),
    user_id     INTEGER NOT NULL REFERENCES users(id),
    motivation  TEXT    NOT NULL,
    accepted    INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    decided_at  INTEGER,
    PRIMARY KEY (project_id, user_id)
) WITHOUT ROWID;

CREATE TABLE tester_feedback (
    id         INTEGER PRIMARY KEY,
    project_id INTEGER NOT NULL REFERENCES projects(id),
    tester_id  INTEGER NOT NULL REFERENCES users(id),
    rating     INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body       TEXT    NOT NULL,
    addressed  INTEGER NOT NULL DEFAULT 0,
    reply      TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL
);
CREATE INDEX tester_feedback_project ON tester_feedback(project_id, id);

-- The people a launched product credits beside the idea's author.
CREATE TABLE project_credits (
    project_id INTEGER NOT NULL REFERENCES projects(id),
    user_id    INTEGER NOT NULL REFERENCES users(id),
    role       TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (project_id, user_id)
) WITHOUT ROWID;

-- Ideas an engineer declined to take on, with the public reason.
CREATE TABLE triage_declines (
    idea_id    INTEGER PRIMARY KEY REFERENCES ideas(id),
    actor_id   INTEGER NOT NULL REFERENCES users(id),
    reason     TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);

-- Ideas an admin sent to the engineers' triage queue beside the winners.
CREATE TABLE triage_picks (
    idea_id    INTEGER PRIMARY KEY REFERENCES ideas(id),
    actor_id   INTEGER NOT NULL REFERENCES users(id),
    created_at INTEGER NOT NULL
);
