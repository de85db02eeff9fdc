package judging

import (
	"reflect"
	"slices"
	"testing"
)

func lookCard(judge, idea int64, score float64) Scorecard {
	return Scorecard{JudgeID: judge, IdeaID: idea, Scores: map[string]float64{"look": score}}
}

func TestSetAside(t *testing.T) {
	for _, tc := range []struct {
		name    string
		exclude bool
		acted   bool
		want    bool
	}{
		{"voters excluded, the judge acted", true, true, true},
		{"voters excluded, the judge did not act", true, false, false},
		{"voters allowed, the judge acted", false, true, false},
		{"voters allowed, the judge did not act", false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := SetAside(Rubric{ExcludeVoters: tc.exclude}, tc.acted); got != tc.want {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// A judge who acted on an idea as a fan, before or after scoring it, has
// that card set aside while the rubric excludes voters; their cards of
// other ideas, and the other judges' cards of that idea, count.
func TestCountedSetsAsideTheCardsOfJudgesWhoActed(t *testing.T) {
	cards := []Scorecard{lookCard(1, 10, 9), lookCard(2, 10, 3), lookCard(1, 11, 4)}
	acted := []Assignment{{JudgeID: 1, IdeaID: 10}, {JudgeID: 3, IdeaID: 11}}
	for _, tc := range []struct {
		name string
		j    Judged
		want []Scorecard
	}{
		{"voters excluded", Judged{Rubric: Rubric{ExcludeVoters: true}, Cards: cards, Acted: acted}, []Scorecard{cards[1], cards[2]}},
		{"voters allowed", Judged{Cards: cards, Acted: acted}, cards},
		{"nobody acted", Judged{Rubric: Rubric{ExcludeVoters: true}, Cards: cards}, cards},
		{"the same judge on another idea", Judged{Rubric: Rubric{ExcludeVoters: true}, Cards: cards, Acted: []Assignment{{JudgeID: 1, IdeaID: 12}}}, cards},
		{"another judge on the same idea", Judged{Rubric: Rubric{ExcludeVoters: true}, Cards: cards, Acted: []Assignment{{JudgeID: 3, IdeaID: 10}}}, cards},
		{"no cards", Judged{Rubric: Rubric{ExcludeVoters: true}, Acted: acted}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.j.Counted(); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("got %+v, want %+v", got, tc.want)
			}
			// Aside is the rest, in the cards' order.
			var aside []Assignment
			for _, c := range tc.j.Cards {
				if !slices.ContainsFunc(tc.want, func(w Scorecard) bool { return w.JudgeID == c.JudgeID && w.IdeaID == c.IdeaID }) {
					aside = append(aside, Assignment{JudgeID: c.JudgeID, IdeaID: c.IdeaID})
				}
			}
			if got := tc.j.Aside(); !reflect.DeepEqual(got, aside) {
				t.Fatalf("aside %+v, want %+v", got, aside)
			}
		})
	}
}

// The ranking and Kendall's W see only the counted cards: the card of a
// judge who acted on the idea no longer lifts it, and the idea shows it
// missing.
func TestCountedCardsRankAndAgree(t *testing.T) {
	r := Rubric{Criteria: []Criterion{{Key: "look", Weight: 1, Min: 0, Max: 10}}, ExcludeVoters: true}
	entries := []Entry{{IdeaID: 10, Assigned: 2}, {IdeaID: 11, Assigned: 2}}
	// Judge 1 loves 10 (and voted for it); judge 2 prefers 11.
	j := Judged{Rubric: r, Cards: []Scorecard{lookCard(1, 10, 10), lookCard(1, 11, 1), lookCard(2, 10, 4), lookCard(2, 11, 6)},
		Acted: []Assignment{{JudgeID: 1, IdeaID: 10}}}
	ranking := Rank(r, entries, j.Counted(), 1)
	if ranking[0].IdeaID != 11 || ranking[1].Scored != 1 || ranking[1].Missing != 1 {
		t.Errorf("ranking %+v: want 11 first, and 10 with one card counted and one missing", ranking)
	}
	if all := Rank(r, entries, j.Cards, 1); all[0].IdeaID != 10 {
		t.Fatalf("the fixture: with every card 10 should lead, got %+v", all)
	}
}

func TestJudgedSame(t *testing.T) {
	r := Rubric{Criteria: []Criterion{{Key: "look", Name: "Look", Weight: 1, Min: 0, Max: 10}}, CrowdWeight: 0.3, ExcludeVoters: true}
	base := func() Judged {
		return Judged{Rubric: r, Assignments: []Assignment{{JudgeID: 1, IdeaID: 10}, {JudgeID: 2, IdeaID: 10}},
			Cards: []Scorecard{lookCard(1, 10, 5), lookCard(2, 10, 7)}}
	}
	for _, tc := range []struct {
		name string
		edit func(*Judged)
		same bool
	}{
		{"unchanged", func(*Judged) {}, true},
		{"a comment edited", func(j *Judged) { j.Cards[0].Comment = "better" }, true},
		{"a score changed", func(j *Judged) { j.Cards[1] = lookCard(2, 10, 8) }, false},
		{"a criterion's score added", func(j *Judged) { j.Cards[1].Scores = map[string]float64{"look": 7, "cost": 1} }, false},
		{"a card saved", func(j *Judged) { j.Cards = append(j.Cards, lookCard(3, 10, 1)) }, false},
		{"a card from another judge", func(j *Judged) { j.Cards[1].JudgeID = 3 }, false},
		{"a card of another idea", func(j *Judged) { j.Cards[1].IdeaID = 11 }, false},
		{"a judge assigned", func(j *Judged) { j.Assignments = append(j.Assignments, Assignment{JudgeID: 3, IdeaID: 10}) }, false},
		{"a judge moved", func(j *Judged) { j.Assignments[1].IdeaID = 11 }, false},
		{"a criterion's weight", func(j *Judged) {
			j.Rubric.Criteria = []Criterion{{Key: "look", Name: "Look", Weight: 2, Min: 0, Max: 10}}
		}, false},
		{"the crowd weight", func(j *Judged) { j.Rubric.CrowdWeight = 0.5 }, false},
		{"blind judging", func(j *Judged) { j.Rubric.Blind = true }, false},
		{"voters allowed", func(j *Judged) { j.Rubric.ExcludeVoters = false }, false},
		{"a judge acted, so their card is set aside", func(j *Judged) { j.Acted = []Assignment{{JudgeID: 2, IdeaID: 10}} }, false},
		{"a judge with no card acted", func(j *Judged) { j.Acted = []Assignment{{JudgeID: 4, IdeaID: 10}} }, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			was, now := base(), base()
			tc.edit(&now)
			if got := was.Same(now); got != tc.same {
				t.Fatalf("Same = %v, want %v", got, tc.same)
			}
			want := ""
			if !tc.same {
				want = "results_changed@"
			}
			if got := code(CheckJudged(was, now)); got != want {
				t.Fatalf("CheckJudged: got %q, want %q", got, want)
			}
		})
	}
}
