package web

import (
	"net/http"
	"time"

	"cocreate/app/domain"
	"cocreate/app/integrity"
	"cocreate/app/store"

	"github.com/labstack/echo/v4"
)

type integritySignalJSON struct {
	Kind     string  `json:"kind"`
	Strength float64 `json:"strength"`
	Text     string  `json:"text"` // the evidence in words, in the request's language
}

type integrityGroupJSON struct {
	ID      int64                 `json:"id"`
	UserIDs []int64               `json:"user_ids"`
	IdeaIDs []int64               `json:"idea_ids"`
	Signals []integritySignalJSON `json:"signals"`
	Score   float64               `json:"score"`
	Votes   int                   `json:"votes"`
	Status  string                `json:"status"`
	Reason  string                `json:"reason,omitempty"`
	// Holding: its hold (quarantined) or release (cleared) is still
	// being written, a range of ideas at a time.
	Holding bool `json:"holding"`
	// Acts is what the members did in the challenge by kind (votes
	// above counts every act the scan read, of any kind).
	Acts actsJSON `json:"acts"`
}

type actsJSON struct {
	Votes       int `json:"votes"`
	Ratings     int `json:"ratings"`
	Comparisons int `json:"comparisons"`
	Intents     int `json:"intents"`
}

type integrityReportJSON struct {
	ScannedAt        *time.Time           `json:"scanned_at"`
	Groups           []integrityGroupJSON `json:"groups"`
	QuarantinedVotes int                  `json:"quarantined_votes"`
	// Held acts of the other kinds: star ratings, pairwise choices, "I'd
	// buy it".
	QuarantinedRatings     int `json:"quarantined_ratings"`
	QuarantinedComparisons int `json:"quarantined_comparisons"`
	QuarantinedIntents     int `json:"quarantined_intents"`
}

func toIntegrityGroupJSON(lang string, g store.IntegrityGroup) integrityGroupJSON {
	j := integrityGroupJSON{ID: g.ID, UserIDs: nonNilIDs(g.Users), IdeaIDs: nonNilIDs(g.Ideas), Signals: []integritySignalJSON{},
		Score: g.Score, Votes: g.Votes, Status: g.Status, Reason: g.Reason, Holding: g.Holding,
		Acts: actsJSON{g.Acts.Votes, g.Acts.Ratings, g.Acts.Comparisons, g.Acts.Intents}}
	for _, sg := range g.Signals {
		j.Signals = append(j.Signals, integritySignalJSON{Kind: sg.Kind, Strength: sg.Strength, Text: integrity.Words(lang, sg)})
	}
	return j
}

func toIntegrityReportJSON(lang string, r store.IntegrityReport) integrityReportJSON {
	j := integrityReportJSON{Groups: []integrityGroupJSON{}, QuarantinedVotes: r.QuarantinedVotes,
		QuarantinedRatings: r.Held.Ratings, QuarantinedComparisons: r.Held.Comparisons, QuarantinedIntents: r.Held.Intents}
	if !r.ScannedAt.IsZero() {
		at := r.ScannedAt
		j.ScannedAt = &at
	}
	for _, g := range r.Groups {
		j.Groups = append(j.Groups, toIntegrityGroupJSON(lang, g))
	}
	return j
}

func nonNilIDs(l []int64) []int64 {
	if l == nil {
		return []int64{}
	}
	return l
}

func (s *Server) apiIntegrityScan(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	r, err := s.svc.ScanIntegrity(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toIntegrityReportJSON(s.lang(c), r))
}

func (s *Server) apiIntegrity(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	r, err := s.svc.IntegrityReport(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toIntegrityReportJSON(s.lang(c), r))
}

func (s *Server) apiIntegrityDecide(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	gid, err := idParam(c, "gid")
	if err != nil {
		return err
	}
	var in struct {
		Action string `json:"action"`
		Reason string `json:"reason"`
	}
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	g, err := s.svc.DecideIntegrityGroup(c.Request().Context(), currentUser(c), id, gid, in.Action, in.Reason)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, toIntegrityGroupJSON(s.lang(c), g))
}

type integrityLogJSON struct {
	At           time.Time         `json:"at"`
	IdeaIDs      []int64           `json:"idea_ids"`
	Ideas        []store.IdeaVotes `json:"ideas"` // how many votes each idea lost
	VotesRemoved int               `json:"votes_removed"`
	Reason       string            `json:"reason"`
}

func (s *Server) apiIntegrityLog(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	after, err := domain.ParseTimeCursor(c.QueryParam("cursor"))
	if err != nil {
		return err
	}
	page, err := s.svc.IntegrityLog(c.Request().Context(), currentUser(c), id, after, c.QueryParam("limit"))
	if err != nil {
		return err
	}
	out := []integrityLogJSON{}
	for _, e := range page.Entries {
		j := integrityLogJSON{At: e.At, IdeaIDs: []int64{}, Ideas: e.Ideas, VotesRemoved: e.VotesRemoved, Reason: e.Reason}
		if j.Ideas == nil {
			j.Ideas = []store.IdeaVotes{}
		}
		for _, iv := range e.Ideas {
			j.IdeaIDs = append(j.IdeaIDs, iv.IdeaID)
		}
		out = append(out, j)
	}
	return c.JSON(http.StatusOK, map[string]any{"entries": out, "next_cursor": nextCursorJSON(cursorText(page.Next))})
}
