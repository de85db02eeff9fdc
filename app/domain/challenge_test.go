package domain

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

// overlapping is Haier's kind of schedule: voting opens while submissions are
// still open, then judging, results and closing follow.
func overlapping() Schedule {
	return Schedule{
		SubmissionsOpenAt:  at(0),
		SubmissionsCloseAt: at(10 * day),
		VotingOpenAt:       at(5 * day),
		VotingCloseAt:      at(15 * day),
		ResultsAt:          at(20 * day),
		ClosedAt:           at(30 * day),
	}
}

// withGap has submissions close two days before voting opens.
func withGap() Schedule {
	return Schedule{
		SubmissionsOpenAt:  at(0),
		SubmissionsCloseAt: at(5 * day),
		VotingOpenAt:       at(7 * day),
		VotingCloseAt:      at(10 * day),
	}
}

func TestPhaseAt(t *testing.T) {
	tests := []struct {
		name string
		s    Schedule
		now  time.Duration // after t0
		want Phase
	}{
		{"no times at all", Schedule{}, 0, PhaseDraft},
		{"no times, long after", Schedule{}, 1000 * day, PhaseDraft},
		{"before anything opens", overlapping(), -day, PhaseDraft},
		{"a nanosecond before submissions open", overlapping(), -1, PhaseDraft},
		{"exactly when submissions open", overlapping(), 0, PhaseSubmissions},
		{"submissions only", overlapping(), 2 * day, PhaseSubmissions},
		{"exactly when voting opens, submissions still open", overlapping(), 5 * day, PhaseSubmissions},
		{"submissions and voting both open", overlapping(), 7 * day, PhaseSubmissions},
		{"a nanosecond before submissions close", overlapping(), 10*day - 1, PhaseSubmissions},
		{"exactly when submissions close, voting open", overlapping(), 10 * day, PhaseVoting},
		{"voting only", overlapping(), 12 * day, PhaseVoting},
		{"a nanosecond before voting closes", overlapping(), 15*day - 1, PhaseVoting},
		{"exactly when voting closes", overlapping(), 15 * day, PhaseJudging},
		{"judging", overlapping(), 17 * day, PhaseJudging},
		{"a nanosecond before results", overlapping(), 20*day - 1, PhaseJudging},
		{"exactly when results are published", overlapping(), 20 * day, PhaseResults},
		{"results", overlapping(), 25 * day, PhaseResults},
		{"a nanosecond before closing", overlapping(), 30*day - 1, PhaseResults},
		{"exactly when closed", overlapping(), 30 * day, PhaseClosed},
		{"long after closing", overlapping(), 400 * day, PhaseClosed},

		// Submissions closed, voting not yet open: the vote is the phase to
		// come, and pages say when it opens.
		{"gap: submissions just closed", withGap(), 5 * day, PhaseVoting},
		{"gap: submissions over, vote to come", withGap(), 6 * day, PhaseVoting},
		{"gap: voting opens", withGap(), 7 * day, PhaseVoting},
		{"gap: voting closes", withGap(), 10 * day, PhaseJudging},

		{"closed wins over open submissions and voting", Schedule{
			SubmissionsOpenAt: at(0), VotingOpenAt: at(0), ClosedAt: at(day),
		}, 2 * day, PhaseClosed},
		{"closed wins over results", Schedule{
			SubmissionsOpenAt: at(0), SubmissionsCloseAt: at(day), ResultsAt: at(2 * day), ClosedAt: at(3 * day),
		}, 4 * day, PhaseClosed},
		{"closed with no other times", Schedule{ClosedAt: at(0)}, 0, PhaseClosed},
		{"closing scheduled in the future does not close yet", Schedule{
			SubmissionsOpenAt: at(0), ClosedAt: at(day),
		}, day - 1, PhaseSubmissions},
		{"results win over open voting", Schedule{
			VotingOpenAt: at(0), ResultsAt: at(day),
		}, 2 * day, PhaseResults},
		{"results win over open submissions", Schedule{
			SubmissionsOpenAt: at(0), ResultsAt: at(day),
		}, 2 * day, PhaseResults},

		{"design poll before voting", Schedule{VotingOpenAt: at(day), VotingCloseAt: at(3 * day)}, 0, PhaseDraft},
		{"design poll voting", Schedule{VotingOpenAt: at(day), VotingCloseAt: at(3 * day)}, 2 * day, PhaseVoting},
		{"design poll judging after voting closes", Schedule{VotingOpenAt: at(day), VotingCloseAt: at(3 * day)}, 4 * day, PhaseJudging},
		{"voting with no close time stays voting", Schedule{VotingOpenAt: at(0)}, 300 * day, PhaseVoting},
		{"submissions with no close time stay open", Schedule{SubmissionsOpenAt: at(0)}, 300 * day, PhaseSubmissions},

		{"voting closed but submissions still open", Schedule{
			SubmissionsOpenAt: at(0), SubmissionsCloseAt: at(5 * day), VotingOpenAt: at(day), VotingCloseAt: at(2 * day),
		}, 3 * day, PhaseSubmissions},
		{"voting closed, open-ended submissions", Schedule{
			SubmissionsOpenAt: at(0), VotingOpenAt: at(day), VotingCloseAt: at(2 * day),
		}, 3 * day, PhaseSubmissions},
		{"judging once both have closed", Schedule{
			SubmissionsOpenAt: at(0), SubmissionsCloseAt: at(5 * day), VotingOpenAt: at(day), VotingCloseAt: at(2 * day),
		}, 5 * day, PhaseJudging},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.PhaseAt(t0.Add(tt.now)); got != tt.want {
				t.Errorf("PhaseAt(t0%+v) = %q, want %q", tt.now, got, tt.want)
			}
		})
	}
}

func TestPhaseAtIgnoresTimeZone(t *testing.T) {
	s := overlapping()
	shanghai := time.FixedZone("CST", 8*3600)
	now := t0.Add(5 * day).In(shanghai) // the same instant, shown in Beijing time
	if got := s.PhaseAt(now); got != PhaseSubmissions {
		t.Errorf("PhaseAt in +08:00 = %q, want %q", got, PhaseSubmissions)
	}
	if !s.VotingOpen(now) {
		t.Errorf("VotingOpen at the opening instant in +08:00 = false, want true")
	}
}

func TestSubmissionsAndVotingOpen(t *testing.T) {
	// Submissions [0, 10d), voting [5d, 15d), but the admin closes it all at 12d.
	s := Schedule{
		SubmissionsOpenAt:  at(0),
		SubmissionsCloseAt: at(10 * day),
		VotingOpenAt:       at(5 * day),
		VotingCloseAt:      at(15 * day),
		ClosedAt:           at(12 * day),
	}
	tests := []struct {
		name         string
		s            Schedule
		now          time.Duration
		subs, voting bool
	}{
		{"nothing scheduled", Schedule{}, 0, false, false},
		{"close time without open time", Schedule{SubmissionsCloseAt: at(day), VotingCloseAt: at(day)}, 0, false, false},
		{"before opening", s, -1, false, false},
		{"submissions open instant is inclusive", s, 0, true, false},
		{"voting open instant is inclusive", s, 5 * day, true, true},
		{"just before submissions close", s, 10*day - 1, true, true},
		{"submissions close instant is exclusive", s, 10 * day, false, true},
		{"just before the challenge closes", s, 12*day - 1, false, true},
		{"closed at the instant", s, 12 * day, false, false},
		{"after closing, inside voting's own window", s, 13 * day, false, false},
		{"after voting's close", s, 15 * day, false, false},
		{"closed before submissions close", Schedule{SubmissionsOpenAt: at(0), SubmissionsCloseAt: at(10 * day), ClosedAt: at(day)}, 2 * day, false, false},
		{"open-ended voting", Schedule{VotingOpenAt: at(0)}, 1000 * day, false, true},
		{"results published while both run", Schedule{SubmissionsOpenAt: at(0), VotingOpenAt: at(0), ResultsAt: at(3 * day)}, 4 * day, false, false},
		{"just before results published while both run", Schedule{SubmissionsOpenAt: at(0), VotingOpenAt: at(0), ResultsAt: at(3 * day)}, 3*day - 1, true, true},
		{"results published at the instant", Schedule{SubmissionsOpenAt: at(0), VotingOpenAt: at(0), ResultsAt: at(3 * day)}, 3 * day, false, false},
		{"results published inside voting's own window", Schedule{VotingOpenAt: at(0), VotingCloseAt: at(10 * day), ResultsAt: at(2 * day)}, 5 * day, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := t0.Add(tt.now)
			if got := tt.s.SubmissionsOpen(now); got != tt.subs {
				t.Errorf("SubmissionsOpen = %v, want %v", got, tt.subs)
			}
			if got := tt.s.VotingOpen(now); got != tt.voting {
				t.Errorf("VotingOpen = %v, want %v", got, tt.voting)
			}
		})
	}
}

func TestPhaseDisplayOrder(t *testing.T) {
	// Where fans can act now comes first, then judging, results, drafts, closed.
	order := [][]Phase{
		{PhaseSubmissions, PhaseVoting},
		{PhaseJudging},
		{PhaseResults},
		{PhaseDraft},
		{PhaseClosed},
	}
	for i, group := range order {
		for _, p := range group {
			for _, q := range group {
				if PhaseDisplayOrder(p) != PhaseDisplayOrder(q) {
					t.Errorf("PhaseDisplayOrder(%q) = %d, PhaseDisplayOrder(%q) = %d; want equal", p, PhaseDisplayOrder(p), q, PhaseDisplayOrder(q))
				}
			}
			for _, later := range order[i+1:] {
				for _, q := range later {
					if PhaseDisplayOrder(p) >= PhaseDisplayOrder(q) {
						t.Errorf("PhaseDisplayOrder(%q) = %d, PhaseDisplayOrder(%q) = %d; want %q first", p, PhaseDisplayOrder(p), q, PhaseDisplayOrder(q), p)
					}
				}
			}
		}
	}
	if len(Phases) != 6 || Phases[0] != PhaseDraft || Phases[5] != PhaseClosed {
		t.Errorf("Phases = %v, want draft … closed in timeline order", Phases)
	}
}

func TestMovePhase(t *testing.T) {
	// now has sub-millisecond digits; MovePhase stores it truncated to the ms.
	now := t0.Add(3*day + 123456789*time.Nanosecond)
	nowMs := now.Truncate(time.Millisecond)
	ms := func(t time.Time) *time.Time { return &t }

	tests := []struct {
		name  string
		start Schedule
		move  string
		want  Schedule
		err   wantErr
	}{
		{
			name: "open submissions with nothing scheduled",
			move: MoveOpenSubmissions,
			want: Schedule{SubmissionsOpenAt: ms(nowMs)},
		},
		{
			name:  "open submissions early keeps the planned close",
			start: Schedule{SubmissionsOpenAt: at(5 * day), SubmissionsCloseAt: at(10 * day)},
			move:  MoveOpenSubmissions,
			want:  Schedule{SubmissionsOpenAt: ms(nowMs), SubmissionsCloseAt: at(10 * day)},
		},
		{
			name:  "open submissions already open changes nothing",
			start: Schedule{SubmissionsOpenAt: at(0), SubmissionsCloseAt: at(10 * day)},
			move:  MoveOpenSubmissions,
			want:  Schedule{SubmissionsOpenAt: at(0), SubmissionsCloseAt: at(10 * day)},
		},
		{
			name:  "reopen submissions whose close has passed clears the close",
			start: Schedule{SubmissionsOpenAt: at(0), SubmissionsCloseAt: at(day)},
			move:  MoveOpenSubmissions,
			want:  Schedule{SubmissionsOpenAt: at(0)},
		},
		{
			name:  "close exactly now counts as passed",
			start: Schedule{SubmissionsOpenAt: at(0), SubmissionsCloseAt: ms(nowMs)},
			move:  MoveOpenSubmissions,
			want:  Schedule{SubmissionsOpenAt: at(0)},
		},
		{
			name:  "open submissions leaves voting alone",
			start: Schedule{VotingOpenAt: at(5 * day), VotingCloseAt: at(6 * day)},
			move:  MoveOpenSubmissions,
			want:  Schedule{SubmissionsOpenAt: ms(nowMs), VotingOpenAt: at(5 * day), VotingCloseAt: at(6 * day)},
		},
		{
			name:  "open voting early",
			start: Schedule{SubmissionsOpenAt: at(0), VotingOpenAt: at(5 * day), VotingCloseAt: at(8 * day)},
			move:  MoveOpenVoting,
			want:  Schedule{SubmissionsOpenAt: at(0), VotingOpenAt: ms(nowMs), VotingCloseAt: at(8 * day)},
		},
		{
			name:  "reopen voting whose close has passed",
			start: Schedule{VotingOpenAt: at(0), VotingCloseAt: at(2 * day)},
			move:  MoveOpenVoting,
			want:  Schedule{VotingOpenAt: at(0)},
		},
		{
			name: "open voting with nothing scheduled",
			move: MoveOpenVoting,
			want: Schedule{VotingOpenAt: ms(nowMs)},
		},
		{
			name:  "close open submissions before their planned close",
			start: Schedule{SubmissionsOpenAt: at(0), SubmissionsCloseAt: at(10 * day), VotingOpenAt: at(day)},
			move:  MoveCloseSubmissions,
			want:  Schedule{SubmissionsOpenAt: at(0), SubmissionsCloseAt: ms(nowMs), VotingOpenAt: at(day)},
		},
		{
			name:  "close open-ended submissions",
			start: Schedule{SubmissionsOpenAt: at(0)},
			move:  MoveCloseSubmissions,
			want:  Schedule{SubmissionsOpenAt: at(0), SubmissionsCloseAt: ms(nowMs)},
		},
		{
			name:  "close at the very instant submissions opened stays after the open",
			start: Schedule{SubmissionsOpenAt: ms(nowMs)},
			move:  MoveCloseSubmissions,
			want:  Schedule{SubmissionsOpenAt: ms(nowMs), SubmissionsCloseAt: ms(nowMs.Add(time.Millisecond))},
		},
		{
			name:  "close submissions never scheduled",
			start: Schedule{VotingOpenAt: at(0)},
			move:  MoveCloseSubmissions,
			want:  Schedule{VotingOpenAt: at(0)},
			err:   conflict("phase_not_open"),
		},
		{
			name:  "close submissions not yet open",
			start: Schedule{SubmissionsOpenAt: at(5 * day), SubmissionsCloseAt: at(10 * day)},
			move:  MoveCloseSubmissions,
			want:  Schedule{SubmissionsOpenAt: at(5 * day), SubmissionsCloseAt: at(10 * day)},
			err:   conflict("phase_not_open"),
		},
		{
			name:  "close open voting",
			start: Schedule{VotingOpenAt: at(0), VotingCloseAt: at(10 * day)},
			move:  MoveCloseVoting,
			want:  Schedule{VotingOpenAt: at(0), VotingCloseAt: ms(nowMs)},
		},
		{
			name:  "close voting at the instant it opened",
			start: Schedule{VotingOpenAt: ms(nowMs)},
			move:  MoveCloseVoting,
			want:  Schedule{VotingOpenAt: ms(nowMs), VotingCloseAt: ms(nowMs.Add(time.Millisecond))},
		},
		{
			name:  "close voting never scheduled",
			start: Schedule{SubmissionsOpenAt: at(0)},
			move:  MoveCloseVoting,
			want:  Schedule{SubmissionsOpenAt: at(0)},
			err:   conflict("phase_not_open"),
		},
		{
			name:  "close voting not yet open",
			start: Schedule{VotingOpenAt: at(4 * day)},
			move:  MoveCloseVoting,
			want:  Schedule{VotingOpenAt: at(4 * day)},
			err:   conflict("phase_not_open"),
		},
		{
			name:  "close the challenge",
			start: overlapping(),
			move:  MoveClose,
			want: func() Schedule {
				s := overlapping()
				s.ClosedAt = ms(nowMs)
				return s
			}(),
		},
		{
			name:  "reopen the challenge",
			start: Schedule{SubmissionsOpenAt: at(0), ClosedAt: at(day)},
			move:  MoveReopen,
			want:  Schedule{SubmissionsOpenAt: at(0)},
		},
		{
			name:  "unknown move",
			start: overlapping(),
			move:  "publish_results",
			want:  overlapping(),
			err:   invalid("move", "invalid_move"),
		},
		{
			name:  "empty move",
			start: overlapping(),
			move:  "",
			want:  overlapping(),
			err:   invalid("move", "invalid_move"),
		},
		{
			name:  "moves are case sensitive",
			start: Schedule{},
			move:  "OPEN_VOTING",
			want:  Schedule{},
			err:   invalid("move", "invalid_move"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.start
			err := MovePhase(&s, tt.move, now)
			checkErr(t, err, tt.err)
			if d := diffSchedule(s, tt.want); d != "" {
				t.Errorf("schedule after %q: %s", tt.move, d)
			}
		})
	}
}

func TestMovePhaseRefusesClosingAClosedPhase(t *testing.T) {
	now := t0.Add(3 * day)
	for _, tt := range []struct {
		move  string
		start Schedule
	}{
		{MoveCloseSubmissions, Schedule{SubmissionsOpenAt: at(0), SubmissionsCloseAt: at(day)}},
		{MoveCloseVoting, Schedule{VotingOpenAt: at(0), VotingCloseAt: at(day)}},
	} {
		t.Run(tt.move, func(t *testing.T) {
			s := tt.start
			err := MovePhase(&s, tt.move, now)
			checkErr(t, err, conflict("phase_not_open"))
			if d := diffSchedule(s, tt.start); d != "" {
				t.Errorf("a refused move changed the schedule: %s", d)
			}
		})
	}
}

// TestMovePhaseEffect checks what people see right after an admin's move.
func TestMovePhaseEffect(t *testing.T) {
	now := t0.Add(3*day + 777*time.Microsecond)
	tests := []struct {
		name         string
		start        Schedule
		move         string
		subs, voting bool
		phase        Phase
	}{
		{"open submissions on a draft", Schedule{SubmissionsOpenAt: at(5 * day)}, MoveOpenSubmissions, true, false, PhaseSubmissions},
		{"reopen closed submissions", Schedule{SubmissionsOpenAt: at(0), SubmissionsCloseAt: at(day)}, MoveOpenSubmissions, true, false, PhaseSubmissions},
		{"close submissions moves to voting", Schedule{SubmissionsOpenAt: at(0), VotingOpenAt: at(day)}, MoveCloseSubmissions, false, true, PhaseVoting},
		{"open voting during the gap", Schedule{SubmissionsOpenAt: at(0), SubmissionsCloseAt: at(2 * day), VotingOpenAt: at(5 * day)}, MoveOpenVoting, false, true, PhaseVoting},
		{"close voting moves to judging", Schedule{SubmissionsOpenAt: at(0), SubmissionsCloseAt: at(day), VotingOpenAt: at(day)}, MoveCloseVoting, false, false, PhaseJudging},
		{"close the challenge stops everything", overlapping(), MoveClose, false, false, PhaseClosed},
		{"reopen the challenge", Schedule{SubmissionsOpenAt: at(0), ClosedAt: at(day)}, MoveReopen, true, false, PhaseSubmissions},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.start
			if err := MovePhase(&s, tt.move, now); err != nil {
				t.Fatalf("MovePhase(%q): %v", tt.move, err)
			}
			if got := s.SubmissionsOpen(now); got != tt.subs {
				t.Errorf("SubmissionsOpen = %v, want %v", got, tt.subs)
			}
			if got := s.VotingOpen(now); got != tt.voting {
				t.Errorf("VotingOpen = %v, want %v", got, tt.voting)
			}
			if got := s.PhaseAt(now); got != tt.phase {
				t.Errorf("PhaseAt = %q, want %q", got, tt.phase)
			}
		})
	}
}

func TestMovePhaseCloseAtOpenInstantValidates(t *testing.T) {
	// Opening and closing within the same millisecond must still leave a
	// schedule that Validate accepts (close strictly after open).
	now := t0.Add(123 * time.Microsecond)
	c := validChallenge()
	c.Schedule = Schedule{}
	for _, move := range []string{MoveOpenSubmissions, MoveCloseSubmissions, MoveOpenVoting, MoveCloseVoting} {
		if err := MovePhase(&c.Schedule, move, now); err != nil {
			t.Fatalf("MovePhase(%q): %v", move, err)
		}
	}
	if !c.SubmissionsCloseAt.After(*c.SubmissionsOpenAt) || !c.VotingCloseAt.After(*c.VotingOpenAt) {
		t.Fatalf("close not after open: %s", diffSchedule(c.Schedule, Schedule{}))
	}
	checkErr(t, c.Validate(), noErr)
}

func validChallenge() Challenge {
	return Challenge{
		ID:       7,
		Title:    "洗衣机二次污染",
		Brief:    "Dirt and bacteria left in the drum soil the next wash.",
		Kind:     OpenCall,
		Schedule: overlapping(),
		Rules:    Rules{IdeasPerFan: 3, VoteBudget: 5, ShortlistSize: 10, Winners: 3},
	}
}

func TestChallengeValidate(t *testing.T) {
	with := func(f func(*Challenge)) Challenge {
		c := validChallenge()
		f(&c)
		return c
	}
	tests := []struct {
		name string
		c    Challenge
		want wantErr
	}{
		{"valid open call", validChallenge(), noErr},
		{"valid design poll", with(func(c *Challenge) {
			c.Kind = DesignPoll
			c.Schedule = Schedule{VotingOpenAt: at(0), VotingCloseAt: at(day)}
		}), noErr},
		{"defaults with a title", func() Challenge { c := NewChallenge(); c.Title = "Qige spring"; return c }(), noErr},
		{"no times at all", with(func(c *Challenge) { c.Schedule = Schedule{} }), noErr},
		{"zero limits mean no limit", with(func(c *Challenge) { c.IdeasPerFan, c.VoteBudget = 0, 0 }), noErr},

		{"title missing", with(func(c *Challenge) { c.Title = "" }), invalid("title", "required")},
		{"title only spaces", with(func(c *Challenge) { c.Title = " \t " }), invalid("title", "required")},
		{"title 120 Chinese characters (360 bytes)", with(func(c *Challenge) { c.Title = strings.Repeat("污", 120) }), noErr},
		{"title 121 Chinese characters", with(func(c *Challenge) { c.Title = strings.Repeat("污", 121) }), invalid("title", "too_long")},
		{"title 120 ASCII", with(func(c *Challenge) { c.Title = strings.Repeat("a", 120) }), noErr},
		{"title 121 ASCII", with(func(c *Challenge) { c.Title = strings.Repeat("a", 121) }), invalid("title", "too_long")},
		{"title invalid UTF-8", with(func(c *Challenge) { c.Title = "bad \xc3\x28" }), invalid("title", "invalid_utf8")},
		{"title control character", with(func(c *Challenge) { c.Title = "new\x07" }), invalid("title", "control_character")},
		{"brief empty", with(func(c *Challenge) { c.Brief = "" }), noErr},
		{"brief 50000 characters", with(func(c *Challenge) { c.Brief = strings.Repeat("简", MaxBrief) }), noErr},
		{"brief 50001 characters", with(func(c *Challenge) { c.Brief = strings.Repeat("b", MaxBrief+1) }), invalid("brief", "too_long")},
		{"brief invalid UTF-8", with(func(c *Challenge) { c.Brief = "\xff" }), invalid("brief", "invalid_utf8")},

		{"kind empty", with(func(c *Challenge) { c.Kind = "" }), invalid("kind", "invalid_kind")},
		{"kind unknown", with(func(c *Challenge) { c.Kind = "contest" }), invalid("kind", "invalid_kind")},
		{"kind wrong case", with(func(c *Challenge) { c.Kind = "Open_Call" }), invalid("kind", "invalid_kind")},

		{"submissions close before open", with(func(c *Challenge) { c.SubmissionsCloseAt = at(-day) }),
			invalid("submissions_close_at", "close_before_open")},
		{"submissions close equal to open", with(func(c *Challenge) { c.SubmissionsCloseAt = at(0) }),
			invalid("submissions_close_at", "close_before_open")},
		{"submissions close a millisecond after open", with(func(c *Challenge) { c.SubmissionsCloseAt = at(time.Millisecond) }), noErr},
		{"voting close before open", with(func(c *Challenge) { c.VotingCloseAt = at(4 * day) }),
			invalid("voting_close_at", "close_before_open")},
		{"voting close equal to open", with(func(c *Challenge) { c.VotingCloseAt = at(5 * day) }),
			invalid("voting_close_at", "close_before_open")},
		{"voting may open before submissions close (overlap)", with(func(c *Challenge) { c.VotingOpenAt = at(day) }), noErr},
		{"voting closing past the year 9999", with(func(c *Challenge) {
			far := time.Date(10000, 1, 1, 3, 0, 0, 0, time.UTC)
			c.VotingCloseAt = &far
		}), invalid("voting_close_at", "time_out_of_range")},
		{"submissions opening before 1970", with(func(c *Challenge) {
			old := time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC)
			c.SubmissionsOpenAt = &old
		}), invalid("submissions_open_at", "time_out_of_range")},
		{"submissions closing past 9999", with(func(c *Challenge) {
			far := Latest.Add(time.Second)
			c.SubmissionsCloseAt = &far
		}), invalid("submissions_close_at", "time_out_of_range")},
		{"voting opening past 9999", with(func(c *Challenge) {
			far, farther := Latest.Add(time.Second), Latest.Add(time.Hour)
			c.VotingOpenAt, c.VotingCloseAt = &far, &farther
		}), invalid("voting_open_at", "time_out_of_range")},

		{"negative ideas per fan", with(func(c *Challenge) { c.IdeasPerFan = -1 }), invalid("ideas_per_fan", "out_of_range")},
		{"ideas per fan 1000", with(func(c *Challenge) { c.IdeasPerFan = 1000 }), noErr},
		{"ideas per fan 1001", with(func(c *Challenge) { c.IdeasPerFan = 1001 }), invalid("ideas_per_fan", "out_of_range")},
		{"negative vote budget", with(func(c *Challenge) { c.VoteBudget = -5 }), invalid("vote_budget", "out_of_range")},
		{"vote budget 100000", with(func(c *Challenge) { c.VoteBudget = 100000 }), noErr},
		{"vote budget 100001", with(func(c *Challenge) { c.VoteBudget = 100001 }), invalid("vote_budget", "out_of_range")},
		{"negative shortlist", with(func(c *Challenge) { c.ShortlistSize = -1 }), invalid("shortlist_size", "out_of_range")},
		{"shortlist 1001", with(func(c *Challenge) { c.ShortlistSize = 1001; c.Winners = 3 }), invalid("shortlist_size", "out_of_range")},
		{"negative winners", with(func(c *Challenge) { c.Winners = -1 }), invalid("winners", "out_of_range")},
		{"winners equal to shortlist", with(func(c *Challenge) { c.Winners = 10 }), noErr},
		{"winners more than shortlist", with(func(c *Challenge) { c.Winners = 11 }), invalid("winners", "more_winners_than_shortlist")},
		{"no shortlist size: any number of winners", with(func(c *Challenge) { c.ShortlistSize = 0; c.Winners = 5 }), noErr},

		{"first bad field named: title before kind", with(func(c *Challenge) { c.Title = ""; c.Kind = "" }), invalid("title", "required")},
		{"first bad field named: kind before times", with(func(c *Challenge) { c.Kind = "x"; c.VotingCloseAt = at(0) }), invalid("kind", "invalid_kind")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkErr(t, tt.c.Validate(), tt.want) })
	}
}

func TestChallengeInputApply(t *testing.T) {
	later := t0.Add(40 * day)
	kind := DesignPoll
	tests := []struct {
		name string
		in   ChallengeInput
		want func(*Challenge)
	}{
		{"empty input changes nothing", ChallengeInput{}, func(*Challenge) {}},
		{"title trimmed", ChallengeInput{Title: ptr("  新一季设计投票 \n")}, func(c *Challenge) { c.Title = "新一季设计投票" }},
		{"title emptied", ChallengeInput{Title: ptr("")}, func(c *Challenge) { c.Title = "" }},
		{"brief kept verbatim", ChallengeInput{Brief: ptr("  # Brief\n\n    code\n")}, func(c *Challenge) { c.Brief = "  # Brief\n\n    code\n" }},
		{"kind changed", ChallengeInput{Kind: &kind}, func(c *Challenge) { c.Kind = DesignPoll }},
		{"time set", ChallengeInput{VotingCloseAt: SetTime(later)}, func(c *Challenge) { c.VotingCloseAt = &later }},
		{"time cleared by null", ChallengeInput{SubmissionsCloseAt: OptTime{Set: true}}, func(c *Challenge) { c.SubmissionsCloseAt = nil }},
		{"unset time left alone even with a value", ChallengeInput{VotingOpenAt: OptTime{Set: false, Time: &later}}, func(*Challenge) {}},
		{"all four times", ChallengeInput{
			SubmissionsOpenAt:  SetTime(later),
			SubmissionsCloseAt: OptTime{Set: true},
			VotingOpenAt:       SetTime(later.Add(day)),
			VotingCloseAt:      OptTime{Set: true},
		}, func(c *Challenge) {
			c.SubmissionsOpenAt = &later
			c.SubmissionsCloseAt = nil
			c.VotingOpenAt = ptr(later.Add(day))
			c.VotingCloseAt = nil
		}},
		{"zero numbers are set, not ignored", ChallengeInput{IdeasPerFan: ptr(0), VoteBudget: ptr(0), ShortlistSize: ptr(0), Winners: ptr(0)},
			func(c *Challenge) { c.Rules = Rules{} }},
		{"numbers set", ChallengeInput{IdeasPerFan: ptr(1), VoteBudget: ptr(20), ShortlistSize: ptr(4), Winners: ptr(4)},
			func(c *Challenge) { c.Rules = Rules{IdeasPerFan: 1, VoteBudget: 20, ShortlistSize: 4, Winners: 4} }},
		{"only one number set", ChallengeInput{Winners: ptr(1)}, func(c *Challenge) { c.Winners = 1 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := validChallenge()
			tt.in.Apply(&got)
			want := validChallenge()
			tt.want(&want)
			if d := diffSchedule(got.Schedule, want.Schedule); d != "" {
				t.Errorf("schedule: %s", d)
			}
			got.Schedule, want.Schedule = Schedule{}, Schedule{}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Apply gave\n %+v\nwant\n %+v", got, want)
			}
		})
	}
}

func TestChallengeInputJSON(t *testing.T) {
	tests := []struct {
		name    string
		json    string
		wantErr bool
		check   func(t *testing.T, in ChallengeInput)
	}{
		{
			name: "RFC 3339 with offset is stored in UTC",
			json: `{"submissions_open_at": "2025-06-01T17:00:00+08:00"}`,
			check: func(t *testing.T, in ChallengeInput) {
				o := in.SubmissionsOpenAt
				if !o.Set || o.Time == nil || !o.Time.Equal(t0) || o.Time.Location() != time.UTC {
					t.Errorf("got Set=%v Time=%s, want %s in UTC", o.Set, fmtTime(o.Time), fmtTime(&t0))
				}
			},
		},
		{
			name: "sub-millisecond digits truncated",
			json: `{"voting_open_at": "2025-06-01T09:00:00.123987654Z"}`,
			check: func(t *testing.T, in ChallengeInput) {
				want := t0.Add(123 * time.Millisecond)
				if o := in.VotingOpenAt; !o.Set || o.Time == nil || !o.Time.Equal(want) {
					t.Errorf("got %s, want %s", fmtTime(o.Time), fmtTime(&want))
				}
			},
		},
		{
			name: "null clears",
			json: `{"voting_close_at": null}`,
			check: func(t *testing.T, in ChallengeInput) {
				if o := in.VotingCloseAt; !o.Set || o.Time != nil {
					t.Errorf("got Set=%v Time=%s, want Set=true Time=nil", o.Set, fmtTime(o.Time))
				}
			},
		},
		{
			name: "absent is not set",
			json: `{"title": "x", "voting_close_at": null}`,
			check: func(t *testing.T, in ChallengeInput) {
				for name, o := range map[string]OptTime{
					"submissions_open_at":  in.SubmissionsOpenAt,
					"submissions_close_at": in.SubmissionsCloseAt,
					"voting_open_at":       in.VotingOpenAt,
				} {
					if o.Set || o.Time != nil {
						t.Errorf("%s: got Set=%v Time=%s, want unset", name, o.Set, fmtTime(o.Time))
					}
				}
				if in.Title == nil || *in.Title != "x" || in.Brief != nil || in.Winners != nil {
					t.Errorf("other fields decoded wrongly: %+v", in)
				}
			},
		},
		{name: "not a time", json: `{"voting_open_at": "tomorrow"}`, wantErr: true},
		{name: "date only", json: `{"voting_open_at": "2025-06-01"}`, wantErr: true},
		{name: "no zone", json: `{"voting_open_at": "2025-06-01T09:00:00"}`, wantErr: true},
		{name: "a number", json: `{"voting_open_at": 1748768400}`, wantErr: true},
		{name: "empty string", json: `{"voting_open_at": ""}`, wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var in ChallengeInput
			err := json.Unmarshal([]byte(tt.json), &in)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("Unmarshal(%s) accepted it: %+v", tt.json, in)
				}
				return
			}
			if err != nil {
				t.Fatalf("Unmarshal(%s): %v", tt.json, err)
			}
			tt.check(t, in)
		})
	}
}

func TestChallengePatchFromJSON(t *testing.T) {
	// A PATCH body applied to a stored challenge: null clears, absent keeps.
	var in ChallengeInput
	body := `{"title": " Spring vote ", "voting_close_at": null, "voting_open_at": "2025-07-01T00:00:00Z", "winners": 5}`
	if err := json.Unmarshal([]byte(body), &in); err != nil {
		t.Fatal(err)
	}
	c := validChallenge()
	in.Apply(&c)
	want := validChallenge()
	want.Title = "Spring vote"
	want.VotingOpenAt = ptr(time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC))
	want.VotingCloseAt = nil
	want.Winners = 5
	if d := diffSchedule(c.Schedule, want.Schedule); d != "" {
		t.Errorf("schedule: %s", d)
	}
	if c.Title != want.Title || c.Rules != want.Rules || c.Brief != want.Brief || c.Kind != want.Kind {
		t.Errorf("got %+v, want %+v", c, want)
	}
	checkErr(t, c.Validate(), noErr)
}

func TestSetTime(t *testing.T) {
	local := time.Date(2025, 6, 1, 17, 0, 0, 999999, time.FixedZone("CST", 8*3600))
	o := SetTime(local)
	if !o.Set || o.Time == nil {
		t.Fatalf("SetTime = %+v, want set", o)
	}
	if !o.Time.Equal(t0) || o.Time.Location() != time.UTC {
		t.Errorf("SetTime = %s, want %s (UTC, truncated to the millisecond)", fmtTime(o.Time), fmtTime(&t0))
	}
}

// TestMoves is the phase control's menu: only the moves that change
// something and that the domain allows from where the challenge stands.
func TestMoves(t *testing.T) {
	now := t0.Add(3 * day)
	all := []string{MoveOpenSubmissions, MoveCloseSubmissions, MoveOpenVoting, MoveCloseVoting, MoveClose, MoveReopen}
	published := Schedule{SubmissionsOpenAt: at(0), SubmissionsCloseAt: at(day), VotingOpenAt: at(0), VotingCloseAt: at(2 * day), ResultsAt: at(2*day + time.Hour)}
	publishedClosed := published
	publishedClosed.ClosedAt = at(2*day + 2*time.Hour)
	tests := []struct {
		name  string
		s     Schedule
		want  []string
		final string // the code refusing the opening moves, when refused
	}{
		{"draft with nothing scheduled", Schedule{}, []string{MoveOpenSubmissions, MoveOpenVoting, MoveClose}, ""},
		{"submissions open, voting later", Schedule{SubmissionsOpenAt: at(0), VotingOpenAt: at(5 * day)}, []string{MoveCloseSubmissions, MoveOpenVoting, MoveClose}, ""},
		{"both open", Schedule{SubmissionsOpenAt: at(0), VotingOpenAt: at(day), VotingCloseAt: at(9 * day)}, []string{MoveCloseSubmissions, MoveCloseVoting, MoveClose}, ""},
		{"judging: both closed, no results", Schedule{SubmissionsOpenAt: at(0), SubmissionsCloseAt: at(day), VotingOpenAt: at(0), VotingCloseAt: at(2 * day)}, []string{MoveOpenSubmissions, MoveOpenVoting, MoveClose}, ""},
		{"results published", published, []string{MoveClose}, "results_final"},
		// Publishing closed the windows whatever their times say: there is
		// nothing left to close (the form offered "close submissions").
		{"results published with voting left open", Schedule{VotingOpenAt: at(0), ResultsAt: at(day)}, []string{MoveClose}, "results_final"},
		{"results published with submissions left open", Schedule{SubmissionsOpenAt: at(0), SubmissionsCloseAt: at(9 * day), ResultsAt: at(day)}, []string{MoveClose}, "results_final"},
		{"closed after results", publishedClosed, []string{MoveReopen}, "challenge_closed"},
		{"closed before results", Schedule{SubmissionsOpenAt: at(0), ClosedAt: at(day)}, []string{MoveReopen}, "challenge_closed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Moves(tt.s, now)
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Fatalf("Moves = %v, want %v", got, tt.want)
			}
			offered := map[string]bool{}
			for _, m := range got {
				offered[m] = true
				s := tt.s
				if err := MovePhase(&s, m, now); err != nil {
					t.Errorf("offered move %q refused: %v", m, err)
				}
				if diffSchedule(s, tt.s) == "" {
					t.Errorf("offered move %q changes nothing", m)
				}
			}
			if tt.final == "" {
				return
			}
			// Nothing opens again: the moves not offered that would open
			// something are refused and leave the schedule as it was.
			for _, m := range all {
				if offered[m] || m == MoveReopen || m == MoveClose && tt.final != "challenge_closed" {
					continue
				}
				s := tt.s
				err := MovePhase(&s, m, now)
				if err == nil {
					t.Errorf("move %q allowed on %s", m, tt.name)
					continue
				}
				if e := AsError(err); e.Kind != KindConflict || (m == MoveOpenSubmissions || m == MoveOpenVoting) && e.Code != tt.final {
					t.Errorf("move %q: %v, want conflict %s", m, err, tt.final)
				}
				if d := diffSchedule(s, tt.s); d != "" {
					t.Errorf("refused %q changed the schedule: %s", m, d)
				}
			}
		})
	}
}
