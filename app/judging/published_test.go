package judging

import (
	"encoding/json"
	"reflect"
	"testing"

	"cocreate/app/domain"
)

func TestComputeKeepsWhatThePageShows(t *testing.T) {
	r := Rubric{Criteria: []Criterion{{Key: "x", Weight: 1, Min: 0, Max: 10}}, CrowdWeight: 0.5}
	ideas := []domain.Idea{
		{ID: 1, Votes: 9, Ratings: 2, RatingSum: 9, Comparisons: 4, Wins: 3, Score: 61.5, ScoreSD: 4, RankScore: 3.2, State: domain.StateShortlisted},
		{ID: 2, Votes: 1, State: domain.StateShortlisted},
		{ID: 3, Votes: 50, State: domain.StateSubmitted}, // off the shortlist: not ranked
	}
	entries := []Entry{{IdeaID: 1, Crowd: 9, Assigned: 2}, {IdeaID: 2, Crowd: 1, Assigned: 2}}
	cards := []Scorecard{
		{JudgeID: 10, IdeaID: 1, Scores: map[string]float64{"x": 8}}, {JudgeID: 10, IdeaID: 2, Scores: map[string]float64{"x": 2}},
		{JudgeID: 11, IdeaID: 1, Scores: map[string]float64{"x": 7}}, {JudgeID: 11, IdeaID: 2, Scores: map[string]float64{"x": 3}},
		// Both judges scored idea 3 before it left the shortlist, against
		// their order of the ranked ideas: W must not see it.
		{JudgeID: 10, IdeaID: 3, Scores: map[string]float64{"x": 1}}, {JudgeID: 11, IdeaID: 3, Scores: map[string]float64{"x": 10}},
	}
	basis := &Basis{Top: 2, ByVotes: []int64{1, 2}}
	p := Compute(Standing{Rubric: r, Ideas: ideas, Entries: entries, Cards: cards, Basis: basis}, 1)
	if len(p.Ranking) != 2 || p.Ranking[0].IdeaID != 1 || !p.Ranking[0].Winner || p.Ranking[1].Winner {
		t.Fatalf("ranking %+v", p.Ranking)
	}
	if !p.AgreementOK || p.Agreement != 1 {
		t.Errorf("W over the ranked ideas = %v (%v), want 1: both judges put 1 above 2", p.Agreement, p.AgreementOK)
	}
	want := map[int64]CrowdFigures{1: {Votes: 9, Ratings: 2, RatingSum: 9, Comparisons: 4, Wins: 3, Score: 61.5, ScoreSD: 4, RankScore: 3.2}, 2: {Votes: 1}}
	if !reflect.DeepEqual(p.Crowd, want) {
		t.Errorf("crowd %+v, want %+v", p.Crowd, want)
	}
	if p.Basis != basis || !reflect.DeepEqual(p.Rubric, r) {
		t.Errorf("basis or rubric not kept: %+v %+v", p.Basis, p.Rubric)
	}
	// Saved as JSON and read back, it is the same.
	raw, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var back Published
	if err := json.Unmarshal(raw, &back); err != nil || !reflect.DeepEqual(back, p) {
		t.Errorf("read back %+v (%v), want %+v", back, err, p)
	}
}

func TestOfRanked(t *testing.T) {
	cards := []Scorecard{{JudgeID: 1, IdeaID: 1}, {JudgeID: 1, IdeaID: 2}, {JudgeID: 2, IdeaID: 3}}
	for _, tc := range []struct {
		name    string
		ranking []Result
		want    []int64
	}{
		{"all ranked", []Result{{IdeaID: 1}, {IdeaID: 2}, {IdeaID: 3}}, []int64{1, 2, 3}},
		{"one taken off", []Result{{IdeaID: 1}, {IdeaID: 3}}, []int64{1, 3}},
		{"none ranked", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []int64
			for _, c := range OfRanked(cards, tc.ranking) {
				got = append(got, c.IdeaID)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func TestServedAndWinnersAs(t *testing.T) {
	p := Published{
		Ranking: []Result{{IdeaID: 1, Rank: 1, Winner: true, Score: 80}, {IdeaID: 2, Rank: 2, Score: 60}, {IdeaID: 3, Rank: 3, Score: 20}},
		Crowd:   map[int64]CrowdFigures{1: {Votes: 9}, 2: {Votes: 5}, 3: {Votes: 1}},
	}
	live := map[int64]domain.Idea{
		1: {ID: 1, Title: "one", Votes: 2, State: domain.StateWinner}, // votes removed since
		3: {ID: 3, Title: "three", Votes: 7, State: domain.StateNotSelected},
		4: {ID: 4, Title: "four", State: domain.StateShortlisted}, // never ranked
	}
	ranking, ideas := p.Served(live)
	if len(ranking) != 2 || ranking[0] != p.Ranking[0] || ranking[1] != p.Ranking[2] {
		t.Errorf("served %+v: want lines 1 and 3 as published (2 hidden since, 4 never ranked)", ranking)
	}
	if len(ideas) != 2 || ideas[1].Votes != 9 || ideas[3].Votes != 1 || ideas[1].Title != "one" {
		t.Errorf("ideas %+v: want the live ideas with the tallies as published", ideas)
	}
	w := p.WinnersAs([]domain.Idea{{ID: 1, State: domain.StateNotSelected}, {ID: 2, State: domain.StateWinner}})
	if w.Ranking[0].Winner || !w.Ranking[1].Winner || w.Ranking[2].Winner {
		t.Errorf("winners as the states say: %+v", w.Ranking)
	}
	if !p.Ranking[0].Winner {
		t.Errorf("WinnersAs changed the ranking it was given")
	}
}
