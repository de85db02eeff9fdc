package judging

import (
	"testing"

	"cocreate/app/domain"
)

// Publishing waits for every shortlisted idea hidden with its moderation
// open, and says how many.
func TestCheckHiddenFinalists(t *testing.T) {
	for _, tc := range []struct {
		hidden int
		want   string
	}{
		{0, ""},
		{1, "finalists_hidden@"},
		{3, "finalists_hidden@"},
	} {
		err := CheckHiddenFinalists(tc.hidden)
		if got := code(err); got != tc.want {
			t.Errorf("%d hidden: %q, want %q", tc.hidden, got, tc.want)
		}
		if err != nil {
			e := domain.AsError(err)
			if e.Kind != domain.KindConflict || len(e.Args) != 1 || e.Args[0] != tc.hidden {
				t.Errorf("%d hidden: kind %v, args %v; want a conflict naming %d", tc.hidden, e.Kind, e.Args, tc.hidden)
			}
		}
	}
}
