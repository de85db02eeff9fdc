package web

import (
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"cocreate/app/chart"
	"cocreate/app/domain"
	"cocreate/app/service"

	"github.com/labstack/echo/v4"
)

// "I'd buy it" and supporter thresholds (#16 items 4 and 5): the API and
// the pages share the service's functions.

func (s *Server) client(c echo.Context) service.Client {
	return service.Client{Addr: c.RealIP(), UserAgent: c.Request().UserAgent()}
}

// tallyJSON is a design's counters after a fan's intent: buyers except
// for a blind judge, units only for whoever may read the demand
// (service.Tally).
type tallyJSON struct {
	Buyers *int `json:"buyers,omitempty"`
	Units  *int `json:"units,omitempty"`
}

func (s *Server) apiIntentPut(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	var in domain.IntentInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	t, err := s.svc.SetIntent(c.Request().Context(), currentUser(c), id, in, s.client(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, tallyJSON{t.Buyers, t.Units})
}

func (s *Server) apiIntentDelete(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	t, err := s.svc.WithdrawIntent(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, tallyJSON{t.Buyers, t.Units})
}

type designDemandJSON struct {
	IdeaID       int64                     `json:"idea_id"`
	Title        string                    `json:"title"`
	Buyers       int                       `json:"buyers"`
	Units        int                       `json:"units"`
	ByOption     map[string]map[string]int `json:"by_option"`
	ByPrice      map[string]int            `json:"by_price"`
	ProductionAt *time.Time                `json:"production_at,omitempty"`
}

func (s *Server) apiDemand(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	format := c.QueryParam("format")
	if format != "" && format != "json" && format != "csv" {
		return domain.Invalid("format", "invalid_format", "format must be json or csv")
	}
	r, err := s.svc.Demand(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	if format == "csv" {
		return writeCSV(c, "demand-"+itoa(id)+".csv", r.CSV())
	}
	out := make([]designDemandJSON, 0, len(r.Ideas))
	for _, d := range r.Ideas {
		j := designDemandJSON{IdeaID: d.ID, Title: d.Title, Buyers: d.Buyers, Units: d.Units, ByOption: d.ByOption,
			ByPrice: map[string]int{}, ProductionAt: d.Production}
		for p, n := range d.ByPrice {
			j.ByPrice[strconv.Itoa(p)] = n
		}
		out = append(out, j)
	}
	return c.JSON(http.StatusOK, map[string]any{"ideas": out})
}

func (s *Server) apiProduction(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	n, err := s.svc.MarkProduction(c.Request().Context(), currentUser(c), id)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"idea_id": id, "told": n})
}

// intentForm reads the idea page's "I'd buy it" form into the API's input:
// quantity, one field per option ("option.size") and max_price. Which
// options and prices the design offers is for the service to check.
func intentForm(c echo.Context) (domain.IntentInput, error) {
	in := domain.IntentInput{Options: map[string]string{}}
	form, err := c.FormParams()
	if err != nil {
		return in, domain.IntentQuantityOutOfRange()
	}
	if in.Quantity, err = strconv.Atoi(strings.TrimSpace(form.Get("quantity"))); err != nil {
		return in, domain.IntentQuantityOutOfRange()
	}
	for k, v := range form {
		if name, ok := strings.CutPrefix(k, "option."); ok && len(v) > 0 && v[0] != "" {
			in.Options[name] = v[0]
		}
	}
	if v := form.Get("max_price"); v != "" {
		if in.MaxPrice, err = strconv.Atoi(v); err != nil {
			return in, domain.Invalid("max_price", "not_offered", "max_price must be one of the price bands")
		}
	}
	return in, nil
}

// ideaIntent is the idea page's "I'd buy it" form: it saves, or with
// withdraw=1 takes the intent back; a refusal shows at its field.
func (s *Server) ideaIntent(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx, u := c.Request().Context(), currentUser(c)
	if c.FormValue("withdraw") == "1" {
		if _, err := s.svc.WithdrawIntent(ctx, u, id); err != nil {
			return s.backWithError(c, err, "/ideas/"+itoa(id), "buy") // the vote closed meanwhile: said at the form
		}
		return s.backTo(c, "/ideas/"+itoa(id), "buy", "demand.withdrawn")
	}
	in, err := intentForm(c)
	if err == nil {
		_, err = s.svc.SetIntent(ctx, u, id, in, s.client(c))
	}
	if err != nil {
		msg, field, ok := s.formError(c, err)
		if !ok {
			return err
		}
		p, perr := s.svc.IdeaPage(ctx, u, id)
		if perr != nil {
			return perr
		}
		v := ideaView{IdeaPage: p, Now: s.svc.Now(), viewer: u, printer: s.printer(c), path: domain.IdeaLink(id), Intent: &in, IntentError: msg, IntentField: field}
		return s.renderStatus(c, statusOf[domain.AsError(err).Kind], "idea", withTitle{p.Idea.Title, v})
	}
	return s.backTo(c, "/ideas/"+itoa(id), "buy", "demand.saved")
}

// CanIntend shows the "I'd buy it" form exactly when the request behind it
// would be allowed (or asks to sign in).
func (v ideaView) CanIntend() bool {
	return allowedOrSignIn(domain.CanIntend(v.viewer, v.Idea, v.Challenge, v.Now))
}

// IntentShown is what the form shows: what was just sent back with an
// error, else the viewer's saved intent, else a quantity of one.
func (v ideaView) IntentShown() domain.IntentInput {
	if v.Intent != nil {
		return *v.Intent
	}
	if m := v.Demand.Mine; m != nil {
		return domain.IntentInput{Quantity: m.Quantity, Options: m.Options, MaxPrice: m.MaxPrice}
	}
	return domain.IntentInput{Quantity: 1}
}

// Quantities are the form's choices of quantity.
func (v ideaView) Quantities() []int {
	out := make([]int, 0, domain.MaxIntentQuantity)
	for n := domain.MinIntentQuantity; n <= domain.MaxIntentQuantity; n++ {
		out = append(out, n)
	}
	return out
}

// demandView is the demand page.
type demandView struct {
	service.DemandReport
	Admin bool
}

func (s *Server) demandShow(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	u := currentUser(c)
	r, err := s.svc.Demand(c.Request().Context(), u, id)
	if e := domain.AsError(err); e != nil && e.Code == "demand_not_yet" {
		// A shared link, opened before the vote closed: say when, and
		// lead back to the challenge, not only home.
		return s.renderStatus(c, http.StatusForbidden, "error", errorPage{Status: http.StatusForbidden, Message: message(s.printer(c), e),
			Back: "/challenges/" + strconv.FormatInt(id, 10), BackKey: "journeys.back_to_challenge"})
	}
	if err != nil {
		return err
	}
	return s.render(c, "demand", s.printer(c).T("demand.title")+" · "+r.Challenge.Title, demandView{DemandReport: r, Admin: u.Has(domain.RoleAdmin)})
}

// productionSubmit is the demand page's "going to production" button.
func (s *Server) productionSubmit(c echo.Context) error {
	id, err := idParam(c, "id")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	n, err := s.svc.MarkProduction(ctx, currentUser(c), id)
	idea, ierr := s.svc.Idea(ctx, currentUser(c), id)
	if err != nil {
		if ierr != nil {
			return err
		}
		// Hidden or withdrawn meanwhile (and so gone from its list): said
		// at the top of the demand page.
		return s.backWithError(c, err, "/challenges/"+itoa(idea.ChallengeID)+"/demand", "")
	}
	if ierr != nil {
		return ierr
	}
	return s.backToText(c, "/challenges/"+itoa(idea.ChallengeID)+"/demand", "idea-"+itoa(id), s.printer(c).T("demand.production_told", n))
}

// demandCurve draws how many units would sell at each price band, every
// band labelled with its count (chart.LabelledColumns).
func demandCurve(p *page, bands []int, curve []domain.CurvePoint) template.HTML {
	points := make([]chart.Point, len(curve))
	for i, pt := range curve {
		points[i] = chart.Point{Label: "¥" + strconv.Itoa(bands[i]), Value: float64(pt.Units)}
	}
	return chart.LabelledColumns(p.T("demand.curve"), points)
}

// demandOptions draws units by each value of one buying option.
func demandOptions(p *page, ch domain.Challenge, name string, by map[string]int) template.HTML {
	bars := make([]chart.Bar, 0, len(ch.BuyOptions[name]))
	for _, v := range ch.BuyOptions[name] {
		bars = append(bars, chart.Bar{Label: v, Value: float64(by[v]), Note: strconv.Itoa(by[v])})
	}
	return chart.Bars(p.T("demand.by_option", name), bars)
}

// demandFormInput reads the challenge form's buying options (one a line,
// "size: S, M, L"), price bands ("99, 199"), supporter threshold and days;
// a form without the fields leaves them as they are.
func demandFormInput(c echo.Context, in *domain.DemandInput) error {
	form, err := c.FormParams()
	if err != nil {
		return nil // a bad form shows as missing fields
	}
	if _, ok := form["buy_options"]; ok {
		opts, err := domain.ParseBuyOptions(form.Get("buy_options"))
		if err != nil {
			return err
		}
		in.BuyOptions = &opts
	}
	if _, ok := form["price_bands"]; ok {
		bands, err := domain.ParsePriceBands(form.Get("price_bands"))
		if err != nil {
			return err
		}
		in.PriceBands = &bands
	}
	for _, f := range []struct {
		name string
		dst  **int
	}{{"support_threshold", &in.SupportThreshold}, {"threshold_days", &in.ThresholdDays}} {
		if _, ok := form[f.name]; !ok {
			continue
		}
		raw := strings.TrimSpace(form.Get(f.name))
		if raw == "" {
			raw = "0"
		}
		n, err := strconv.Atoi(raw)
		if err != nil {
			return domain.Invalid(f.name, "invalid_number", f.name+" must be a whole number")
		}
		*f.dst = &n
	}
	return nil
}

// resultsView is the results page: the judging's results and, in a design
// poll that asks who would buy, the demand per design.
type resultsView struct {
	service.Results
	Demand *demandView
}

// withDemand adds the demand to a results page when the viewer may read
// it (the results are public once published, which is after voting).
func (s *Server) withDemand(c echo.Context, res service.Results) resultsView {
	v := resultsView{Results: res}
	if !res.Challenge.Buying() {
		return v
	}
	u := currentUser(c)
	if r, err := s.svc.Demand(c.Request().Context(), u, res.Challenge.ID); err == nil {
		v.Demand = &demandView{DemandReport: r, Admin: u.Has(domain.RoleAdmin)}
	}
	return v
}
