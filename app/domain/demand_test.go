package domain

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func poll() Challenge {
	c := NewChallenge()
	c.Title, c.Kind = "Qige", DesignPoll
	c.BuyOptions = map[string][]string{"size": {"S", "M", "L"}, "colour": {"红", "黑"}}
	c.PriceBands = []int{99, 199, 299}
	return c
}

func field(err error) string {
	if e := AsError(err); e != nil {
		return e.Field + "/" + e.Code
	}
	if err != nil {
		return "?" + err.Error()
	}
	return ""
}

func TestDemandRulesValidate(t *testing.T) {
	long := strings.Repeat("长", MaxBuyText+1)
	many := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = string(rune('a'+i%26)) + strings.Repeat("x", i/26)
		}
		return out
	}
	for _, tc := range []struct {
		name string
		edit func(*Challenge)
		want string
	}{
		{"poll with options and bands", func(c *Challenge) {}, ""},
		{"poll without buying", func(c *Challenge) { c.BuyOptions, c.PriceBands = nil, nil }, ""},
		{"options in an open call", func(c *Challenge) { c.Kind = OpenCall; c.PriceBands = nil }, "buy_options/design_poll_only"},
		{"bands without options", func(c *Challenge) { c.BuyOptions = nil }, "price_bands/needs_buy_options"},
		{"six options", func(c *Challenge) {
			c.BuyOptions = map[string][]string{"a": {"1"}, "b": {"1"}, "c": {"1"}, "d": {"1"}, "e": {"1"}, "f": {"1"}}
		}, "buy_options/too_many_options"},
		{"five options", func(c *Challenge) {
			c.BuyOptions = map[string][]string{"a": {"1"}, "b": {"1"}, "c": {"1"}, "d": {"1"}, "e": {"1"}}
		}, ""},
		{"long name", func(c *Challenge) { c.BuyOptions = map[string][]string{long: {"1"}} }, "buy_options/too_long"},
		{"long value", func(c *Challenge) { c.BuyOptions = map[string][]string{"size": {long}} }, "buy_options/too_long"},
		{"21 values", func(c *Challenge) { c.BuyOptions = map[string][]string{"size": many(21)} }, "buy_options/too_many_values"},
		{"20 values", func(c *Challenge) { c.BuyOptions = map[string][]string{"size": many(20)} }, ""},
		{"repeated value", func(c *Challenge) { c.BuyOptions = map[string][]string{"size": {"M", "M"}} }, "buy_options/repeated_value"},
		{"11 bands", func(c *Challenge) { c.PriceBands = []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11} }, "price_bands/too_many_bands"},
		{"10 bands", func(c *Challenge) { c.PriceBands = []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10} }, ""},
		{"zero band", func(c *Challenge) { c.PriceBands = []int{0, 5} }, "price_bands/out_of_range"},
		{"band of one", func(c *Challenge) { c.PriceBands = []int{1} }, ""},
		{"band too high", func(c *Challenge) { c.PriceBands = []int{MaxPrice + 1} }, "price_bands/out_of_range"},
		{"highest band", func(c *Challenge) { c.PriceBands = []int{MaxPrice} }, ""},
		{"repeated band", func(c *Challenge) { c.PriceBands = []int{99, 99} }, "price_bands/repeated_band"},
		{"threshold in a poll", func(c *Challenge) { c.SupportThreshold = 5 }, "support_threshold/open_call_only"},
		{"days in a poll", func(c *Challenge) { c.ThresholdDays = 5 }, "threshold_days/open_call_only"},
		{"threshold in an open call", func(c *Challenge) { *c = thresholdCall(5, 30) }, ""},
		{"threshold without days", func(c *Challenge) { *c = thresholdCall(5, 0) }, ""},
		{"days without threshold", func(c *Challenge) { *c = thresholdCall(0, 30) }, "threshold_days/needs_threshold"},
		{"negative threshold", func(c *Challenge) { *c = thresholdCall(-1, 0) }, "support_threshold/out_of_range"},
		{"huge threshold", func(c *Challenge) { *c = thresholdCall(MaxSupportThresh+1, 1) }, "support_threshold/out_of_range"},
		{"largest threshold", func(c *Challenge) { *c = thresholdCall(MaxSupportThresh, MaxThresholdDays) }, ""},
		{"negative days", func(c *Challenge) { *c = thresholdCall(5, -1) }, "threshold_days/out_of_range"},
		{"too many days", func(c *Challenge) { *c = thresholdCall(5, MaxThresholdDays+1) }, "threshold_days/out_of_range"},
		{"threshold with stars", func(c *Challenge) { *c = thresholdCall(5, 1); c.VotingMethod = MethodStars }, "support_threshold/support_votes_only"},
		{"stars without a threshold", func(c *Challenge) { *c = thresholdCall(0, 0); c.VotingMethod = MethodStars }, ""},
	} {
		c := poll()
		tc.edit(&c)
		if got := field(c.Validate()); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

// thresholdCall is an open call whose vote opened a month before its
// ideas (TestThresholds' born), so their days count from their submission.
func thresholdCall(threshold, days int) Challenge {
	c := NewChallenge()
	c.Title = "Haier"
	c.SupportThreshold, c.ThresholdDays = threshold, days
	open := time.Date(2026, 10, 1, 12, 0, 0, 0, time.UTC)
	c.VotingOpenAt = &open
	return c
}

func TestDemandInputApply(t *testing.T) {
	c := NewChallenge()
	opts := map[string][]string{" size ": {" S", "", "M "}, "empty": {" "}, "": {"x"}}
	bands := []int{299, 99, 199}
	th, days := 7, 3
	ChallengeInput{DemandInput: DemandInput{BuyOptions: &opts, PriceBands: &bands, SupportThreshold: &th, ThresholdDays: &days}}.Apply(&c)
	want := DemandRules{BuyOptions: map[string][]string{"size": {"S", "M"}}, PriceBands: []int{99, 199, 299}, SupportThreshold: 7, ThresholdDays: 3}
	if !reflect.DeepEqual(c.DemandRules, want) {
		t.Fatalf("got %+v, want %+v", c.DemandRules, want)
	}
	if bands[0] != 299 {
		t.Error("Apply sorted the caller's slice")
	}
	ChallengeInput{}.Apply(&c)
	if !reflect.DeepEqual(c.DemandRules, want) {
		t.Fatalf("an empty input changed the rules: %+v", c.DemandRules)
	}
	empty := map[string][]string{}
	ChallengeInput{DemandInput: DemandInput{BuyOptions: &empty}}.Apply(&c)
	if c.BuyOptions != nil {
		t.Errorf("empty options should clear them: %v", c.BuyOptions)
	}
}

func TestParseBuyOptions(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want map[string][]string
		err  string
	}{
		{"size: S, M, L\ncolour：红，黑、白/蓝", map[string][]string{"size": {"S", "M", "L"}, "colour": {"红", "黑", "白", "蓝"}}, ""},
		{"\r\n  \nsize:S\r\n", map[string][]string{"size": {"S"}}, ""},
		{"", nil, ""},
		{"size S", nil, "buy_options/bad_line"},
		{": S", nil, "buy_options/bad_line"},
		{"size: S\nsize: M", nil, "buy_options/repeated_option"},
		{"size:", nil, ""},
	} {
		got, err := ParseBuyOptions(tc.in)
		if field(err) != tc.err || err == nil && !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: got %v, %v; want %v, %s", tc.in, got, err, tc.want, tc.err)
		}
	}
	var b strings.Builder
	for i := 0; i <= maxBuyOptionsTotal; i++ {
		b.WriteString(strings.Repeat("n", i+1) + ": v\n")
	}
	if _, err := ParseBuyOptions(b.String()); field(err) != "buy_options/too_many_options" {
		t.Errorf("a huge form: %v", err)
	}
	// Exactly the most the parser reads: parsed, and refused by Validate.
	lines := strings.SplitAfterN(b.String(), "\n", maxBuyOptionsTotal+1)
	most, err := ParseBuyOptions(strings.Join(lines[:maxBuyOptionsTotal], ""))
	if err != nil || len(most) != maxBuyOptionsTotal {
		t.Errorf("the most options: %d, %v", len(most), err)
	}
	back, _ := ParseBuyOptions(FormatBuyOptions(poll().DemandRules))
	if !reflect.DeepEqual(back, poll().BuyOptions) {
		t.Errorf("format then parse: %v", back)
	}
	if got := FormatBuyOptions(poll().DemandRules); got != "colour: 红, 黑\nsize: S, M, L" {
		t.Errorf("format: %q", got)
	}
}

func TestParsePriceBands(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []int
		err  string
	}{
		{"299, 99，199", []int{99, 199, 299}, ""},
		{"99 199\u3000299、399", []int{99, 199, 299, 399}, ""},
		{"", nil, ""},
		{"99, x", nil, "price_bands/not_a_number"},
		{"1,2,3,4,5,6,7,8,9,10,11", nil, "price_bands/too_many_bands"},
		{"1,2,3,4,5,6,7,8,9,10", []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, ""},
	} {
		got, err := ParsePriceBands(tc.in)
		if field(err) != tc.err || err == nil && !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q: got %v, %v; want %v, %s", tc.in, got, err, tc.want, tc.err)
		}
	}
	if got := FormatPriceBands([]int{99, 199}); got != "99, 199" {
		t.Errorf("format: %q", got)
	}
}

func TestCheckIntent(t *testing.T) {
	ok := map[string]string{"size": "M", "colour": "红"}
	for _, tc := range []struct {
		name string
		in   IntentInput
		edit func(*DemandRules)
		want string
	}{
		{"fits", IntentInput{1, ok, 199}, nil, ""},
		{"ten", IntentInput{10, ok, 99}, nil, ""},
		{"highest band", IntentInput{1, ok, 299}, nil, ""},
		{"none", IntentInput{0, ok, 199}, nil, "quantity/out_of_range"},
		{"eleven", IntentInput{11, ok, 199}, nil, "quantity/out_of_range"},
		{"unknown option", IntentInput{1, map[string]string{"size": "M", "colour": "红", "fit": "slim"}, 199}, nil, "options.fit/unknown_option"},
		{"unprintable option", IntentInput{1, map[string]string{"size": "M", "colour": "红", "a\x01": "x"}, 199}, nil, "options.?/unknown_option"},
		{"missing option", IntentInput{1, map[string]string{"size": "M"}, 199}, nil, "options.colour/required"},
		{"empty value", IntentInput{1, map[string]string{"size": "M", "colour": ""}, 199}, nil, "options.colour/required"},
		{"value not offered", IntentInput{1, map[string]string{"size": "XL", "colour": "红"}, 199}, nil, "options.size/not_offered"},
		{"price not a band", IntentInput{1, ok, 150}, nil, "max_price/not_offered"},
		{"no price", IntentInput{1, ok, 0}, nil, "max_price/not_offered"},
		{"no bands, no price", IntentInput{1, ok, 0}, func(r *DemandRules) { r.PriceBands = nil }, ""},
		{"no bands, a price", IntentInput{1, ok, 99}, func(r *DemandRules) { r.PriceBands = nil }, "max_price/no_price_bands"},
	} {
		r := poll().DemandRules
		if tc.edit != nil {
			tc.edit(&r)
		}
		if got := field(r.CheckIntent(tc.in)); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestCanIntend(t *testing.T) {
	now := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	open := poll()
	hourAgo, inHour := now.Add(-time.Hour), now.Add(time.Hour)
	open.VotingOpenAt, open.VotingCloseAt = &hourAgo, &inHour
	closed := open
	closed.VotingCloseAt = &hourAgo
	noOptions := open
	noOptions.BuyOptions = nil
	callWithOptions := open
	callWithOptions.Kind = OpenCall
	fan := &User{ID: 2, Roles: []Role{RoleFan}}
	listed := Idea{ID: 1, State: StateSubmitted}
	for _, tc := range []struct {
		name string
		u    *User
		idea Idea
		c    Challenge
		want string
	}{
		{"fan, open poll", fan, listed, open, ""},
		{"shortlisted design", fan, Idea{State: StateShortlisted}, open, ""},
		{"signed out", nil, listed, open, "/unauthorized"},
		{"no options", fan, listed, noOptions, "/no_buying"},
		{"open call", fan, listed, callWithOptions, "/no_buying"},
		{"hidden design", fan, Idea{State: StateHidden}, open, "/idea_not_votable"},
		{"expired design", fan, Idea{State: StateExpired}, open, "/idea_not_votable"},
		{"voting closed", fan, listed, closed, "/voting_closed"},
		{"a design decided while the vote reads open", fan, Idea{State: StateWinner}, open, "/voting_closed"},
	} {
		if got := field(CanIntend(tc.u, tc.idea, tc.c, now)); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestTallyDemand(t *testing.T) {
	got := TallyDemand([]IntentGroup{
		{IdeaID: 7, Buyers: 1, Units: 2, Options: map[string]string{"size": "M", "colour": "红"}, MaxPrice: 199},
		{IdeaID: 3, Buyers: 1, Units: 1, Options: map[string]string{"size": "S"}, MaxPrice: 99},
		{IdeaID: 7, Buyers: 2, Units: 3, Options: map[string]string{"size": "M", "colour": "黑"}, MaxPrice: 299},
		{IdeaID: 7, Buyers: 1, Units: 1, Options: map[string]string{"size": "L", "colour": "红"}},
	})
	want := []Demand{
		{IdeaID: 7, Buyers: 4, Units: 6,
			ByOption: map[string]map[string]int{"size": {"M": 5, "L": 1}, "colour": {"红": 3, "黑": 3}},
			ByPrice:  map[int]int{199: 2, 299: 3}},
		{IdeaID: 3, Buyers: 1, Units: 1, ByOption: map[string]map[string]int{"size": {"S": 1}}, ByPrice: map[int]int{99: 1}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	if TallyDemand(nil) != nil {
		t.Error("no intents, no demand")
	}
}

func TestDemandCurve(t *testing.T) {
	got := DemandCurve([]int{99, 199, 299}, map[int]int{99: 1, 299: 3, 5: 100})
	want := []CurvePoint{{99, 4}, {199, 3}, {299, 3}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if len(DemandCurve(nil, map[int]int{1: 1})) != 0 {
		t.Error("no bands, no curve")
	}
}

func TestMaySeeDemand(t *testing.T) {
	now := time.Date(2026, 11, 30, 8, 0, 0, 0, time.UTC)
	running := poll()
	ago := now.Add(-time.Hour)
	running.VotingOpenAt = &ago
	over := running
	over.VotingCloseAt = &now
	plain := over
	plain.BuyOptions = nil
	admin := &User{ID: 1, Roles: []Role{RoleAdmin}}
	fan := &User{ID: 2, Roles: []Role{RoleFan}}
	for _, tc := range []struct {
		name  string
		u     *User
		c     Challenge
		blind bool
		want  string
	}{
		{"admin while voting", admin, running, false, ""},
		{"blind judge after voting", fan, over, true, "/forbidden"},
		{"blind judge who is admin", admin, over, true, "/forbidden"},
		{"admin, no buying", admin, plain, false, ""},
		{"fan while voting", fan, running, false, "/demand_not_yet"},
		{"anyone while voting", nil, running, false, "/unauthorized"},
		{"fan after voting", fan, over, false, ""},
		{"anyone after voting", nil, over, false, ""},
		{"no buying", fan, plain, false, "/no_buying"},
	} {
		if got := field(MaySeeDemand(tc.u, tc.c, IdeaMask{Author: tc.blind, Votes: tc.blind}, now)); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestCanMarkProduction(t *testing.T) {
	admin := &User{ID: 1, Roles: []Role{RoleAdmin}}
	fan := &User{ID: 2, Roles: []Role{RoleFan}}
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	closed := poll()
	closed.VotingCloseAt = func() *time.Time { t := now; return &t }()
	plain := closed
	plain.BuyOptions = nil
	open := poll()
	open.VotingCloseAt = func() *time.Time { t := now.Add(time.Second); return &t }()
	for _, tc := range []struct {
		name string
		u    *User
		idea Idea
		c    Challenge
		want string
	}{
		{"admin", admin, Idea{State: StateWinner}, closed, ""},
		{"signed out", nil, Idea{State: StateWinner}, closed, "/unauthorized"},
		{"fan", fan, Idea{State: StateWinner}, closed, "/forbidden"},
		{"no buying", admin, Idea{State: StateWinner}, plain, "/no_buying"},
		{"hidden", admin, Idea{State: StateHidden}, closed, "/idea_not_listed"},
		{"voting open a second more", admin, Idea{State: StateSubmitted}, open, "/voting_not_over"},
		{"no close time, no results yet", admin, Idea{State: StateSubmitted}, poll(), "/voting_not_over"},
	} {
		if got := field(CanMarkProduction(tc.u, tc.idea, tc.c, now)); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
	got := ProductionNotices(9, "裙", []int64{4, 5})
	want := []Outgoing{{To: 4, Kind: NoticeProduction, URL: "/ideas/9", Args: []string{"裙"}}, {To: 5, Kind: NoticeProduction, URL: "/ideas/9", Args: []string{"裙"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("notices: %+v", got)
	}
}
