package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"

	"github.com/mattn/go-sqlite3"
)

// While the writer runs a batch (SQLite) it holds its one connection
// (Store.wc, begin), and a vote's statements run on it as the driver has it:
// database/sql starts a goroutine and a cancellable context for every query
// inside a transaction (to close its rows if the transaction ends first),
// and converts and copies the arguments of every statement; on the hottest
// write that was a third of the writer's allocations. The statements are
// prepared once, on first use, and run inside whatever transaction and
// savepoint the writer has open on that connection, as any other write's.

// Indexes of writerStmts.
const (
	wsVoteRead = iota
	wsVoteCount
	wsVoteInsert
	wsTally
	wsWithdraw
	wsHeldDown
	wsWatchedInsert
	wsHeldUp
	wsActing
	wsCount
)

var writerQueries = [wsCount]string{
	// The integers first, then the state: voteTargetSQLite reads them as they come.
	wsVoteRead: `SELECT challenge_id, votes, created_at,
		EXISTS (SELECT 1 FROM votes WHERE idea_id = ? AND user_id = ?), state FROM ideas WHERE id = ?`,
	wsVoteCount: `SELECT COUNT(*) FROM votes WHERE user_id = ? AND challenge_id = ?`,
	wsVoteInsert: `INSERT INTO votes (idea_id, user_id, challenge_id, created_at, net, ua, age) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT DO NOTHING`,
	wsTally:    `UPDATE ideas SET votes = ?, hot = ? WHERE id = ?`,
	wsWithdraw: `DELETE FROM votes WHERE idea_id = ? AND user_id = ? RETURNING held`,
	wsHeldDown: `UPDATE ideas SET votes_under_review = votes_under_review - 1 WHERE id = ?`,
	// A watched account's vote (castWatched): held when the account is in
	// a group quarantined in the vote's challenge (the last two arguments).
	wsWatchedInsert: `INSERT INTO votes (idea_id, user_id, challenge_id, created_at, net, ua, age, held)
		VALUES (?, ?, ?, ?, ?, ?, ?, ` + quarantinedHere + `) ON CONFLICT DO NOTHING RETURNING held`,
	wsHeldUp: `UPDATE ideas SET votes_under_review = votes_under_review + 1 WHERE id = ?`,
	// An act's account as its write reads it (actingTx).
	wsActing: `SELECT CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END, suspended FROM users WHERE id = ?`,
}

// writerStmts are writerQueries prepared on the writer's connection, with
// the buffers their calls reuse (only the writer goroutine touches them).
type writerStmts struct {
	conn  *sqlite3.SQLiteConn
	memo  *voteMemo // told of each tally set (setVotes)
	stmts [wsCount]*sqlite3.SQLiteStmt
	args  [9]driver.NamedValue
	dest  [8]driver.Value
}

// onWriterConn runs fn with the writer's statements, on the writer's
// connection, inside the writer's open transaction. fn must only run
// statements. Neither a panic in it nor driver.ErrBadConn reach
// database/sql, which would close the connection there and then, waiting
// for the open transaction to end: the writer would wait for ever. Both
// come back as plain errors (the batch is spoilt and runs again; a broken
// connection fails the commit and is dropped when the batch ends).
func (s *Store) onWriterConn(fn func(*writerStmts) error) error {
	return s.wc.Raw(func(dc any) (err error) {
		defer func() {
			if p := recover(); p != nil {
				err = fmt.Errorf("store: statement panicked: %v", p)
			}
			if errors.Is(err, driver.ErrBadConn) {
				err = fmt.Errorf("store: the writer's connection: %v", err) // not wrapped
			}
		}()
		c, ok := dc.(*sqlite3.SQLiteConn)
		if !ok {
			return fmt.Errorf("store: the writer's connection is a %T", dc)
		}
		if s.ws.conn != c {
			if err := s.ws.prepare(c); err != nil {
				return err
			}
			s.ws.memo = s.memo
		}
		return fn(&s.ws)
	})
}

// closeWriterStmts closes the writer's statements, once the writer has
// stopped (Close).
func (s *Store) closeWriterStmts() error {
	if s.ws.conn == nil {
		return nil
	}
	conn, err := s.w.Conn(context.Background())
	if err != nil {
		return err
	}
	return errors.Join(conn.Raw(func(any) error { s.ws.close(); return nil }), conn.Close())
}

func (w *writerStmts) prepare(c *sqlite3.SQLiteConn) error {
	w.close()
	for i, q := range writerQueries {
		st, err := c.Prepare(q)
		if err != nil {
			w.close()
			return fmt.Errorf("store: unable to prepare %s: %w", q, err)
		}
		w.stmts[i] = st.(*sqlite3.SQLiteStmt)
	}
	w.conn = c
	return nil
}

func (w *writerStmts) close() {
	for i, st := range w.stmts {
		if st != nil {
			_ = st.Close() // only fails on a closed connection
			w.stmts[i] = nil
		}
	}
	w.conn = nil
}

// bind sets the arguments of the next call: the driver's types (int64,
// float64, string, nil), and int, which database/sql would convert.
func (w *writerStmts) bind(vals ...any) []driver.NamedValue {
	for i, v := range vals {
		if n, ok := v.(int); ok {
			v = int64(n)
		}
		w.args[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return w.args[:len(vals)]
}

// exec runs statement i with vals and returns how many rows it changed.
func (w *writerStmts) exec(i int, vals ...any) (int64, error) {
	res, err := w.stmts[i].ExecContext(context.Background(), w.bind(vals...))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// row runs query i with vals and returns its first row's n columns
// (sql.ErrNoRows when there is none). The values are valid until the
// next call.
func (w *writerStmts) row(i, n int, vals ...any) ([]driver.Value, error) {
	rows, err := w.stmts[i].QueryContext(context.Background(), w.bind(vals...))
	if err != nil {
		return nil, err
	}
	dest := w.dest[:n]
	err = rows.Next(dest)
	if errors.Is(err, io.EOF) {
		err = sql.ErrNoRows
	}
	// A statement that writes (RETURNING) finishes its work only when reset.
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	return dest, err
}

// driverInts reads integer columns (vals' types are the driver's: int64 for an
// INTEGER, string for TEXT).
func driverInts(vals []driver.Value, to ...*int64) error {
	for i, p := range to {
		v, ok := vals[i].(int64)
		if !ok {
			return fmt.Errorf("store: column %d is a %T, not an integer", i, vals[i])
		}
		*p = v
	}
	return nil
}
