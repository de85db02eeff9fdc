package store

import "strings"

// inListStep is the size classes' step past the powers of two: a list of
// up to inListStep ids is padded to the next power of two, a longer one to
// the next multiple of inListStep (well under SQLite's 32,766 variables
// for the store's batches).
const inListStep = 1024

// inIDs is the condition that col is one of ids, with its arguments, in
// one of a few statement texts whatever the number of ids: on PostgreSQL
// `col = ANY(?)` with the ids as one array; on SQLite `col IN (?, …)` with
// the list padded, repeating its last id, to a size class (inListSize).
// Each distinct text is prepared, and on PostgreSQL its placeholder
// rewrite cached (pgSQL), so lists built to each length would make one
// text per length. No ids is a condition nothing meets.
func (s *Store) inIDs(col string, ids []int64) (string, []any) {
	if len(ids) == 0 {
		return "1 = 0", nil
	}
	if s.postgres {
		return col + " = ANY(?)", []any{ids}
	}
	n := inListSize(len(ids))
	args := make([]any, n)
	for i := range args {
		args[i] = ids[min(i, len(ids)-1)]
	}
	return col + " IN (?" + strings.Repeat(",?", n-1) + ")", args
}

// inListSize is the size class of a list of n ids: the next power of two
// up to inListStep, then the next multiple of it.
func inListSize(n int) int {
	if n > inListStep {
		return (n + inListStep - 1) / inListStep * inListStep
	}
	size := 1
	for size < n {
		size *= 2
	}
	return size
}
