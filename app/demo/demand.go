package demo

import (
	"context"

	"cocreate/app/domain"
	"cocreate/app/service"
)

// The Qige poll asks who would buy each dress, in which size and colour
// and up to what price (#16 item 4), so a newcomer sees demand per dress
// by size on its demand page.

// The poll's buying options are named in Chinese, like the poll: their
// names head its demand charts ("按“尺码”统计件数").
const (
	optSize   = "尺码"
	optColour = "颜色"
)

// qigeBuying is the poll's buying options and price bands.
func qigeBuying(in *domain.ChallengeInput) {
	options := map[string][]string{optSize: {"S", "M", "L", "XL"}, optColour: {"红", "黑", "米白"}}
	bands := []int{199, 299, 399}
	in.BuyOptions, in.PriceBands = &options, &bands
}

// qigeIntents has the demo fans say which dresses they would buy: a
// spread that differs per dress (the first ones are wanted most, mostly
// in M, and fewer would pay the top price).
func qigeIntents(ctx context.Context, svc *service.Service, challengeID int64, people map[string]*domain.User) error {
	admin := people[AdminEmail]
	ideas, err := svc.Ideas(ctx, admin, challengeID, domain.SortNew, nil, 100)
	if err != nil {
		return err
	}
	sizes, colours, bands := []string{"S", "M", "M", "L", "M", "XL"}, []string{"红", "黑", "米白"}, []int{199, 299, 199, 399, 299}
	for i, idea := range ideas.Ideas {
		for j, f := range fans {
			if (i+j)%(2+i%3) != 0 && j >= len(ideas.Ideas)-i {
				continue // later dresses find fewer buyers
			}
			in := domain.IntentInput{Quantity: 1 + (i+j)%3%2 + j%4/3,
				Options:  map[string]string{optSize: sizes[(i+j*5)%len(sizes)], optColour: colours[(i+j*2)%len(colours)]},
				MaxPrice: bands[(i+j)%len(bands)]}
			if _, err := svc.SetIntent(ctx, people[f.email], idea.ID, in, client(f.email)); err != nil {
				return err
			}
		}
	}
	return nil
}
