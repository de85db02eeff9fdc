package service

import (
	"context"

	"cocreate/app/domain"
	"cocreate/app/people"
	"cocreate/app/store"
)

// maxRequestedCitiesShown bounds the admins' list of requested cities (the
// most asked).
const maxRequestedCitiesShown = 50

// ClubAsk is a fan's request for a club in a city, as it stands after
// asking: the city, how many fans asked for it, whether this fan had asked
// already; Club is the city's club when it has one (the refusal points at
// it).
type ClubAsk struct {
	City    string
	Count   int
	Already bool
	Club    store.Club
	HasClub bool
}

// AskForClub records the signed-in fan's request for a club in a city: the
// city given, else their profile's; confirmed accounts only, never for a
// city with its club, people.MaxClubRequests cities at most
// (people.CanAskForClub). Asking again for a city changes nothing
// (Already).
func (s *Service) AskForClub(ctx context.Context, actor *domain.User, in people.ClubRequestInput) (ClubAsk, error) {
	if actor == nil {
		return ClubAsk{}, domain.Unauthorized("sign in first")
	}
	in.Normalize()
	if in.City == "" {
		pr, err := s.store.Profile(ctx, actor.ID)
		if err != nil {
			return ClubAsk{}, err
		}
		in.City = pr.City
		in.Normalize()
	}
	if err := in.Validate(); err != nil {
		return ClubAsk{}, err
	}
	key := people.CityKey(in.City)
	already, club, err := s.store.AskForClub(ctx, actor.ID, in.City, key, func(c store.Club, found bool, open int) error {
		return people.CanAskForClub(actor, found, c.Name, open)
	})
	a := ClubAsk{City: in.City, Already: already, Club: club, HasClub: club.ID != 0}
	if err != nil {
		return a, err
	}
	a.Count, err = s.store.ClubRequestCount(ctx, key)
	return a, err
}

// WithdrawClubRequest takes the signed-in fan's request for a city back
// (none: nothing changes, withdrawn false).
func (s *Service) WithdrawClubRequest(ctx context.Context, actor *domain.User, in people.ClubRequestInput) (city string, withdrawn bool, err error) {
	if actor == nil {
		return "", false, domain.Unauthorized("sign in first")
	}
	in.Normalize()
	if err := in.Validate(); err != nil {
		return "", false, err
	}
	withdrawn, err = s.store.WithdrawClubRequest(ctx, actor.ID, people.CityKey(in.City))
	return in.City, withdrawn, err
}

// ClubRequests is what the clubs page and the API show of the requests
// for clubs to one person: their own requests (Mine, each with its count
// of askers); their profile's city, when it has no request of theirs yet,
// with its count or its club; and for admins (Admin) the cities most
// asked for (Cities).
type ClubRequests struct {
	Mine         []store.CityRequests
	Cities       []store.CityRequests
	Admin        bool
	Verified     bool
	Full         bool // the fan holds people.MaxClubRequests requests
	Max          int
	ProfileCity  string
	ProfileCount int
	ProfileAsked bool
	ProfileClub  store.Club
}

// ClubRequests reads the requests one person sees (nobody signed in:
// none).
func (s *Service) ClubRequests(ctx context.Context, actor *domain.User) (ClubRequests, error) {
	r := ClubRequests{Max: people.MaxClubRequests}
	if actor == nil {
		return r, nil
	}
	r.Verified = actor.Verified
	var err error
	if r.Mine, err = s.store.ClubRequestsOf(ctx, actor.ID); err != nil {
		return r, err
	}
	r.Full = len(r.Mine) >= people.MaxClubRequests
	pr, err := s.store.Profile(ctx, actor.ID)
	if err != nil {
		return r, err
	}
	if city := pr.City; city != "" {
		key := people.CityKey(city)
		r.ProfileCity = city
		for _, m := range r.Mine {
			r.ProfileAsked = r.ProfileAsked || m.Key == key
		}
		if !r.ProfileAsked {
			var found bool
			if r.ProfileClub, found, err = s.store.ClubByCity(ctx, key); err != nil {
				return r, err
			}
			if !found {
				if r.ProfileCount, err = s.store.ClubRequestCount(ctx, key); err != nil {
					return r, err
				}
			}
		}
	}
	if actor.Has(domain.RoleAdmin) {
		r.Admin = true
		if r.Cities, err = s.store.RequestedCities(ctx, maxRequestedCitiesShown); err != nil {
			return r, err
		}
	}
	return r, nil
}
