package domain

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

var allStates = []State{
	StateSubmitted, StateShortlisted, StateWinner, StateNotSelected,
	StateHidden, StateMerged, StateWithdrawn,
}

func TestStateListed(t *testing.T) {
	want := map[State]bool{
		StateSubmitted:   true,
		StateShortlisted: true,
		StateWinner:      true,
		StateNotSelected: true,
		StateHidden:      false,
		StateMerged:      false,
		StateWithdrawn:   false,
		State(""):        false,
		State("deleted"): false,
	}
	for s, w := range want {
		t.Run(string(s), func(t *testing.T) {
			if got := s.Listed(); got != w {
				t.Errorf("State(%q).Listed() = %v, want %v", s, got, w)
			}
		})
	}
}

func TestParseState(t *testing.T) {
	for _, s := range allStates {
		t.Run(string(s), func(t *testing.T) {
			got, ok := ParseState(string(s))
			if !ok || got != s {
				t.Errorf("ParseState(%q) = %q, %v; want %q, true", s, got, ok, s)
			}
		})
	}
	for _, bad := range []string{"", "Submitted", "deleted", "not selected", "not-selected", "winner "} {
		t.Run("refuses "+bad, func(t *testing.T) {
			if got, ok := ParseState(bad); ok || got != "" {
				t.Errorf("ParseState(%q) = %q, %v; want \"\", false", bad, got, ok)
			}
		})
	}
}

func validIdea() Idea {
	return Idea{
		ID:          11,
		ChallengeID: 7,
		Title:       "滚筒自清洁",
		Summary:     "A self-cleaning drum cycle.",
		Body:        "## How\n\nHot steam after every wash.",
		Tags:        []string{"drum", "清洁"},
		Author:      Author{ID: 2, Name: "maker"},
		State:       StateSubmitted,
	}
}

func manyTags(n int) []string {
	tags := make([]string, n)
	for i := range tags {
		tags[i] = "tag" + strings.Repeat("x", i)
	}
	return tags
}

func TestIdeaValidate(t *testing.T) {
	with := func(f func(*Idea)) Idea {
		i := validIdea()
		f(&i)
		return i
	}
	tests := []struct {
		name string
		idea Idea
		want wantErr
	}{
		{"valid", validIdea(), noErr},
		{"only a title", Idea{Title: "t"}, noErr},
		{"title missing", with(func(i *Idea) { i.Title = "" }), invalid("title", "required")},
		{"title only ideographic spaces", with(func(i *Idea) { i.Title = "\u3000" }), invalid("title", "required")},
		{"title 120 Chinese characters", with(func(i *Idea) { i.Title = strings.Repeat("洗", 120) }), noErr},
		{"title 121 Chinese characters", with(func(i *Idea) { i.Title = strings.Repeat("洗", 121) }), invalid("title", "too_long")},
		{"summary 500 characters", with(func(i *Idea) { i.Summary = strings.Repeat("概", 500) }), noErr},
		{"summary 501 characters", with(func(i *Idea) { i.Summary = strings.Repeat("s", 501) }), invalid("summary", "too_long")},
		{"summary control character", with(func(i *Idea) { i.Summary = "a\x01" }), invalid("summary", "control_character")},
		{"body 20000 Chinese characters", with(func(i *Idea) { i.Body = strings.Repeat("文", 20000) }), noErr},
		{"body 20001 characters", with(func(i *Idea) { i.Body = strings.Repeat("b", 20001) }), invalid("body", "too_long")},
		{"body invalid UTF-8", with(func(i *Idea) { i.Body = "ok\xc0\xaf" }), invalid("body", "invalid_utf8")},
		{"body with newlines, tabs and CRLF", with(func(i *Idea) { i.Body = "a\r\n\tb\n" }), noErr},
		{"no tags", with(func(i *Idea) { i.Tags = nil }), noErr},
		{"10 tags", with(func(i *Idea) { i.Tags = manyTags(10) }), noErr},
		{"11 tags", with(func(i *Idea) { i.Tags = manyTags(11) }), invalid("tags", "too_many_tags")},
		{"tag 30 characters", with(func(i *Idea) { i.Tags = []string{strings.Repeat("标", 30)} }), noErr},
		{"tag 31 characters", with(func(i *Idea) { i.Tags = []string{"ok", strings.Repeat("标", 31)} }), invalid("tags", "too_long")},
		{"empty tag", with(func(i *Idea) { i.Tags = []string{""} }), invalid("tags", "required")},
		{"tag with control character", with(func(i *Idea) { i.Tags = []string{"a\x1f"} }), invalid("tags", "control_character")},
		{"5 images", with(func(i *Idea) { i.Images = make([]Image, 5) }), noErr},
		{"6 images", with(func(i *Idea) { i.Images = make([]Image, 6) }), invalid("images", "too_many_images")},
		{"first bad field named", with(func(i *Idea) { i.Title = ""; i.Body = "\xff" }), invalid("title", "required")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkErr(t, tt.idea.Validate(), tt.want) })
	}
}

func TestIdeaInputApply(t *testing.T) {
	tests := []struct {
		name string
		in   IdeaInput
		want func(*Idea)
	}{
		{"empty input changes nothing", IdeaInput{}, func(*Idea) {}},
		{"title trimmed", IdeaInput{Title: ptr("  蒸汽除菌  ")}, func(i *Idea) { i.Title = "蒸汽除菌" }},
		{"summary trimmed", IdeaInput{Summary: ptr("\n short \t")}, func(i *Idea) { i.Summary = "short" }},
		{"body kept verbatim for markdown", IdeaInput{Body: ptr("    indented code\n")}, func(i *Idea) { i.Body = "    indented code\n" }},
		{"tags cleaned", IdeaInput{Tags: &[]string{" #Steam ", "steam", "", "节能"}}, func(i *Idea) { i.Tags = []string{"steam", "节能"} }},
		{"tags cleared", IdeaInput{Tags: &[]string{}}, func(i *Idea) { i.Tags = []string{} }},
		{"everything", IdeaInput{Title: ptr("T"), Summary: ptr("S"), Body: ptr("B"), Tags: &[]string{"X"}}, func(i *Idea) {
			i.Title, i.Summary, i.Body, i.Tags = "T", "S", "B", []string{"x"}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := validIdea()
			tt.in.Apply(&got)
			want := validIdea()
			tt.want(&want)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("Apply gave\n %+v\nwant\n %+v", got, want)
			}
		})
	}
}

func TestCleanTags(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"nil", nil, []string{}},
		{"trimmed", []string{"  drum  ", "\tsteam\n"}, []string{"drum", "steam"}},
		{"hash dropped", []string{"#drum", " #steam", "# spaced"}, []string{"drum", "steam", "spaced"}},
		{"only one hash dropped", []string{"##drum"}, []string{"#drum"}},
		{"lowercased", []string{"IoT", "SMART Home", "ÉCO"}, []string{"iot", "smart home", "éco"}},
		{"Chinese untouched", []string{"节能", "二次污染"}, []string{"节能", "二次污染"}},
		{"blanks dropped", []string{"", "  ", "#", " # ", "\u3000"}, []string{}},
		{"repeats dropped after cleaning", []string{"Drum", "drum", "#DRUM", " drum "}, []string{"drum"}},
		{"author's order kept", []string{"zeta", "alpha", "Zeta", "mid", "ALPHA"}, []string{"zeta", "alpha", "mid"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CleanTags(tt.in)
			if got == nil {
				t.Fatalf("CleanTags(%q) = nil, want a non-nil slice (it is stored and encoded as [])", tt.in)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("CleanTags(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSplitTags(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", []string{}},
		{"only separators", " ,，、;；\t\n ", []string{}},
		{"Latin commas", "drum,steam, dryer", []string{"drum", "steam", "dryer"}},
		{"Chinese commas", "节能，环保，智能", []string{"节能", "环保", "智能"}},
		{"enumeration comma", "节能、环保、智能", []string{"节能", "环保", "智能"}},
		{"mixed Chinese separators", "节能，环保、智能；静音", []string{"节能", "环保", "智能", "静音"}},
		{"semicolons, spaces, tabs and newlines", "a;b c\td\ne", []string{"a", "b", "c", "d", "e"}},
		{"CRLF lines", "a\r\nb\r\n", []string{"a", "b"}},
		{"hashtags and case", "#Smart #IoT smart", []string{"smart", "iot"}},
		{"repeats across separators", "节能，节能、#节能", []string{"节能"}},
		{"order kept", "c, a, b, a", []string{"c", "a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SplitTags(tt.in)
			if got == nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("SplitTags(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSplitTagsOnIdeographicSpace(t *testing.T) {
	got := SplitTags("节能\u3000环保")
	want := []string{"节能", "环保"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SplitTags = %q, want %q", got, want)
	}
}

// People and a challenge for the permission tests.
var (
	fan      = &User{ID: 1, Name: "fan", Roles: []Role{RoleFan}}
	author   = &User{ID: 2, Name: "maker", Roles: []Role{RoleFan}}
	admin    = &User{ID: 3, Name: "organiser", Roles: []Role{RoleFan, RoleAdmin}}
	engineer = &User{ID: 4, Name: "engineer", Roles: []Role{RoleFan, RoleEngineer}}
	judge    = &User{ID: 5, Name: "judge", Roles: []Role{RoleFan, RoleJudge}}
)

// Moments in overlapping(): submissions [0,10d), voting [5d,15d), results 20d, closed 30d.
var (
	beforeOpen  = t0.Add(-time.Hour)
	subsOnly    = t0.Add(2 * day)
	bothOpen    = t0.Add(6 * day)
	votingOnly  = t0.Add(12 * day)
	judgingTime = t0.Add(16 * day)
	closedTime  = t0.Add(31 * day)
)

func openCall() Challenge {
	c := validChallenge()
	c.Rules = Rules{IdeasPerFan: 2, VoteBudget: 3, ShortlistSize: 10, Winners: 3}
	return c
}

func designPoll() Challenge {
	c := openCall()
	c.Kind = DesignPoll
	return c
}

// undated is c with none of its phases scheduled: a draft at any time.
func undated(c Challenge) Challenge {
	c.Schedule = Schedule{}
	return c
}

func ideaIn(s State) Idea {
	i := validIdea()
	i.State = s
	return i
}

func TestCanSubmit(t *testing.T) {
	noLimit := openCall()
	noLimit.IdeasPerFan = 0
	closedEarly := openCall()
	closedEarly.ClosedAt = at(day)
	confirmedOnly := openCall()
	confirmedOnly.Submitters = VotersVerified
	confirmedFan := &User{ID: 1, Name: "fan", Roles: []Role{RoleFan}, Verified: true}
	confirm := wantErr{KindForbidden, "verification_required_submit", ""}
	tests := []struct {
		name    string
		u       *User
		c       Challenge
		now     time.Time
		already int
		want    wantErr
	}{
		{"visitor", nil, openCall(), subsOnly, 0, unauthorized},
		{"visitor to a design poll", nil, designPoll(), subsOnly, 0, unauthorized},
		{"fan, first idea", fan, openCall(), subsOnly, 0, noErr},
		{"fan, while voting also open", fan, openCall(), bothOpen, 0, noErr},
		{"fan, at the opening instant", fan, openCall(), t0, 0, noErr},
		{"fan, one below the limit", fan, openCall(), subsOnly, 1, noErr},
		{"fan, at the limit", fan, openCall(), subsOnly, 2, conflict("idea_limit_reached")},
		{"fan, over the limit", fan, openCall(), subsOnly, 5, conflict("idea_limit_reached")},
		{"fan, no limit set", fan, noLimit, subsOnly, 1000, noErr},
		{"admin is exempt from the limit", admin, openCall(), subsOnly, 50, noErr},
		{"engineer is not exempt", engineer, openCall(), subsOnly, 2, conflict("idea_limit_reached")},
		{"fan, before submissions open", fan, openCall(), beforeOpen, 0, conflict("submissions_closed")},
		{"fan, at the closing instant", fan, openCall(), t0.Add(10 * day), 0, conflict("submissions_closed")},
		{"fan, voting only", fan, openCall(), votingOnly, 0, conflict("submissions_closed")},
		{"admin, submissions closed", admin, openCall(), votingOnly, 0, conflict("submissions_closed")},
		{"fan, challenge closed early", fan, closedEarly, subsOnly, 0, conflict("submissions_closed")},
		{"closed is reported before the limit", fan, openCall(), votingOnly, 9, conflict("submissions_closed")},
		{"fan in a design poll", fan, designPoll(), subsOnly, 0, forbidden},
		{"engineer in a design poll", engineer, designPoll(), subsOnly, 0, forbidden},
		{"judge in a design poll", judge, designPoll(), subsOnly, 0, forbidden},
		{"admin posts design poll candidates", admin, designPoll(), subsOnly, 30, noErr},
		{"admin in a closed design poll", admin, designPoll(), closedTime, 0, conflict("submissions_closed")},
		// A design poll is prepared in draft: published with its candidates.
		{"admin, design poll still a draft", admin, designPoll(), beforeOpen, 0, noErr},
		{"admin, design poll with no dates", admin, undated(designPoll()), subsOnly, 0, noErr},
		{"fan, design poll still a draft", fan, designPoll(), beforeOpen, 0, forbidden},
		{"admin, design poll voting only", admin, designPoll(), votingOnly, 0, conflict("submissions_closed")},
		{"admin, open call still a draft", admin, openCall(), beforeOpen, 0, conflict("submissions_closed")},
		{"admin, open call with no dates", admin, undated(openCall()), subsOnly, 0, conflict("submissions_closed")},
		{"unconfirmed fan, confirmed accounts only", fan, confirmedOnly, subsOnly, 0, confirm},
		{"unconfirmed admin, confirmed accounts only", admin, confirmedOnly, subsOnly, 0, confirm},
		{"confirmed fan, confirmed accounts only", confirmedFan, confirmedOnly, subsOnly, 0, noErr},
		{"confirmed fan, at the limit", confirmedFan, confirmedOnly, subsOnly, 2, conflict("idea_limit_reached")},
		{"closed is reported before confirmation", fan, confirmedOnly, votingOnly, 0, conflict("submissions_closed")},
		{"confirmation is asked before the limit", fan, confirmedOnly, subsOnly, 2, confirm},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkErr(t, CanSubmit(tt.u, tt.c, tt.now, tt.already), tt.want) })
	}
}

func TestCanEdit(t *testing.T) {
	tests := []struct {
		name string
		u    *User
		idea Idea
		now  time.Time
		want wantErr
	}{
		{"author while submissions open", author, ideaIn(StateSubmitted), subsOnly, noErr},
		{"author while both phases open", author, ideaIn(StateSubmitted), bothOpen, noErr},
		{"visitor", nil, ideaIn(StateSubmitted), subsOnly, unauthorized},
		{"another fan", fan, ideaIn(StateSubmitted), subsOnly, forbidden},
		{"admin is not the author", admin, ideaIn(StateSubmitted), subsOnly, forbidden},
		{"engineer is not the author", engineer, ideaIn(StateSubmitted), subsOnly, forbidden},
		{"author, shortlisted", author, ideaIn(StateShortlisted), subsOnly, conflict("idea_not_editable")},
		{"author, hidden", author, ideaIn(StateHidden), subsOnly, conflict("idea_not_editable")},
		{"author, withdrawn", author, ideaIn(StateWithdrawn), subsOnly, conflict("idea_not_editable")},
		{"author, merged", author, ideaIn(StateMerged), subsOnly, conflict("idea_not_editable")},
		{"author after submissions close", author, ideaIn(StateSubmitted), votingOnly, conflict("submissions_closed")},
		{"author before submissions open", author, ideaIn(StateSubmitted), beforeOpen, conflict("submissions_closed")},
		{"author after the challenge closed", author, ideaIn(StateSubmitted), closedTime, conflict("submissions_closed")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkErr(t, CanEdit(tt.u, tt.idea, openCall(), tt.now), tt.want) })
	}
	// The organiser mends a candidate of a design poll still in draft.
	checkErr(t, CanEdit(author, ideaIn(StateSubmitted), designPoll(), beforeOpen), noErr)
	checkErr(t, CanEdit(author, ideaIn(StateSubmitted), designPoll(), votingOnly), conflict("submissions_closed"))
}

func TestCanSetState(t *testing.T) {
	type tc struct {
		name string
		u    *User
		from State
		to   State
		now  time.Time
		want wantErr
	}
	tests := []tc{
		{"visitor", nil, StateSubmitted, StateWithdrawn, subsOnly, unauthorized},
		{"visitor hiding", nil, StateSubmitted, StateHidden, subsOnly, unauthorized},

		{"author withdraws while submissions open", author, StateSubmitted, StateWithdrawn, subsOnly, noErr},
		{"author withdraws after submissions close", author, StateSubmitted, StateWithdrawn, votingOnly, conflict("submissions_closed")},
		{"author withdraws a shortlisted idea", author, StateShortlisted, StateWithdrawn, subsOnly, conflict("idea_not_editable")},
		{"author withdraws twice", author, StateWithdrawn, StateWithdrawn, subsOnly, conflict("idea_not_editable")},
		{"another fan withdraws", fan, StateSubmitted, StateWithdrawn, subsOnly, forbidden},
		{"admin withdraws someone's idea", admin, StateSubmitted, StateWithdrawn, subsOnly, forbidden},

		{"admin hides a submitted idea", admin, StateSubmitted, StateHidden, subsOnly, noErr},
		{"admin hides after submissions close", admin, StateSubmitted, StateHidden, judgingTime, noErr},
		{"admin hides a hidden idea", admin, StateHidden, StateHidden, subsOnly, conflict("state_move_not_allowed")},
		{"admin hides a withdrawn idea", admin, StateWithdrawn, StateHidden, subsOnly, conflict("state_move_not_allowed")},
		{"admin hides a merged idea", admin, StateMerged, StateHidden, subsOnly, conflict("state_move_not_allowed")},
		{"fan hides", fan, StateSubmitted, StateHidden, subsOnly, forbidden},
		{"author hides own idea", author, StateSubmitted, StateHidden, subsOnly, forbidden},
		{"engineer hides", engineer, StateSubmitted, StateHidden, subsOnly, forbidden},

		{"admin restores a hidden idea", admin, StateHidden, StateSubmitted, votingOnly, noErr},
		{"admin restores a withdrawn idea", admin, StateWithdrawn, StateSubmitted, subsOnly, conflict("state_move_not_allowed")},
		{"admin restores a merged idea", admin, StateMerged, StateSubmitted, subsOnly, conflict("state_move_not_allowed")},
		{"admin moves a shortlisted idea back", admin, StateShortlisted, StateSubmitted, subsOnly, conflict("state_move_not_allowed")},
		{"author un-withdraws", author, StateWithdrawn, StateSubmitted, subsOnly, forbidden},
		{"fan restores", fan, StateHidden, StateSubmitted, subsOnly, forbidden},

		{"unknown state", admin, StateSubmitted, State("deleted"), subsOnly, invalid("state", "invalid_state")},
		{"empty state", author, StateSubmitted, State(""), subsOnly, invalid("state", "invalid_state")},
	}
	// Shortlist, results and merges have their own rules: nobody sets them by hand.
	for _, to := range []State{StateShortlisted, StateWinner, StateNotSelected, StateMerged} {
		tests = append(tests,
			tc{"admin sets " + string(to), admin, StateSubmitted, to, judgingTime, conflict("state_move_not_allowed")},
			tc{"author sets " + string(to), author, StateSubmitted, to, subsOnly, conflict("state_move_not_allowed")},
		)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErr(t, CanSetState(tt.u, ideaIn(tt.from), openCall(), tt.to, tt.now), tt.want)
		})
	}
	// Their own hidden idea an admin may restore (DecidesOwn).
	own := ideaIn(StateHidden)
	own.Author = Author{ID: admin.ID}
	checkErr(t, CanSetState(admin, own, openCall(), StateSubmitted, votingOnly), noErr)
	// An admin may hide every listed state.
	for _, s := range allStates {
		if !s.Listed() {
			continue
		}
		t.Run("admin hides "+string(s), func(t *testing.T) {
			checkErr(t, CanSetState(admin, ideaIn(s), openCall(), StateHidden, judgingTime), noErr)
		})
	}
}

func TestCanVote(t *testing.T) {
	noBudget := openCall()
	noBudget.VoteBudget = 0
	tests := []struct {
		name  string
		u     *User
		state State
		c     Challenge
		now   time.Time
		used  int
		want  wantErr
	}{
		{"visitor", nil, StateSubmitted, openCall(), votingOnly, 0, unauthorized},
		{"fan, first vote", fan, StateSubmitted, openCall(), votingOnly, 0, noErr},
		{"fan, while submissions also open", fan, StateSubmitted, openCall(), bothOpen, 0, noErr},
		{"fan, at the opening instant", fan, StateSubmitted, openCall(), t0.Add(5 * day), 0, noErr},
		{"author votes for own idea", author, StateSubmitted, openCall(), votingOnly, 0, noErr},
		{"fan, one vote left", fan, StateSubmitted, openCall(), votingOnly, 2, noErr},
		{"fan, budget spent", fan, StateSubmitted, openCall(), votingOnly, 3, conflict("vote_budget_spent")},
		{"fan, over budget", fan, StateSubmitted, openCall(), votingOnly, 7, conflict("vote_budget_spent")},
		{"admin has the same budget", admin, StateSubmitted, openCall(), votingOnly, 3, conflict("vote_budget_spent")},
		{"withdrawing ignores the budget", fan, StateSubmitted, openCall(), votingOnly, -1, noErr},
		{"no budget set", fan, StateSubmitted, noBudget, votingOnly, 10000, noErr},
		{"shortlisted idea", fan, StateShortlisted, openCall(), votingOnly, 0, noErr},
		{"hidden idea", fan, StateHidden, openCall(), votingOnly, 0, conflict("idea_not_votable")},
		{"withdrawn idea", fan, StateWithdrawn, openCall(), votingOnly, 0, conflict("idea_not_votable")},
		{"merged idea", fan, StateMerged, openCall(), votingOnly, 0, conflict("idea_not_votable")},
		{"withdrawing from a hidden idea", fan, StateHidden, openCall(), votingOnly, -1, conflict("idea_not_votable")},
		{"before voting opens", fan, StateSubmitted, openCall(), subsOnly, 0, conflict("voting_closed")},
		{"at the closing instant", fan, StateSubmitted, openCall(), t0.Add(15 * day), 0, conflict("voting_closed")},
		{"during judging", fan, StateSubmitted, openCall(), judgingTime, 0, conflict("voting_closed")},
		{"withdrawing after voting closed", fan, StateSubmitted, openCall(), judgingTime, -1, conflict("voting_closed")},
		{"after the challenge closed", fan, StateWinner, openCall(), closedTime, 0, conflict("voting_closed")},
		{"closed is reported before the budget", fan, StateSubmitted, openCall(), judgingTime, 3, conflict("voting_closed")},
		{"design poll", fan, StateSubmitted, designPoll(), votingOnly, 0, noErr},
		// A decided idea (results published while this act waited for the
		// idea's lock) takes no vote though the challenge read as open.
		{"a winner while the vote reads open", fan, StateWinner, openCall(), votingOnly, 0, conflict("voting_closed")},
		{"not selected while the vote reads open", fan, StateNotSelected, openCall(), votingOnly, 0, conflict("voting_closed")},
		{"withdrawing from a winner", fan, StateWinner, openCall(), votingOnly, -1, conflict("voting_closed")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErr(t, CanVote(tt.u, ideaIn(tt.state), tt.c, tt.now, tt.used), tt.want)
		})
	}
}

func TestCanAnswerUpdate(t *testing.T) {
	notThis := invalid("update_id", "not_this_project")
	for _, tt := range []struct {
		name               string
		ideaID, updateIdea int64
		want               wantErr
	}{
		{"an update of the idea's own project", 7, 7, noErr},
		{"an update of another idea's project", 7, 8, notThis},
		{"no such update", 7, 0, notThis},
	} {
		t.Run(tt.name, func(t *testing.T) { checkErr(t, CanAnswerUpdate(tt.ideaID, tt.updateIdea), tt.want) })
	}
}

func TestCanComment(t *testing.T) {
	tests := []struct {
		name  string
		u     *User
		state State
		want  wantErr
	}{
		{"visitor", nil, StateSubmitted, unauthorized},
		{"fan on a submitted idea", fan, StateSubmitted, noErr},
		{"fan on a shortlisted idea", fan, StateShortlisted, noErr},
		{"fan on a winner", fan, StateWinner, noErr},
		{"fan on a not-selected idea", fan, StateNotSelected, noErr},
		{"engineer on a winner", engineer, StateWinner, noErr},
		{"fan on a hidden idea sees nothing", fan, StateHidden, notFound},
		{"author on own hidden idea", author, StateHidden, notFound},
		{"engineer on a hidden idea", engineer, StateHidden, notFound},
		{"admin on a hidden idea", admin, StateHidden, noErr},
		{"fan on a withdrawn idea", fan, StateWithdrawn, conflict("idea_closed")},
		{"fan on a merged idea", fan, StateMerged, conflict("idea_closed")},
		{"admin on a withdrawn idea", admin, StateWithdrawn, conflict("idea_closed")},
		{"admin on a merged idea", admin, StateMerged, conflict("idea_closed")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkErr(t, CanComment(tt.u, ideaIn(tt.state)), tt.want) })
	}
	for state, want := range map[State]wantErr{StateSubmitted: noErr, StateShortlisted: noErr, StateWinner: noErr,
		StateNotSelected: noErr, StateExpired: noErr, StateHidden: noErr, StateWithdrawn: conflict("idea_closed"), StateMerged: conflict("idea_closed")} {
		t.Run("takes comments: "+string(state), func(t *testing.T) { checkErr(t, TakesComments(ideaIn(state)), want) })
	}
}

func TestEditImages(t *testing.T) {
	a, b, c := Image{File: "a.jpg", Width: 1}, Image{File: "b.jpg", Width: 2}, Image{File: "c.jpg", Width: 3}
	n1, n2 := Image{File: "n1.jpg"}, Image{File: "n2.jpg"}
	tests := []struct {
		name          string
		have          []Image
		remove        []string
		added         []Image
		keep, removed []Image
		err           wantErr
	}{
		{"nothing", []Image{a, b}, nil, nil, []Image{a, b}, nil, noErr},
		{"one off, order kept", []Image{a, b, c}, []string{"b.jpg"}, nil, []Image{a, c}, []Image{b}, noErr},
		{"all off", []Image{a, b}, []string{"b.jpg", "a.jpg"}, nil, nil, []Image{a, b}, noErr},
		{"added after the rest", []Image{a, b}, []string{"a.jpg"}, []Image{n1, n2}, []Image{b, n1, n2}, []Image{a}, noErr},
		{"added to none", nil, nil, []Image{n1}, []Image{n1}, nil, noErr},
		{"five in all", []Image{a, b, c}, nil, []Image{n1, n2}, []Image{a, b, c, n1, n2}, nil, noErr},
		{"six in all (Validate refuses them)", []Image{a, b, c}, nil, []Image{n1, n2, {File: "n3.jpg"}}, []Image{a, b, c, n1, n2, {File: "n3.jpg"}}, nil, noErr},
		{"six less one", []Image{a, b, c}, []string{"c.jpg"}, []Image{n1, n2, {File: "n3.jpg"}}, []Image{a, b, n1, n2, {File: "n3.jpg"}}, []Image{c}, noErr},
		{"not its photo", []Image{a}, []string{"z.jpg"}, nil, nil, nil, invalid("remove_images", "unknown_image")},
		{"one of them not its photo", []Image{a, b}, []string{"a.jpg", "z.jpg"}, nil, nil, nil, invalid("remove_images", "unknown_image")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keep, removed, err := EditImages(tt.have, tt.remove, tt.added)
			checkErr(t, err, tt.err)
			if !slices.Equal(keep, tt.keep) || !slices.Equal(removed, tt.removed) {
				t.Errorf("EditImages = %v, %v; want %v, %v", keep, removed, tt.keep, tt.removed)
			}
		})
	}
}
