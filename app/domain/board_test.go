package domain

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseStatus(t *testing.T) {
	for _, s := range Statuses {
		got, err := ParseStatus(string(s))
		if err != nil || got != s {
			t.Errorf("ParseStatus(%q) = %q, %v", s, got, err)
		}
	}
	for _, bad := range []string{"", "Open", "planned ", "closed", "shipped", "in progress", "under-review"} {
		_, err := ParseStatus(bad)
		checkErr(t, err, invalid("status", "invalid_status"))
	}
	for in, want := range map[string]Status{"": "", "all": "", "done": StatusDone, "open": StatusOpen} {
		got, err := ParseStatusFilter(in)
		if err != nil || got != want {
			t.Errorf("ParseStatusFilter(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	_, err := ParseStatusFilter("bogus")
	checkErr(t, err, invalid("status", "invalid_status"))
	if len(Statuses) != 6 {
		t.Errorf("statuses: %v, want the six of API.md", Statuses)
	}
}

func TestOnRoadmap(t *testing.T) {
	want := map[Status]bool{StatusOpen: false, StatusUnderReview: false, StatusPlanned: true,
		StatusInProgress: true, StatusDone: true, StatusDeclined: false, "": false}
	for s, w := range want {
		if got := s.OnRoadmap(); got != w {
			t.Errorf("%q.OnRoadmap() = %v, want %v", s, got, w)
		}
	}
	for _, s := range RoadmapStatuses {
		if !s.OnRoadmap() {
			t.Errorf("roadmap column %q is not on the roadmap", s)
		}
	}
}

func TestCanSetStatus(t *testing.T) {
	fan := &User{ID: 1, Roles: []Role{RoleFan}}
	judge := &User{ID: 2, Roles: []Role{RoleFan, RoleJudge}}
	engineer := &User{ID: 3, Roles: []Role{RoleFan, RoleEngineer}}
	admin := &User{ID: 4, Roles: []Role{RoleFan, RoleAdmin}}
	board := Challenge{Kind: Board}
	post := Idea{ID: 9, State: StateSubmitted, Status: StatusOpen, Response: "earlier answer"}
	long := strings.Repeat("答", MaxResponse+1)
	for _, tc := range []struct {
		name     string
		u        *User
		c        Challenge
		idea     Idea
		ch       StatusChange
		want     wantErr
		response string
	}{
		{"visitor", nil, board, post, StatusChange{StatusPlanned, ptr("ok")}, unauthorized, ""},
		{"fan", fan, board, post, StatusChange{StatusPlanned, ptr("ok")}, forbidden, ""},
		{"judge", judge, board, post, StatusChange{StatusPlanned, ptr("ok")}, forbidden, ""},
		{"engineer plans", engineer, board, post, StatusChange{StatusPlanned, ptr(" 下个版本 ")}, noErr, "下个版本"},
		{"admin marks done", admin, board, post, StatusChange{StatusDone, ptr("shipped")}, noErr, "shipped"},
		{"no response keeps the old one", engineer, board, post, StatusChange{StatusInProgress, nil}, noErr, "earlier answer"},
		{"empty response clears it", engineer, board, post, StatusChange{StatusUnderReview, ptr("")}, noErr, ""},
		{"back to open", engineer, board, post, StatusChange{StatusOpen, nil}, noErr, "earlier answer"},
		{"unknown status", engineer, board, post, StatusChange{"shipped", ptr("x")}, invalid("status", "invalid_status"), ""},
		{"empty status", engineer, board, post, StatusChange{"", ptr("x")}, invalid("status", "invalid_status"), ""},
		{"response too long", engineer, board, post, StatusChange{StatusPlanned, &long}, invalid("response", "too_long"), ""},
		{"response with a control character", engineer, board, post, StatusChange{StatusPlanned, ptr("a\x00b")}, invalid("response", "control_character"), ""},
		{"not a board", engineer, Challenge{Kind: OpenCall}, post, StatusChange{StatusPlanned, ptr("x")}, conflict("not_a_board"), ""},
		{"design poll", admin, Challenge{Kind: DesignPoll}, post, StatusChange{StatusPlanned, ptr("x")}, conflict("not_a_board"), ""},
		{"hidden post", admin, board, Idea{State: StateHidden}, StatusChange{StatusPlanned, ptr("x")}, conflict("post_not_listed"), ""},
		{"withdrawn post", admin, board, Idea{State: StateWithdrawn}, StatusChange{StatusDone, ptr("x")}, conflict("post_not_listed"), ""},
		{"merged post", admin, board, Idea{State: StateMerged}, StatusChange{StatusDone, ptr("x")}, conflict("post_not_listed"), ""},
		{"decline needs a reason", engineer, board, Idea{State: StateSubmitted}, StatusChange{StatusDeclined, nil}, invalid("response", "response_required"), ""},
		{"decline with blanks only", engineer, board, post, StatusChange{StatusDeclined, ptr("  \n ")}, invalid("response", "response_required"), ""},
		{"decline keeping a reason", engineer, board, post, StatusChange{StatusDeclined, nil}, noErr, "earlier answer"},
		{"decline with a reason", engineer, board, post, StatusChange{StatusDeclined, ptr("安全原因")}, noErr, "安全原因"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := CanSetStatus(tc.u, tc.c, tc.idea, tc.ch)
			checkErr(t, err, tc.want)
			if got != tc.response {
				t.Errorf("response %q, want %q", got, tc.response)
			}
		})
	}
}

func TestStatusNotices(t *testing.T) {
	a := Audience{Author: 10, Voters: []int64{11, 12, 10, 3}, Followers: []int64{12, 13}}
	was := Idea{ID: 7, Title: "静音", Status: StatusOpen}
	now := Idea{ID: 7, Title: "静音", Status: StatusPlanned, Response: "下个版本"}
	got := StatusNotices(was, now, 3, a)
	var to []int64
	for _, o := range got {
		to = append(to, o.To)
		if o.Kind != NoticeStatusAnswered || o.URL != "/ideas/7" || o.Thread != ThreadStatus || o.MailAfter != StatusMailQuiet || !reflect.DeepEqual(o.Args, []string{"静音", "post_status.planned", "下个版本"}) {
			t.Errorf("notice %+v", o)
		}
	}
	if !reflect.DeepEqual(to, []int64{10, 11, 12, 13}) {
		t.Errorf("told %v, want the author, voters and followers once each, not the engineer who set it", to)
	}
	if n := StatusNotices(Idea{ID: 7, Status: StatusPlanned}, Idea{ID: 7, Status: StatusDone}, 10, Audience{Author: 10}); len(n) != 0 {
		t.Errorf("an author answering their own post is not told: %v", n)
	}
	reworded := now
	reworded.Response = "下个版本（固件 2.1）"
	if n := StatusNotices(now, reworded, 3, a); len(n) != 0 {
		t.Errorf("a reworded response told %d people again", len(n))
	}
}

// A status notice quotes the post's official response when it has one
// (its start: StatusResponseExcerpt characters), and otherwise is another
// kind, whose words mention no response.
func TestStatusNoticesCarryTheResponse(t *testing.T) {
	long := strings.Repeat("长", StatusResponseExcerpt) + "尾"
	for _, tc := range []struct {
		name     string
		was, now Idea
		kind     NoticeKind
		args     []string
	}{
		{"a status without a response", Idea{Status: StatusOpen}, Idea{Status: StatusUnderReview},
			NoticeStatus, []string{"静音", "post_status.under_review"}},
		{"a status with a response", Idea{Status: StatusOpen}, Idea{Status: StatusPlanned, Response: "下个版本"},
			NoticeStatusAnswered, []string{"静音", "post_status.planned", "下个版本"}},
		{"a first response to the same status", Idea{Status: StatusPlanned}, Idea{Status: StatusPlanned, Response: "下个版本"},
			NoticeStatusAnswered, []string{"静音", "post_status.planned", "下个版本"}},
		{"a new status keeping the response", Idea{Status: StatusPlanned, Response: "下个版本"}, Idea{Status: StatusDone, Response: "下个版本"},
			NoticeStatusAnswered, []string{"静音", "post_status.done", "下个版本"}},
		{"a new status clearing the response", Idea{Status: StatusPlanned, Response: "下个版本"}, Idea{Status: StatusOpen},
			NoticeStatus, []string{"静音", "post_status.open"}},
		{"a long response, its start", Idea{Status: StatusOpen}, Idea{Status: StatusDeclined, Response: long},
			NoticeStatusAnswered, []string{"静音", "post_status.declined", strings.Repeat("长", StatusResponseExcerpt) + "…"}},
	} {
		tc.was.ID, tc.now.ID, tc.was.Title, tc.now.Title = 7, 7, "静音", "静音"
		got := StatusNotices(tc.was, tc.now, 3, Audience{Author: 10})
		if len(got) != 1 || got[0].Kind != tc.kind || !reflect.DeepEqual(got[0].Args, tc.args) {
			t.Errorf("%s: %+v, want %s %q", tc.name, got, tc.kind, tc.args)
		}
	}
}

func TestStatusNews(t *testing.T) {
	for _, tc := range []struct {
		name          string
		from, to      Status
		was, response string
		want          bool
	}{
		{"a new status", StatusOpen, StatusPlanned, "", "", true},
		{"a new status with a response", StatusOpen, StatusPlanned, "", "soon", true},
		{"a new status, the response kept", StatusPlanned, StatusInProgress, "soon", "soon", true},
		{"a first response", StatusPlanned, StatusPlanned, "", "soon", true},
		{"a response reworded", StatusPlanned, StatusPlanned, "soon", "soon!", false},
		{"a response removed", StatusPlanned, StatusPlanned, "soon", "", false},
		{"nothing", StatusPlanned, StatusPlanned, "soon", "soon", false},
		{"nothing, no response", StatusOpen, StatusOpen, "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := StatusNews(Idea{Status: tc.from, Response: tc.was}, Idea{Status: tc.to, Response: tc.response}); got != tc.want {
				t.Errorf("StatusNews = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestOpenBoard(t *testing.T) {
	now := t0.Add(123456789 * time.Nanosecond)
	nowMS := t0.Add(123 * time.Millisecond)
	earlier := at(-day)
	board := func() Challenge {
		c := NewChallenge()
		c.Title, c.Kind = "冰箱", Board
		return c
	}
	for _, tc := range []struct {
		name string
		c    Challenge
		was  Kind
		in   ChallengeInput
		want wantErr
		sch  Schedule
	}{
		{"new board opens now", board(), "", ChallengeInput{}, noErr,
			Schedule{SubmissionsOpenAt: &nowMS, VotingOpenAt: &nowMS}},
		{"an edit keeps its opening", func() Challenge {
			c := board()
			c.SubmissionsOpenAt, c.VotingOpenAt, c.ClosedAt, c.VotingCloseAt = earlier, earlier, earlier, at(day)
			return c
		}(), Board, ChallengeInput{}, noErr, Schedule{SubmissionsOpenAt: earlier, VotingOpenAt: earlier}},
		{"null times are fine", board(), "", ChallengeInput{SubmissionsCloseAt: OptTime{Set: true}}, noErr,
			Schedule{SubmissionsOpenAt: &nowMS, VotingOpenAt: &nowMS}},
		{"no opening time", board(), "", ChallengeInput{SubmissionsOpenAt: SetTime(t0)}, invalid("submissions_open_at", "board_always_open"), Schedule{}},
		{"no closing time", board(), "", ChallengeInput{SubmissionsCloseAt: SetTime(t0)}, invalid("submissions_close_at", "board_always_open"), Schedule{}},
		{"no vote opening", board(), Board, ChallengeInput{VotingOpenAt: SetTime(t0)}, invalid("voting_open_at", "board_always_open"), Schedule{}},
		{"no vote closing", board(), Board, ChallengeInput{VotingCloseAt: SetTime(t0)}, invalid("voting_close_at", "board_always_open"), Schedule{}},
		{"a challenge cannot become a board", board(), OpenCall, ChallengeInput{}, invalid("kind", "kind_fixed"), Schedule{}},
		{"a board cannot become a challenge", NewChallenge(), Board, ChallengeInput{}, invalid("kind", "kind_fixed"), Schedule{}},
		{"a timed challenge is left alone", func() Challenge { c := NewChallenge(); c.VotingCloseAt = at(day); return c }(), OpenCall,
			ChallengeInput{VotingCloseAt: SetTime(t0.Add(day))}, noErr, Schedule{VotingCloseAt: at(day)}},
		{"a poll may become an open call", NewChallenge(), DesignPoll, ChallengeInput{}, noErr, Schedule{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.c
			err := OpenBoard(&c, tc.was, tc.in, now)
			checkErr(t, err, tc.want)
			if err != nil {
				return
			}
			if d := diffSchedule(c.Schedule, tc.sch); d != "" {
				t.Error(d)
			}
			if c.IsBoard() {
				if c.ShortlistSize != 0 || c.Winners != 0 {
					t.Errorf("a board has no shortlist: %d, %d", c.ShortlistSize, c.Winners)
				}
				if err := c.Validate(); err != nil {
					t.Errorf("an opened board is not valid: %v", err)
				}
				for _, when := range []time.Time{now, now.Add(365 * day)} {
					if c.PhaseAt(when) != PhaseSubmissions || !c.SubmissionsOpen(when) || !c.VotingOpen(when) {
						t.Errorf("at %v the board is %s, submissions %v, voting %v: it must stay open", when, c.PhaseAt(when), c.SubmissionsOpen(when), c.VotingOpen(when))
					}
					if !MaySeeChallenge(nil, c, when) {
						t.Error("a board is public")
					}
				}
			} else if c.ShortlistSize != NewChallenge().ShortlistSize {
				t.Errorf("a challenge keeps its shortlist: %d", c.ShortlistSize)
			}
		})
	}
}

func TestPhaseMovableAndEditable(t *testing.T) {
	checkErr(t, PhaseMovable(Challenge{Kind: Board}), conflict("board_always_open"))
	checkErr(t, PhaseMovable(Challenge{Kind: OpenCall}), noErr)
	author := &User{ID: 5, Roles: []Role{RoleFan}}
	board := Challenge{Kind: Board, Schedule: Schedule{SubmissionsOpenAt: at(-day), VotingOpenAt: at(-day)}}
	for _, tc := range []struct {
		status Status
		c      Challenge
		want   wantErr
	}{
		{StatusOpen, board, noErr},
		{"", board, noErr},
		{StatusUnderReview, board, conflict("idea_not_editable")},
		{StatusPlanned, board, conflict("idea_not_editable")},
		{StatusDeclined, board, conflict("idea_not_editable")},
		{StatusDone, board, conflict("idea_not_editable")},
		{StatusPlanned, Challenge{Kind: OpenCall, Schedule: board.Schedule}, noErr},
	} {
		idea := Idea{Author: Author{ID: 5}, State: StateSubmitted, Status: tc.status}
		checkErr(t, PostEditable(tc.c, idea), tc.want)
		checkErr(t, CanEdit(author, idea, tc.c, t0), tc.want)
		checkErr(t, CanSetState(author, idea, tc.c, StateWithdrawn, t0), tc.want)
	}
}

func TestBoardIsValidKind(t *testing.T) {
	c := NewChallenge()
	c.Title, c.Kind = "洗衣机", Board
	if err := c.Validate(); err != nil {
		t.Errorf("a board is a valid challenge: %v", err)
	}
	if !c.IsBoard() || (Challenge{Kind: OpenCall}).IsBoard() {
		t.Error("IsBoard")
	}
	if StatusKey(StatusInProgress) != "post_status.in_progress" {
		t.Error(StatusKey(StatusInProgress))
	}
}

func TestWithStatusReplies(t *testing.T) {
	h := func(n int) time.Time { return t0.Add(time.Duration(n) * time.Hour) }
	hp := func(n int) *time.Time { v := h(n); return &v }
	waits := []ReplyWait{
		{Kind: "idea", ID: 1, IdeaID: 1, PostedAt: h(0)},                       // answered only by a status move at 3
		{Kind: "idea", ID: 2, IdeaID: 2, PostedAt: h(0), RepliedAt: hp(2)},     // a comment at 2 beats the move at 5
		{Kind: "idea", ID: 3, IdeaID: 3, PostedAt: h(0), RepliedAt: hp(9)},     // the move at 4 beats the comment at 9
		{Kind: "comment", ID: 40, IdeaID: 1, PostedAt: h(4)},                   // the move at 3 came before it: the one at 6 answers
		{Kind: "comment", ID: 41, IdeaID: 1, PostedAt: h(7)},                   // no move after it
		{Kind: "idea", ID: 5, IdeaID: 5, PostedAt: h(1)},                       // no moves at all
		{Kind: "comment", ID: 42, IdeaID: 3, PostedAt: h(4), RepliedAt: hp(8)}, // a move at the same hour answers it
	}
	replies := map[int64][]time.Time{1: {h(3), h(6)}, 2: {h(5)}, 3: {h(4)}}
	got := WithStatusReplies(waits, replies)
	want := []*time.Time{hp(3), hp(2), hp(4), hp(6), nil, nil, hp(4)}
	for i, w := range got {
		if !sameTime(w.RepliedAt, want[i]) {
			t.Errorf("wait %d (%s %d): replied %s, want %s", i, w.Kind, w.ID, fmtTime(w.RepliedAt), fmtTime(want[i]))
		}
	}
	st := SummariseReplies(got, h(10))
	if st.Answered != 5 || st.Unanswered != 2 {
		t.Errorf("summary %+v", st)
	}
}
