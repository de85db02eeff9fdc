package store

import (
	"sync"

	"cocreate/app/domain"
)

// voteMemo keeps, for the writer, what a vote reads of an idea it has
// voted on before (its challenge, tally, creation time and state), so that
// the next vote for it on SQLite runs no read: in a storm most votes go to
// ideas voted on a moment before. It is never stale: SQLite tells the
// writer's connection of every row any statement changes in ideas
// (sqlite3_update_hook, the hook rankIndex has too), and the memo forgets
// that idea there and then, before the statement returns; the vote that
// changed the tally puts it back after. A transaction or savepoint rolled
// back empties it (the writer's attempt), as what it learnt in it may be
// gone. Only this process writes the file (the data directory is locked).
type voteMemo struct {
	mu   sync.Mutex
	rows map[int64]memoIdea
}

// memoIdea is what voteTargetSQLite reads of an idea, but whether the
// voter has voted.
type memoIdea struct {
	challenge int64
	votes     int64
	created   int64 // ms
	state     domain.State
}

// maxMemo bounds the memo: past it, it starts again empty (a storm's
// ideas are a challenge's, far fewer).
const maxMemo = 1 << 16

func newVoteMemo() *voteMemo { return &voteMemo{rows: map[int64]memoIdea{}} }

// touched is the update hook's part: any change to an idea's row.
func (m *voteMemo) touched(table string, id int64) {
	if m == nil || table != "ideas" {
		return
	}
	m.mu.Lock()
	delete(m.rows, id)
	m.mu.Unlock()
}

func (m *voteMemo) get(id int64) (memoIdea, bool) {
	if m == nil {
		return memoIdea{}, false
	}
	m.mu.Lock()
	r, ok := m.rows[id]
	m.mu.Unlock()
	return r, ok
}

// put keeps idea as it is now that the writer set its tally to votes.
func (m *voteMemo) put(idea domain.Idea, votes int) {
	if m == nil {
		return
	}
	m.mu.Lock()
	if len(m.rows) >= maxMemo {
		clear(m.rows)
	}
	m.rows[idea.ID] = memoIdea{challenge: idea.ChallengeID, votes: int64(votes), created: ms(idea.CreatedAt), state: idea.State}
	m.mu.Unlock()
}

// forget empties the memo: a rollback.
func (m *voteMemo) forget() {
	if m == nil {
		return
	}
	m.mu.Lock()
	clear(m.rows)
	m.mu.Unlock()
}

func (r memoIdea) idea(id int64) domain.Idea {
	return domain.Idea{ID: id, ChallengeID: r.challenge, State: r.state, Votes: int(r.votes), CreatedAt: fromMS(r.created)}
}
