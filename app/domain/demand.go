package domain

import (
	"sort"
	"strconv"
	"strings"
	"time"
)

// "I'd buy it" (purchase intent, the demand signal of a design poll): in a design
// poll with buying options, a fan says they would buy a design, in what
// quantity, with which options and up to what price. And supporter
// thresholds (LEGO Ideas): an open call may let an idea that reaches N
// supporters within D days of its submission onto the shortlist on its own.

// DemandRules are a challenge's buying options and supporter threshold.
type DemandRules struct {
	// BuyOptions are the choices a buyer makes, e.g. {"size": ["S","M"]};
	// empty means the challenge takes no intents. Design polls only.
	BuyOptions map[string][]string
	// PriceBands are the prices a buyer picks the most they would pay from,
	// ascending; empty means intents carry no price.
	PriceBands []int
	// SupportThreshold is how many votes shortlist an idea on its own (0:
	// none); ThresholdDays is how long after its submission an idea has to
	// reach it (0: no time limit, so no idea ever expires). Open calls only.
	SupportThreshold int
	ThresholdDays    int
}

// DemandInput is the API's and the form's part of ChallengeInput for
// DemandRules; nil fields are unchanged.
type DemandInput struct {
	BuyOptions       *map[string][]string `json:"buy_options"`
	PriceBands       *[]int               `json:"price_bands"`
	SupportThreshold *int                 `json:"support_threshold"`
	ThresholdDays    *int                 `json:"threshold_days"`
}

// Limits on buying options, price bands and thresholds.
const (
	MaxBuyOptions      = 5       // option names, such as size and colour
	MaxBuyValues       = 20      // values per option
	MaxBuyText         = 30      // characters in a name or a value
	MaxPriceBands      = 10      // bands
	MaxPrice           = 1000000 // a band's price
	MaxIntentQuantity  = 10
	MaxSupportThresh   = 1000000
	MaxThresholdDays   = 3650
	maxBuyOptionsTotal = MaxBuyOptions * MaxBuyValues
)

// apply writes the set fields onto r, trimming names and values and
// sorting the bands.
func (in DemandInput) apply(r *DemandRules) {
	if in.BuyOptions != nil {
		r.BuyOptions = CleanBuyOptions(*in.BuyOptions)
	}
	if in.PriceBands != nil {
		bands := append([]int{}, (*in.PriceBands)...)
		sort.Ints(bands)
		r.PriceBands = bands
	}
	if in.SupportThreshold != nil {
		r.SupportThreshold = *in.SupportThreshold
	}
	if in.ThresholdDays != nil {
		r.ThresholdDays = *in.ThresholdDays
	}
}

// CleanBuyOptions trims option names and values and drops empty ones (and
// options left with no value), keeping each option's order.
func CleanBuyOptions(in map[string][]string) map[string][]string {
	out := map[string][]string{}
	for name, values := range in {
		name = strings.TrimSpace(name)
		var vs []string
		for _, v := range values {
			if v = strings.TrimSpace(v); v != "" {
				vs = append(vs, v)
			}
		}
		if name != "" && len(vs) > 0 {
			out[name] = append(out[name], vs...)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// OptionNames are a challenge's buying options' names, sorted.
func (r DemandRules) OptionNames() []string {
	names := make([]string, 0, len(r.BuyOptions))
	for n := range r.BuyOptions {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Buying reports whether fans can say they would buy the challenge's
// designs: a design poll with buying options.
func (c Challenge) Buying() bool { return c.Kind == DesignPoll && len(c.BuyOptions) > 0 }

// validate checks the rules against the challenge's kind, naming the field.
func (r DemandRules) validate(kind Kind, method Method) error {
	if len(r.BuyOptions) > 0 && kind != DesignPoll {
		return Invalid("buy_options", "design_poll_only", "buying options are for design polls")
	}
	if len(r.PriceBands) > 0 && len(r.BuyOptions) == 0 {
		return Invalid("price_bands", "needs_buy_options", "price bands need buying options")
	}
	if len(r.BuyOptions) > MaxBuyOptions {
		return Invalid("buy_options", "too_many_options", "at most 5 buying options")
	}
	for _, name := range r.OptionNames() {
		if err := TextField("buy_options", name, 1, MaxBuyText); err != nil {
			return err
		}
		values := r.BuyOptions[name]
		if len(values) > MaxBuyValues {
			return Invalid("buy_options", "too_many_values", "at most 20 values per buying option")
		}
		seen := map[string]bool{}
		for _, v := range values {
			if err := TextField("buy_options", v, 1, MaxBuyText); err != nil {
				return err
			}
			if seen[v] {
				return Invalid("buy_options", "repeated_value", "a buying option lists a value twice")
			}
			seen[v] = true
		}
	}
	if len(r.PriceBands) > MaxPriceBands {
		return Invalid("price_bands", "too_many_bands", "at most 10 price bands")
	}
	for i, p := range r.PriceBands {
		if p < 1 || p > MaxPrice {
			return Invalid("price_bands", "out_of_range", "each price band is between 1 and 1000000")
		}
		if i > 0 && p == r.PriceBands[i-1] {
			return Invalid("price_bands", "repeated_band", "a price band is listed twice")
		}
	}
	if (r.SupportThreshold != 0 || r.ThresholdDays != 0) && kind != OpenCall {
		field := "support_threshold"
		if r.SupportThreshold == 0 {
			field = "threshold_days"
		}
		return Invalid(field, "open_call_only", "supporter thresholds are for open calls")
	}
	if r.SupportThreshold > 0 && method != MethodSupport {
		return Invalid("support_threshold", "support_votes_only", "supporter thresholds count support votes: use the support method")
	}
	if r.SupportThreshold < 0 || r.SupportThreshold > MaxSupportThresh {
		return Invalid("support_threshold", "out_of_range", "support_threshold is out of range")
	}
	if r.ThresholdDays < 0 || r.ThresholdDays > MaxThresholdDays {
		return Invalid("threshold_days", "out_of_range", "threshold_days is out of range")
	}
	if r.ThresholdDays > 0 && r.SupportThreshold == 0 {
		return Invalid("threshold_days", "needs_threshold", "threshold_days needs a support_threshold")
	}
	return nil
}

// ParseBuyOptions reads buying options as a form writes them, one option a
// line, its name before a colon and its values separated by commas (Latin
// or Chinese), the enumeration comma or slashes: "size: S, M, L".
func ParseBuyOptions(s string) (map[string][]string, error) {
	out := map[string][]string{}
	for _, line := range strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }) {
		if strings.TrimSpace(line) == "" {
			continue
		}
		name, values, ok := strings.Cut(strings.ReplaceAll(line, "：", ":"), ":")
		if !ok || strings.TrimSpace(name) == "" {
			return nil, Invalid("buy_options", "bad_line", "write each buying option as name: value, value")
		}
		vs := strings.FieldsFunc(values, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == '/' })
		if _, dup := out[strings.TrimSpace(name)]; dup {
			return nil, Invalid("buy_options", "repeated_option", "a buying option is named twice")
		}
		out[strings.TrimSpace(name)] = vs
		if len(out) > maxBuyOptionsTotal {
			return nil, Invalid("buy_options", "too_many_options", "at most 5 buying options")
		}
	}
	return CleanBuyOptions(out), nil
}

// FormatBuyOptions writes buying options the way ParseBuyOptions reads them.
func FormatBuyOptions(r DemandRules) string {
	var lines []string
	for _, n := range r.OptionNames() {
		lines = append(lines, n+": "+strings.Join(r.BuyOptions[n], ", "))
	}
	return strings.Join(lines, "\n")
}

// ParsePriceBands reads price bands typed in one field: whole numbers
// separated by commas or spaces.
func ParsePriceBands(s string) ([]int, error) {
	var out []int
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ' ' || r == '\u3000' }) {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil {
			return nil, Invalid("price_bands", "not_a_number", "price bands are whole numbers")
		}
		out = append(out, n)
		if len(out) > MaxPriceBands {
			return nil, Invalid("price_bands", "too_many_bands", "at most 10 price bands")
		}
	}
	sort.Ints(out)
	return out, nil
}

// FormatPriceBands writes price bands the way ParsePriceBands reads them.
func FormatPriceBands(bands []int) string {
	s := make([]string, len(bands))
	for i, b := range bands {
		s[i] = strconv.Itoa(b)
	}
	return strings.Join(s, ", ")
}

// Intent is one fan's "I'd buy it" for one design.
type Intent struct {
	IdeaID   int64
	UserID   int64
	Quantity int
	Options  map[string]string
	MaxPrice int // 0 when the challenge has no price bands
}

// IntentInput is what a fan sends.
type IntentInput struct {
	Quantity int               `json:"quantity"`
	Options  map[string]string `json:"options"`
	MaxPrice int               `json:"max_price"`
}

// CheckIntent decides whether an intent fits the challenge's options and
// bands, naming the first bad field: a quantity of 1 to 10, one offered
// value for every option and no other option, and one of the bands as the
// most they would pay (none when there are no bands).
func (r DemandRules) CheckIntent(in IntentInput) error {
	if !InIntentRange(in.Quantity) {
		return IntentQuantityOutOfRange()
	}
	for name := range in.Options {
		if _, ok := r.BuyOptions[name]; !ok {
			return Invalid("options."+safeName(name), "unknown_option", "this design has no such buying option")
		}
	}
	for _, name := range r.OptionNames() {
		v, ok := in.Options[name]
		if !ok || v == "" {
			return Invalid("options."+name, "required", "choose a "+name)
		}
		if !contains(r.BuyOptions[name], v) {
			return Invalid("options."+name, "not_offered", name+" must be one of the offered values")
		}
	}
	if len(r.PriceBands) == 0 {
		if in.MaxPrice != 0 {
			return Invalid("max_price", "no_price_bands", "this design poll asks no price")
		}
		return nil
	}
	if !containsInt(r.PriceBands, in.MaxPrice) {
		return Invalid("max_price", "not_offered", "max_price must be one of the price bands")
	}
	return nil
}

// safeName keeps a field name from a request short and printable, as it is
// echoed back in the error.
func safeName(s string) string {
	if TextField("", s, 1, MaxBuyText) != nil {
		return "?"
	}
	return s
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func containsInt(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// CanIntend decides whether user may say (or take back) they would buy
// idea at now: a signed-in fan, in a design poll with buying options, on
// a listed design, while voting is open.
func CanIntend(u *User, idea Idea, c Challenge, now time.Time) error {
	if u == nil {
		return Unauthorized("sign in to say you would buy it")
	}
	if !c.Buying() {
		return Conflict("no_buying", "this challenge does not ask who would buy its designs")
	}
	if !idea.State.Listed() {
		return Conflict("idea_not_votable", "this idea cannot be voted on")
	}
	if !VotingOpenOn(c, idea, now) {
		return Conflict("voting_closed", "voting is not open for this challenge")
	}
	return nil
}

// Demand is what the intents on one design add up to. ByOption and ByPrice
// count units (what production plans by); Buyers counts fans.
type Demand struct {
	IdeaID   int64
	Buyers   int
	Units    int
	ByOption map[string]map[string]int
	ByPrice  map[int]int
}

// IntentGroup is intents on one design that chose the same options and
// price, counted: how many fans, how many units.
type IntentGroup struct {
	IdeaID        int64
	Options       map[string]string
	MaxPrice      int
	Buyers, Units int
}

// TallyDemand adds up groups of intents per idea, in the order ideas first
// appear.
func TallyDemand(groups []IntentGroup) []Demand {
	var out []Demand
	at := map[int64]int{}
	for _, g := range groups {
		i, ok := at[g.IdeaID]
		if !ok {
			i = len(out)
			at[g.IdeaID] = i
			out = append(out, Demand{IdeaID: g.IdeaID, ByOption: map[string]map[string]int{}, ByPrice: map[int]int{}})
		}
		d := &out[i]
		d.Buyers += g.Buyers
		d.Units += g.Units
		for name, v := range g.Options {
			if d.ByOption[name] == nil {
				d.ByOption[name] = map[string]int{}
			}
			d.ByOption[name][v] += g.Units
		}
		if g.MaxPrice > 0 {
			d.ByPrice[g.MaxPrice] += g.Units
		}
	}
	return out
}

// CurvePoint is one point of a demand curve: at Price, Units would sell.
type CurvePoint struct {
	Price int
	Units int
}

// DemandCurve is how many units would sell at each band: everyone whose
// most is that price or more. It falls as the price rises.
func DemandCurve(bands []int, byPrice map[int]int) []CurvePoint {
	out := make([]CurvePoint, len(bands))
	total := 0
	for i := len(bands) - 1; i >= 0; i-- {
		total += byPrice[bands[i]]
		out[i] = CurvePoint{Price: bands[i], Units: total}
	}
	return out
}

// MaySeeDemand decides who reads a challenge's demand: admins always,
// anyone who may see the challenge once its vote is over (while it runs,
// demand would steer the vote); never one whose mask m hides the crowd's
// measures (a blind judge, until the results: IdeaMask.Apply).
func MaySeeDemand(u *User, c Challenge, m IdeaMask, now time.Time) error {
	if m.Votes {
		return Forbidden("a blind judge sees the demand once the results are out")
	}
	if u.Has(RoleAdmin) {
		return nil
	}
	if !c.Buying() {
		return Conflict("no_buying", "this challenge does not ask who would buy its designs")
	}
	if !VotingOver(c.Schedule, now) {
		if u == nil { // an admin may: no credentials is 401
			return Unauthorized("demand is shown once voting has closed, before that to admins only")
		}
		return &Error{Kind: KindForbidden, Code: "demand_not_yet", Message: "demand is shown once voting has closed"}
	}
	return nil
}

// CanMarkProduction decides whether user may mark idea as going into
// production: an admin, on a design of a challenge that asks who would buy
// it, not hidden, withdrawn, merged or expired, once its voting is over
// (VotingOver, as the demand shown to fans waits): a design marked while
// fans still vote would steer the vote its buyers were asked for, and
// the mark, told to every would-be buyer at once, is not taken back.
func CanMarkProduction(u *User, idea Idea, c Challenge, now time.Time) error {
	if u == nil {
		return Unauthorized("sign in first")
	}
	if !u.Has(RoleAdmin) {
		return Forbidden("only an admin marks a design for production")
	}
	if !c.Buying() {
		return Conflict("no_buying", "this challenge does not ask who would buy its designs")
	}
	if !idea.State.Listed() {
		return Conflict("idea_not_listed", "only a listed design can go into production")
	}
	if !VotingOver(c.Schedule, now) {
		return Conflict("voting_not_over", "a design goes into production once voting has closed: marked now, it would steer the vote")
	}
	return nil
}

// NoticeProduction tells a fan who would buy a design that it is going
// into production (args: title).
const NoticeProduction NoticeKind = "production"

// ProductionNotices tell every would-be buyer first, with a link to the design.
func ProductionNotices(ideaID int64, title string, buyers []int64) []Outgoing {
	out := make([]Outgoing, 0, len(buyers))
	for _, id := range buyers {
		out = append(out, Outgoing{To: id, Kind: NoticeProduction, URL: IdeaLink(ideaID), Args: []string{title}})
	}
	return out
}
