package web

import (
	"html/template"
	"net/http"
	"strings"
	"time"

	"cocreate/app/chart"
	"cocreate/app/domain"
	"cocreate/app/i18n"
	"cocreate/app/integrity"
	"cocreate/app/store"

	"github.com/labstack/echo/v4"
)

// integrityGroupView is one group on the admin's integrity page.
type integrityGroupView struct {
	store.IntegrityGroup
	Evidence []string
	Ideas    []domain.Idea
	Timeline template.HTML
	Open     bool // suspected or quarantined: the admin may decide
	// ActsShown is what its members did, by kind, the kinds they did.
	ActsShown map[string]int
}

type integrityPage struct {
	Challenge domain.Challenge
	Report    store.IntegrityReport
	Groups    []integrityGroupView
	// Refused is a decision just refused, shown again at its group's form.
	Refused *integrityRefusal
}

// integrityRefusal is a group's decision the service refused: what was
// sent, and why, at its field ("reason") or above the form.
type integrityRefusal struct {
	Group        int64
	Reason       string
	Error, Field string
}

// Key is key's words as the challenge decides (domain.MethodKey): "remove
// their ratings" in a stars challenge.
func (p integrityPage) Key(key string) string { return domain.MethodKey(key, p.Challenge) }

// signalWords is a signal's evidence in words, as challenge c decides:
// "rated ideas #3 and #4" in a stars challenge; a signal that names no act
// ("shared 2 browser signatures") reads the same in all.
func signalWords(lang string, c domain.Challenge, sg integrity.Signal) string {
	if k := domain.MethodKey("integrity.signal."+sg.Kind, c); i18n.Has(k) {
		sg.Kind = strings.TrimPrefix(k, "integrity.signal.")
	}
	return integrity.Words(lang, sg)
}

// PagePath is the page's own address, also when it answers a refused
// decision's post.
func (p integrityPage) PagePath() string {
	return "/challenges/" + itoa(p.Challenge.ID) + "/integrity"
}

// RefusedAt is the refusal of group gid's decision, if it was the one
// refused.
func (p integrityPage) RefusedAt(gid int64) *integrityRefusal {
	if p.Refused != nil && p.Refused.Group == gid {
		return p.Refused
	}
	return nil
}

// integrityShow is the admin's integrity page: the groups of the last scan,
// their ideas, a timeline of their votes against everyone else's, the
// evidence in words, and the decisions.
func (s *Server) integrityShow(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	page, err := s.integrityPage(c, id)
	if err != nil {
		return err
	}
	return s.render(c, "integrity", s.printer(c).T(page.Key("integrity.title")), page)
}

// integrityPage reads the integrity page of challenge id.
func (s *Server) integrityPage(c echo.Context, id int64) (integrityPage, error) {
	ctx, actor := c.Request().Context(), currentUser(c)
	rep, err := s.svc.IntegrityReport(ctx, actor, id)
	if err != nil {
		return integrityPage{}, err
	}
	ch, err := s.svc.Challenge(ctx, actor, id)
	if err != nil {
		return integrityPage{}, err
	}
	p := s.printer(c)
	lang := p.Lang
	page := integrityPage{Challenge: ch, Report: rep}
	// Every group's ideas, read at once, with their held acts read in one
	// call.
	var ids []int64
	for _, g := range rep.Groups {
		ids = append(ids, g.Ideas...)
	}
	byID, err := s.svc.IdeasIn(ctx, actor, ch, ids)
	if err != nil {
		return integrityPage{}, err
	}
	var ideas []domain.Idea
	ends := make([]int, len(rep.Groups))
	for i, g := range rep.Groups {
		for _, iid := range g.Ideas {
			if idea, ok := byID[iid]; ok {
				ideas = append(ideas, idea)
			}
		}
		ends[i] = len(ideas)
	}
	if err := s.svc.WithHeldActs(ctx, actor, id, ideas); err != nil {
		return integrityPage{}, err
	}
	start := 0
	for i, g := range rep.Groups {
		v := integrityGroupView{IntegrityGroup: g, Open: integrity.Undecided(g.Status)}
		for _, sg := range g.Signals {
			v.Evidence = append(v.Evidence, signalWords(lang, ch, sg))
		}
		v.Ideas, start = ideas[start:ends[i]:ends[i]], ends[i]
		v.ActsShown = domain.HeldActs{Ratings: g.Acts.Ratings, Comparisons: g.Acts.Comparisons, Intents: g.Acts.Intents}.Shown()
		if g.Acts.Votes > 0 {
			v.ActsShown["votes"] = g.Acts.Votes
		}
		if v.Open {
			start, width, grp, others, err := s.svc.GroupTimeline(ctx, actor, id, g.ID, 48)
			if err != nil {
				return integrityPage{}, err
			}
			if len(grp) > 0 {
				bg, hl := make([]float64, len(grp)), make([]float64, len(grp))
				for i := range grp {
					bg[i], hl[i] = float64(others[i]), float64(grp[i])
				}
				from := time.UnixMilli(start.Milliseconds()).In(s.cfg.Location)
				to := from.Add(width * time.Duration(len(grp)))
				v.Timeline = chart.Timeline(p.T(domain.MethodKey("integrity.timeline", ch)), from.Format("01-02 15:04"), to.Format("01-02 15:04"), bg, hl)
			}
		}
		page.Groups = append(page.Groups, v)
	}
	return page, nil
}

func (s *Server) integrityScanSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	if _, err := s.svc.ScanIntegrity(c.Request().Context(), currentUser(c), id); err != nil {
		return err
	}
	s.flash(c, "integrity.scanned")
	return c.Redirect(http.StatusSeeOther, "/challenges/"+itoa(id)+"/integrity")
}

func (s *Server) integrityDecideSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	gid, err := idParam(c, "gid")
	if err != nil {
		return err
	}
	action, reason := c.FormValue("action"), c.FormValue("reason")
	if _, err := s.svc.DecideIntegrityGroup(c.Request().Context(), currentUser(c), id, gid, action, reason); err != nil {
		// A refusal (no reason to remove with, a group decided meanwhile)
		// shows the page again, the reason kept and the words at its
		// field; nothing changed.
		msg, field, ok := s.formError(c, err)
		if !ok {
			return err
		}
		page, perr := s.integrityPage(c, id)
		if perr != nil {
			return perr
		}
		page.Refused = &integrityRefusal{Group: gid, Reason: reason, Error: msg, Field: field}
		return s.renderStatus(c, statusOf[domain.AsError(err).Kind], "integrity", withTitle{s.printer(c).T(page.Key("integrity.title")), page})
	}
	key := "integrity.cleared"
	if action == "remove" {
		key = "integrity.removed"
	}
	if ch, err := s.svc.Challenge(c.Request().Context(), currentUser(c), id); err == nil {
		key = domain.MethodKey(key, ch) // "the group's ratings were removed"
	}
	s.flash(c, key)
	return c.Redirect(http.StatusSeeOther, "/challenges/"+itoa(id)+"/integrity")
}

type integrityLogLine struct {
	store.IntegrityLogEntry
	Ideas []integrityLogIdea
}

type integrityLogIdea struct {
	Idea  domain.Idea
	Votes int
}

// integrityLogShow is a challenge's public integrity log: which ideas lost
// how many votes, when and why; never who.
func (s *Server) integrityLogShow(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	after, err := domain.ParseTimeCursor(c.QueryParam("cursor"))
	if err != nil {
		return err
	}
	ctx, actor := c.Request().Context(), currentUser(c)
	page, err := s.svc.IntegrityLog(ctx, actor, id, after, "") // IntegrityLogLimit
	if err != nil {
		return err
	}
	entries, ch := page.Entries, page.Challenge // read once, with who may see it
	var ids []int64
	for _, e := range entries {
		for _, iv := range e.Ideas {
			ids = append(ids, iv.IdeaID)
		}
	}
	byID, err := s.svc.IdeasIn(ctx, actor, ch, ids) // one read, not one an idea
	if err != nil {
		return err
	}
	var lines []integrityLogLine
	for _, e := range entries {
		l := integrityLogLine{IntegrityLogEntry: e}
		for _, iv := range e.Ideas {
			idea, ok := byID[iv.IdeaID]
			if !ok {
				idea = domain.Idea{ID: iv.IdeaID} // hidden since: its number only
			}
			l.Ideas = append(l.Ideas, integrityLogIdea{Idea: idea, Votes: iv.Votes})
		}
		lines = append(lines, l)
	}
	next := ""
	if page.Next != nil {
		next = "?cursor=" + page.Next.Encode() // URL-safe base64
	}
	return s.render(c, "integrity_log", s.printer(c).T("integrity.log_title"), map[string]any{"Challenge": ch, "Entries": lines, "Next": next, "Later": after != nil})
}
