package service

import (
	"context"
	"fmt"
	"log/slog"
	"sort"
	"strconv"
	"time"

	"cocreate/app/domain"
	"cocreate/app/store"
)

// "I'd buy it" and supporter thresholds (#16 items 4 and 5).

// Tally is a design's "I'd buy it" counters as its reader may read them:
// its buyers, nil for a reader whose mask hides the crowd (a blind judge
// until the results, IdeaMask), and its units only where the reader may
// read the challenge's demand; nil otherwise, since while
// the vote runs how much fans would buy steers it (domain.MaySeeDemand).
type Tally struct {
	Buyers *int
	Units  *int
}

// tallyFor is t as actor may read it in c.
func (s *Service) tallyFor(ctx context.Context, actor *domain.User, c domain.Challenge, t store.Tally) (Tally, error) {
	m, err := s.IdeaMask(ctx, actor, c)
	if err != nil {
		return Tally{}, err
	}
	var out Tally
	if !m.Votes {
		out.Buyers = &t.Buyers
	}
	if domain.MaySeeDemand(actor, c, m, s.now()) == nil {
		out.Units = &t.Units
	}
	return out, nil
}

// SetIntent records (or changes) actor's intent to buy a design, keeping
// the vote-integrity signals as a vote does.
func (s *Service) SetIntent(ctx context.Context, actor *domain.User, ideaID int64, in domain.IntentInput, client Client) (Tally, error) {
	if actor == nil {
		return Tally{}, domain.Unauthorized("sign in to say you would buy it")
	}
	now := s.now()
	sig, err := s.actSignals(ctx, actor, client, now)
	if err != nil {
		return Tally{}, err
	}
	intent := domain.Intent{IdeaID: ideaID, UserID: actor.ID, Quantity: in.Quantity, Options: in.Options, MaxPrice: in.MaxPrice}
	var c domain.Challenge
	t, err := s.store.PutIntent(ctx, intent, sig, func(ch domain.Challenge, idea domain.Idea) error {
		c = ch
		if err := s.mayIntend(actor, ch, idea, now); err != nil {
			return err
		}
		return ch.CheckIntent(in)
	})
	if err != nil {
		return Tally{}, err
	}
	return s.tallyFor(ctx, actor, c, t)
}

// WithdrawIntent takes back actor's intent on a design while voting is open.
func (s *Service) WithdrawIntent(ctx context.Context, actor *domain.User, ideaID int64) (Tally, error) {
	if actor == nil {
		return Tally{}, domain.Unauthorized("sign in to say you would buy it")
	}
	now := s.now()
	var c domain.Challenge
	t, err := s.store.DeleteIntent(ctx, actor.ID, ideaID, func(ch domain.Challenge, idea domain.Idea) error {
		c = ch
		return s.mayIntend(actor, ch, idea, now)
	})
	if err != nil {
		return Tally{}, err
	}
	return s.tallyFor(ctx, actor, c, t)
}

func (s *Service) mayIntend(actor *domain.User, c domain.Challenge, idea domain.Idea, now time.Time) error {
	if !domain.MaySeeIdea(actor, c, idea, now) {
		return domain.NotFound("idea")
	}
	if err := domain.CanVoteAs(actor, c); err != nil {
		return err
	}
	return domain.CanIntend(actor, idea, c, now)
}

// IdeaDemand is what an idea's page shows of buying and thresholds.
type IdeaDemand struct {
	// Mine is the viewer's intent (nil: none); Production is when the
	// design was marked for production.
	Mine       *domain.Intent
	Production *time.Time
	// Threshold is the idea's race to its supporter threshold (ok false:
	// the challenge has none).
	Threshold   domain.ThresholdProgress
	ThresholdOK bool
	// UnitsShown: the viewer may read the design's units (domain.MaySeeDemand);
	// otherwise the page tells only how many fans would buy it.
	UnitsShown bool
}

func (s *Service) ideaDemand(ctx context.Context, actor *domain.User, p *IdeaPage) error {
	now := s.now()
	p.Demand.Threshold, p.Demand.ThresholdOK = domain.Progress(p.Challenge, p.Idea, now)
	if !p.Challenge.Buying() {
		return nil
	}
	var err error
	if p.Demand.Production, err = s.store.ProductionAt(ctx, p.Idea.ID); err != nil {
		return err
	}
	p.Demand.UnitsShown = domain.MaySeeDemand(actor, p.Challenge, p.mask, now) == nil
	if actor != nil {
		in, ok, err := s.store.Intent(ctx, actor.ID, p.Idea.ID)
		if err != nil {
			return err
		}
		if ok {
			p.Demand.Mine = &in
		}
	}
	return nil
}

// DesignDemand is one design's demand in a report.
type DesignDemand struct {
	ID         int64
	Title      string
	State      domain.State
	Production *time.Time
	domain.Demand
	Curve []domain.CurvePoint
}

// DemandReport is a design poll's demand per design, most units first.
type DemandReport struct {
	Challenge domain.Challenge
	Ideas     []DesignDemand
	// VotingOver: designs may be marked for production now
	// (domain.CanMarkProduction).
	VotingOver bool
}

// Demand reports what fans would buy: admins always, anyone who may see
// the challenge once voting has closed. Only listed designs are in it,
// except for admins.
func (s *Service) Demand(ctx context.Context, actor *domain.User, challengeID int64) (DemandReport, error) {
	c, err := s.Challenge(ctx, actor, challengeID)
	if err != nil {
		return DemandReport{}, err
	}
	if !c.Buying() {
		return DemandReport{}, domain.Conflict("no_buying", "this challenge does not ask who would buy its designs")
	}
	m, err := s.IdeaMask(ctx, actor, c)
	if err != nil {
		return DemandReport{}, err
	}
	if err := domain.MaySeeDemand(actor, c, m, s.now()); err != nil {
		return DemandReport{}, err
	}
	ideas, err := s.store.DemandIdeas(ctx, challengeID)
	if err != nil {
		return DemandReport{}, err
	}
	groups, err := s.store.IntentGroups(ctx, challengeID)
	if err != nil {
		return DemandReport{}, err
	}
	tallies := map[int64]domain.Demand{}
	for _, d := range domain.TallyDemand(groups) {
		tallies[d.IdeaID] = d
	}
	r := DemandReport{Challenge: c, Ideas: []DesignDemand{}, VotingOver: domain.VotingOver(c.Schedule, s.now())}
	admin := actor.Has(domain.RoleAdmin)
	for _, i := range ideas {
		if !i.State.Listed() && !admin {
			continue
		}
		d, ok := tallies[i.ID]
		if !ok {
			d = domain.Demand{IdeaID: i.ID, ByOption: map[string]map[string]int{}, ByPrice: map[int]int{}}
		}
		r.Ideas = append(r.Ideas, DesignDemand{ID: i.ID, Title: i.Title, State: i.State, Production: i.ProductionAt,
			Demand: d, Curve: domain.DemandCurve(c.PriceBands, d.ByPrice)})
	}
	sort.SliceStable(r.Ideas, func(a, b int) bool { return r.Ideas[a].Units > r.Ideas[b].Units })
	return r, nil
}

// CSV is the report as spreadsheet rows: a header, then one row per
// design: its id, title, buyers and units, units per option value, and
// units per price band (the most each buyer would pay).
func (r DemandReport) CSV() [][]string {
	header := []string{"idea_id", "title", "buyers", "units"}
	type col struct{ name, value string }
	var cols []col
	for _, n := range r.Challenge.OptionNames() {
		for _, v := range r.Challenge.BuyOptions[n] {
			cols = append(cols, col{n, v})
			header = append(header, n+": "+v)
		}
	}
	for _, b := range r.Challenge.PriceBands {
		header = append(header, "max_price: "+strconv.Itoa(b))
	}
	rows := [][]string{header}
	for _, d := range r.Ideas {
		row := []string{strconv.FormatInt(d.ID, 10), d.Title, strconv.Itoa(d.Buyers), strconv.Itoa(d.Units)}
		for _, c := range cols {
			row = append(row, strconv.Itoa(d.ByOption[c.name][c.value]))
		}
		for _, b := range r.Challenge.PriceBands {
			row = append(row, strconv.Itoa(d.ByPrice[b]))
		}
		rows = append(rows, row)
	}
	return rows
}

// MarkProduction marks a design as going into production; its would-be
// buyers are told first (a notification, and an email unless they turned
// email off, in their own language). It returns how many were told.
func (s *Service) MarkProduction(ctx context.Context, actor *domain.User, ideaID int64) (int, error) {
	now := s.now()
	return s.store.MarkProduction(ctx, ideaID, func(c domain.Challenge, idea domain.Idea) error {
		return domain.CanMarkProduction(actor, idea, c, now)
	}, productionNotices)
}

// productionNotices are what a design's would-be buyers are told when it
// goes into production: by MarkProduction, the buyers counted then; by a
// clear of an integrity group (DecideIntegrityGroup, finishHolds), those
// whose intents it counts again on a design already marked, who were held
// when the others were told. The store writes each fan's notice once.
func productionNotices(idea domain.Idea, buyers []int64) []domain.Outgoing {
	return domain.ProductionNotices(idea.ID, idea.Title, buyers)
}

// settleThreshold shortlists an idea that reached its challenge's
// supporter threshold in time, or expires one that missed it, telling its
// author and its supporters (of an expired idea, with their vote when it
// goes back to a budget, else apart: domain.ExpiredNotices).
func (s *Service) settleThreshold(ctx context.Context, ideaID int64) (bool, error) {
	now := s.now()
	return s.store.SettleThreshold(ctx, ideaID, func(c domain.Challenge, idea domain.Idea, supporters []int64) (domain.State, []domain.Outgoing, bool) {
		switch {
		case domain.Reached(c, idea, idea.Votes):
			return domain.StateShortlisted, domain.QualifiedNotices(idea.ID, idea.Title, domain.Audience{Author: idea.Author.ID, Voters: supporters}), false
		case domain.Expires(c, idea, idea.Votes, now):
			release := domain.ReleasesVotes(c, idea.State, domain.StateExpired, now)
			return domain.StateExpired, domain.ExpiredNotices(idea, supporters, release), release
		}
		return idea.State, nil, false
	}, domain.ExpiredVotesReturnedNotices)
}

// SweepThresholds settles every idea whose threshold is due: those that
// reached it (a vote settles its idea at once; this catches any a crash
// left) and those whose days are over. It returns how many moved.
func (s *Service) SweepThresholds(ctx context.Context) (int, error) {
	moved := 0
	for {
		ids, err := s.store.ThresholdDue(ctx, s.now(), 200)
		if err != nil {
			return moved, err
		}
		n := 0
		for _, id := range ids {
			ok, err := s.settleThreshold(ctx, id)
			if err != nil {
				return moved, fmt.Errorf("service: settling idea %d: %w", id, err)
			}
			if ok {
				n++
			}
		}
		moved += n
		if len(ids) < 200 || n == 0 {
			return moved, nil
		}
	}
}

// RunThresholds sweeps thresholds every interval until ctx ends, and once
// at the start (so ideas whose days ended while the server was down
// expire at once).
func (s *Service) RunThresholds(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := s.SweepThresholds(ctx); err != nil && ctx.Err() == nil && log != nil {
			log.Error("supporter thresholds", "err", err)
		} else if n > 0 && log != nil {
			log.Info("supporter thresholds settled", "ideas", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
