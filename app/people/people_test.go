package people

import (
	"slices"
	"strings"
	"testing"
	"time"

	"cocreate/app/domain"
)

func code(err error) string {
	if e := domain.AsError(err); e != nil {
		return e.Code
	}
	return ""
}

func TestPointsTable(t *testing.T) {
	want := map[Kind]int{IdeaShortlisted: 10, IdeaWon: 30, ProjectLaunched: 50, FeedbackAccepted: 5, CommentHelpful: 3, ReportUpheld: 2, MeetupAttended: 4, "comment": 0, "idea_posted": 0, "": 0}
	for k, p := range want {
		if got := Points(k); got != p {
			t.Errorf("Points(%q) = %d, want %d", k, got, p)
		}
	}
	if len(Kinds) != 7 {
		t.Errorf("%d kinds, want 7", len(Kinds))
	}
	for _, k := range Kinds {
		if Points(k) <= 0 {
			t.Errorf("%s earns nothing", k)
		}
	}
}

func TestPricedAndTotal(t *testing.T) {
	evs := Priced([]Event{{Kind: IdeaWon, Points: 999}, {Kind: CommentHelpful}, {Kind: "volume"}})
	if evs[0].Points != 30 || evs[1].Points != 3 || evs[2].Points != 0 {
		t.Errorf("priced: %+v", evs)
	}
	if Total(evs) != 33 {
		t.Errorf("total %d, want 33", Total(evs))
	}
	if Total(nil) != 0 {
		t.Error("empty total")
	}
}

func TestLevels(t *testing.T) {
	cases := []struct{ points, level, next int }{
		{0, 1, 10}, {9, 1, 1}, {10, 2, 30}, {39, 2, 1}, {40, 3, 60}, {99, 3, 1}, {100, 4, 150},
		{249, 4, 1}, {250, 5, 350}, {599, 5, 1}, {600, 6, 0}, {10000, 6, 0}, {-5, 1, 15},
	}
	for _, c := range cases {
		if got := Level(c.points); got != c.level {
			t.Errorf("Level(%d) = %d, want %d", c.points, got, c.level)
		}
		if got := ToNext(c.points); got != c.next {
			t.Errorf("ToNext(%d) = %d, want %d", c.points, got, c.next)
		}
	}
}

func TestApplyingToTestOpensAtLevelTwo(t *testing.T) {
	if code(CanApplyToTest(9)) != "level_too_low" {
		t.Error("9 points may apply")
	}
	if e := domain.AsError(CanApplyToTest(0)); e == nil || e.Kind != domain.KindForbidden || !strings.Contains(e.Message, "level 2") {
		t.Errorf("refusal %+v", e)
	}
	if err := CanApplyToTest(10); err != nil {
		t.Errorf("10 points refused: %v", err)
	}
}

func TestRank(t *testing.T) {
	in := []Standing{{UserID: 3, Points: 5}, {UserID: 1, Points: 5}, {UserID: 2, Points: 9}, {UserID: 4, Points: 0}}
	got := Rank(in)
	ids := []int64{}
	for _, s := range got {
		ids = append(ids, s.UserID)
	}
	if want := []int64{2, 1, 3, 4}; !slices.Equal(ids, want) {
		t.Errorf("rank %v, want %v", ids, want)
	}
	if in[0].UserID != 3 {
		t.Error("Rank changed its input")
	}
}

func TestSeason(t *testing.T) {
	from, to, err := Season(2026, time.UTC)
	if err != nil || !from.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) || !to.Equal(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("season 2026: %v %v %v", from, to, err)
	}
	for _, y := range []int{1999, 3000, 0, -1} {
		if _, _, err := Season(y, time.UTC); code(err) != "invalid_season" || domain.AsError(err).Field != "season" {
			t.Errorf("season %d: %v", y, err)
		}
	}
	for _, y := range []int{2000, 2999} {
		if _, _, err := Season(y, time.UTC); err != nil {
			t.Errorf("season %d: %v", y, err)
		}
	}
}

func TestRuleBadges(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	at := func(d int) time.Time { return t0.AddDate(0, 0, d) }
	var evs []Event
	for i := 10; i >= 1; i-- { // out of order on purpose
		evs = append(evs, Event{Kind: FeedbackAccepted, At: at(i)})
	}
	evs = append(evs, Event{Kind: IdeaWon, At: at(30)}, Event{Kind: IdeaWon, At: at(20)},
		Event{Kind: MeetupAttended, At: at(5)}, Event{Kind: ProjectLaunched, At: at(40)})
	for i := 0; i < 4; i++ {
		evs = append(evs, Event{Kind: CommentHelpful, At: at(i)})
	}
	first := at(-3)
	got := RuleBadges(&first, evs)
	want := map[string]time.Time{BadgeFirstIdea: first, BadgeFirstWin: at(20), BadgeTenTests: at(10), BadgeFirstMeetup: at(5), BadgeLaunched: at(40)}
	if len(got) != len(want) {
		t.Fatalf("badges %+v, want %v", got, want)
	}
	for _, b := range got {
		if w, ok := want[b.Key]; !ok || !w.Equal(b.AwardedAt) || b.ByHand {
			t.Errorf("badge %+v, want at %v", b, w)
		}
	}
	// The fifth helpful comment earns its badge; nine accepted reports do not.
	evs = append(evs[1:], Event{Kind: CommentHelpful, At: at(50)})
	got = RuleBadges(nil, evs)
	keys := map[string]time.Time{}
	for _, b := range got {
		keys[b.Key] = b.AwardedAt
	}
	if _, ok := keys[BadgeTenTests]; ok {
		t.Error("nine accepted reports earned ten_tests")
	}
	if _, ok := keys[BadgeFirstIdea]; ok {
		t.Error("no idea earned first_idea")
	}
	if !keys[BadgeHelpful].Equal(at(50)) {
		t.Errorf("helpful at %v", keys[BadgeHelpful])
	}
	if len(RuleBadges(nil, nil)) != 0 {
		t.Error("nothing earned something")
	}
}

func TestMergeBadges(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	rule := []Badge{{Key: BadgeFirstMeetup, AwardedAt: t0}, {Key: BadgeFirstIdea, AwardedAt: t0}}
	hand := []Badge{{Key: "club_star", AwardedAt: t0}, {Key: BadgeFirstIdea, AwardedAt: t0.Add(time.Hour)}}
	got := Merge(rule, hand)
	if len(got) != 3 || got[0].Key != BadgeFirstIdea || got[0].ByHand || !got[0].AwardedAt.Equal(t0) ||
		got[1].Key != BadgeFirstMeetup || got[2].Key != "club_star" || !got[2].ByHand {
		t.Errorf("merged %+v", got)
	}
}

func TestValidHandBadge(t *testing.T) {
	for _, k := range HandBadges {
		if err := ValidHandBadge(k); err != nil {
			t.Errorf("%s: %v", k, err)
		}
	}
	for k, c := range map[string]string{"": "required", BadgeFirstWin: "unknown_badge", "<b>": "unknown_badge"} {
		if err := ValidHandBadge(k); code(err) != c || domain.AsError(err).Field != "key" {
			t.Errorf("%q: %v, want %s", k, err, c)
		}
	}
}

func TestProfileInput(t *testing.T) {
	p := ProfileInput{Name: "  小林 ", City: " 青岛 ", Bio: " 爱洗衣机\r\n也爱冰箱 "}
	p.Normalize()
	if p.Name != "小林" || p.City != "青岛" || p.Bio != "爱洗衣机\n也爱冰箱" {
		t.Errorf("normalized %+v", p)
	}
	if err := p.Validate(); err != nil {
		t.Errorf("valid profile: %v", err)
	}
	long := func(n int) string { return strings.Repeat("好", n) }
	cases := []struct {
		in    ProfileInput
		field string
	}{
		{ProfileInput{Name: ""}, "name"},
		{ProfileInput{Name: "a\nb"}, "name"},
		{ProfileInput{Name: long(61)}, "name"},
		{ProfileInput{Name: "a", City: long(41)}, "city"},
		{ProfileInput{Name: "a", City: "Qing\ndao"}, "city"},
		{ProfileInput{Name: "a", Bio: long(281)}, "bio"},
		{ProfileInput{Name: "a", Bio: "\x00"}, "bio"},
	}
	for _, c := range cases {
		if e := domain.AsError(c.in.Validate()); e == nil || e.Field != c.field {
			t.Errorf("%+v: %v, want field %s", c.in, e, c.field)
		}
	}
	if err := (ProfileInput{Name: long(60), City: long(40), Bio: long(280)}).Validate(); err != nil {
		t.Errorf("limits: %v", err)
	}
}

// A narrowed board (one challenge, one season) leaves upheld reports out;
// the all-time board counts every reason, as a person's total does.
func TestBoardLeavesOut(t *testing.T) {
	if got := BoardLeavesOut(true); got != ReportUpheld {
		t.Errorf("a narrowed board leaves out %q, want %q", got, ReportUpheld)
	}
	if got := BoardLeavesOut(false); got != "" {
		t.Errorf("the all-time board leaves out %q, want nothing", got)
	}
}
