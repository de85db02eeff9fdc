package judging

import (
	"fmt"
	"slices"

	"cocreate/app/domain"
)

// Candidate is a shortlisted idea waiting for judges. Excluded lists judges
// with a conflict of interest beyond authorship, such as those who acted on
// the idea as fans when the challenge's rubric says so.
type Candidate struct {
	IdeaID   int64   `json:"idea_id"`
	AuthorID int64   `json:"author_id"`
	Excluded []int64 `json:"excluded"`
}

// Assignment asks a judge to score an idea.
type Assignment struct {
	JudgeID int64 `json:"judge_id"`
	IdeaID  int64 `json:"idea_id"`
}

// Assign gives every idea perIdea distinct judges, never its author nor an
// excluded judge, and spreads the work so that the busiest and the idlest
// judge differ by at most one idea whenever the conflicts allow it (and by
// as little as they allow otherwise).
//
// It first assigns greedily, ideas with the fewest eligible judges first
// (they have the least room to choose) and each to the least-loaded eligible
// judges. Greedy alone can get stuck with uneven loads when conflicts pin
// some ideas to some judges, so it then moves work along chains (judge A
// hands an idea to B, B hands another idea to C, ...) from a judge to one
// with at least two ideas fewer until no such chain exists. Each move lowers
// the sum of squared loads, and with no chain left that sum is minimal,
// which for this kind of problem also minimises the largest load and
// maximises the smallest.
//
// Duplicate judge ids count once. The result is sorted by idea then judge
// and does not depend on the order of the inputs; ties between equally
// loaded judges go to the lower id.
func Assign(judges []int64, ideas []Candidate, perIdea int) ([]Assignment, error) {
	return AssignAround(judges, ideas, perIdea, nil)
}

// AssignAround is Assign for judging under way: kept are the assignments
// whose judge has already filed a scorecard, which a new plan must not
// throw away, and every one of them is in the result, whatever else
// changes. A kept assignment of a listed idea whose judge may still score
// it counts towards the idea's perIdea judges (an idea holding that many
// already gets no more) and, when its judge is named, towards that judge's
// load; it never moves. The other judges are planned around them as Assign
// plans, as evenly as the conflicts and the kept work allow. A kept
// assignment whose judge may no longer score the idea (their card is set
// aside, so the idea needs another judge), or of an idea not listed, is
// returned as it is and counts for nothing.
func AssignAround(judges []int64, ideas []Candidate, perIdea int, kept []Assignment) ([]Assignment, error) {
	if perIdea < 1 {
		return nil, domain.Invalid("per_idea", "invalid_per_idea", "per_idea must be at least 1")
	}
	judges = slices.Clone(judges)
	slices.Sort(judges)
	judges = slices.Compact(judges)

	ideas = slices.Clone(ideas)
	slices.SortFunc(ideas, func(a, b Candidate) int { return cmpInt(a.IdeaID, b.IdeaID) })
	for i := 1; i < len(ideas); i++ {
		if ideas[i].IdeaID == ideas[i-1].IdeaID {
			return nil, domain.Invalid("ideas", "duplicate_idea",
				fmt.Sprintf("idea %d is listed twice", ideas[i].IdeaID))
		}
	}

	b := &board{
		eligible: make([][]int, len(ideas)),
		on:       make([][]bool, len(ideas)),
		fixed:    make([][]bool, len(ideas)),
		load:     make([]int, len(judges)),
	}
	row := make(map[int64]int, len(ideas))
	for i, c := range ideas {
		row[c.IdeaID] = i
		b.on[i] = make([]bool, len(judges))
		b.fixed[i] = make([]bool, len(judges))
	}
	// have[i] counts the kept judges who may score idea i.
	have := make([]int, len(ideas))
	var out []Assignment
	kept = slices.Clone(kept)
	slices.SortFunc(kept, cmpAssignment)
	for _, a := range slices.Compact(kept) {
		i, listed := row[a.IdeaID]
		if !listed || !ideas[i].Eligible(a.JudgeID) {
			out = append(out, a)
			continue
		}
		have[i]++
		j, named := slices.BinarySearch(judges, a.JudgeID)
		if !named {
			out = append(out, a)
			continue
		}
		b.on[i][j], b.fixed[i][j] = true, true
		b.load[j]++
	}

	// eligible[i] holds the indexes into judges, in id order, of those who
	// may take idea i and do not hold it already; need[i] is how many more
	// it needs.
	need := make([]int, len(ideas))
	for i, c := range ideas {
		for j, id := range judges {
			if c.Eligible(id) && !b.on[i][j] {
				b.eligible[i] = append(b.eligible[i], j)
			}
		}
		need[i] = max(0, perIdea-have[i])
		if len(b.eligible[i]) < need[i] {
			return nil, domain.Invalid("per_idea", "not_enough_judges",
				fmt.Sprintf("idea %d has only %d eligible judges, %d needed", c.IdeaID, have[i]+len(b.eligible[i]), perIdea))
		}
	}

	order := make([]int, len(ideas))
	for i := range order {
		order[i] = i
	}
	// Stable, so equal room keeps idea id order.
	slices.SortStableFunc(order, func(x, y int) int {
		return (len(b.eligible[x]) - need[x]) - (len(b.eligible[y]) - need[y])
	})
	for _, i := range order {
		pick := slices.Clone(b.eligible[i])
		slices.SortStableFunc(pick, func(x, y int) int { return b.load[x] - b.load[y] })
		for _, j := range pick[:need[i]] {
			b.on[i][j] = true
			b.load[j]++
		}
	}
	b.balance()

	for i, c := range ideas {
		for j, id := range judges {
			if b.on[i][j] {
				out = append(out, Assignment{JudgeID: id, IdeaID: c.IdeaID})
			}
		}
	}
	slices.SortFunc(out, cmpAssignment)
	return out, nil
}

// cmpAssignment orders assignments by idea, then judge.
func cmpAssignment(a, b Assignment) int {
	if a.IdeaID != b.IdeaID {
		return cmpInt(a.IdeaID, b.IdeaID)
	}
	return cmpInt(a.JudgeID, b.JudgeID)
}

// board is an assignment in progress, by index: on[idea][judge]; fixed
// marks the kept assignments, which never move.
type board struct {
	eligible [][]int
	on       [][]bool
	fixed    [][]bool
	load     []int
}

// balance moves work along chains until no judge can hand work, directly or
// through others, to a judge with at least two ideas fewer.
func (b *board) balance() {
	if len(b.load) == 0 {
		return // no judges named: nothing to spread
	}
	for {
		moved := false
		// Busiest first, lower index on a tie, so the moves are deterministic.
		busiest := make([]int, len(b.load))
		for j := range busiest {
			busiest[j] = j
		}
		slices.SortStableFunc(busiest, func(x, y int) int { return b.load[y] - b.load[x] })
		idlest := slices.Min(b.load)
		for _, j := range busiest {
			if b.load[j]-idlest < 2 { // equivalent mutant: with +, no judge ≥ 2 above the idlest stops here, and shift fails for the rest
				break
			}
			if b.shift(j) {
				moved = true
				break
			}
		}
		if !moved {
			return
		}
	}
}

// shift finds, breadth first, the shortest chain from judge src to a judge
// with at least two ideas fewer and applies it: src loses one idea, the end
// of the chain gains one, everyone between swaps one idea for another.
func (b *board) shift(src int) bool {
	const none = -1
	// via[k] is the idea judge k would take over, from judge from[k].
	from := make([]int, len(b.load))
	via := make([]int, len(b.load))
	for k := range from {
		from[k], via[k] = none, none
	}
	seenIdea := make([]bool, len(b.on))
	queue := []int{src}
	from[src] = src
	for len(queue) > 0 {
		j := queue[0]
		queue = queue[1:]
		for i := range b.on {
			if !b.on[i][j] || b.fixed[i][j] || seenIdea[i] {
				continue // not theirs to hand on
			}
			seenIdea[i] = true
			for _, k := range b.eligible[i] {
				if b.on[i][k] || from[k] != none {
					continue
				}
				from[k], via[k] = j, i
				if b.load[k] <= b.load[src]-2 {
					b.load[src]--
					b.load[k]++
					for k != src {
						idea, giver := via[k], from[k]
						b.on[idea][giver], b.on[idea][k] = false, true
						k = giver
					}
					return true
				}
				queue = append(queue, k)
			}
		}
	}
	return false
}

// Eligible reports whether a judge may score the idea: never its author,
// nor anyone the challenge excludes (such as its voters). The automatic
// spread and an admin's assignment by hand both ask this.
func (c Candidate) Eligible(judgeID int64) bool {
	return judgeID != c.AuthorID && !slices.Contains(c.Excluded, judgeID)
}
