package web

import (
	"context"
	"encoding/csv"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"cocreate/app/domain"
	"cocreate/app/judging"
	"cocreate/app/service"

	"github.com/labstack/echo/v4"
)

type rubricJSON struct {
	Criteria      []judging.Criterion `json:"criteria"`
	CrowdWeight   float64             `json:"crowd_weight"`
	Blind         bool                `json:"blind"`
	ExcludeVoters bool                `json:"exclude_voters"`
}

func toRubricJSON(r judging.Rubric) rubricJSON {
	return rubricJSON{Criteria: r.Criteria, CrowdWeight: r.CrowdWeight, Blind: r.Blind, ExcludeVoters: r.ExcludeVoters}
}

func (s *Server) apiRubricSet(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in service.RubricInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	r, err := s.svc.SetRubric(c.Request().Context(), currentUser(c), id, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toRubricJSON(r))
}

func (s *Server) apiRubric(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	r, err := s.svc.Rubric(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toRubricJSON(r))
}

func (s *Server) apiShortlist(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Top    *int    `json:"top"`
		Add    []int64 `json:"add"`
		Remove []int64 `json:"remove"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	ctx := c.Request().Context()
	top := 0
	if in.Top != nil {
		top = *in.Top
	} else {
		ch, err := s.svc.Challenge(ctx, currentUser(c), id)
		if err != nil {
			return err
		}
		top = ch.ShortlistSize
	}
	ideas, err := s.svc.Shortlist(ctx, currentUser(c), id, top, in.Add, in.Remove)
	if err != nil {
		return err
	}
	out := make([]ideaJSON, 0, len(ideas))
	for _, idea := range ideas {
		out = append(out, toIdeaJSON(s.md, idea))
	}
	return c.JSON(http.StatusOK, map[string]any{"ideas": out})
}

type assignmentJSON struct {
	JudgeID int64 `json:"judge_id"`
	IdeaID  int64 `json:"idea_id"`
}

func (s *Server) apiJudges(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		UserIDs []int64 `json:"user_ids"`
		PerIdea int     `json:"per_idea"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	list, err := s.svc.AssignJudges(c.Request().Context(), currentUser(c), id, in.UserIDs, in.PerIdea)
	if err != nil {
		return err
	}
	out := make([]assignmentJSON, 0, len(list))
	for _, a := range list {
		out = append(out, assignmentJSON{a.JudgeID, a.IdeaID})
	}
	return c.JSON(http.StatusOK, map[string]any{"assignments": out})
}

func (s *Server) apiAssignments(c echo.Context) error {
	queue, err := s.svc.JudgeQueue(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	// Counted says whether the judge's card for the idea counts (or,
	// unscored, would count) in the results; when it does not,
	// NotCountedReason says why: "acted_as_fan", the judge acted on the
	// idea as a fan while the rubric excludes voters (service.QueueItem).
	// Scorecard is the judge's own card as saved, for an app to show and
	// change (as the page's form does); Final: the results are published
	// and it can no longer change.
	type item struct {
		Idea             ideaJSON       `json:"idea"`
		Scored           bool           `json:"scored"`
		Counted          bool           `json:"counted"`
		NotCountedReason string         `json:"not_counted_reason,omitempty"`
		Scorecard        *scorecardJSON `json:"scorecard,omitempty"`
		Final            bool           `json:"final"`
	}
	out := make([]item, 0, len(queue))
	for _, q := range queue {
		it := item{Idea: toIdeaJSON(s.md, q.Idea), Scored: q.Scored, Counted: !q.SetAside, Final: q.Final}
		if q.Scored {
			it.Scorecard = &scorecardJSON{q.Card.JudgeID, q.Card.IdeaID, q.Card.Scores, q.Card.Comment}
		}
		if q.SetAside {
			it.NotCountedReason = "acted_as_fan"
		}
		out = append(out, it)
	}
	return c.JSON(http.StatusOK, map[string]any{"assignments": out})
}

type scorecardJSON struct {
	JudgeID int64              `json:"judge_id"`
	IdeaID  int64              `json:"idea_id"`
	Scores  map[string]float64 `json:"scores"`
	Comment string             `json:"comment"`
}

func (s *Server) apiScorecard(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in struct {
		Scores  map[string]float64 `json:"scores"`
		Comment string             `json:"comment"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	card, err := s.svc.SaveScorecard(c.Request().Context(), currentUser(c), id, in.Scores, in.Comment)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, scorecardJSON{card.JudgeID, card.IdeaID, card.Scores, card.Comment})
}

// resultsJSON is the results as the API answers them (openapi.json), plus
// what the page shows.
func resultsJSON(r service.Results) map[string]any {
	ranking := make([]judging.Result, len(r.Ranking))
	copy(ranking, r.Ranking)
	out := map[string]any{"published": r.Published, "ranking": ranking, "crowd_weight": r.Rubric.CrowdWeight}
	if r.AgreementOK {
		out["agreement_kendall_w"] = r.Agreement
	}
	if len(r.HiddenFinalists) > 0 {
		hidden := make([]map[string]any, len(r.HiddenFinalists))
		for i, f := range r.HiddenFinalists {
			hidden[i] = map[string]any{"idea_id": f.ID, "title": f.Title}
		}
		out["hidden_finalists"] = hidden
	}
	if b := r.Basis; b != nil {
		// Removals are counted, not named: the page says how many.
		qualified := b.Qualified
		if qualified == nil { // a basis kept before the qualified were
			qualified = []int64{}
		}
		out["shortlist"] = map[string]any{"top": b.Top, "by_votes": b.ByVotes, "qualified": qualified, "picked": b.Picked, "removed": len(b.Removed)}
	}
	return out
}

func (s *Server) apiResults(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	r, err := s.svc.Results(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, resultsJSON(r))
}

func (s *Server) apiPublish(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	r, err := s.svc.PublishResults(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, resultsJSON(r))
}

// scoresCSV exports every scorecard of a challenge.
func (s *Server) scoresCSV(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	rows, err := s.svc.ScorecardsCSV(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return writeCSV(c, "scorecards-"+itoa(id)+".csv", rows)
}

// judgeScoresCSV exports the judge's own scorecards of a challenge.
func (s *Server) judgeScoresCSV(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	rows, err := s.svc.JudgeScorecardsCSV(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return writeCSV(c, "my-scorecards-"+itoa(id)+".csv", rows)
}

// writeCSV answers a spreadsheet download of rows (startCSV, csvSafe).
func writeCSV(c echo.Context, filename string, rows [][]string) error {
	w, err := startCSV(c, filename)
	if err != nil {
		return err
	}
	for _, row := range rows {
		if err := w.row(row); err != nil {
			return err
		}
	}
	return w.done()
}

// ideasCSV exports a challenge's ideas with their votes, for admins.
func (s *Server) ideasCSV(c echo.Context) error {
	return s.streamCSV(c, "ideas-", s.svc.IdeasCSV)
}

func (s *Server) votesCSV(c echo.Context) error {
	return s.streamCSV(c, "votes-", s.svc.VotesCSV)
}

// streamCSV answers a challenge's export written a row at a time by
// export: its first row (the header) starts the answer, so a refusal
// before it is an error page, not a broken file.
func (s *Server) streamCSV(c echo.Context, name string, export func(context.Context, *domain.User, int64, *time.Location, func([]string) error) error) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var w *csvOut
	err = export(c.Request().Context(), currentUser(c), id, s.cfg.Location, func(row []string) error {
		if w == nil { // the header: the export is allowed, so start answering
			if w, err = startCSV(c, name+itoa(id)+".csv"); err != nil {
				return err
			}
		}
		return w.row(row)
	})
	if err != nil || w == nil {
		return err
	}
	return w.done()
}

// csvOut writes a CSV answer a row at a time, each cell made safe.
type csvOut struct{ w *csv.Writer }

// startCSV answers 200 with a CSV attachment: a byte-order mark first, so
// that spreadsheet programs read the Chinese as UTF-8.
func startCSV(c echo.Context, filename string) (*csvOut, error) {
	c.Response().Header().Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	c.Response().WriteHeader(http.StatusOK)
	if _, err := c.Response().Write([]byte("\xEF\xBB\xBF")); err != nil {
		return nil, err
	}
	return &csvOut{csv.NewWriter(c.Response())}, nil
}

func (o *csvOut) row(cells []string) error {
	for i := range cells {
		cells[i] = csvSafe(cells[i])
	}
	return o.w.Write(cells)
}

func (o *csvOut) done() error {
	o.w.Flush()
	return o.w.Error()
}

// csvSafe stops a cell that a spreadsheet would run as a formula (OWASP's
// CSV injection advice): text whose first character that is not blank is
// = + - @ or their full-width forms, or that starts with a tab or a line
// break, is prefixed with an apostrophe. Numbers, negative ones included,
// stay numbers.
func csvSafe(v string) string {
	if plainNumber(v) {
		return v
	}
	if v != "" && strings.ContainsRune("\t\r\n", rune(v[0])) {
		return "'" + v
	}
	trimmed := strings.TrimLeftFunc(v, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) })
	if r, _ := utf8.DecodeRuneInString(trimmed); strings.ContainsRune("=+-@＝＋－＠", r) {
		return "'" + v
	}
	return v
}

// plainNumber reports whether v is a decimal such as 7, -2 or 6.25, which a
// spreadsheet reads as a number and nothing else.
func plainNumber(v string) bool {
	digits := strings.TrimPrefix(v, "-")
	if whole, frac, ok := strings.Cut(digits, "."); ok {
		digits = whole + frac
		if whole == "" || frac == "" {
			return false
		}
	}
	return digits != "" && strings.Trim(digits, "0123456789") == ""
}

// apiAssignment adds (PUT) or removes (DELETE) one assignment by hand; a
// judge who has scored the idea is taken off only with
// ?discard_scorecard=true (judging.CheckPlacement).
func (s *Server) apiAssignment(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	judge, err := idParam(c, "judge_id")
	if err != nil {
		return err
	}
	idea, err := idParam(c, "idea_id")
	if err != nil {
		return err
	}
	assign := c.Request().Method == http.MethodPut
	discard := !assign && c.QueryParam("discard_scorecard") == "true"
	if err := s.svc.SetAssignment(c.Request().Context(), currentUser(c), id, judge, idea, assign, discard); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"judge_id": judge, "idea_id": idea, "assigned": assign})
}
