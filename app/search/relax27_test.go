package search

import (
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/search/query"
)

// A relaxed query reads at most maxRelaxedBigrams bigrams, in the query's
// order, whatever was pasted: a long run is relaxed by its start, runs past
// the budget are left out (not required), and a run cut below
// minRelaxedRun is left out too; words outside the runs stay required.
func TestRelaxedQueriesReadABoundedNumberOfBigrams(t *testing.T) {
	shape := func(text string) (runs []int, mins []int, required int) {
		terms := queryTerms(text)
		for _, q := range relaxedTerms(terms, chineseRuns(text, terms), false) {
			switch q := q.(type) {
			case *query.DisjunctionQuery:
				runs, mins = append(runs, len(q.Disjuncts)), append(mins, int(q.Min))
			default:
				required++
			}
		}
		return
	}
	for _, tc := range []struct {
		text       string
		runs, mins []int
		required   int
	}{
		{"洗衣机用久了有异味", []int{8}, []int{5}, 0},
		{string([]rune(strings.Repeat("洗衣机冰箱异味空调噪音烘干", 4))[:40]), []int{12}, []int{7}, 0},
		{"洗衣机异味 冰箱结霜严重 空调噪音太大 烘干机很慢 电视机卡顿", []int{4, 5, 3}, []int{3, 3, 2}, 0},
		{"洗衣机异味大了 冰箱结霜严重 空调噪音 battery", []int{6, 5}, []int{4, 3}, 1},
	} {
		runs, mins, required := shape(tc.text)
		if !slices.Equal(runs, tc.runs) || !slices.Equal(mins, tc.mins) || required != tc.required {
			t.Errorf("%q: runs %v of mins %v and %d required, want %v, %v, %d", tc.text, runs, mins, required, tc.runs, tc.mins, tc.required)
		}
		total := 0
		for _, n := range runs {
			total += n
		}
		if total > maxRelaxedBigrams {
			t.Errorf("%q reads %d bigrams", tc.text, total)
		}
	}
}
