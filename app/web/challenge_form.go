package web

import (
	"time"

	"github.com/labstack/echo/v4"

	"cocreate/app/domain"
)

// challengeForm is the admin's create/edit form.
type challengeForm struct {
	Challenge domain.Challenge
	New       bool
	Error     string
	Field     string
	// MethodLocked: the saved challenge's vote has begun, or fans have
	// acted in it, so its voting method and who may vote can no longer
	// change (domain.VoteRulesLocked): both choices are shown disabled.
	MethodLocked bool
	// ThresholdLocked: the saved challenge has ideas, so its supporter
	// threshold and days can no longer change (domain.CanChangeThreshold):
	// both are shown disabled, and a disabled field is not sent.
	ThresholdLocked bool
	// BuyingAddOnly: fans have said what they would buy, so buying options
	// and price bands may only gain values (domain.CanChangeBuying): the
	// form says so.
	BuyingAddOnly bool
	// BuyOptions and PriceBands are those fields' text: as saved, or as
	// typed in a refused form (which may be what would not read).
	BuyOptions, PriceBands string
	// PhotosLost is 1 when a refused form had a cover chosen, which a
	// browser cannot be made to keep: the person is told to choose it
	// again, as on the idea form.
	PhotosLost int
}

// newChallengeForm is the form for ch as saved (or a new one's defaults),
// holding a at now.
func newChallengeForm(ch domain.Challenge, a domain.ChallengeActivity, isNew bool, now time.Time) challengeForm {
	return challengeForm{Challenge: ch, New: isNew,
		MethodLocked: !isNew && domain.VoteRulesLocked(ch, a, now), ThresholdLocked: a.ThresholdLocked(), BuyingAddOnly: a.BuyingAddOnly(),
		BuyOptions: domain.FormatBuyOptions(ch.DemandRules), PriceBands: domain.FormatPriceBands(ch.PriceBands)}
}

// typed shows the buying options and price bands of a refused form as the
// admin typed them: read back from what they meant, a line that did not
// read, or a band that was not a number, would be lost.
func (f *challengeForm) typed(c echo.Context) {
	form, err := c.FormParams()
	if err != nil {
		return
	}
	if v, ok := form["buy_options"]; ok && len(v) > 0 {
		f.BuyOptions = v[0]
	}
	if v, ok := form["price_bands"]; ok && len(v) > 0 {
		f.PriceBands = v[0]
	}
}
