package judging

import "testing"

func TestMissingCards(t *testing.T) {
	for _, c := range []struct {
		name    string
		ranking []Result
		want    int
	}{
		{"none ranked", nil, 0},
		{"every card in", []Result{{IdeaID: 1, Scored: 2}, {IdeaID: 2, Scored: 2}}, 0},
		{"one idea short", []Result{{IdeaID: 1, Scored: 2}, {IdeaID: 2, Missing: 1}}, 1},
		{"across ideas", []Result{{IdeaID: 1, Missing: 2}, {IdeaID: 2, Scored: 1}, {IdeaID: 3, Missing: 3}}, 5},
	} {
		if got := MissingCards(c.ranking); got != c.want {
			t.Errorf("%s: %d, want %d", c.name, got, c.want)
		}
	}
}
