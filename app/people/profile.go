package people

import (
	"strings"

	"cocreate/app/domain"
)

// Limits of a profile, in characters.
const (
	MaxCity = 40
	MaxBio  = 280
)

// ProfileInput is what a fan may change of their own public profile.
type ProfileInput struct {
	Name string `json:"name"`
	City string `json:"city"`
	Bio  string `json:"bio"`
}

// Normalize trims what the fan typed; line ends in the bio become \n.
func (p *ProfileInput) Normalize() {
	p.Name = strings.TrimSpace(p.Name)
	p.City = strings.TrimSpace(p.City)
	p.Bio = strings.TrimSpace(strings.ReplaceAll(p.Bio, "\r\n", "\n"))
}

// Validate names the first bad field: a name is required and visible
// (domain.DisplayName), a city and a bio are optional and short, and none
// may hold control characters.
func (p ProfileInput) Validate() error {
	if err := domain.DisplayName("name", p.Name, domain.MaxNameLen); err != nil {
		return err
	}
	if err := oneLine("city", p.City, 0, MaxCity); err != nil {
		return err
	}
	return domain.TextField("bio", p.Bio, 0, MaxBio)
}

// MaySeeProfile is whether viewer (nil: a visitor) may see the public
// profile of a person: anyone, unless the person is suspended; then only
// staff who deal with suspensions (moderators and admins). Others are told
// the profile does not exist, as for a deleted account, so a suspended
// spammer's name, bio and links stop being published.
func MaySeeProfile(viewer *domain.User, suspended bool) bool {
	return !suspended || viewer.CanModerate()
}
