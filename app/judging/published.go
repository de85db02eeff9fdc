package judging

import "cocreate/app/domain"

// Published is a challenge's results as they were published: the ranking
// with every figure people are shown, Kendall's W, the rubric and the
// shortlist's basis they were reached by, and each ranked idea's crowd
// tallies. It is saved in the transaction that publishes and served from
// then on, so nothing done afterwards (an integrity clear or removal, a
// refit of the pairwise scores, an idea hidden) moves a published result,
// and no public read recomputes the ranking or W.
type Published struct {
	Rubric      Rubric   `json:"rubric"`
	Ranking     []Result `json:"ranking"`
	Agreement   float64  `json:"agreement"`
	AgreementOK bool     `json:"agreement_ok"`
	Basis       *Basis   `json:"basis,omitempty"`
	// Crowd holds each ranked idea's tallies as published (the results
	// page shows votes, stars or a pairwise score beside the rank).
	Crowd map[int64]CrowdFigures `json:"crowd"`
	// Unfinite counts the figures Compute found NaN or infinite and set
	// to 0 (keepFinite): never saved, for the caller to log.
	Unfinite int `json:"-"`
}

// CrowdFigures are the crowd's tallies of one idea: what the results page
// shows of the crowd beside its rank (see the crowd_measure template).
type CrowdFigures struct {
	Votes       int     `json:"votes"`
	Ratings     int     `json:"ratings"`
	RatingSum   int     `json:"rating_sum"`
	Comparisons int     `json:"comparisons"`
	Wins        int     `json:"wins"`
	Score       float64 `json:"score"`
	ScoreSD     float64 `json:"score_sd"`
	RankScore   float64 `json:"rank_score"`
}

// FiguresOf reads an idea's crowd tallies.
func FiguresOf(i domain.Idea) CrowdFigures {
	return CrowdFigures{Votes: i.Votes, Ratings: i.Ratings, RatingSum: i.RatingSum, Comparisons: i.Comparisons,
		Wins: i.Wins, Score: i.Score, ScoreSD: i.ScoreSD, RankScore: i.RankScore}
}

// Apply puts the tallies f on idea i: the idea as it stood when published.
func (f CrowdFigures) Apply(i domain.Idea) domain.Idea {
	i.Votes, i.Ratings, i.RatingSum, i.Comparisons = f.Votes, f.Ratings, f.RatingSum, f.Comparisons
	i.Wins, i.Score, i.ScoreSD, i.RankScore = f.Wins, f.Score, f.ScoreSD, f.RankScore
	return i
}

// Standing is everything a challenge's results are computed from.
type Standing struct {
	Rubric Rubric
	// Ideas are the ranked ideas (the shortlist, or after publication
	// its outcomes), with their tallies and states.
	Ideas   []domain.Idea
	Entries []Entry
	Cards   []Scorecard
	Basis   *Basis
}

// Compute is the results as they stand: the ranking of the entries (the
// top winners marked), Kendall's W over the scorecards of ranked ideas
// only (a card of an idea taken off the shortlist says nothing about how
// the judges order the ranked ones), and the ranked ideas' tallies.
func Compute(s Standing, winners int) Published {
	p := Published{Rubric: s.Rubric, Basis: s.Basis, Crowd: make(map[int64]CrowdFigures, len(s.Ideas))}
	p.Ranking = Rank(s.Rubric, s.Entries, s.Cards, winners)
	p.Agreement, p.AgreementOK = KendallW(s.Rubric, OfRanked(s.Cards, p.Ranking))
	ranked := ranked(p.Ranking)
	for _, i := range s.Ideas {
		if ranked[i.ID] {
			p.Crowd[i.ID] = FiguresOf(i)
		}
	}
	p.Unfinite = keepFinite(&p)
	return p
}

// keepFinite sets every figure of p that is NaN or infinite to 0 (and
// Kendall's W, then, to not computed), and counts them: JSON carries no
// such number, so one would fail the results' answer and their
// publishing. Validated rubrics and tallies give none; a scale saved
// before MaxScale, or a bug, must still not break the results.
func keepFinite(p *Published) int {
	n := 0
	fix := func(x *float64) {
		if !finite(*x) {
			*x, n = 0, n+1
		}
	}
	for i := range p.Ranking {
		r := &p.Ranking[i]
		fix(&r.Crowd)
		fix(&r.JudgesRaw)
		fix(&r.JudgesNormalized)
		fix(&r.Final)
	}
	if !finite(p.Agreement) {
		p.Agreement, p.AgreementOK, n = 0, false, n+1
	}
	for id, f := range p.Crowd {
		was := n
		fix(&f.Score)
		fix(&f.ScoreSD)
		fix(&f.RankScore)
		if n != was {
			p.Crowd[id] = f
		}
	}
	return n
}

// OfRanked keeps the scorecards of ideas on the ranking: the judges' chart
// and Kendall's W speak of the ranked ideas only.
func OfRanked(cards []Scorecard, ranking []Result) []Scorecard {
	on := ranked(ranking)
	var out []Scorecard
	for _, c := range cards {
		if on[c.IdeaID] {
			out = append(out, c)
		}
	}
	return out
}

func ranked(ranking []Result) map[int64]bool {
	on := make(map[int64]bool, len(ranking))
	for _, r := range ranking {
		on[r.IdeaID] = true
	}
	return on
}

// Served is the published ranking as shown now: the lines of ideas still
// public (present in shown; an idea hidden, withdrawn or merged since
// leaves, and the others keep their published rank and figures), and each
// shown idea with its tallies as published.
func (p Published) Served(shown map[int64]domain.Idea) ([]Result, map[int64]domain.Idea) {
	ranking := make([]Result, 0, len(p.Ranking))
	ideas := make(map[int64]domain.Idea, len(p.Ranking))
	for _, r := range p.Ranking {
		i, ok := shown[r.IdeaID]
		if !ok {
			continue
		}
		ranking = append(ranking, r)
		if f, ok := p.Crowd[r.IdeaID]; ok {
			i = f.Apply(i)
		}
		ideas[r.IdeaID] = i
	}
	return ranking, ideas
}

// WinnersAs marks as winners the ranked ideas whose state is winner among
// ideas, and no others: the winners of results published before copies
// were saved are what was decided then, not a recount.
func (p Published) WinnersAs(ideas []domain.Idea) Published {
	won := make(map[int64]bool, len(ideas))
	for _, i := range ideas {
		won[i.ID] = i.State == domain.StateWinner
	}
	p.Ranking = append([]Result(nil), p.Ranking...)
	for i := range p.Ranking {
		p.Ranking[i].Winner = won[p.Ranking[i].IdeaID]
	}
	return p
}
