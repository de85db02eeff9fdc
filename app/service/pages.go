package service

// onePage cuts rows, read newest (or first) limit+1 at a time, to a page of
// limit and the cursor that continues after it: the id of the page's last
// row, 0 when rows held no more. Every list paged by id (comments, notices,
// tester feedback) reads one row past its page to know whether there is a
// next one without counting.
func onePage[T any](rows []T, limit int, id func(T) int64) ([]T, int64) {
	if len(rows) <= limit {
		return rows, 0
	}
	return rows[:limit], id(rows[limit-1])
}
