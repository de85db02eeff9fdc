package web

import (
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"cocreate/app/chart"
	"cocreate/app/domain"
	"cocreate/app/integrity"
	"cocreate/app/judging"
	"cocreate/app/service"

	"github.com/labstack/echo/v4"
)

// JudgesOf names the judges assigned to an idea, for the desk.
func (d judgingDesk) JudgesOf(ideaID int64) []domain.User {
	var out []domain.User
	for _, a := range d.Results.Assignments {
		if a.IdeaID != ideaID {
			continue
		}
		for _, j := range d.Judges {
			if j.ID == a.JudgeID {
				out = append(out, j)
			}
		}
	}
	return out
}

// Filed reports whether the judge has filed a scorecard for the idea they
// are assigned (one that counts, or one set aside): taking them off drops
// it from the results, which the desk says before it happens.
func (d judgingDesk) Filed(judgeID, ideaID int64) bool {
	for _, c := range d.Results.Cards {
		if c.JudgeID == judgeID && c.IdeaID == ideaID {
			return true
		}
	}
	return slices.Contains(d.Results.SetAside, judging.Assignment{JudgeID: judgeID, IdeaID: ideaID})
}

// FiledCards counts the scorecards filed for the shortlist: a new plan of
// the judges keeps each with its judge (judging.PlanAssignments).
func (d judgingDesk) FiledCards() int { return len(d.Results.Cards) + len(d.Results.SetAside) }

// MissingCards counts the scorecards still to come, for the warning
// before publishing (judging.MissingCards).
func (d judgingDesk) MissingCards() int { return judging.MissingCards(d.Results.Ranking) }

// JudgeName names a judge for the desk ("#id" for one no longer listed).
func (d judgingDesk) JudgeName(id int64) string {
	for _, j := range d.Judges {
		if j.ID == id {
			return j.Name
		}
	}
	return "#" + itoa(id)
}

// judgingDesk is the admin's judging page for one challenge.
type judgingDesk struct {
	Challenge domain.Challenge
	// Undecided counts the groups of accounts voting together that wait
	// for the organiser's decision: publishing waits for them
	// (judging.CheckIntegrity), and the desk says so, with the way there.
	Undecided int
	Rubric    judging.Rubric
	Rows      []deskRow // the rubric's criteria and two blank rows
	Judges    []domain.User
	Results   service.Results
	// Candidates are the ideas the organiser may pick for the shortlist or
	// take off it, most votes first (the first 100): chosen from a list,
	// never typed as numbers.
	Candidates []domain.Idea
	// PerIdea is the judges-per-idea the form suggests: two, or all the
	// judges there are when there are fewer.
	PerIdea string
	// The rubric's other fields and the shortlist's, as saved or, after a
	// refused form, as that form sent them.
	CrowdWeight          string
	Blind, ExcludeVoters bool
	Top                  string
	Adding, Removing     map[int64]bool // the shortlist's ticked boxes
	unticked             map[int64]bool // judges left out of a refused form
	Error                string
	Field                string
	// FieldName is the refused field in the person's words.
	FieldName string
}

// deskRow is one criterion of the rubric form, as its inputs hold it.
type deskRow struct {
	Key, Name, Weight, Min, Max string
}

func criterionRow(cr judging.Criterion) deskRow {
	f := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	return deskRow{Key: cr.Key, Name: cr.Name, Weight: f(cr.Weight), Min: f(cr.Min), Max: f(cr.Max)}
}

// JudgeChosen says whether a judge's box is ticked: all are, but for those
// a refused form left out.
func (d judgingDesk) JudgeChosen(id int64) bool { return !d.unticked[id] }

// OnShortlist reports whether an idea is on the current shortlist.
func (d judgingDesk) OnShortlist(ideaID int64) bool {
	_, ok := d.Results.Ideas[ideaID]
	return ok
}

// deskFields names the desk's fields in words, for its error line.
var deskFields = map[string]string{
	"top": "judging.top", "add": "polish.pick_add", "remove": "polish.pick_remove", "per_idea": "judging.per_idea",
	"user_ids": "judging.judges", "crowd_weight": "judging.crowd_weight", "criteria": "judging.rubric",
	"judge_id": "judging.judges", "idea_id": "results.idea",
}

func (s *Server) judgingDeskShow(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	return s.renderDesk(c, id, nil, "")
}

// renderDesk shows the judging desk; after a refused form (failure, from
// the desk's form named posted: rubric, shortlist or judges) with what
// that form sent, so that nothing typed is lost.
func (s *Server) renderDesk(c echo.Context, id int64, failure error, posted string) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	res, err := s.svc.Results(ctx, u, id)
	if err != nil {
		return err
	}
	judges, err := s.svc.Judges(ctx, u)
	if err != nil {
		return err
	}
	d := judgingDesk{Challenge: res.Challenge, Rubric: res.Rubric, Results: res, Judges: judges, PerIdea: strconv.Itoa(min(2, max(len(judges), 1))),
		CrowdWeight: strconv.FormatFloat(res.Rubric.CrowdWeight, 'f', -1, 64), Blind: res.Rubric.Blind, ExcludeVoters: res.Rubric.ExcludeVoters,
		Top: strconv.Itoa(res.Challenge.ShortlistSize)}
	if res.Challenge.ResultsAt == nil {
		list, err := s.svc.Ideas(ctx, u, id, domain.SortTop, nil, 100)
		if err != nil {
			return err
		}
		rep, err := s.svc.IntegrityReport(ctx, u, id)
		if err != nil {
			return err
		}
		for _, g := range rep.Groups {
			if integrity.Undecided(g.Status) {
				d.Undecided++
			}
		}
		for _, idea := range list.Ideas {
			if judging.Shortlistable(idea.State) {
				d.Candidates = append(d.Candidates, idea)
			}
		}
	}
	for _, cr := range res.Rubric.Criteria {
		d.Rows = append(d.Rows, criterionRow(cr))
	}
	if failure != nil && posted != "" {
		d.keepPosted(c, posted)
	}
	blank := criterionRow(judging.Criterion{Weight: 1, Min: 1, Max: 10})
	d.Rows = append(d.Rows, blank, blank)
	status := http.StatusOK
	if failure != nil {
		msg, field, ok := s.formError(c, failure)
		if !ok {
			return failure
		}
		d.Error, d.Field = msg, field
		d.FieldName = fieldName(s.printer(c), deskFields, field)
		status = statusOf[domain.AsError(failure).Kind]
	}
	return s.renderStatus(c, status, "judging_desk", withTitle{s.printer(c).T("judging.desk"), d})
}

// keepPosted puts what the refused form sent in its fields in place of
// what is saved.
func (d *judgingDesk) keepPosted(c echo.Context, posted string) {
	form, err := c.FormParams()
	if err != nil {
		return
	}
	switch posted {
	case "rubric":
		d.Rows = nil
		for i, key := range form["key"] {
			row := deskRow{Key: key, Name: at(form["name"], i), Weight: at(form["weight"], i), Min: at(form["min"], i), Max: at(form["max"], i)}
			if strings.TrimSpace(row.Key) == "" && strings.TrimSpace(row.Name) == "" {
				continue // a blank row: two are added again
			}
			d.Rows = append(d.Rows, row)
		}
		d.CrowdWeight = form.Get("crowd_weight")
		d.Blind, d.ExcludeVoters = form.Get("blind") != "", form.Get("exclude_voters") != ""
	case "shortlist":
		d.Top = form.Get("top")
		d.Adding, d.Removing = ticked(form["add"]), ticked(form["remove"])
	case "judges":
		d.PerIdea = form.Get("per_idea")
		chosen := ticked(form["judges"])
		d.unticked = map[int64]bool{}
		for _, j := range d.Judges {
			d.unticked[j.ID] = !chosen[j.ID]
		}
	}
}

// ticked reads a form's ticked boxes of ids.
func ticked(raw []string) map[int64]bool {
	out := map[int64]bool{}
	for _, v := range raw {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			out[n] = true
		}
	}
	return out
}

// deskAction runs one admin form on the judging page and shows the page
// again, with the refusal in place when there is one, and the form's
// input (posted names it) kept.
func (s *Server) deskAction(c echo.Context, posted string, do func(id int64, u *domain.User) error, done string) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if err := do(id, currentUser(c)); err != nil {
		return s.renderDesk(c, id, err, posted)
	}
	s.flash(c, done)
	return c.Redirect(http.StatusSeeOther, "/challenges/"+itoa(id)+"/judging")
}

func (s *Server) rubricSubmit(c echo.Context) error {
	return s.deskAction(c, "rubric", func(id int64, u *domain.User) error {
		form, err := c.FormParams()
		if err != nil {
			return domain.Invalid("criteria", "invalid_form", "the form could not be read")
		}
		in := service.RubricInput{Blind: ptr(form.Get("blind") != ""), ExcludeVoters: form.Get("exclude_voters") != ""}
		cw, err := strconv.ParseFloat(form.Get("crowd_weight"), 64)
		if err != nil {
			return domain.Invalid("crowd_weight", "not_numeric", "crowd weight must be a number between 0 and 1")
		}
		in.CrowdWeight = &cw
		keys := form["key"]
		for i := range keys {
			if strings.TrimSpace(keys[i]) == "" && strings.TrimSpace(at(form["name"], i)) == "" {
				continue // a blank row
			}
			cr := judging.Criterion{Key: keys[i], Name: at(form["name"], i)}
			for _, f := range []struct {
				name string
				dst  *float64
			}{{"weight", &cr.Weight}, {"min", &cr.Min}, {"max", &cr.Max}} {
				v, err := strconv.ParseFloat(at(form[f.name], i), 64)
				if err != nil {
					return domain.Invalid("criteria["+strconv.Itoa(len(in.Criteria))+"]."+f.name, "not_numeric", f.name+" must be a number")
				}
				*f.dst = v
			}
			in.Criteria = append(in.Criteria, cr)
		}
		_, err = s.svc.SetRubric(c.Request().Context(), u, id, in)
		return err
	}, "judging.rubric_saved")
}

func at(v []string, i int) string {
	if i < len(v) {
		return v[i]
	}
	return ""
}

func ptr[T any](v T) *T { return &v }

// ids reads a list of ids typed as "3, 7 12".
func ids(field, raw string) ([]int64, error) {
	var out []int64
	for _, f := range strings.FieldsFunc(raw, func(r rune) bool { return r == ',' || r == ' ' || r == '，' }) {
		n, err := strconv.ParseInt(strings.TrimPrefix(f, "#"), 10, 64)
		if err != nil {
			return nil, domain.Invalid(field, "invalid_number", "give idea numbers separated by commas")
		}
		out = append(out, n)
	}
	return out, nil
}

func (s *Server) shortlistSubmit(c echo.Context) error {
	return s.deskAction(c, "shortlist", func(id int64, u *domain.User) error {
		top, err := strconv.Atoi(c.FormValue("top"))
		if err != nil {
			return domain.Invalid("top", "invalid_number", "top must be a whole number")
		}
		form, _ := c.FormParams()
		add, err := ids("add", strings.Join(form["add"], ","))
		if err != nil {
			return err
		}
		remove, err := ids("remove", strings.Join(form["remove"], ","))
		if err != nil {
			return err
		}
		_, err = s.svc.Shortlist(c.Request().Context(), u, id, top, add, remove)
		return err
	}, "judging.shortlist_saved")
}

func (s *Server) judgesSubmit(c echo.Context) error {
	return s.deskAction(c, "judges", func(id int64, u *domain.User) error {
		form, _ := c.FormParams()
		var judges []int64
		for _, raw := range form["judges"] {
			n, err := strconv.ParseInt(raw, 10, 64)
			if err != nil {
				return domain.Invalid("user_ids", "invalid_number", "unknown judge")
			}
			judges = append(judges, n)
		}
		per, err := strconv.Atoi(c.FormValue("per_idea"))
		if err != nil {
			return domain.Invalid("per_idea", "invalid_number", "judges per idea must be a whole number")
		}
		_, err = s.svc.AssignJudges(c.Request().Context(), u, id, judges, per)
		return err
	}, "judging.judges_assigned")
}

func (s *Server) publishSubmit(c echo.Context) error {
	return s.deskAction(c, "", func(id int64, u *domain.User) error {
		_, err := s.svc.PublishResults(c.Request().Context(), u, id)
		return err
	}, "judging.published")
}

// queuePage is a judge's workspace: their assignments grouped by
// challenge, in the order the queue lists them.
type queuePage struct {
	Items  []service.QueueItem
	Groups []queueGroup
	// Scored and Open count the items of challenges still being judged
	// (not Final) that the judge may score (not set aside): a published
	// challenge's cards, and a card set aside, are no work of theirs.
	Scored, Open int
	// OpenGroups counts the challenges still being judged: with more
	// than one, each says its own progress too.
	OpenGroups int
	// Error is why a card was not saved, its idea gone from the queue, and
	// Unsent the comment the judge wrote on it.
	Error, Unsent string
}

// queueGroup is one challenge's part of a judge's queue.
type queueGroup struct {
	Challenge domain.Challenge
	// Final: the challenge's results are published; its cards are final.
	Final  bool
	Items  []service.QueueItem
	Scored int
}

// PagePath is the queue's own address, also when a card's refusal shows
// it (its language switch must not post the card again).
func (queuePage) PagePath() string { return "/judging" }

func (s *Server) judgeQueue(c echo.Context) error {
	return s.renderQueue(c, nil, "")
}

// renderQueue shows a judge's queue; after a card refused because its idea
// left the queue while they scored it (failure: hidden, withdrawn, taken
// off the shortlist), with the reason and the comment they wrote, to copy.
func (s *Server) renderQueue(c echo.Context, failure error, unsent string) error {
	items, err := s.svc.JudgeQueue(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	p := queuePage{Items: items}
	status := http.StatusOK
	if failure != nil {
		msg, _, ok := s.formError(c, failure)
		if !ok {
			return failure
		}
		p.Error, p.Unsent, status = msg, strings.TrimSpace(unsent), statusOf[domain.AsError(failure).Kind]
	}
	at := map[int64]int{} // challenge id → index in p.Groups
	for _, it := range items {
		k, ok := at[it.ChallengeID]
		if !ok {
			ch, err := s.svc.Challenge(c.Request().Context(), currentUser(c), it.ChallengeID)
			if err != nil {
				return err
			}
			k = len(p.Groups)
			at[it.ChallengeID] = k
			p.Groups = append(p.Groups, queueGroup{Challenge: ch, Final: it.Final})
			if !it.Final {
				p.OpenGroups++
			}
		}
		g := &p.Groups[k]
		g.Items = append(g.Items, it)
		if it.Scored {
			g.Scored++
		}
		if !it.Final && !it.SetAside { // a set-aside card is never scored
			p.Open++
			if it.Scored {
				p.Scored++
			}
		}
	}
	return s.renderStatus(c, status, "judge_queue", withTitle{s.printer(c).T("judging.queue"), p})
}

// scorecardPage is one idea to score, with the judge's card so far.
type scorecardPage struct {
	Item  service.QueueItem
	Next  int64 // the next idea the judge may score, 0 at the end
	Error string
	Field string
	// AtCriterion is set when Error is about one criterion's score: the
	// page says so under that score's box, naming it (and its scale, for
	// a score off it or missing), rather than above the form.
	AtCriterion bool
	Values      map[string]string
	// Final is set once the challenge's results are published: the card is
	// shown as it was kept, with no form (judging.Open refuses changes).
	Final bool
	// Method is how the challenge's fans vote, for the words that speak
	// of their votes (page.ByMethod).
	Method domain.Method
}

func (s *Server) scorecardShow(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	return s.renderScorecard(c, id, nil, nil)
}

func (s *Server) renderScorecard(c echo.Context, ideaID int64, values map[string]string, failure error) error {
	items, err := s.svc.JudgeQueue(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	p := scorecardPage{Values: values}
	found := false
	for _, it := range items {
		if it.Idea.ID == ideaID {
			p.Item, found = it, true
		} else if !it.Scored && !it.SetAside && !it.Final && p.Next == 0 {
			p.Next = it.Idea.ID
		}
	}
	if !found && failure != nil {
		// The idea left the judge's queue while they scored it (taken off
		// the shortlist, hidden): the queue, with the real reason, not
		// "not assigned", and the comment they wrote.
		return s.renderQueue(c, failure, values["comment"])
	}
	if !found {
		return s.notInQueue(c, ideaID)
	}
	ch, err := s.svc.Challenge(c.Request().Context(), currentUser(c), p.Item.ChallengeID)
	if err != nil {
		return err
	}
	p.Final = judging.Open(ch) != nil
	p.Method = ch.Method()
	if p.Values == nil {
		p.Values = map[string]string{"comment": p.Item.Card.Comment}
		for k, v := range p.Item.Card.Scores {
			p.Values[k] = strconv.FormatFloat(v, 'f', -1, 64)
		}
	}
	status := http.StatusOK
	if failure != nil {
		msg, field, ok := s.formError(c, failure)
		if !ok {
			return failure
		}
		p.Error, p.Field, status = msg, field, statusOf[domain.AsError(failure).Kind]
		if i := slices.IndexFunc(p.Item.Rubric.Criteria, func(cr judging.Criterion) bool { return field == "scores."+cr.Key }); i >= 0 {
			cr, pr := p.Item.Rubric.Criteria[i], s.printer(c)
			p.AtCriterion = true
			if code := domain.AsError(failure).Code; code == "out_of_range" || code == "required" {
				p.Error = pr.T("score53.field", criterionName(pr, cr), cr.Min, cr.Max)
			} else {
				p.Error = pr.T("form53.at", criterionName(pr, cr), msg)
			}
		}
	}
	return s.renderStatus(c, status, "scorecard", withTitle{p.Item.Idea.Title, p})
}

// notInQueue answers a judge who opens the scorecard of an idea that is not
// in their queue (the organiser took them off it, or re-planned the
// judges; or an old link): a page that says so and leads back to their
// queue, still a 403, or the 404 of an idea they may not see
// (Service.Unassigned).
func (s *Server) notInQueue(c echo.Context, ideaID int64) error {
	err := s.svc.Unassigned(c.Request().Context(), currentUser(c), ideaID)
	if e := domain.AsError(err); e == nil || e.Kind != domain.KindForbidden {
		return err
	}
	p := s.printer(c)
	return s.renderStatus(c, http.StatusForbidden, "error", errorPage{Status: http.StatusForbidden, Heading: "judging49.gone_title",
		Message: p.T("judging49.gone"), Back: "/judging", BackKey: "judging49.back_to_queue"})
}

func (s *Server) scorecardSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	items, err := s.svc.JudgeQueue(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	values := map[string]string{"comment": c.FormValue("comment")}
	scores := map[string]float64{}
	var bad error
	for _, it := range items {
		if it.Idea.ID != id {
			continue
		}
		for _, cr := range it.Rubric.Criteria {
			raw := strings.TrimSpace(c.FormValue("score_" + cr.Key))
			values[cr.Key] = raw
			if raw == "" {
				continue // missing: the rubric's check names it
			}
			v, err := strconv.ParseFloat(raw, 64)
			if err != nil && bad == nil {
				bad = domain.Invalid("scores."+cr.Key, "not_numeric", cr.Name+" must be a number")
			}
			scores[cr.Key] = v
		}
	}
	if bad == nil {
		_, bad = s.svc.SaveScorecard(c.Request().Context(), currentUser(c), id, scores, values["comment"])
	}
	if bad != nil {
		return s.renderScorecard(c, id, values, bad)
	}
	s.flash(c, "judging.card_saved")
	// On to the next idea still to score, so a judge can work through the
	// queue without going back to it.
	items, err = s.svc.JudgeQueue(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	for _, it := range items {
		if !it.Scored && !it.SetAside && !it.Final { // a set-aside card may not be scored, a final one no longer
			return c.Redirect(http.StatusSeeOther, "/judging/ideas/"+itoa(it.Idea.ID))
		}
	}
	return c.Redirect(http.StatusSeeOther, "/judging")
}

// resultsPage is the public explanation of how the winners were chosen.
func (s *Server) resultsShow(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	res, err := s.svc.Results(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return s.render(c, "results", res.Challenge.Title, s.withDemand(c, res))
}

// resultsChart draws each shortlisted idea's score out of 100; winners
// stand out.
func resultsChart(p *page, r service.Results) template.HTML {
	bars := make([]chart.Bar, 0, len(r.Ranking))
	for _, x := range r.Ranking {
		b := chart.Bar{Label: r.Ideas[x.IdeaID].Title, Value: float64(x.Score), Note: strconv.Itoa(x.Score)}
		if x.Winner {
			b.Class = "winner"
		}
		bars = append(bars, b)
	}
	return chart.Bars(p.T("results.chart"), bars)
}

// judgesChart draws each judge's mean raw score: who is harsh, who lenient.
func judgesChart(p *page, r service.Results, judges []domain.User) template.HTML {
	names := map[int64]string{}
	for _, j := range judges {
		names[j.ID] = j.Name
	}
	var bars []chart.Bar
	for _, m := range judging.JudgeMeans(r.Rubric, r.Cards) {
		name := names[m.JudgeID]
		if name == "" {
			name = "#" + itoa(m.JudgeID)
		}
		bars = append(bars, chart.Bar{Label: name, Value: m.Mean * 100, Note: strconv.Itoa(int(m.Mean*100+0.5)) + "% · " + strconv.Itoa(m.Cards)})
	}
	return chart.Bars(p.T("chart.judges"), bars)
}

// assignmentSubmit adds or removes one assignment from the judging desk.
func (s *Server) assignmentSubmit(c echo.Context) error {
	assign, said := c.FormValue("assign") != "0", "judging.judges_assigned"
	if !assign {
		said = "walk39.judge_unassigned"
	}
	return s.deskAction(c, "", func(id int64, u *domain.User) error {
		judge, err1 := strconv.ParseInt(c.FormValue("judge_id"), 10, 64)
		idea, err2 := strconv.ParseInt(c.FormValue("idea_id"), 10, 64)
		if err1 != nil || err2 != nil {
			return domain.Invalid("judge_id", "invalid_number", "choose a judge and an idea")
		}
		// discard: the desk's confirmation under a judge who has scored
		// the idea, which says their card stops counting.
		discard := !assign && c.FormValue("discard") == "1"
		return s.svc.SetAssignment(c.Request().Context(), u, id, judge, idea, assign, discard)
	}, said)
}
