package service

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"cocreate/app/domain"
	"cocreate/app/judging"
	"cocreate/app/store"
)

// RubricInput is an admin's rubric as the API takes it.
type RubricInput struct {
	Criteria      []judging.Criterion `json:"criteria"`
	CrowdWeight   *float64            `json:"crowd_weight"`
	Blind         *bool               `json:"blind"`
	ExcludeVoters bool                `json:"exclude_voters"`
}

// SetRubric sets a challenge's rubric: admins only, until the results,
// and with the criteria's keys and scales fixed once a judge has scored
// (judging.CheckRubricChange).
func (s *Service) SetRubric(ctx context.Context, actor *domain.User, challengeID int64, in RubricInput) (judging.Rubric, error) {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return judging.Rubric{}, err
	}
	r := judging.DefaultRubric()
	r.Criteria, r.ExcludeVoters = in.Criteria, in.ExcludeVoters
	if in.CrowdWeight != nil {
		r.CrowdWeight = *in.CrowdWeight
	}
	if in.Blind != nil {
		r.Blind = *in.Blind
	}
	for i, c := range r.Criteria {
		r.Criteria[i].Key, r.Criteria[i].Name = strings.TrimSpace(c.Key), strings.TrimSpace(c.Name)
	}
	if err := r.Validate(); err != nil {
		return judging.Rubric{}, err
	}
	err := s.store.SetRubric(ctx, challengeID, r, func(c domain.Challenge, old judging.Rubric, scored bool) error {
		return judging.CheckRubricChange(c, old, r, scored)
	})
	if err != nil {
		return judging.Rubric{}, err
	}
	return r, nil
}

// Rubric shows a challenge's rubric to whoever may see the challenge.
func (s *Service) Rubric(ctx context.Context, actor *domain.User, challengeID int64) (judging.Rubric, error) {
	if _, err := s.Challenge(ctx, actor, challengeID); err != nil {
		return judging.Rubric{}, err
	}
	return s.rubric(ctx, challengeID)
}

// rubric is a challenge's rubric, or the default until an admin sets one.
func (s *Service) rubric(ctx context.Context, challengeID int64) (judging.Rubric, error) {
	r, ok, err := s.store.RubricOf(ctx, challengeID)
	if err != nil || !ok {
		return judging.DefaultRubric(), err
	}
	return r, nil
}

// Shortlist builds a challenge's shortlist: admins only.
func (s *Service) Shortlist(ctx context.Context, actor *domain.User, challengeID int64, top int, add, remove []int64) ([]domain.Idea, error) {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return nil, err
	}
	if top < 0 || top > 1000 {
		return nil, domain.Invalid("top", "out_of_range", "top must be between 0 and 1000")
	}
	defer s.reputationAfter(ctx)
	return s.store.Shortlist(ctx, challengeID, actor.ID, func(c domain.Challenge, entrants []judging.Entrant) (judging.Basis, error) {
		if err := judging.Open(c); err != nil {
			return judging.Basis{}, err
		}
		return judging.ShortlistBasis(entrants, top, add, remove)
	}, func(ideaID, authorID int64, title string, on bool) []domain.Outgoing {
		if !on {
			return []domain.Outgoing{domain.UnshortlistedNotice(ideaID, authorID, title)}
		}
		return []domain.Outgoing{domain.ShortlistedNotice(ideaID, authorID, title)}
	})
}

// AssignJudges spreads the shortlist over the judges: admins only. Every
// assignment whose judge has filed a scorecard stays, and the rest is
// planned around them (judging.PlanAssignments).
func (s *Service) AssignJudges(ctx context.Context, actor *domain.User, challengeID int64, judgeIDs []int64, perIdea int) ([]judging.Assignment, error) {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return nil, err
	}
	if len(judgeIDs) == 0 {
		return nil, domain.Invalid("user_ids", "required", "name at least one judge")
	}
	return s.store.AssignJudges(ctx, challengeID, judgeIDs, func(c domain.Challenge, r judging.Rubric, judges map[int64]bool, cands []judging.Candidate, scored []judging.Assignment) ([]judging.Assignment, error) {
		return judging.PlanAssignments(c, r, judgeIDs, judges, cands, perIdea, scored)
	}, judging.AssignedNotices)
}

// SetAssignment assigns one judge to one idea, or takes them off it, by
// hand: admins only. Taking off a judge who has scored the idea needs
// discard, the organiser's word that their card stops counting
// (judging.CheckPlacement).
func (s *Service) SetAssignment(ctx context.Context, actor *domain.User, challengeID, judgeID, ideaID int64, assign, discard bool) error {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return err
	}
	return s.store.SetAssignment(ctx, challengeID, judgeID, ideaID, assign, func(p judging.Placement) error {
		p.Discard = discard
		return judging.CheckPlacement(p)
	}, judging.AssignedNotices)
}

// Unassigned is the refusal for a judge who opens or scores an idea that
// is not in their queue: not found when there is no such idea or it is not
// theirs to see (as its own page would answer), else that they are not
// assigned to it (judging.Assigned). So a missing idea is 404, and a
// judge learns nothing of an idea they may not see.
func (s *Service) Unassigned(ctx context.Context, actor *domain.User, ideaID int64) error {
	if _, _, err := s.ideaIn(ctx, actor, ideaID); err != nil {
		return err
	}
	return judging.Assigned(false)
}

// QueueItem is one idea in a judge's queue, as the judge may see it.
type QueueItem struct {
	store.Assignment
	Rubric judging.Rubric
	// Final: the challenge's results are published; the card is as it
	// was kept and can no longer change.
	Final bool
	// SetAside: the rubric excludes voters and the judge acted on the
	// idea as a fan, so their card does not count
	// (judging.Judged.Counted).
	SetAside bool
}

// JudgeQueue lists a judge's own assignments, each idea under the judge's
// mask in its challenge (domain.MaskFor, IdeaMask.Apply): in blind judging
// it carries neither its author nor its votes, and in a challenge
// anonymous until its results no author for a judge who is not an admin.
// They are removed here, so no page or API can show them by mistake.
// The most urgent challenge's ideas come first (judging.QueueOrder),
// each challenge's in the store's order (unscored first).
func (s *Service) JudgeQueue(ctx context.Context, actor *domain.User) ([]QueueItem, error) {
	if err := requireRole(actor, domain.RoleJudge); err != nil {
		return nil, err
	}
	list, err := s.store.AssignmentsOf(ctx, actor.ID)
	if err != nil {
		return nil, err
	}
	rubrics := map[int64]judging.Rubric{}
	masks := map[int64]domain.IdeaMask{}
	final := map[int64]bool{}
	challenges := map[int64]domain.Challenge{}
	out := make([]QueueItem, 0, len(list))
	for _, a := range list {
		if domain.Judgeable(a.Idea.State) != nil {
			continue // hidden, withdrawn or merged: no longer judged
		}
		r, ok := rubrics[a.ChallengeID]
		if !ok {
			if r, err = s.rubric(ctx, a.ChallengeID); err != nil {
				return nil, err
			}
			rubrics[a.ChallengeID] = r
			c, err := s.store.Challenge(ctx, a.ChallengeID)
			if err != nil {
				return nil, err
			}
			// The actor judges this challenge (these are their assignments):
			// blind exactly when its rubric is.
			masks[a.ChallengeID] = domain.MaskFor(actor, c, r.Blind)
			final[a.ChallengeID] = judging.Open(c) != nil
			challenges[a.ChallengeID] = c
		}
		a.Idea = masks[a.ChallengeID].Apply(actor, a.Idea)
		out = append(out, QueueItem{Assignment: a, Rubric: r, Final: final[a.ChallengeID], SetAside: judging.SetAside(r, a.Acted)})
	}
	slices.SortStableFunc(out, func(a, b QueueItem) int {
		return judging.QueueOrder(challenges[a.ChallengeID], challenges[b.ChallengeID])
	})
	return out, nil
}

// SaveScorecard stores a judge's scores for an idea assigned to them.
func (s *Service) SaveScorecard(ctx context.Context, actor *domain.User, ideaID int64, scores map[string]float64, comment string) (judging.Scorecard, error) {
	if err := requireRole(actor, domain.RoleJudge); err != nil {
		return judging.Scorecard{}, err
	}
	card := judging.Scorecard{JudgeID: actor.ID, IdeaID: ideaID, Scores: scores, Comment: comment}
	unassigned := false
	err := s.store.SaveScorecard(ctx, card, func(assigned bool, c domain.Challenge, r judging.Rubric, idea domain.Idea, acted bool) error {
		unassigned = !assigned
		if err := judging.Assigned(assigned); err != nil {
			return err
		}
		if err := judging.Open(c); err != nil {
			return err
		}
		if err := judging.MayScore(r, actor.ID, idea.Author.ID, acted); err != nil {
			return err
		}
		if err := domain.Judgeable(idea.State); err != nil {
			return err
		}
		return r.ValidateScorecard(card)
	})
	if unassigned {
		return card, s.Unassigned(ctx, actor, ideaID)
	}
	return card, err
}

// Results is a challenge's judging outcome with how it was reached.
type Results struct {
	Challenge domain.Challenge
	Published bool
	Rubric    judging.Rubric
	Ranking   []judging.Result
	Ideas     map[int64]domain.Idea
	// Agreement is Kendall's W between judges, when it can be computed.
	Agreement   float64
	AgreementOK bool
	Cards       []judging.Scorecard
	Assignments []judging.Assignment
	// SetAside lists the ranked ideas' cards that do not count, as
	// (judge, idea): the judge acted on the idea as a fan while the rubric
	// excludes voters (judging.Judged.Counted). Admins only.
	SetAside []judging.Assignment
	// Basis is how the shortlist was made (nil for one made before this
	// was kept): the results page says what actually happened.
	Basis *judging.Basis
	// HiddenFinalists are the shortlisted ideas hidden while their
	// moderation is open, before publication (admins only): the ranking
	// leaves them out, and publishing waits for the moderators
	// (judging.CheckHiddenFinalists).
	HiddenFinalists []store.HiddenFinalist
}

// Unscored lists the ranked ideas no judge's scorecard counts for
// (judging.Unscored): they rank as average on the judges' side.
func (r Results) Unscored() []judging.Result { return judging.Unscored(r.Ranking) }

// NoneScored says no ranked idea has a scorecard that counts: the crowd
// alone ranked them (judging.NoneScored).
func (r Results) NoneScored() bool { return judging.NoneScored(r.Ranking) }

// Results is a challenge's results: for admins at any time, computed from
// the data as it stands until they are published; for everyone once
// published, and then as they were published (judging.Published): the
// copy saved with the publication, never a recount.
func (s *Service) Results(ctx context.Context, actor *domain.User, challengeID int64) (Results, error) {
	c, err := s.Challenge(ctx, actor, challengeID)
	if err != nil {
		return Results{}, err
	}
	res := Results{Challenge: c, Published: c.ResultsAt != nil, Ideas: map[int64]domain.Idea{}}
	admin := actor.Has(domain.RoleAdmin)
	if !res.Published && !admin {
		return Results{}, domain.NotFound("results")
	}
	if res.Published {
		return s.publishedResults(ctx, res, admin)
	}
	d, err := s.store.Judging(ctx, challengeID)
	if err != nil {
		return Results{}, err
	}
	p := judging.Compute(standing(d), c.Winners)
	logUnfinite(c.ID, p)
	res.Rubric, res.Ranking, res.Basis = p.Rubric, p.Ranking, p.Basis
	res.Agreement, res.AgreementOK = p.Agreement, p.AgreementOK
	for _, idea := range d.Ideas {
		res.Ideas[idea.ID] = idea
	}
	res.Cards, res.Assignments, res.SetAside = judging.OfRanked(d.Judged().Counted(), p.Ranking), d.Assignments, asideOf(d, p.Ranking)
	if res.HiddenFinalists, err = s.store.HiddenFinalists(ctx, challengeID); err != nil {
		return Results{}, err
	}
	return res, nil
}

// logUnfinite logs a ranking whose figures were NaN or infinite (set to
// 0 by judging.Compute): the results still answer, and an operator learns
// of the data or the bug behind them.
func logUnfinite(challengeID int64, p judging.Published) {
	if p.Unfinite > 0 {
		slog.Error("judging: figures of the results were not finite numbers and count as 0", "challenge", challengeID, "figures", p.Unfinite)
	}
}

// asideOf is the ranked ideas' cards in d that do not count.
func asideOf(d store.JudgingData, ranking []judging.Result) []judging.Assignment {
	on := map[int64]bool{}
	for _, r := range ranking {
		on[r.IdeaID] = true
	}
	var out []judging.Assignment
	for _, a := range d.Judged().Aside() {
		if on[a.IdeaID] {
			out = append(out, a)
		}
	}
	return out
}

// publishedResults fills res (a published challenge's) from the copy saved
// when it was published. A challenge published before copies were saved
// gets its copy now, once: computed as its results were then shown, with
// the winners its ideas' states say. The ranked ideas still public are
// shown with their tallies as published; admins (the judging desk) also
// get the scorecards and assignments, which are final by then.
func (s *Service) publishedResults(ctx context.Context, res Results, admin bool) (Results, error) {
	id := res.Challenge.ID
	p, ok, err := s.store.PublishedResults(ctx, id)
	if err != nil {
		return Results{}, err
	}
	var d store.JudgingData
	if !ok || admin {
		if d, err = s.store.Judging(ctx, id); err != nil {
			return Results{}, err
		}
	}
	if !ok {
		p = judging.Compute(standing(d), res.Challenge.Winners).WinnersAs(d.Ideas)
		logUnfinite(id, p)
		if err := s.store.SavePublishedResults(ctx, id, p); err != nil {
			return Results{}, err
		}
	}
	shown, err := s.store.ShortlistOf(ctx, id)
	if err != nil {
		return Results{}, err
	}
	byID := make(map[int64]domain.Idea, len(shown))
	for _, idea := range shown {
		byID[idea.ID] = idea
	}
	res.Ranking, res.Ideas = p.Served(byID)
	res.Rubric, res.Basis = p.Rubric, p.Basis
	res.Agreement, res.AgreementOK = p.Agreement, p.AgreementOK
	if admin {
		res.Cards, res.Assignments, res.SetAside = judging.OfRanked(d.Judged().Counted(), p.Ranking), d.Assignments, asideOf(d, p.Ranking)
	}
	return res, nil
}

// standing is what the store read, as the results rule takes it: the
// scorecards that count (judging.Judged.Counted).
func standing(d store.JudgingData) judging.Standing {
	return judging.Standing{Rubric: d.Rubric, Ideas: d.Ideas, Entries: d.Entries, Cards: d.Judged().Counted(), Basis: d.Basis}
}

// PublishResults makes the winners and saves the results as published:
// admins only.
func (s *Service) PublishResults(ctx context.Context, actor *domain.User, challengeID int64) (Results, error) {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return Results{}, err
	}
	c, err := s.Challenge(ctx, actor, challengeID)
	if err != nil {
		return Results{}, err
	}
	if err := judging.Open(c); err != nil {
		return Results{}, err
	}
	d, err := s.store.Judging(ctx, challengeID)
	if err != nil {
		return Results{}, err
	}
	p := judging.Compute(standing(d), c.Winners)
	logUnfinite(c.ID, p)
	if len(p.Ranking) == 0 {
		return Results{}, domain.Conflict("no_shortlist", "there is no shortlist to publish results for")
	}
	was := d.Judged()
	err = s.store.PublishResults(ctx, challengeID, actor.ID, p, func(c domain.Challenge, states map[int64]domain.State, tallies map[int64]judging.CrowdFigures, now judging.Judged, undecided, hidden int) error {
		if err := judging.CheckPublish(c, p, states, tallies); err != nil {
			return err
		}
		if err := judging.CheckIntegrity(undecided); err != nil {
			return err
		}
		if err := judging.CheckHiddenFinalists(hidden); err != nil {
			return err
		}
		return judging.CheckJudged(was, now)
	}, func(r judging.Result, authorID int64, title string, a domain.Audience) []domain.Outgoing {
		return domain.OutcomeNotices(challengeID, domain.IdeaOutcome{AuthorID: authorID, Title: title, Won: r.Winner}, a)
	}, func(c domain.Challenge, authors []int64, ranked map[int64]bool) []domain.Outgoing {
		return domain.ResultsOutNotices(challengeID, c.Title, authors, ranked)
	})
	if err != nil {
		return Results{}, err
	}
	s.reputationAfter(ctx)
	return s.Results(ctx, actor, challengeID)
}

// csvTime is a time in an export: in the site's time zone (-tz), as the
// pages show it, in the form spreadsheet programs read as a date and time
// (Excel takes neither RFC 3339's T nor its offset). The zone is named in
// the column's header (csvTimeHeader).
func csvTime(t time.Time, loc *time.Location) string {
	return t.In(loc).Format(time.DateTime)
}

// csvTimeHeader is the header of a time column: its name and the zone its
// times are in, "created_at (Asia/Shanghai)".
func csvTimeHeader(name string, loc *time.Location) string {
	return name + " (" + loc.String() + ")"
}

// IdeasCSV hands each listed idea of a challenge to row, most votes first,
// as a line of the admins' export (the header first): admins only. Times
// are in loc, the site's zone. It reads a thousand ideas at a time, so a
// large challenge streams.
func (s *Service) IdeasCSV(ctx context.Context, actor *domain.User, challengeID int64, loc *time.Location, row func([]string) error) error {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return err
	}
	if _, err := s.Challenge(ctx, actor, challengeID); err != nil {
		return err
	}
	if err := row([]string{"idea_id", "title", "author_id", "author_name", "state", "votes", "votes_under_review", "comments", csvTimeHeader("created_at", loc)}); err != nil {
		return err
	}
	var after *domain.Cursor
	for {
		ideas, next, err := s.store.Ideas(ctx, challengeID, domain.SortTop, after, 1000)
		if err != nil {
			return err
		}
		for _, i := range ideas {
			if err := row([]string{fmt.Sprint(i.ID), i.Title, fmt.Sprint(i.Author.ID), i.Author.Name, string(i.State),
				fmt.Sprint(i.Votes), fmt.Sprint(i.VotesUnderReview), fmt.Sprint(i.Comments), csvTime(i.CreatedAt, loc)}); err != nil {
				return err
			}
		}
		if next == nil || len(ideas) == 0 {
			return nil
		}
		after = next
	}
}

// VotesCSV writes every vote of a challenge, and every rating of a stars
// challenge, oldest first: admins only (DESIGN §5, "CSV exports of votes
// and scores"), for an organiser who audits a storm of votes beside the
// integrity page. A row names the idea and the voter's account, when,
// the stars of a rating, and whether the vote is held for review; votes
// the review removed are gone (the public integrity log counts them).
// Pairwise answers are not votes of an idea and are not listed. It is
// read a page at a time, so a challenge of millions of votes is written
// as it is read. Times are in loc, the site's zone.
func (s *Service) VotesCSV(ctx context.Context, actor *domain.User, challengeID int64, loc *time.Location, row func([]string) error) error {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return err
	}
	if _, err := s.Challenge(ctx, actor, challengeID); err != nil {
		return err
	}
	if err := row([]string{"kind", "idea_id", "voter_id", "stars", csvTimeHeader("at", loc), "held"}); err != nil {
		return err
	}
	for _, kind := range []struct {
		name string
		page func(context.Context, int64, store.ActRow, int) ([]store.ActRow, error)
	}{{"vote", s.store.ChallengeVotes}, {"rating", s.store.ChallengeRatings}} {
		var after store.ActRow
		for {
			rows, err := kind.page(ctx, challengeID, after, csvPage)
			if err != nil {
				return err
			}
			for _, r := range rows {
				stars := ""
				if r.Stars > 0 {
					stars = fmt.Sprint(r.Stars)
				}
				if err := row([]string{kind.name, fmt.Sprint(r.IdeaID), fmt.Sprint(r.UserID), stars,
					csvTime(r.At, loc), fmt.Sprint(r.Held)}); err != nil {
					return err
				}
			}
			if len(rows) < csvPage {
				break
			}
			after = rows[len(rows)-1]
		}
	}
	return nil
}

// csvPage is how many rows an export reads at a time.
const csvPage = 1000

// ScorecardsCSV writes every scorecard of a challenge: admins only. Its
// last column, counted, says whether the card counts in the results
// (judging.Judged.Counted): "false" for a card set aside because its judge
// acted on the idea as a fan while the rubric excludes voters. It is the
// last column so that readers of the older export, which ended with the
// comment, read the same columns where they were.
func (s *Service) ScorecardsCSV(ctx context.Context, actor *domain.User, challengeID int64) ([][]string, error) {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return nil, err
	}
	return s.scorecardRows(ctx, challengeID, 0)
}

// JudgeScorecardsCSV is a judge's own scorecards of a challenge they may
// see, in the columns of the admins' export (DESIGN §5: exports "for
// admins and judges"): what they scored, to keep or to check, and nobody
// else's, as judges score independently.
func (s *Service) JudgeScorecardsCSV(ctx context.Context, actor *domain.User, challengeID int64) ([][]string, error) {
	if err := requireRole(actor, domain.RoleJudge); err != nil {
		return nil, err
	}
	if _, err := s.Challenge(ctx, actor, challengeID); err != nil {
		return nil, err
	}
	return s.scorecardRows(ctx, challengeID, actor.ID)
}

// scorecardRows are a challenge's scorecards as the export's rows, the
// header first: every judge's, or only judgeID's when it is not 0.
func (s *Service) scorecardRows(ctx context.Context, challengeID, judgeID int64) ([][]string, error) {
	d, err := s.store.Judging(ctx, challengeID)
	if err != nil {
		return nil, err
	}
	header := []string{"idea_id", "idea_title", "judge_id", "judge_name"}
	for _, c := range d.Rubric.Criteria {
		header = append(header, c.Key)
	}
	header = append(header, "comment", "counted")
	rows := [][]string{header}
	titles := map[int64]string{}
	for _, idea := range d.Ideas {
		titles[idea.ID] = idea.Title
	}
	if judgeID != 0 {
		d.Cards = slices.DeleteFunc(d.Cards, func(c judging.Scorecard) bool { return c.JudgeID != judgeID })
	}
	names := map[int64]string{}
	for _, card := range d.Cards {
		if _, ok := names[card.JudgeID]; ok {
			continue
		}
		u, err := s.store.User(ctx, card.JudgeID)
		if err != nil {
			return nil, err
		}
		names[card.JudgeID] = u.Name
	}
	for _, card := range d.Cards {
		row := []string{fmt.Sprint(card.IdeaID), titles[card.IdeaID], fmt.Sprint(card.JudgeID), names[card.JudgeID]}
		for _, c := range d.Rubric.Criteria {
			row = append(row, fmt.Sprint(card.Scores[c.Key]))
		}
		counted := !judging.SetAside(d.Rubric, slices.Contains(d.Acted, judging.Assignment{JudgeID: card.JudgeID, IdeaID: card.IdeaID}))
		rows = append(rows, append(row, card.Comment, strconv.FormatBool(counted)))
	}
	return rows, nil
}
