package web

import (
	"html/template"
	"slices"
	"time"

	"cocreate/app/domain"
	"cocreate/app/markdown"
	"cocreate/app/service"
)

// The JSON shapes of the API (openapi.json describes them). Field names are
// the contract with API clients: add, never rename.

type userJSON struct {
	ID           int64         `json:"id"`
	Email        string        `json:"email"`
	Name         string        `json:"name"`
	Roles        []domain.Role `json:"roles"`
	EmailNotices bool          `json:"email_notices"` // notifications by email too
	// EmailKinds are the groups of emails u is offered, each true while
	// mailed (domain.EmailChoices).
	EmailKinds map[string]bool `json:"email_kinds"`
	Verified   bool            `json:"verified"`
	Suspended  bool            `json:"suspended"`
	// Locale is the language of the person's email: en or zh, "" for the
	// site's default.
	Locale string `json:"locale"`
}

func toUserJSON(u domain.User) userJSON {
	kinds := map[string]bool{}
	for _, g := range domain.EmailChoices(&u) {
		kinds[g] = !slices.Contains(u.EmailMuted, g)
	}
	return userJSON{ID: u.ID, Email: u.Email, Name: u.Name, Roles: u.Roles, EmailNotices: u.EmailNotices,
		EmailKinds: kinds, Verified: u.Verified, Suspended: u.Suspended, Locale: u.Locale}
}

type challengeJSON struct {
	ID                 int64         `json:"id"`
	Title              string        `json:"title"`
	Brief              string        `json:"brief"`
	BriefHTML          template.HTML `json:"brief_html"`
	Kind               domain.Kind   `json:"kind"`
	Phase              domain.Phase  `json:"phase"`
	Cover              string        `json:"cover,omitempty"`
	SubmissionsOpenAt  *time.Time    `json:"submissions_open_at"`
	SubmissionsCloseAt *time.Time    `json:"submissions_close_at"`
	VotingOpenAt       *time.Time    `json:"voting_open_at"`
	VotingCloseAt      *time.Time    `json:"voting_close_at"`
	// ResultsAt and ClosedAt are when the results were published and when
	// the challenge was closed (null: not yet).
	ResultsAt       *time.Time    `json:"results_at"`
	ClosedAt        *time.Time    `json:"closed_at"`
	IdeasPerFan     int           `json:"ideas_per_fan"`
	VoteBudget      int           `json:"vote_budget"`
	ShortlistSize   int           `json:"shortlist_size"`
	Winners         int           `json:"winners"`
	Voters          domain.Voters `json:"voters"`
	Submitters      domain.Voters `json:"submitters"`
	ReportThreshold int           `json:"report_threshold"`
	CreatedAt       time.Time     `json:"created_at"`
	// AnonymousUntilResults: no author is shown to anyone but admins until
	// the results are published.
	AnonymousUntilResults bool `json:"anonymous_until_results"`
	// VotingMethod: support, stars or pairwise.
	VotingMethod domain.Method `json:"voting_method"`
	// Buying options, price bands and the supporter threshold (#16).
	BuyOptions       map[string][]string `json:"buy_options"`
	PriceBands       []int               `json:"price_bands"`
	SupportThreshold int                 `json:"support_threshold"`
	ThresholdDays    int                 `json:"threshold_days"`
}

func toChallengeJSON(md *markdown.Renderer, c domain.Challenge, now time.Time) challengeJSON {
	j := challengeJSON{
		ID: c.ID, Title: c.Title, Brief: c.Brief, BriefHTML: md.Render(c.Brief), Kind: c.Kind, Phase: c.PhaseAt(now),
		SubmissionsOpenAt: c.SubmissionsOpenAt, SubmissionsCloseAt: c.SubmissionsCloseAt,
		VotingOpenAt: c.VotingOpenAt, VotingCloseAt: c.VotingCloseAt, ResultsAt: c.ResultsAt, ClosedAt: c.ClosedAt,
		IdeasPerFan: c.IdeasPerFan, VoteBudget: c.VoteBudget, ShortlistSize: c.ShortlistSize, Winners: c.Winners,
		Voters: c.Voters, Submitters: c.Submitters, ReportThreshold: c.ReportThreshold,
		CreatedAt: c.CreatedAt, AnonymousUntilResults: c.AnonymousUntilResults,
		VotingMethod: c.Method(),
	}
	j.BuyOptions, j.PriceBands = c.BuyOptions, c.PriceBands
	if j.BuyOptions == nil {
		j.BuyOptions = map[string][]string{}
	}
	if j.PriceBands == nil {
		j.PriceBands = []int{}
	}
	j.SupportThreshold, j.ThresholdDays = c.SupportThreshold, c.ThresholdDays
	if c.Cover != "" {
		j.Cover = "/uploads/" + c.Cover
	}
	return j
}

type imageJSON struct {
	URL string `json:"url"`
	// File names the photo for an edit's remove_images.
	File   string `json:"file"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
}

type ideaJSON struct {
	ID          int64          `json:"id"`
	ChallengeID int64          `json:"challenge_id"`
	Title       string         `json:"title"`
	Summary     string         `json:"summary"`
	Body        string         `json:"body"`
	BodyHTML    template.HTML  `json:"body_html"`
	Tags        []string       `json:"tags"`
	Author      *domain.Author `json:"author,omitempty"`
	State       domain.State   `json:"state"`
	MergedInto  int64          `json:"merged_into,omitempty"`
	Votes       *int           `json:"votes,omitempty"`
	// VotesUnderReview are held out of Votes while the integrity scan's
	// group that cast them is quarantined; shown whenever votes are.
	VotesUnderReview *int        `json:"votes_under_review,omitempty"`
	Comments         int         `json:"comments"`
	Images           []imageJSON `json:"images"`
	CreatedAt        time.Time   `json:"created_at"`
	// Buyers said "I'd buy it"; QualifiedAt is when the idea reached its
	// supporter threshold (#16). The units they would buy are not an
	// idea's (API.md's Idea has none): they are the demand report's,
	// which only admins read while voting runs (domain.MaySeeDemand).
	Buyers      int        `json:"buyers"`
	QualifiedAt *time.Time `json:"qualified_at,omitempty"`
	// Status and Response: a board post's public status and the brand's
	// official response (ideas outside boards stay "open"); StatusAt is
	// when either last changed.
	Status       domain.Status `json:"status"`
	Response     string        `json:"response"`
	ResponseHTML template.HTML `json:"response_html"`
	StatusAt     *time.Time    `json:"status_at"`
	// Stars (rating: the plain average; ratings: how many) and pairwise
	// (score 0-100 with score_sd, comparisons): shown whenever votes are,
	// for challenges of that method.
	Rating      *float64 `json:"rating,omitempty"`
	Ratings     *int     `json:"ratings,omitempty"`
	Score       *float64 `json:"score,omitempty"`
	ScoreSD     *float64 `json:"score_sd,omitempty"`
	Comparisons *int     `json:"comparisons,omitempty"`
	// The idea's held acts of the other kinds (its own answer only, not
	// lists; shown whenever votes are): see domain.HeldActs.
	RatingsUnderReview     *int `json:"ratings_under_review,omitempty"`
	ComparisonsUnderReview *int `json:"comparisons_under_review,omitempty"`
	IntentsUnderReview     *int `json:"intents_under_review,omitempty"`
	// StatusHistory is a board post's status moves, newest first (its own
	// answer only); absent outside boards.
	StatusHistory *[]statusMoveJSON `json:"status_history,omitempty"`
}

// statusMoveJSON is one move of a board post's status: role is the brand's
// role that made it ("engineer" or "admin"; "brand" for moves recorded
// before roles were kept), never the person.
type statusMoveJSON struct {
	From         domain.Status `json:"from"`
	To           domain.Status `json:"to"`
	Response     string        `json:"response"`
	ResponseHTML template.HTML `json:"response_html"`
	Role         string        `json:"role"`
	At           time.Time     `json:"at"`
}

// toIdeaDetailJSON is an idea's own API answer: toIdeaJSON with its held
// acts and a board post's status history.
func toIdeaDetailJSON(md *markdown.Renderer, d service.IdeaDetail) ideaJSON {
	j := toIdeaJSON(md, d.Idea)
	if j.Votes != nil {
		h := d.Idea.UnderReview
		j.RatingsUnderReview, j.ComparisonsUnderReview, j.IntentsUnderReview = &h.Ratings, &h.Comparisons, &h.Intents
	}
	if d.Board {
		moves := make([]statusMoveJSON, 0, len(d.StatusHistory))
		for _, m := range d.StatusHistory {
			moves = append(moves, statusMoveJSON{From: m.From, To: m.To, Response: m.Response, ResponseHTML: md.Render(m.Response), Role: m.ShownRole(), At: m.At})
		}
		j.StatusHistory = &moves
	}
	return j
}

// toIdeaJSON shapes an idea. An idea masked for a blind judge (IdeaMask.Apply:
// no author, votes below zero) has neither field at all.
func toIdeaJSON(md *markdown.Renderer, i domain.Idea) ideaJSON {
	return ideaJSONOf(i, md.Render(i.Body), md.Render(i.Response))
}

// ideaJSONOf is toIdeaJSON with the idea's body and response rendered.
func ideaJSONOf(i domain.Idea, body, response template.HTML) ideaJSON {
	j := ideaJSON{
		ID: i.ID, ChallengeID: i.ChallengeID, Title: i.Title, Summary: i.Summary, Body: i.Body,
		BodyHTML: body, Tags: i.Tags, State: i.State, MergedInto: i.MergedInto,
		Comments: i.Comments, Images: []imageJSON{}, CreatedAt: i.CreatedAt,
		Status: i.Status, Response: i.Response, ResponseHTML: response, StatusAt: i.StatusAt,
	}
	if i.Author.ID != 0 {
		author := i.Author
		j.Author = &author
	}
	if i.Votes >= 0 {
		votes, held := i.Votes, i.VotesUnderReview
		j.Votes, j.VotesUnderReview = &votes, &held
		methodFields(&j, i)
	}
	j.Buyers, j.QualifiedAt = i.Buyers, i.QualifiedAt
	if j.Tags == nil {
		j.Tags = []string{}
	}
	for _, img := range i.Images {
		j.Images = append(j.Images, imageJSON{URL: "/uploads/" + img.File, File: img.File, Width: img.Width, Height: img.Height})
	}
	return j
}

type commentJSON struct {
	ID        int64          `json:"id"`
	IdeaID    int64          `json:"idea_id"`
	UpdateID  int64          `json:"update_id,omitempty"` // the project update it answers
	Author    *domain.Author `json:"author,omitempty"`    // left out when hidden (anonymous until results)
	Body      string         `json:"body"`
	BodyHTML  template.HTML  `json:"body_html"`
	Official  bool           `json:"official"`
	Hidden    bool           `json:"hidden,omitempty"` // only its author and moderators see it
	Helpful   bool           `json:"helpful"`          // an engineer marked it helpful
	CreatedAt time.Time      `json:"created_at"`
	EditedAt  *time.Time     `json:"edited_at"`         // its author's last edit; null: never
	Deleted   bool           `json:"deleted,omitempty"` // its author deleted it: no author, no body
}

func toCommentJSON(md *markdown.Renderer, c domain.Comment) commentJSON {
	j := commentJSON{ID: c.ID, IdeaID: c.IdeaID, UpdateID: c.UpdateID, Body: c.Body, BodyHTML: md.Render(c.Body), Official: c.Official, Hidden: c.Hidden, Helpful: c.Helpful, CreatedAt: c.CreatedAt,
		EditedAt: c.EditedAt, Deleted: c.Deleted}
	if c.Author.ID != 0 {
		author := c.Author
		j.Author = &author
	}
	return j
}
