package service

import (
	"context"
	"math"
	"strconv"
	"strings"
	"time"

	"cocreate/app/domain"
	"cocreate/app/store"
)

// itemVisible says whether actor may see a reported item at all: a hidden
// idea or comment only its author and moderators; nothing in a draft
// challenge but admins.
func (s *Service) itemVisible(actor *domain.User, t store.ReportTarget) bool {
	if !domain.MaySeeIdea(actor, t.Challenge, t.Idea, s.now()) {
		return false
	}
	return !t.Hidden || domain.SeesHidden(actor, t.AuthorID)
}

func parseItem(typ string) (domain.ItemType, error) {
	t, ok := domain.ParseItemType(typ)
	if !ok {
		return "", domain.NotFound("page")
	}
	return t, nil
}

// ReportDone is what a report did: whether it hid the item at once, and
// the item's idea and challenge, where a reporter who can no longer see a
// hidden idea is sent.
type ReportDone struct {
	Hidden      bool
	IdeaID      int64
	ChallengeID int64
}

// Report records actor's report on an idea or comment they can see; past
// the challenge's threshold of distinct reporters who vouch for themselves
// (domain.Vouches) the item is hidden at once (domain.AutoHide), in the
// report's own transaction. The answer's Hidden says so.
func (s *Service) Report(ctx context.Context, actor *domain.User, typ domain.ItemType, id int64, in domain.ReportInput) (ReportDone, error) {
	if actor == nil {
		return ReportDone{}, domain.Unauthorized("sign in to report")
	}
	reason, err := in.Validate()
	if err != nil {
		return ReportDone{}, err
	}
	var done ReportDone
	now := s.now()
	done.Hidden, err = s.store.Report(ctx, typ, id, actor.ID, domain.ReportWindow, func(recent int) (bool, error) {
		return domain.Vouches(actor, now, recent), domain.CanReportMore(actor, recent)
	}, reason, in.Note, func(t store.ReportTarget, r domain.Reported) (bool, error) {
		if !s.itemVisible(actor, t) {
			return false, domain.NotFound(string(typ))
		}
		if err := domain.CanReport(actor, t.AuthorID); err != nil {
			return false, err
		}
		done.IdeaID, done.ChallengeID = t.Idea.ID, t.Challenge.ID
		return domain.AutoHide(r, t.Challenge.ReportThreshold), nil
	}, func(t store.ReportTarget, hidden bool) []domain.Outgoing {
		return domain.HiddenNotices(t.Item(), t.Hidden, hidden, true, "")
	})
	return done, err
}

// Moderate applies a moderator's decision (hide, restore, dismiss) with
// its reason. Hiding an idea gives its votes back while votes can still be
// spent, as an admin's hide does (domain.ReleasesVotes); hiding at once by
// reports never does, since it waits for this decision.
func (s *Service) Moderate(ctx context.Context, actor *domain.User, typ string, id int64, action, reason string) error {
	it, err := parseItem(typ)
	if err != nil {
		return err
	}
	if actor == nil {
		return domain.Unauthorized("sign in first")
	}
	if !actor.CanModerate() {
		return domain.Forbidden("only moderators and admins can moderate")
	}
	now := s.now()
	defer s.reputationAfter(ctx)
	return s.store.Moderate(ctx, it, id, actor.ID, domain.ModAction(action), reason, func(t store.ReportTarget) (bool, bool, error) {
		// What a moderator may not see (a draft challenge's) they may not
		// act on either, and the answer is the one for what is not there.
		if !s.itemVisible(actor, t) {
			return false, false, domain.NotFound(string(it))
		}
		hide, err := domain.Decide(actor, action, reason, t.Hidden, t.AuthorID)
		if err != nil {
			return false, false, err
		}
		release := it == domain.ItemIdea && domain.KeepHiddenReleases(t.Challenge, t.Idea.State, t.Shown, hide, now)
		return hide, release, nil
	}, func(t store.ReportTarget, hidden bool) []domain.Outgoing {
		return append(domain.DecisionNotices(t.Item(), t.Hidden, hidden, domain.AwaitsDecision(t.Open, t.ReviewRequested, t.AutoHidden), reason),
			domain.ReportOutcomeNotices(t.Item(), t.Challenge.ID, t.Reporters, hidden)...)
	}, domain.VotesReturnedNotices)
}

// RequestReview lets the author of a hidden item ask moderators to look
// at it again; it goes back into the queue.
func (s *Service) RequestReview(ctx context.Context, actor *domain.User, typ string, id int64, note string) error {
	it, err := parseItem(typ)
	if err != nil {
		return err
	}
	if actor == nil {
		return domain.Unauthorized("sign in first")
	}
	return s.store.RequestReview(ctx, it, id, actor.ID, note, func(t store.ReportTarget, pending bool) error {
		if !s.itemVisible(actor, t) {
			return domain.NotFound(string(it))
		}
		if err := domain.CanAskReview(actor, t.AuthorID, t.Hidden, pending, note); err != nil {
			return err
		}
		return domain.CheckReviewAgain(t.Actions)
	})
}

// ModerationQueueSize is how many items a page of the moderation queue
// holds.
const ModerationQueueSize = 200

// ModerationCountMost is how far the queue page's count of the items
// waiting reads: beyond it, it says "1000+" (QueuePage.More). The count
// reads the queue's index up to one row past it, so a wave of any size
// costs at most that.
const ModerationCountMost = 1000

// QueuePage is a page of the moderation queue.
type QueuePage struct {
	Items []store.ModerationItem
	// Next is the cursor of the page after it ("" on the last page):
	// opaque text for a link or the API's next_cursor.
	Next string
	// Waiting is how many items of the part wait in all for the reader
	// (those they may see), up to ModerationCountMost; More says more
	// than that wait.
	Waiting int
	More    bool
}

// moderatorUnseen checks that actor moderates, and reads the challenges
// whose items they may not see (unseenChallenges): what every read of
// the queue begins with.
func (s *Service) moderatorUnseen(ctx context.Context, actor *domain.User) ([]int64, error) {
	if err := requireModerator(actor); err != nil {
		return nil, err
	}
	return s.unseenChallenges(ctx, actor)
}

// ModerationQueuePage is the page of the items of part waiting for
// moderators after cursor (as a page's Next gave it; "" the first page),
// with how many wait in all. A cursor this server did not give is refused
// naming it (400 invalid_cursor, field cursor).
func (s *Service) ModerationQueuePage(ctx context.Context, actor *domain.User, part store.QueuePart, cursor string) (QueuePage, error) {
	unseen, err := s.moderatorUnseen(ctx, actor)
	if err != nil {
		return QueuePage{}, err
	}
	after, err := ParseQueueCursor(cursor)
	if err != nil {
		return QueuePage{}, err
	}
	return s.queuePage(ctx, actor, unseen, part, after, true)
}

// ModerationQueues is the moderation page's queue: its parts' pages (a
// part the page does not show is empty) and how many items wait in the
// whole queue for the reader, up to ModerationCountMost (More: beyond it).
type ModerationQueues struct {
	Reviews, Reported QueuePage
	Waiting           int
	More              bool
}

// Badge is the menu's count of the moderation queue (ModerationWaiting's
// answer) read off the page's total, so that the page that has it counts
// no more: as many as wait up to ModerationWaitingMost, which the total
// reaches whenever it is past its own cap.
func (q ModerationQueues) Badge() int { return min(q.Waiting, ModerationWaitingMost) }

// ModerationPage is the moderation page (session 56): its queue, the log
// of the newest decisions and the clubs without an organiser, read in
// one call.
type ModerationPage struct {
	Queue    ModerationQueues
	Log      []store.ModerationDecision
	Orphaned Orphaned
}

// ModerationPage is the moderation page for actor: the queue at part and
// cursor (pageQueue), the log (ModerationLog's) and the clubs without an
// organiser (ClubsWithoutOrganiser's). One check of the role and one
// reading of the challenges actor may not see serve the queue and the
// log; the clubs are for whom people.MayNameOrganisers admits, its own
// rule (pure, no read), which admits every moderator.
func (s *Service) ModerationPage(ctx context.Context, actor *domain.User, part store.QueuePart, cursor string) (ModerationPage, error) {
	var p ModerationPage
	unseen, err := s.moderatorUnseen(ctx, actor)
	if err != nil {
		return p, err
	}
	if p.Queue, err = s.pageQueue(ctx, actor, unseen, part, cursor); err != nil {
		return p, err
	}
	if p.Log, err = s.moderationLog(ctx, actor, unseen); err != nil {
		return p, err
	}
	p.Orphaned, err = s.ClubsWithoutOrganiser(ctx, actor)
	return p, err
}

// pageQueue is the moderation page's queue for actor, who moderates (the
// caller checked; unseen are the challenges they may not see): for part
// store.QueueAll the first page of each part (the reviews asked for and
// the reported items; a cursor is refused there, since it pages one
// part), for store.QueueReviews or store.QueueReported that part's page
// after cursor, alone; and how many wait in all. The whole queue is
// counted only when the parts' counts do not give it (queueTotal): never
// on the first page, once on a part's. A cursor this server did not give
// is refused naming it (400 invalid_cursor).
func (s *Service) pageQueue(ctx context.Context, actor *domain.User, unseen []int64, part store.QueuePart, cursor string) (ModerationQueues, error) {
	var q ModerationQueues
	after, err := ParseQueuePlace(part, cursor)
	if err != nil {
		return q, err
	}
	if part != store.QueueReported {
		if q.Reviews, err = s.queuePage(ctx, actor, unseen, store.QueueReviews, after, true); err != nil {
			return q, err
		}
	}
	if part != store.QueueReviews {
		if q.Reported, err = s.queuePage(ctx, actor, unseen, store.QueueReported, after, true); err != nil {
			return q, err
		}
	}
	var known bool
	if q.Waiting, q.More, known = queueTotal(part, q.Reviews, q.Reported); !known {
		q.Waiting, q.More, err = s.queueWaiting(ctx, unseen, store.QueueAll, ModerationCountMost)
	}
	return q, err
}

// ParseQueuePlace reads a place on the moderation page (ModerationPage's
// queue): the cursor of part's page (ParseQueueCursor), nil for its
// first; a cursor with store.QueueAll, the first page of both
// parts, is refused (400 invalid_cursor): it pages one part.
func ParseQueuePlace(part store.QueuePart, cursor string) (*store.QueueCursor, error) {
	if cursor != "" && part == store.QueueAll {
		return nil, domain.Invalid("cursor", "invalid_cursor", "a cursor pages one part of the queue: give part too")
	}
	return ParseQueueCursor(cursor)
}

// queueTotal is how many items wait in the whole queue, up to
// ModerationCountMost (more: beyond it), as the parts' pages read for
// part tell it; known is false when they do not and the queue must be
// counted. The parts divide the queue (a review asked for or not), so on
// the first page (part store.QueueAll, both read) it is their sum; on a
// part's page, past its cap the whole is too; else the other part is
// unknown.
func queueTotal(part store.QueuePart, reviews, reported QueuePage) (n int, more, known bool) {
	switch {
	case part == store.QueueAll:
		sum := reviews.Waiting + reported.Waiting
		return min(sum, ModerationCountMost), reviews.More || reported.More || sum > ModerationCountMost, true
	case reviews.More || reported.More:
		return ModerationCountMost, true, true
	}
	return 0, false, false
}

// queuePage is the page of part after the cursor after (nil: the first)
// for actor, who moderates (the caller checked), without the items of
// the challenges in unseen (actor's unseenChallenges); count: with how
// many of part wait.
func (s *Service) queuePage(ctx context.Context, actor *domain.User, unseen []int64, part store.QueuePart, after *store.QueueCursor, count bool) (QueuePage, error) {
	// What actor may not see is left out before the limit, in the query:
	// dropped after it (maskQueue still checks), a moderator's page came
	// short, or empty, while older items they may see waited.
	items, next, err := s.store.ModerationQueuePage(ctx, ModerationQueueSize, unseen, part, after)
	if err != nil {
		return QueuePage{}, err
	}
	var p QueuePage
	if next != nil {
		p.Next = QueueCursorText(*next)
	}
	if count {
		if p.Waiting, p.More, err = s.queueWaiting(ctx, unseen, part, ModerationCountMost); err != nil {
			return QueuePage{}, err
		}
	}
	p.Items, err = s.maskQueue(ctx, actor, items)
	return p, err
}

// queueWaiting counts the items of part waiting for a reader who may not
// see the challenges in unseen, up to most (more: beyond it; the count
// reads one row past most at most). Every count of the queue is this
// one: a part's heading, the page's total, the menu's badge.
func (s *Service) queueWaiting(ctx context.Context, unseen []int64, part store.QueuePart, most int) (n int, more bool, err error) {
	s.seams.queueCounted(part)
	if n, err = s.store.ModerationCount(ctx, unseen, part, most+1); err != nil {
		return 0, false, err
	}
	return min(n, most), n > most, nil
}

// ModerationCount is how many items wait in all in the moderation queue
// for actor (those they may see), up to ModerationCountMost; more says
// more than that wait.
func (s *Service) ModerationCount(ctx context.Context, actor *domain.User) (n int, more bool, err error) {
	unseen, err := s.moderatorUnseen(ctx, actor)
	if err != nil {
		return 0, false, err
	}
	return s.queueWaiting(ctx, unseen, store.QueueAll, ModerationCountMost)
}

// QueueCursorText writes a queue cursor as two of the idea lists' cursors
// (domain.Cursor, opaque and URL-safe) joined by a dot: (reports,
// updated_at), then (0 for an idea or 1 for a comment, its id).
func QueueCursorText(c store.QueueCursor) string {
	typ := 0.0
	if c.Type == domain.ItemComment {
		typ = 1
	}
	return domain.Cursor{Key: float64(c.Reports), ID: c.UpdatedAt}.Encode() + "." + domain.Cursor{Key: typ, ID: c.ID}.Encode()
}

// ParseQueueCursor reads a cursor QueueCursorText wrote; "" is the first
// page (nil). Anything else is refused naming the field: 400
// invalid_cursor.
func ParseQueueCursor(text string) (*store.QueueCursor, error) {
	if text == "" {
		return nil, nil
	}
	bad := domain.Invalid("cursor", "invalid_cursor", "cursor is not a cursor of the moderation queue this server gave")
	first, second, ok := strings.Cut(text, ".")
	if !ok {
		return nil, bad
	}
	at, err1 := domain.ParseCursor(first)
	item, err2 := domain.ParseCursor(second)
	if err1 != nil || err2 != nil || at == nil || item == nil {
		return nil, bad
	}
	// Reports are a whole count; the item is an idea (0) or a comment (1)
	// and its id.
	if at.Key != math.Trunc(at.Key) || at.Key < 0 || at.Key > 1<<53 || item.ID <= 0 || (item.Key != 0 && item.Key != 1) {
		return nil, bad
	}
	typ := domain.ItemIdea
	if item.Key == 1 {
		typ = domain.ItemComment
	}
	return &store.QueueCursor{Reports: int(at.Key), UpdatedAt: at.ID, Type: typ, ID: item.ID}, nil
}

// ModerationWaitingMost is how far the menu's count of the moderation
// queue reads: beyond it, it says "99+".
const ModerationWaitingMost = 100

// ModerationWaiting counts, for the menu's badge, the items waiting for
// actor in the moderation queue (those they may see), up to
// ModerationWaitingMost; 0 for anyone who does not moderate. A page that
// has the queue's total already gives it (ModerationQueues.Badge).
func (s *Service) ModerationWaiting(ctx context.Context, actor *domain.User) (int, error) {
	if !actor.CanModerate() {
		return 0, nil
	}
	unseen, err := s.unseenChallenges(ctx, actor)
	if err != nil {
		return 0, err
	}
	n, _, err := s.queueWaiting(ctx, unseen, store.QueueAll, ModerationWaitingMost)
	return n, err
}

// maskQueue leaves out the items of challenges actor may not see (a
// draft's, to all but admins: they may not act on them either) and
// blanks, in place, the authors actor may not see (IdeaMask and
// IdeaMask.Apply: a challenge anonymous until its results names no author
// to anyone but admins, moderators included, and its author to
// themselves; a challenge actor judges blind none to them): an idea's,
// and a comment's by the idea's author, as the idea's page does
// (hideAuthor); and in each item's history the same author where they
// acted (maskedActor: their own request for a review).
func (s *Service) maskQueue(ctx context.Context, actor *domain.User, all []store.ModerationItem) ([]store.ModerationItem, error) {
	masks := maskCache{}
	var ideaIDs, giving []int64 // giving: ideas a hide would give votes back from
	now := s.now()
	items := all[:0]
	for _, m := range all {
		v, err := s.moderatorView(ctx, actor, masks, m.ChallengeID)
		if err != nil {
			return nil, err
		}
		if !v.sees {
			continue
		}
		m.Own = domain.DecidesOwn(actor, m.Author.ID) // before any mask blanks the author
		items = append(items, m)
		if m.Type == domain.ItemIdea && domain.KeepHiddenReleases(v.c, m.IdeaState, hiddenFrom(v.c, m), true, now) {
			giving = append(giving, m.IdeaID)
		}
		if v.mask.Author && m.Type == domain.ItemComment {
			ideaIDs = append(ideaIDs, m.IdeaID)
		}
	}
	authors := map[int64]int64{} // an idea's author, by the idea
	if len(ideaIDs) > 0 {
		ideas, err := s.store.IdeasByID(ctx, ideaIDs)
		if err != nil {
			return nil, err
		}
		for _, idea := range ideas {
			authors[idea.ID] = idea.Author.ID
		}
	}
	if err := s.givesBack(ctx, masks, items, giving, now); err != nil {
		return nil, err
	}
	for i := range items {
		m := &items[i]
		mask, author := masks[m.ChallengeID].mask, authors[m.IdeaID]
		if m.Type == domain.ItemIdea {
			author = m.Author.ID
		}
		for j := range m.History {
			m.History[j].Actor, m.History[j].ActorHidden = maskedActor(mask, actor, author, m.History[j].Actor)
		}
		m.Reporters = shownReporters(mask, actor, author, m)
		m.Author, m.AuthorHidden = maskedActor(mask, actor, author, m.Author)
	}
	return items, nil
}

// givesBack sets, on the idea items of ids, how many votes a moderator's
// hiding of each gives back now (domain.HideGivesBack: for one the
// reports hid, keeping it hidden, which is when its held votes go back),
// its votes read afresh: the queue does not carry them.
func (s *Service) givesBack(ctx context.Context, masks maskCache, items []store.ModerationItem, ids []int64, now time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	ideas, err := s.store.IdeasByID(ctx, ids)
	if err != nil {
		return err
	}
	byID := make(map[int64]domain.Idea, len(ideas))
	for _, idea := range ideas {
		byID[idea.ID] = idea
	}
	for i := range items {
		m := &items[i]
		if idea, ok := byID[m.IdeaID]; ok && m.Type == domain.ItemIdea {
			c := masks[m.ChallengeID].c
			m.GivesBack = domain.HideGivesBack(c, idea, hiddenFrom(c, *m), now)
		}
	}
	return nil
}

// hiddenFrom is the state a hidden idea item was hidden from, read as
// Moderate reads it (store.stateBeforeHiding: domain.RestoredState), so
// the queue tells what the decision will do; "" for a shown one.
func hiddenFrom(c domain.Challenge, m store.ModerationItem) domain.State {
	if m.IdeaState != domain.StateHidden {
		return ""
	}
	return domain.RestoredState(m.HiddenFrom, c.ResultsAt != nil)
}

// shownReporters are the reporters of m actor may see: none of their own
// item (who reported a moderator is not theirs to know), and not the
// idea's author (ideaAuthor, who may report a comment on their idea)
// where the mask hides that author from actor: a challenge anonymous
// until its results, or one actor judges blind.
func shownReporters(mask domain.IdeaMask, actor *domain.User, ideaAuthor int64, m *store.ModerationItem) []store.Reporter {
	if m.Own {
		return nil
	}
	kept := m.Reporters[:0:0]
	for _, r := range m.Reporters {
		if shown, _ := maskedActor(mask, actor, ideaAuthor, domain.Author{ID: r.ID, Name: r.Name}); shown.ID != 0 {
			kept = append(kept, r)
		}
	}
	return kept
}

// maskedActor is a person named on a moderation item (its writer, or who
// decided on it), as actor may see them under mask: blank where they are
// ideaAuthor, the author of the idea the item is or is on, and the mask
// hides that author from actor (IdeaMask.Apply's rule); why says then
// what hides them (domain.AuthorHiddenBy: blind judging, or a challenge
// anonymous until its results).
func maskedActor(mask domain.IdeaMask, actor *domain.User, ideaAuthor int64, a domain.Author) (shown domain.Author, why string) {
	if a.ID == 0 || a.ID != ideaAuthor {
		return a, ""
	}
	shown = mask.Apply(actor, domain.Idea{Author: a}).Author
	if shown.ID == 0 {
		why = domain.AuthorHiddenBy(mask)
	}
	return shown, why
}

// ModerationLog is the newest decisions, for every moderator to see, with
// the deciders actor may not see blanked (maskDecisions).
func (s *Service) ModerationLog(ctx context.Context, actor *domain.User) ([]store.ModerationDecision, error) {
	unseen, err := s.moderatorUnseen(ctx, actor) // as for the queue
	if err != nil {
		return nil, err
	}
	return s.moderationLog(ctx, actor, unseen)
}

// moderationLog is ModerationLog's list for actor, who moderates (the
// caller checked), without the decisions on the challenges in unseen.
func (s *Service) moderationLog(ctx context.Context, actor *domain.User, unseen []int64) ([]store.ModerationDecision, error) {
	list, err := s.store.ModerationLog(ctx, 50, unseen)
	if err != nil {
		return nil, err
	}
	return s.maskDecisions(ctx, actor, list)
}

// maskDecisions leaves out the decisions on items of challenges actor may
// not see (a draft's, to all but admins; the store left them out already,
// this holds the rule where it is) and blanks, in place, each decision's
// actor where it is the author of the decision's idea (the idea decided
// on, or the comment's, read with the decision) and actor may not see
// that author (maskedActor): an anonymous author's request for a review
// names them in no log. An item no longer found keeps its decisions as
// they are.
func (s *Service) maskDecisions(ctx context.Context, actor *domain.User, all []store.ModerationDecision) ([]store.ModerationDecision, error) {
	masks := maskCache{}
	list := all[:0]
	for _, d := range all {
		if d.IdeaID == 0 {
			list = append(list, d)
			continue
		}
		v, err := s.moderatorView(ctx, actor, masks, d.ChallengeID)
		if err != nil {
			return nil, err
		}
		if !v.sees {
			continue
		}
		d.Actor, d.ActorHidden = maskedActor(v.mask, actor, d.IdeaAuthorID, d.Actor)
		list = append(list, d)
	}
	return list, nil
}

// moderatorView is what moderation shows a reader of one challenge:
// whether they may see it at all (domain.MaySeeChallenge), and their mask.
type moderatorView struct {
	sees bool
	mask domain.IdeaMask
	c    domain.Challenge
}

// maskCache keeps a reader's views by challenge while a list is masked.
type maskCache map[int64]moderatorView

// moderatorView is actor's view of a challenge as moderation shows it,
// read once per challenge into masks: the mask every other page gives them
// (IdeaMask), so a moderator who judges the challenge blind sees no author
// here either (DESIGN §8: a blind judge sees no author anywhere).
func (s *Service) moderatorView(ctx context.Context, actor *domain.User, masks maskCache, challengeID int64) (moderatorView, error) {
	if v, ok := masks[challengeID]; ok {
		return v, nil
	}
	c, err := s.store.Challenge(ctx, challengeID)
	if err != nil {
		return moderatorView{}, err
	}
	m, err := s.IdeaMask(ctx, actor, c)
	if err != nil {
		return moderatorView{}, err
	}
	v := moderatorView{sees: domain.MaySeeChallenge(actor, c, s.now()), mask: m, c: c}
	masks[challengeID] = v
	return v, nil
}

func requireModerator(u *domain.User) error {
	if u == nil {
		return domain.Unauthorized("sign in first")
	}
	if !u.CanModerate() {
		return domain.Forbidden("this needs the moderator or admin role")
	}
	return nil
}

// visibleComments keeps the comments actor may see: a hidden one only for
// its author and moderators; a deleted one, for everyone, as a placeholder
// that names no one.
func visibleComments(actor *domain.User, list []domain.Comment) []domain.Comment {
	out := list[:0:0]
	for _, c := range list {
		if c.Deleted {
			c.Author, c.Body, c.EditedAt = domain.Author{}, "", nil
		}
		if !c.Hidden || domain.SeesHidden(actor, c.Author.ID) {
			out = append(out, c)
		}
	}
	return out
}

// hiddenWhy is why an item is hidden, for its author and moderators: the
// reason of the last hide ("" when reports hid it), and whether any.
func (s *Service) hiddenWhy(ctx context.Context, typ domain.ItemType, id int64) (string, error) {
	list, err := s.store.ItemDecisions(ctx, typ, id)
	if err != nil {
		return "", err
	}
	for _, d := range list { // newest first
		switch d.Action {
		case "hide":
			return d.Reason, nil
		case "auto_hide":
			return "", nil
		}
	}
	return "", nil
}

// hiddenReasons is why the hidden items of an idea's page were hidden, by
// "idea" or "comment-<id>" ("" when the report threshold hid it), and
// which of them wait on a review their author asked for.
//
// spent says, by the same keys, which hidden items' authors have had
// their review (domain.ReviewSpent): the page says so instead of the form.
func (s *Service) hiddenReasons(ctx context.Context, idea domain.Idea, comments []domain.Comment) (why map[string]string, asked, spent map[string]bool, err error) {
	why, asked, spent = map[string]string{}, map[string]bool{}, map[string]bool{}
	note := func(key string, typ domain.ItemType, id int64, reason string) error {
		pending, err := s.store.ReviewPending(ctx, typ, id)
		if err != nil {
			return err
		}
		list, err := s.store.ItemDecisions(ctx, typ, id)
		if err != nil {
			return err
		}
		actions := make([]string, 0, 2)
		for _, d := range list[:min(len(list), 2)] {
			actions = append(actions, d.Action)
		}
		why[key], asked[key], spent[key] = reason, pending, domain.ReviewSpent(actions)
		return nil
	}
	if idea.State == domain.StateHidden {
		// An idea's hiding is in its history, whoever hid it (an admin's
		// edit, a moderator, the report threshold) or kept it hidden (a
		// moderator, hidden to hidden).
		events, err := s.store.IdeaHistory(ctx, idea.ID)
		if err != nil {
			return nil, nil, nil, err
		}
		reason := ""
		for _, e := range events {
			if e.To == domain.StateHidden {
				reason = e.Reason
				if e.ByReports() {
					reason = ""
				}
			}
		}
		if err := note("idea", domain.ItemIdea, idea.ID, reason); err != nil {
			return nil, nil, nil, err
		}
	}
	for _, c := range comments {
		if c.Hidden {
			reason, err := s.hiddenWhy(ctx, domain.ItemComment, c.ID)
			if err != nil {
				return nil, nil, nil, err
			}
			if err := note("comment-"+strconv.FormatInt(c.ID, 10), domain.ItemComment, c.ID, reason); err != nil {
				return nil, nil, nil, err
			}
		}
	}
	return why, asked, spent, nil
}

// CommentIdea is the idea a comment is on (where a page about it leads).
func (s *Service) CommentIdea(ctx context.Context, commentID int64) (int64, error) {
	return s.store.CommentIdea(ctx, commentID)
}
