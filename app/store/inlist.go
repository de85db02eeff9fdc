package store

import (
	"strconv"
	"strings"
)

// inListStep is the size classes' step past the powers of two: a list of
// up to inListStep ids is padded to the next power of two, a longer one to
// the next multiple of inListStep, up to inListMax.
const inListStep = 1024

// inListMax is the longest list inIDs spells out as variables on SQLite,
// whose statements take at most 32,766: a statement with two such lists
// (honour) stays under it. A longer list goes as one JSON array.
const inListMax = 8 * inListStep

// inIDs is the condition that col is one of ids, with its arguments, in
// one of a few statement texts whatever the number of ids: on PostgreSQL
// `col = ANY(?)` with the ids as one array; on SQLite `col IN (?, …)` with
// the list padded, repeating its last id, to a size class (inListSize),
// and past inListMax ids `col IN (SELECT value FROM json_each(?))` with
// the ids as one JSON array. So any number of ids goes in one statement:
// callers need not cut their lists. Each distinct text is prepared, and on
// PostgreSQL its placeholder rewrite cached (pgSQL), so lists built to
// each length would make one text per length. No ids is a condition
// nothing meets.
func (s *Store) inIDs(col string, ids []int64) (string, []any) {
	if len(ids) == 0 {
		return "1 = 0", nil
	}
	if s.postgres {
		return col + " = ANY(?)", []any{ids}
	}
	if len(ids) > inListMax {
		return col + " IN (SELECT value FROM json_each(?))", []any{jsonIDs(ids)}
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

// jsonIDs is ids as a JSON array.
func jsonIDs(ids []int64) string {
	b := make([]byte, 0, 8*len(ids)+2)
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(append(b, ']'))
}
