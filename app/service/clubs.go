package service

import (
	"context"
	"strconv"
	"time"

	"cocreate/app/domain"
	"cocreate/app/people"
	"cocreate/app/store"
)

// CreateClub founds a city's fan club: admins only.
func (s *Service) CreateClub(ctx context.Context, actor *domain.User, in people.ClubInput) (store.Club, error) {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return store.Club{}, err
	}
	in.Normalize()
	if err := in.Validate(); err != nil {
		return store.Club{}, err
	}
	return s.store.CreateClub(ctx, in, actor.ID, tellOpened)
}

// tellOpened: the fans who asked for the city of a club just founded
// hear that it opened.
func tellOpened(c store.Club, askers []int64) []domain.Outgoing {
	return people.ClubOpenedNotices(c.ID, c.Name, c.City, askers)
}

// Clubs lists every city's club: anyone.
//
// Each club's counts are counted over its members, so the list is read
// once per ContentVersion (byVersion): a join, a leave or a suspension
// moves it, and a visitor's reload costs nothing (session 54's audit).
// The caller must not change what it returns.
func (s *Service) Clubs(ctx context.Context) ([]store.Club, error) {
	return s.clubs.read(s.store.ContentVersion(), func() ([]store.Club, error) { return s.store.Clubs(ctx) })
}

// ClubPage is a club with its meetups and members, as one person sees it.
type ClubPage struct {
	Club      store.Club
	Upcoming  []store.ClubEvent
	Past      []store.ClubEvent
	Members   []store.Member
	Member    bool // the viewer is a member
	Organiser bool // the viewer may post meetups (an organiser, or an admin)
	// OrganiserRole: the viewer is one of the club's organisers (leaving
	// ends it); LeaveRefused: leaving would be refused as it stands
	// (people.CanLeave, on the members and meetups shown).
	OrganiserRole bool
	LeaveRefused  bool
	Levels        map[int64]int
	Badges        map[int64][]people.Badge // NameBadges of the members
	// MayName: the viewer names the club's organisers (admins and
	// moderators: people.MayNameOrganisers); OrganiserLog is then the
	// club's newest organiser changes (at most organiserLogShown), nil
	// for anyone else.
	MayName      bool
	OrganiserLog []store.OrganiserEvent
}

// maxMembersShown bounds the member list of a club page, maxPastShown its
// past meetups (the latest), maxCancelledShown the cancelled ones yet to
// come, listed after those standing.
const (
	maxMembersShown   = 500
	maxPastShown      = 50
	maxCancelledShown = 20
	organiserLogShown = 20
)

// clubShared is what a club's page shows every viewer alike, whatever
// the time: the club with its counts, its members (at most
// maxMembersShown), their levels and their name badges — six statements,
// the counts over all its members (session 56). Its meetups (split at
// the time of the view) and the viewer's own standing are read at each
// view.
type clubShared struct {
	club    store.Club
	members []store.Member
	levels  map[int64]int
	badges  map[int64][]people.Badge
}

// sharedReadLimit bounds a read shared by several views (Club's kept
// part), well inside the HTTP server's 60 s to write an answer.
const sharedReadLimit = 30 * time.Second

// Club is a club's page: anyone.
//
// What it shows every viewer alike (clubShared) is read once per club
// and ContentVersion (byVersionEach): every write it reads moves that
// version — a join, a leave, an organiser named or removed, a suspension,
// a rename, points earned (reputation_events), a badge awarded, an idea
// listed or hidden; only votes' tallies do not, and it reads none — so
// it is never staler than a read of the store (session 56), and read by
// one view at a time, the others waiting for it (session 57). The caller
// must not change the members, levels or badges it returns.
func (s *Service) Club(ctx context.Context, actor *domain.User, id int64) (ClubPage, error) {
	var p ClubPage
	// One read of it at a time, shared by whoever asks meanwhile (session
	// 57): not ended by the request that started it, which may leave, but
	// bounded by a deadline of its own, so a read nobody waits for any
	// more cannot hold its goroutine and connection for ever.
	sh, err := s.club.read(ctx, id, s.store.ContentVersion(), func() (clubShared, error) {
		read, cancel := context.WithTimeout(context.WithoutCancel(ctx), sharedReadLimit)
		defer cancel()
		return s.readClubShared(read, id)
	})
	if err != nil {
		return p, err
	}
	p.Club, p.Members, p.Levels, p.Badges = sh.club, sh.members, sh.levels, sh.badges
	// Two bounded reads either side of one boundary: however many meetups
	// a club held, the ones to come are all listed (CanOpenMeetup keeps
	// them to MaxOpenMeetups, and the cancelled ones come after them) and
	// the latest past ones after them.
	since := people.UpcomingSince(s.now())
	if p.Upcoming, err = s.store.UpcomingEvents(ctx, id, since, people.MaxOpenMeetups+maxCancelledShown); err != nil {
		return p, err
	}
	if p.Past, err = s.store.PastEvents(ctx, id, since, maxPastShown); err != nil {
		return p, err
	}
	if actor != nil {
		var organiser bool
		if p.Member, organiser, err = s.store.Membership(ctx, id, actor.ID); err != nil {
			return p, err
		}
		p.Organiser = people.MayOrganise(actor, organiser)
		p.OrganiserRole = organiser
		if p.Member {
			// The same standing Leave checks under the club's lock (every
			// organiser not suspended, meetups coming or running), not
			// the page's members and upcoming lists, which are cut short.
			org, others, open, err := s.store.LeaveStanding(ctx, id, actor.ID, people.UpcomingSince(s.now()))
			if err != nil {
				return p, err
			}
			p.LeaveRefused = people.CanLeave(org, others, open) != nil
		}
	}
	if p.MayName = people.MayNameOrganisers(actor); p.MayName {
		p.OrganiserLog, err = s.store.OrganiserEvents(ctx, id, organiserLogShown)
	}
	return p, err
}

// readClubShared reads what club id's page shows every viewer alike.
func (s *Service) readClubShared(ctx context.Context, id int64) (clubShared, error) {
	var sh clubShared
	var err error
	if sh.club, err = s.store.Club(ctx, id); err != nil {
		return sh, err
	}
	if sh.members, err = s.store.Members(ctx, id, maxMembersShown); err != nil {
		return sh, err
	}
	ids := make([]int64, len(sh.members))
	for i, m := range sh.members {
		ids[i] = m.User.ID
	}
	if sh.levels, err = s.levels(ctx, ids); err != nil {
		return sh, err
	}
	sh.badges, err = s.NameBadges(ctx, ids)
	return sh, err
}

// levels are the reputation levels of the people named.
func (s *Service) levels(ctx context.Context, ids []int64) (map[int64]int, error) {
	totals, err := s.store.ReputationTotals(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]int, len(totals))
	for id, n := range totals {
		out[id] = people.Level(n)
	}
	return out, nil
}

// JoinClub makes the signed-in person a member (join), or takes them out
// with their answers to its meetups yet to come and their organiser role;
// the last organiser of a club with meetups open is refused
// (people.CanLeave).
func (s *Service) JoinClub(ctx context.Context, actor *domain.User, clubID int64, join bool) error {
	if actor == nil {
		return domain.Unauthorized("sign in first")
	}
	if join {
		return s.store.Join(ctx, clubID, actor.ID)
	}
	return s.store.Leave(ctx, clubID, actor.ID, people.UpcomingSince(s.now()), people.CanLeave, people.Promotable, tellPromoted, tellOrphaned(0))
}

// tellOrphaned: the admins and moderators hear that a club lost its last
// organiser who can act, in the write that ended the role, all but actorID
// (0: everyone), who just did it to that club: people's rules, composed
// once (people.Orphaning), handed to the store's write.
func tellOrphaned(actorID int64) store.TellOrphaned { return people.Orphaning(actorID) }

// SetOrganiser makes a member an organiser of the club, or not: admins
// and moderators (people.MayNameOrganisers), a moderator saying why
// (people.OrganiserReason). Whom they name is checked as the write reads
// the account (people.MayNameOrganiser, in the store's transaction since
// session 54: a suspension committing meanwhile is seen). The member is
// told, with the reason; taking the club's last organiser tells the other
// staff.
func (s *Service) SetOrganiser(ctx context.Context, actor *domain.User, clubID, userID int64, on bool, reason string) error {
	if actor == nil {
		return domain.Unauthorized("sign in first")
	}
	if !people.MayNameOrganisers(actor) {
		return domain.Forbidden("only admins and moderators name a club's organisers")
	}
	reason, err := people.OrganiserReason(actor, reason)
	if err != nil {
		return err
	}
	return s.store.SetOrganiser(ctx, clubID, userID, on, store.OrganiserBy{ActorID: actor.ID, Reason: reason}, func(target domain.User) error {
		return people.MayNameOrganiser(actor, target, on)
	}, func(c store.Club) []domain.Outgoing {
		return people.OrganiserNotices(c.ID, c.Name, userID, actor.ID, on, reason)
	}, tellOrphaned(actor.ID))
}

// OrphanedShown is how many clubs without an organiser the moderation
// page lists (session 54): the first by city; Orphaned.Total says how
// many there are in all.
const OrphanedShown = 100

// Orphaned are the clubs without an organiser who can act, as the staff
// see them: the first OrphanedShown by city, and how many in all.
type Orphaned struct {
	Clubs []store.Club
	Total int
}

// More says whether more clubs need an organiser than are listed.
func (o Orphaned) More() bool { return o.Total > len(o.Clubs) }

// ClubsWithoutOrganiser lists the clubs no organiser can run
// (people.NeedsOrganiser), for the staff who name one: admins and
// moderators. Only those clubs are read, at most OrphanedShown, with
// their count.
func (s *Service) ClubsWithoutOrganiser(ctx context.Context, actor *domain.User) (Orphaned, error) {
	if !people.MayNameOrganisers(actor) {
		return Orphaned{}, domain.Forbidden("only admins and moderators name a club's organisers")
	}
	clubs, total, err := s.store.ClubsWithoutOrganiser(ctx, OrphanedShown)
	if err != nil {
		return Orphaned{}, err
	}
	return Orphaned{Clubs: clubs, Total: total}, nil
}

// CreateEvent posts a meetup: the club's organisers and admins.
func (s *Service) CreateEvent(ctx context.Context, actor *domain.User, clubID int64, in people.EventInput) (store.ClubEvent, error) {
	if actor == nil {
		return store.ClubEvent{}, domain.Unauthorized("sign in first")
	}
	in.Normalize()
	if err := in.Validate(s.now()); err != nil {
		return store.ClubEvent{}, err
	}
	return s.store.CreateEvent(ctx, clubID, actor.ID, in, people.UpcomingSince(s.now()), func(organiser bool, open int) error {
		if !people.MayOrganise(actor, organiser) {
			return &domain.Error{Kind: domain.KindForbidden, Code: "not_an_organiser", Message: "only the club's organisers post meetups"}
		}
		return people.CanOpenMeetup(open)
	})
}

// Event is one meetup, with the answer of the person asking (NoAnswer
// for a visitor): anyone.
func (s *Service) Event(ctx context.Context, actor *domain.User, id int64) (store.ClubEvent, people.Answer, error) {
	e, err := s.store.Event(ctx, id)
	if err != nil || actor == nil {
		return e, people.NoAnswer, err
	}
	a, err := s.store.Answer(ctx, id, actor.ID)
	return e, a, err
}

// EventPage is a meetup as one person sees it: their answer, and for its
// organisers the list of answers to check people in from.
type EventPage struct {
	Event store.ClubEvent
	// Club is the meetup's club as its page shows it, its name and link:
	// its row, no member counted (store.ClubRow).
	Club      store.ClubRow
	Answer    people.Answer
	Member    bool
	Organiser bool
	// MayChange: the viewer may edit or cancel the meetup now
	// (people.CanChangeMeetup).
	MayChange bool
	Attendees
	Badges  map[int64][]people.Badge // NameBadges of the attendees
	Started bool
	CheckIn bool // check-in is open now
}

// EventPage is a meetup's page.
func (s *Service) EventPage(ctx context.Context, actor *domain.User, id int64) (EventPage, error) {
	var p EventPage
	var err error
	if p.Event, p.Answer, err = s.Event(ctx, actor, id); err != nil {
		return p, err
	}
	if p.Club, err = s.store.ClubRow(ctx, p.Event.ClubID); err != nil {
		return p, err
	}
	now := s.now()
	p.Started = !now.Before(p.Event.StartsAt)
	if actor != nil {
		var organiser bool
		if p.Member, organiser, err = s.store.Membership(ctx, p.Club.ID, actor.ID); err != nil {
			return p, err
		}
		p.Organiser = people.MayOrganise(actor, organiser)
	}
	p.MayChange = people.CanChangeMeetup(p.Organiser, p.Event.Cancelled(), p.Event.StartsAt, now) == nil
	if p.Organiser {
		if p.Attendees, err = s.attendees(ctx, actor, p.Event, now); err != nil {
			return p, err
		}
		ids := make([]int64, len(p.List))
		for i, a := range p.List {
			ids[i] = a.User.ID
		}
		if p.Badges, err = s.NameBadges(ctx, ids); err != nil {
			return p, err
		}
		// Open to someone going, by someone else, while places are left:
		// the window alone.
		p.CheckIn = checkInRule(true, false, p.Event, people.Going, 0, now) == nil
	}
	return p, nil
}

// RSVP answers a meetup for the signed-in member: going, or on the waiting
// list when it is full.
func (s *Service) RSVP(ctx context.Context, actor *domain.User, eventID int64) (people.Answer, error) {
	if actor == nil {
		return people.NoAnswer, domain.Unauthorized("sign in first")
	}
	now := s.now()
	return s.store.RSVP(ctx, eventID, actor.ID, func(e store.ClubEvent, member bool) error {
		if err := people.CanRSVP(actor, member, e.StartsAt, now); err != nil {
			return err
		}
		return people.MeetupOpen(e.Cancelled())
	}, people.Waitlisted)
}

// CancelRSVP takes the signed-in person's answer back before the meetup
// starts; the first on the waiting list moves up, and is told.
func (s *Service) CancelRSVP(ctx context.Context, actor *domain.User, eventID int64) error {
	if actor == nil {
		return domain.Unauthorized("sign in first")
	}
	now := s.now()
	return s.store.CancelRSVP(ctx, eventID, actor.ID, func(e store.ClubEvent) error {
		if !now.Before(e.StartsAt) {
			return domain.Conflict("event_started", "the meetup has started; answers are closed")
		}
		return people.MeetupOpen(e.Cancelled())
	}, people.Promotable, tellPromoted)
}

// tellPromoted: the people moved up from a meetup's waiting list hear
// that they are going.
func tellPromoted(e store.ClubEvent, ids []int64) []domain.Outgoing {
	return people.PromotedNotices(e.ID, e.Title, ids)
}

// CheckIn records, for an organiser at the door, that a person going came,
// or, once the meetup started, one from its waiting list taking a place
// left by someone who did not (a check-in is a check-in: the same points);
// attendance earns them reputation in the same transaction, as
// people.MeetupPoints prices it (confirmed accounts, one a day per club).
func (s *Service) CheckIn(ctx context.Context, actor *domain.User, eventID, userID int64) error {
	if actor == nil {
		return domain.Unauthorized("sign in first")
	}
	if userID <= 0 {
		return domain.Invalid("user_id", "required", "user_id is required")
	}
	now := s.now()
	return s.store.CheckIn(ctx, eventID, userID, actor.ID, func(e store.ClubEvent, organiser bool, a people.Answer, checkedIn int) error {
		return checkInRule(people.MayOrganise(actor, organiser), actor.ID == userID, e, a, checkedIn, now)
	}, func(e store.ClubEvent, a store.Attendance, at time.Time) []people.Event {
		// Recorded also when worth nothing, so that the sync (reputationFacts,
		// which prices a check-in it finds unrecorded at the full rate) leaves
		// it as priced here.
		return []people.Event{{UserID: userID, Kind: people.MeetupAttended, Ref: e.ID, At: at,
			Points: people.MeetupPoints(a.Verified, a.LastEarned, at)}}
	})
}

// EventICal is a meetup as an iCal calendar; base is the site's address.
func (s *Service) EventICal(ctx context.Context, id int64, base, host string) (string, error) {
	e, err := s.store.Event(ctx, id)
	if err != nil {
		return "", err
	}
	return people.ICal(people.Meetup{ID: e.ID, Title: e.Title, Body: e.Body, Place: e.Place, StartsAt: e.StartsAt,
		URL: base + "/events/" + strconv.FormatInt(e.ID, 10), Cancelled: e.Cancelled(), Revision: e.Revision}, host, s.now()), nil
}
