package domain

import "time"

// Earliest and Latest bound every time a person gives (a challenge's
// phases, a milestone's due day): a time outside them is no one's plan,
// and one past the year 9999 in UTC cannot be written as RFC 3339, so
// every page and API answer that shows it would fail from then on.
var (
	Earliest = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	Latest   = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
)

// InstantInRange refuses, at field, a time before Earliest or after
// Latest, whatever zone it was written in.
func InstantInRange(field string, t time.Time) error {
	if t.Before(Earliest) || t.After(Latest) {
		return Invalid(field, "time_out_of_range", field+" must be between 1970 and 9999")
	}
	return nil
}
