package people

import "cocreate/app/domain"

// OrphanedClub is what the rules of a club losing its last organiser read
// of the club, as the write that ended the role leaves it: its id, name
// and city (the notice's), and how many organisers who can act it has.
type OrphanedClub struct {
	ID         int64
	Name, City string
	Organisers int
}

// OrphanRules are the rules a write ending an organiser's role (leaving,
// being removed, the account suspended or deleted) obeys about the clubs
// it leaves without one, as a value the store's write is handed
// (store.TellOrphaned): the store reads, these decide (sessions 54-56).
// The zero value tells nobody.
type OrphanRules struct {
	// Orphans says, from what the write reads before it ends the role,
	// whether it leaves the club without an organiser who can act: acts,
	// whether the person is one; others, how many other organisers who
	// can act the club has.
	Orphans func(acts bool, others int) bool
	// Tell chooses the notices for club c, read after the write, to the
	// staff it picks of candidates, the accounts holding a granted role.
	Tell func(c OrphanedClub, candidates []domain.User) []domain.Outgoing
}

// Orphaning is the one composition of the rules (session 56: the store's
// tests kept a copy of the service's): a write orphans a club when the
// person was an organiser who can act and no other is
// (LeftWithoutOrganiser); a club that still has none after the write
// (NeedsOrganiser) is told to the staff who name organisers and can act
// (OrphanWatchers), all but actorID (0: everyone), whose act it was
// (OrphanedNotices).
func Orphaning(actorID int64) OrphanRules {
	return OrphanRules{
		Orphans: LeftWithoutOrganiser,
		Tell: func(c OrphanedClub, candidates []domain.User) []domain.Outgoing {
			if !NeedsOrganiser(c.Organisers) {
				return nil
			}
			return OrphanedNotices(c.ID, c.Name, c.City, OrphanWatchers(candidates), actorID)
		},
	}
}
