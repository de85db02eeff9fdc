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

	// eligible[i] holds indexes into judges, in id order.
	eligible := make([][]int, len(ideas))
	for i, c := range ideas {
		for j, id := range judges {
			if c.Eligible(id) {
				eligible[i] = append(eligible[i], j)
			}
		}
		if len(eligible[i]) < perIdea {
			return nil, domain.Invalid("per_idea", "not_enough_judges",
				fmt.Sprintf("idea %d has only %d eligible judges, %d needed", c.IdeaID, len(eligible[i]), perIdea))
		}
	}

	b := &board{
		eligible: eligible,
		on:       make([][]bool, len(ideas)),
		load:     make([]int, len(judges)),
	}
	order := make([]int, len(ideas))
	for i := range order {
		order[i] = i
		b.on[i] = make([]bool, len(judges))
	}
	// Stable, so equal counts keep idea id order.
	slices.SortStableFunc(order, func(x, y int) int { return len(eligible[x]) - len(eligible[y]) })
	for _, i := range order {
		pick := slices.Clone(eligible[i])
		slices.SortStableFunc(pick, func(x, y int) int { return b.load[x] - b.load[y] })
		for _, j := range pick[:perIdea] {
			b.on[i][j] = true
			b.load[j]++
		}
	}
	b.balance()

	out := make([]Assignment, 0, len(ideas)*perIdea) // equivalent mutant: / only changes the initial capacity
	for i, c := range ideas {
		for j, id := range judges {
			if b.on[i][j] {
				out = append(out, Assignment{JudgeID: id, IdeaID: c.IdeaID})
			}
		}
	}
	return out, nil
}

// board is an assignment in progress, by index: on[idea][judge].
type board struct {
	eligible [][]int
	on       [][]bool
	load     []int
}

// balance moves work along chains until no judge can hand work, directly or
// through others, to a judge with at least two ideas fewer.
func (b *board) balance() {
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
			if !b.on[i][j] || seenIdea[i] {
				continue
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
