package judging

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"cocreate/app/domain"
)

// DefaultRubric is what a challenge judges by until an admin sets one: four
// criteria (novelty, feasibility, cost, user value), equally weighted, on a
// 1–10 scale, with the crowd's votes counting for 30% and judges not seeing
// authors or votes.
func DefaultRubric() Rubric {
	var cs []Criterion
	for _, d := range defaultCriteria {
		cs = append(cs, Criterion{Key: d[0], Name: d[1], Weight: 1, Min: 1, Max: 10})
	}
	return Rubric{Criteria: cs, CrowdWeight: 0.3, Blind: true}
}

// defaultCriteria are the default rubric's keys and names: the names name
// both languages, as stored, for every reader of the API and the CSV.
var defaultCriteria = [][2]string{
	{"novelty", "Novelty 新颖性"}, {"feasibility", "Feasibility 可行性"}, {"cost", "Cost 成本"}, {"user_value", "User value 用户价值"},
}

// DefaultName says whether cr is a default criterion still under its
// default name, so that a page may show the name in its reader's language
// (message "rubric.default.<key>") rather than both at once; a criterion
// an organiser renamed shows as written.
func DefaultName(cr Criterion) bool {
	for _, d := range defaultCriteria {
		if cr.Key == d[0] && cr.Name == d[1] {
			return true
		}
	}
	return false
}

// Open refuses every change to a challenge's judging once its results are
// published: the shortlist, the rubric, the assignments, the scorecards
// and the results are final.
// A board is never judged.
func Open(c domain.Challenge) error {
	if c.IsBoard() {
		return domain.Conflict("board_not_judged", "a board is not judged: it has no shortlist, judges or results")
	}
	if c.ResultsAt != nil {
		return domain.Conflict("results_published", "the results are published; judging is over")
	}
	return nil
}

// CheckRubricChange is the rule for replacing a challenge's rubric old
// with next: never once the results are published (Open: the rubric
// explains the published ranking); and once any judge has scored (scored),
// the criteria keep their keys and scales. A scorecard names each
// criterion by its key and counts only within its scale, so adding,
// removing or renaming a criterion, or changing its scale, would silently
// set every scorecard aside. Names, weights, the crowd weight and the
// other settings may change until the results.
func CheckRubricChange(c domain.Challenge, old, next Rubric, scored bool) error {
	if err := Open(c); err != nil {
		return err
	}
	if !scored || sameScales(old, next) {
		return nil
	}
	keys := make([]string, len(old.Criteria))
	for i, cr := range old.Criteria {
		keys[i] = cr.Key
	}
	return domain.Conflict("rubric_scored", fmt.Sprintf("judges have already scored by the criteria %s: adding, removing or renaming a criterion, "+
		"or changing its scale, would set their scorecards aside; weights and the crowd weight may still change", strings.Join(keys, ", ")))
}

// sameScales reports whether a and b have the same criteria keys, each
// with the same scale, in any order.
func sameScales(a, b Rubric) bool {
	if len(a.Criteria) != len(b.Criteria) {
		return false
	}
	scale := make(map[string][2]float64, len(a.Criteria))
	for _, c := range a.Criteria {
		scale[c.Key] = [2]float64{c.Min, c.Max}
	}
	for _, c := range b.Criteria {
		if s, ok := scale[c.Key]; !ok || s != [2]float64{c.Min, c.Max} {
			return false
		}
		delete(scale, c.Key) // a key twice in b is not two of a's
	}
	return true
}

// Assigned refuses a scorecard, or its page, from a judge the idea is not
// assigned to: only an assigned judge scores an idea.
func Assigned(assigned bool) error {
	if !assigned {
		return domain.Forbidden("you are not assigned to judge this idea")
	}
	return nil
}

// RequireJudges refuses any person among ids who does not hold the judge
// role; judges tells which do. field names the offending input for the API.
func RequireJudges(ids []int64, judges map[int64]bool, field func(i int) string) error {
	for i, id := range ids {
		if !judges[id] {
			return domain.Invalid(field(i), "not_a_judge", fmt.Sprintf("user %d does not have the judge role", id))
		}
	}
	return nil
}

// Entrant is one idea of a challenge as the shortlist rule sees it.
type Entrant struct {
	ID    int64
	Votes int
	State domain.State
	// Score is the crowd's measure in a stars or pairwise challenge
	// (Idea.RankScore); support challenges leave it 0 and rank by Votes.
	Score float64
	// Qualified: the idea reached its challenge's supporter threshold
	// (Idea.QualifiedAt is set), which shortlisted it on its own.
	Qualified bool
}

// Shortlistable reports whether an idea in this state may be on the
// shortlist: a submitted idea, or one already on it.
func Shortlistable(s domain.State) bool {
	return s == domain.StateSubmitted || s == domain.StateShortlisted
}

// Shortlist is the shortlist rule: the top ideas by crowd score (votes, then
// the method's own Score, which is all a stars or pairwise challenge has;
// the older idea first on a tie) among the shortlistable entrants, plus
// the ideas on the shortlist for reaching the supporter threshold
// (qualified: Stays), plus the admin's picks, minus their removals. A pick
// that is not a shortlistable idea of the challenge is refused, naming it
// as add[i].
func Shortlist(entrants []Entrant, top int, add, remove []int64) (map[int64]bool, error) {
	want, _, _, err := shortlist(entrants, top, add)
	if err != nil {
		return nil, err
	}
	for _, id := range remove {
		delete(want, id)
	}
	return want, nil
}

// Stays reports whether an idea stays on a rebuilt shortlist whatever
// the top and the picks: one on it for reaching the supporter threshold.
// The threshold promised its fans the shortlist, and the sweep never
// shortlists an idea twice (once qualified, it races no more), so a
// rebuild that dropped it would drop it for good; only the organiser's
// explicit removal takes it off. One they took off before stays off, as
// the sweep leaves it, until they pick it again.
func Stays(e Entrant) bool {
	return e.Qualified && e.State == domain.StateShortlisted
}

// shortlist is the top, the qualified and the picks of the shortlist rule,
// before the removals, with the shortlistable entrants' ids in vote order
// and the ids of those that Stay, in the same order.
func shortlist(entrants []Entrant, top int, add []int64) (want map[int64]bool, ranked, stay []int64, err error) {
	eligible := make([]Entrant, 0, len(entrants))
	for _, e := range entrants {
		if Shortlistable(e.State) {
			eligible = append(eligible, e)
		}
	}
	slices.SortFunc(eligible, func(a, b Entrant) int {
		if a.Votes != b.Votes {
			return cmp.Compare(b.Votes, a.Votes)
		}
		if a.Score != b.Score {
			return cmp.Compare(b.Score, a.Score)
		}
		return cmp.Compare(a.ID, b.ID)
	})
	ranked = make([]int64, len(eligible))
	want = map[int64]bool{}
	for i, e := range eligible {
		ranked[i] = e.ID
		if i < top {
			want[e.ID] = true
		}
		if Stays(e) {
			stay = append(stay, e.ID)
			want[e.ID] = true
		}
	}
	for i, id := range add {
		if !slices.Contains(ranked, id) {
			return nil, nil, nil, domain.Invalid(fmt.Sprintf("add[%d]", i), "not_shortlistable", fmt.Sprintf("idea %d is not a submitted idea of this challenge", id))
		}
		want[id] = true
	}
	return want, ranked, stay, nil
}

// PlanAssignments is the rule behind assigning a challenge's judges: not
// after the results, only people with the judge role (user_ids[i] names the
// first who lacks it), only once there is a shortlist, and then
// AssignAround over the candidates, whose voters count as conflicted only
// when the rubric says so. scored are the assignments whose judge has
// filed a scorecard: a new plan keeps every one (a judge left out of
// judgeIDs keeps the ideas they scored, and their cards still count), and
// plans the rest around them.
func PlanAssignments(c domain.Challenge, r Rubric, judgeIDs []int64, judges map[int64]bool, cands []Candidate, perIdea int, scored []Assignment) ([]Assignment, error) {
	if err := Open(c); err != nil {
		return nil, err
	}
	if err := RequireJudges(judgeIDs, judges, func(i int) string { return fmt.Sprintf("user_ids[%d]", i) }); err != nil {
		return nil, err
	}
	if len(cands) == 0 {
		return nil, domain.Conflict("no_shortlist", "build the shortlist before assigning judges")
	}
	return AssignAround(judgeIDs, conflicts(r, cands), perIdea, scored)
}

// conflicts keeps each candidate's voters as excluded judges only when the
// rubric excludes voters.
func conflicts(r Rubric, cands []Candidate) []Candidate {
	if r.ExcludeVoters {
		return cands
	}
	out := slices.Clone(cands)
	for i := range out {
		out[i].Excluded = nil
	}
	return out
}

// Placement is one judge put on (Assign) or taken off one idea by hand,
// with what the rule needs to know about them.
type Placement struct {
	Challenge domain.Challenge
	Rubric    Rubric
	JudgeID   int64
	Judge     bool // the person holds the judge role
	Assign    bool
	Idea      Candidate    // its author, and everyone who voted for it
	IdeaState domain.State // "" when the idea is not in the challenge
	// Scored: the judge is assigned the idea and has filed a scorecard
	// for it. Discard: the organiser, taking them off, said that card may
	// stop counting.
	Scored, Discard bool
}

// CheckPlacement is the rule for a hand-made assignment: not after the
// results; taking a judge off is allowed before that, but taking off one
// who has filed a scorecard for the idea only when the organiser says
// their card is to stop counting (Discard): it leaves the results with the
// assignment, and done by mistake it would silently drop a judge's work;
// putting one on needs the judge role, a shortlisted idea of the
// challenge, and no conflict of interest (the author, or, when the rubric
// excludes voters, anyone who acted on the idea as a fan: Idea.Excluded).
func CheckPlacement(p Placement) error {
	if err := Open(p.Challenge); err != nil {
		return err
	}
	if !p.Assign {
		if p.Scored && !p.Discard {
			return domain.Conflict("scorecard_filed", "this judge has already scored this idea: taking them off drops their scorecard from the results; "+
				"confirm to take them off anyway (discard_scorecard=true)")
		}
		return nil
	}
	if err := RequireJudges([]int64{p.JudgeID}, map[int64]bool{p.JudgeID: p.Judge}, func(int) string { return "judge_id" }); err != nil {
		return err
	}
	if p.IdeaState != domain.StateShortlisted {
		return domain.Invalid("idea_id", "not_shortlisted", "that idea is not on this challenge's shortlist")
	}
	if !conflicts(p.Rubric, []Candidate{p.Idea})[0].Eligible(p.JudgeID) {
		return notEligible()
	}
	return nil
}

// MayScore is the conflict-of-interest rule again when a judge scores,
// over the idea as it stands then: its author may not, nor, when the
// rubric excludes voters, a judge who acted on it as a fan (acted: voted,
// rated, said they would buy it, or answered a pair naming it), perhaps
// after being assigned while the vote still ran.
func MayScore(r Rubric, judgeID, authorID int64, acted bool) error {
	idea := Candidate{AuthorID: authorID}
	if acted {
		idea.Excluded = []int64{judgeID}
	}
	if !conflicts(r, []Candidate{idea})[0].Eligible(judgeID) {
		return notEligible()
	}
	return nil
}

func notEligible() error {
	return domain.Conflict("judge_not_eligible", "this judge wrote the idea or acted on it as a fan (voted for it, rated it, "+
		"chose it or against it in a pair, or said they would buy it), so may not score it")
}

// Outcome is where a ranked idea goes when results are published, and what
// its author is told.
func Outcome(r Result) (domain.State, domain.NoticeKind) {
	if r.Winner {
		return domain.StateWinner, domain.NoticeWon
	}
	return domain.StateNotSelected, domain.NoticeNotSelected
}

// CheckIntegrity refuses to publish a challenge's results while undecided
// groups of accounts that voted together (suspected or quarantined) wait
// for an admin's decision: a suspected group's votes count in full, and
// once published the results never move, so a brand would build what a
// click farm chose. Removing or clearing each group first is the
// organiser's decision, not the publishing's.
func CheckIntegrity(undecided int) error {
	if undecided > 0 {
		e := domain.Conflict("integrity_undecided", fmt.Sprintf("%d group(s) of accounts that look coordinated wait for your decision on the challenge's integrity page; remove or clear each before publishing the results", undecided))
		e.Args = []any{undecided}
		return e
	}
	return nil
}

// CheckHiddenFinalists refuses to publish a challenge's results while
// hidden of its shortlisted ideas are hidden with their moderation open
// (reports no moderator has decided, or an author's request for a
// review): the ranking leaves them out, so publishing would settle the
// winners without an idea a moderator may yet find did nothing wrong, and
// once published the results never move. Deciding on each first is the
// moderators' work, not the publishing's.
func CheckHiddenFinalists(hidden int) error {
	if hidden > 0 {
		e := domain.Conflict("finalists_hidden", fmt.Sprintf("%d shortlisted idea(s) are hidden while the moderators decide on them; "+
			"publish the results once each is restored or kept hidden", hidden))
		e.Args = []any{hidden}
		return e
	}
	return nil
}

// CheckPublish is the rule for publishing results: once only, and only
// over the shortlist and the crowd's tallies the ranking was computed from
// (states hold each ranked idea's state now and every idea shortlisted
// now; tallies each ranked idea's figures now): what is saved as
// published is then exactly what the ranking was computed from. An idea
// shortlisted since the ranking was read would be left on the shortlist
// of a published challenge for good, with no outcome.
func CheckPublish(c domain.Challenge, p Published, states map[int64]domain.State, tallies map[int64]CrowdFigures) error {
	if err := Open(c); err != nil {
		return err
	}
	ranked := make(map[int64]bool, len(p.Ranking))
	for _, r := range p.Ranking {
		ranked[r.IdeaID] = true
		if states[r.IdeaID] != domain.StateShortlisted {
			return domain.Conflict("shortlist_changed", "the shortlist changed; reload the results")
		}
	}
	for id, st := range states {
		if st == domain.StateShortlisted && !ranked[id] {
			return domain.Conflict("shortlist_changed", "the shortlist changed; reload the results")
		}
	}
	for _, r := range p.Ranking {
		if f, ok := tallies[r.IdeaID]; !ok || f != p.Crowd[r.IdeaID] {
			return domain.Conflict("results_changed", "the crowd's figures changed while the results were published; reload the results and publish again")
		}
	}
	return nil
}
