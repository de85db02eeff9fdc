package store

import (
	"sync"
	"time"

	"cocreate/app/domain"
)

// userCache holds accounts by id, and token and session hashes, for the check
// every request makes (who is asking?), measured at a quarter of a vote's
// CPU when it went to SQLite each time. It is exact, not time-limited: every
// store method that changes a user calls forget after its write commits,
// and a read that raced such a change never stores what it read (gen).
//
// With off (PostgreSQL, where other nodes change users too) it keeps
// nothing and every lookup reads the database.
type userCache struct {
	off      bool
	mu       sync.Mutex
	gen      uint64
	users    map[int64]domain.User
	tokens   map[string]int64
	sessions map[string]domain.Session
}

func newUserCache() *userCache {
	return &userCache{users: map[int64]domain.User{}, tokens: map[string]int64{}, sessions: map[string]domain.Session{}}
}

// generation is taken before a read from the database, for put.
func (c *userCache) generation() uint64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.gen
}

// put stores a user (and the token that found them) read at generation g,
// unless a user changed since: then what was read may be old.
func (c *userCache) put(g uint64, u domain.User, tokenHash []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if g != c.gen || c.off {
		return
	}
	if len(c.users) > 100000 {
		clear(c.users) // bounded; reloading is cheap
		clear(c.tokens)
		clear(c.sessions)
	}
	c.users[u.ID] = u
	if tokenHash != nil {
		c.tokens[string(tokenHash)] = u.ID
	}
}

func (c *userCache) byID(id int64) (domain.User, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	u, ok := c.users[id]
	return u, ok
}

func (c *userCache) byToken(hash []byte) (domain.User, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	id, ok := c.tokens[string(hash)]
	if !ok {
		return domain.User{}, false
	}
	u, ok := c.users[id]
	return u, ok
}

// forget drops a user after a change, and makes reads in flight stale.
func (c *userCache) forget(id int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	delete(c.users, id)
}

// forgetToken drops a revoked token, and makes reads in flight stale.
func (c *userCache) forgetToken(hash []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	delete(c.tokens, string(hash))
}

// putSession stores a session read at generation g, unless a session or
// user changed since.
func (c *userCache) putSession(g uint64, hash []byte, sess domain.Session) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if g != c.gen || c.off {
		return
	}
	if len(c.sessions) > 100000 {
		clear(c.sessions)
	}
	c.sessions[string(hash)] = sess
}

// bySession is the session of a cookie's hash, with its user when cached.
func (c *userCache) bySession(hash []byte) (domain.Session, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	sess, ok := c.sessions[string(hash)]
	return sess, ok
}

// touched records a session's new last-seen time, if it is still cached.
func (c *userCache) touched(hash []byte, seen time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if sess, ok := c.sessions[string(hash)]; ok {
		sess.SeenAt = seen
		c.sessions[string(hash)] = sess
	}
}

// forgetAccess drops ended sessions and revoked tokens, and makes reads in
// flight stale.
func (c *userCache) forgetAccess(sessions, tokens [][]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen++
	for _, h := range sessions {
		delete(c.sessions, string(h))
	}
	for _, h := range tokens {
		delete(c.tokens, string(h))
	}
}
