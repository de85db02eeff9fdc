package integrity

import "math"

// IdeaActs is how many acts a hold of a group has still to move on one
// idea (a pair answer on the idea lower in the pair).
type IdeaActs struct {
	Idea int64
	Acts int
}

// IdeaRange is the ideas Lo to Hi, both included.
type IdeaRange struct{ Lo, Hi int64 }

// HoldRanges cuts the ideas into consecutive ranges for a hold made in
// several writes, one a range: acts (by idea, in id order) is what the
// hold has to move, and each range takes at most max of them (an idea with
// more is a range of its own). The ranges cover every id, from the lowest
// to the highest there is, so that an act cast on an idea none of acts
// names is in one of them too; the last ends at the highest id.
func HoldRanges(acts []IdeaActs, max int) []IdeaRange {
	var out []IdeaRange
	lo, sum := int64(math.MinInt64), 0
	for i, a := range acts {
		if sum > 0 && sum+a.Acts > max {
			out = append(out, IdeaRange{lo, acts[i-1].Idea})
			lo, sum = acts[i-1].Idea+1, 0
		}
		sum += a.Acts
	}
	return append(out, IdeaRange{lo, math.MaxInt64})
}
