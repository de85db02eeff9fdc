package service

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"cocreate/app/domain"
	"cocreate/app/images"
	"cocreate/app/people"
	"cocreate/app/store"
)

// Upload is a file a person sent with a form: its bytes in Data, or, for a
// file spooled to disk, read from File (Size bytes) only when its turn to
// be decoded comes.
type Upload struct {
	Name string
	Data []byte
	File io.ReaderAt
	Size int64
}

// SubmitIdea adds an idea to a challenge for actor, with up to five images.
// The images are checked and stored first; if the idea is then refused they
// are removed again, so a refused request leaves nothing behind.
func (s *Service) SubmitIdea(ctx context.Context, actor *domain.User, challengeID int64, in domain.IdeaInput, uploads []Upload) (domain.Idea, error) {
	if actor == nil {
		return domain.Idea{}, domain.Unauthorized("sign in to submit an idea")
	}
	draft := domain.Idea{}
	in.Apply(&draft)
	if len(uploads) > domain.MaxIdeaImages {
		return domain.Idea{}, domain.Invalid("images", "too_many_images", "at most 5 images")
	}
	if err := draft.Validate(); err != nil {
		return domain.Idea{}, err
	}
	now := s.now()
	// A cheap check of who may submit where, before any image is decoded
	// (decoding is the expensive part): the submit page's own, with the
	// fan's ideas counted, so that one at the challenge's limit is refused
	// before their photos cost seconds of CPU. The transaction checks again.
	if len(uploads) > 0 {
		_, refused, err := s.MaySubmit(ctx, actor, challengeID)
		if err != nil {
			return domain.Idea{}, err
		}
		if refused != nil {
			return domain.Idea{}, refused
		}
	}
	imgs, err := s.saveImages(ctx, actor, "images", uploads)
	if err != nil {
		return domain.Idea{}, err
	}
	draft.Images = imgs
	var accepted lastRun
	idea, err := s.store.CreateIdea(uploadsSaved(ctx), challengeID, actor.ID, func(c domain.Challenge, already int) (domain.Idea, error) {
		var err error = domain.NotFound("challenge")
		if domain.MaySeeChallenge(actor, c, now) {
			err = domain.CanSubmit(actor, c, now, already)
		}
		return draft, accepted.judge(err)
	})
	err = s.seams.uploadsWritten(err)
	return s.settleNewIdea(imgs, bool(accepted), idea, err)
}

// settleNewIdea finishes the photos of a new idea's write that answered
// err (settleUploads). An idea found posted all the same (its commit's
// answer lost) is read again and answered as posted: a fan told that
// their idea failed would post it again, and it would be there twice.
func (s *Service) settleNewIdea(imgs []domain.Image, accepted bool, idea domain.Idea, err error) (domain.Idea, error) {
	if err == nil {
		return idea, nil
	}
	if named := s.settleUploads("a new idea", imgs, accepted, err); named.Idea != 0 {
		if again, rerr := s.store.Idea(context.Background(), named.Idea); rerr == nil {
			return again, nil
		}
	}
	return idea, err
}

// MaySubmit is the challenge actor may see, and whether they may submit
// an idea to it now, counting their ideas there when it limits them: what
// the submit page asks before showing a form. err is the challenge's own
// error (not found); refused is the domain's refusal, nil when allowed.
func (s *Service) MaySubmit(ctx context.Context, actor *domain.User, challengeID int64) (c domain.Challenge, refused error, err error) {
	if c, err = s.Challenge(ctx, actor, challengeID); err != nil {
		return c, nil, err
	}
	already := 0
	if actor != nil && actor.ID != 0 && c.IdeasPerFan > 0 {
		if already, err = s.store.IdeasIn(ctx, actor.ID, challengeID); err != nil {
			return c, nil, err
		}
	}
	return c, domain.CanSubmit(actor, c, s.now(), already), nil
}

// saveImages checks and stores actor's uploads, each waiting its turn to
// be decoded only while ctx (the request) lasts; a refusal names field.
// One post of an account's photos is read at a time, and their pixels
// are rationed (photoUse).
func (s *Service) saveImages(ctx context.Context, actor *domain.User, field string, uploads []Upload) ([]domain.Image, error) {
	if len(uploads) == 0 {
		return nil, nil
	}
	if actor == nil {
		return nil, domain.Unauthorized("sign in first")
	}
	done, err := s.photos.begin(actor.ID, s.now)
	if err != nil {
		return nil, err
	}
	defer done()
	admit := func(pixels int64) error { return s.photos.spend(actor.ID, s.now(), pixels, s.PhotoPixelsPerHour) }
	var imgs []domain.Image
	for _, up := range uploads {
		file, size := up.File, up.Size
		if file == nil {
			file, size = bytes.NewReader(up.Data), int64(len(up.Data))
		}
		img, err := s.Images.SaveFromAdmitted(ctx, field, file, size, admit)
		if err != nil {
			s.removeImages(imgs)
			return nil, err
		}
		imgs = append(imgs, img)
	}
	return imgs, nil
}

// uploadsSaved is the context of a write that names uploads already
// saved: carried to its end when the request ends (the person gone, a
// phone's connection lost) rather than answering an error. A write that
// committed and then failed to read its row back with the request's
// context would be taken for a refused one, and removeImages would delete
// the files its row now names.
func uploadsSaved(ctx context.Context) context.Context { return context.WithoutCancel(ctx) }

// lastRun is whether a write's check accepted its change in the write's
// last run (a write may run again, and each run judges anew), for
// settleUploads once the write has answered.
type lastRun bool

// judge notes err, a run's answer to whether its change is accepted,
// and returns it: a write's closure returns accepted.judge(its check).
func (a *lastRun) judge(err error) error {
	*a = err == nil
	return err
}

// settleUploads finishes the files imgs a write saved before it ran and
// that it names, once the write answered err (nil: nothing to do; kind
// says which write in the log), and says which rows name them when it
// landed all the same. A write whose change was refused in its last run
// (!accepted) wrote nothing: its files go at once, nothing asked. One
// whose change was accepted may have committed and then answered an error
// (its commit's answer lost): the database, not the error, says file by
// file whether a row names it (store.UploadNamedBy); a file no row names
// goes, a named one stays. When the database cannot say, every file stays
// and a warning is logged: an unnamed file is only space, a named one
// gone is a broken photo, cover or logo. An answer that is Named() is a
// write that landed: its caller answers it as saved.
func (s *Service) settleUploads(kind string, imgs []domain.Image, accepted bool, err error) store.UploadNamers {
	if err == nil || len(imgs) == 0 {
		return store.UploadNamers{}
	}
	if !accepted {
		s.removeImages(imgs)
		return store.UploadNamers{}
	}
	var landed store.UploadNamers
	var unnamed []domain.Image
	for _, img := range imgs {
		named, rerr := s.store.UploadNamedBy(context.Background(), img.File)
		if rerr != nil {
			slog.Warn("uploads: a write failed and what names its new files is unknown; they are kept",
				"write", kind, "file", img.File, "err", err, "read", rerr)
			return store.UploadNamers{}
		}
		if !named.Named() {
			unnamed = append(unnamed, img)
		} else if !landed.Named() {
			landed = named
		}
	}
	s.removeImages(unnamed)
	if landed.Named() {
		slog.Warn("uploads: a write answered an error but committed; the new files its row names are kept",
			"write", kind, "file", imgs[0].File, "err", err)
	}
	return landed
}

// removeImages deletes uploads no row names (a refused write's) at once.
func (s *Service) removeImages(imgs []domain.Image) { s.dropImages(imgs, false) }

// retireImages takes away uploads a row named until a moment ago (an
// edit's removed photos): kept a day (images.Dir.Remove), so that a backup
// whose database copy still names them finds them. Where several nodes
// share the database (SharesFiles) the files live in it too, and a
// backup is a dump of it: deleted at once.
func (s *Service) retireImages(imgs []domain.Image) { s.dropImages(imgs, true) }

func (s *Service) dropImages(imgs []domain.Image, named bool) {
	var names []string
	for _, img := range imgs {
		if named && !s.store.SharesFiles() {
			s.Images.Remove(img)
		} else {
			s.Images.Delete(img)
		}
		names = append(names, img.File)
		for _, w := range images.Widths {
			names = append(names, images.VariantName(img.File, w))
		}
	}
	if s.store.SharesFiles() && len(names) > 0 {
		// Best effort, like the files': an orphan row is only space.
		_ = s.store.DeleteFiles(context.Background(), names)
	}
}

// IdeaPatch is an edit of an idea: new text from its author, and/or a new
// state (withdrawn by the author; hidden or restored by an admin).
type IdeaPatch struct {
	domain.IdeaInput
	State  *domain.State `json:"state"`
	Reason string        `json:"reason"`
	// RemoveImages are the idea's photos to take off, by file name;
	// Images are new photos added after the rest (a form's files, never
	// JSON). Both are its author's edit, as its text is
	// (domain.EditImages).
	RemoveImages []string `json:"remove_images"`
	Images       []Upload `json:"-"`
}

// edits says whether p changes what the author wrote: its text or photos.
func (p IdeaPatch) edits() bool {
	return p.Title != nil || p.Summary != nil || p.Body != nil || p.Tags != nil || len(p.RemoveImages) > 0 || len(p.Images) > 0
}

// EditIdea applies a patch in one transaction: either all of it or nothing.
func (s *Service) EditIdea(ctx context.Context, actor *domain.User, id int64, p IdeaPatch) (domain.Idea, error) {
	if actor == nil {
		return domain.Idea{}, domain.Unauthorized("sign in first")
	}
	if err := domain.TextField("reason", p.Reason, 0, 500); err != nil {
		return domain.Idea{}, err
	}
	if p.State != nil {
		if _, ok := domain.ParseState(string(*p.State)); !ok {
			return domain.Idea{}, domain.Invalid("state", "invalid_state", "unknown state")
		}
	}
	if p.State != nil && (*p.State == domain.StateHidden || *p.State == domain.StateSubmitted) {
		// Hiding and restoring are moderation (hideOrRestore); a state the
		// idea already has is no move (an author's edit may name it), and
		// the edit's own check below judges the rest again in its
		// transaction.
		idea, err := s.store.Idea(ctx, id)
		if err != nil {
			return domain.Idea{}, err
		}
		if idea.State != *p.State {
			return s.hideOrRestore(ctx, actor, id, p)
		}
	}
	now := s.now()
	added, err := s.editPhotos(ctx, actor, id, p, now)
	if err != nil {
		return domain.Idea{}, err
	}
	var removed []domain.Image
	var accepted lastRun
	idea, err := s.store.UpdateIdea(uploadsSaved(ctx), id, actor.ID, p.Reason, func(c domain.Challenge, idea *domain.Idea) (bool, error) {
		var release bool
		var err error
		release, removed, err = applyEdit(actor, c, idea, p, added, now)
		return release, accepted.judge(err)
	}, domain.VotesReturnedNotices)
	err = s.seams.uploadsWritten(err)
	return s.settleIdeaEdit(id, added, removed, bool(accepted), idea, err)
}

// applyEdit applies edit p (with the photos added) to idea in challenge
// c, as actor's, in the edit's transaction, if actor may make it now: the
// photos it took off, and whether its change of state gives the idea's
// votes back (release).
func applyEdit(actor *domain.User, c domain.Challenge, idea *domain.Idea, p IdeaPatch, added []domain.Image, now time.Time) (release bool, removed []domain.Image, err error) {
	if err := unseen(actor, c, *idea, now); err != nil {
		return false, nil, err
	}
	if p.edits() {
		if err := domain.CanEdit(actor, *idea, c, now); err != nil {
			return false, nil, err
		}
		p.IdeaInput.Apply(idea)
		if idea.Images, removed, err = domain.EditImages(idea.Images, p.RemoveImages, added); err != nil {
			return false, nil, err
		}
		if err := idea.Validate(); err != nil {
			return false, nil, err
		}
	}
	if p.State != nil && *p.State != idea.State {
		if err := domain.CanSetState(actor, *idea, c, *p.State, now); err != nil {
			return false, nil, err
		}
		release = domain.ReleasesVotes(c, idea.State, *p.State, now)
		idea.State = *p.State
	}
	return release, removed, nil
}

// settleIdeaEdit finishes the photos of idea id's edit that answered err:
// a refused edit leaves none of those it added (settleUploads); a
// committed one retires those it took off, their rows gone. An edit found
// committed all the same (its commit's answer lost: editLanded) is that
// too, and the idea is read again and answered as edited.
func (s *Service) settleIdeaEdit(id int64, added, removed []domain.Image, accepted bool, idea domain.Idea, err error) (domain.Idea, error) {
	if err != nil {
		if !s.editLanded(id, added, removed, accepted, err) {
			return idea, err
		}
		if again, rerr := s.store.Idea(context.Background(), id); rerr == nil {
			idea, err = again, nil
		}
	}
	s.retireImages(removed) // their rows are gone; the files follow
	return idea, err
}

// editLanded says whether an edit of idea id that answered err committed
// all the same: the idea names a photo it added (settleUploads, which
// also removes the added files no row names); or, adding none, it took
// photos off, and no row names any of them now (while the edit had not
// landed, the idea still would). When the database cannot say, it did
// not: the photos taken off are kept (only space).
func (s *Service) editLanded(id int64, added, removed []domain.Image, accepted bool, err error) bool {
	if len(added) > 0 {
		return s.settleUploads("an idea's edit", added, accepted, err).Idea == id
	}
	if !accepted || len(removed) == 0 {
		return false
	}
	for _, img := range removed {
		if named, rerr := s.store.UploadNamedBy(context.Background(), img.File); rerr != nil || named.Named() {
			return false
		}
	}
	return true
}

// editPhotos checks and stores the photos edit p adds to idea id, once a
// cheap check has found that actor may edit it now and that the edit, but
// for its photos' sizes, is one the idea may take (its text, and its
// photos counted with those taken off): decoding photos is the expensive
// part, and what would be refused is refused first. The edit's
// transaction checks again.
func (s *Service) editPhotos(ctx context.Context, actor *domain.User, id int64, p IdeaPatch, now time.Time) ([]domain.Image, error) {
	uploads := p.Images
	if len(uploads) == 0 {
		return nil, nil
	}
	idea, err := s.store.Idea(ctx, id)
	if err != nil {
		return nil, err
	}
	c, err := s.store.Challenge(ctx, idea.ChallengeID)
	if err != nil {
		return nil, err
	}
	if err := unseen(actor, c, idea, now); err != nil {
		return nil, err
	}
	if err := domain.CanEdit(actor, idea, c, now); err != nil {
		return nil, err
	}
	draft := idea
	p.IdeaInput.Apply(&draft)
	if draft.Images, _, err = domain.EditImages(idea.Images, p.RemoveImages, make([]domain.Image, len(uploads))); err != nil {
		return nil, err
	}
	if err := draft.Validate(); err != nil {
		return nil, err
	}
	return s.saveImages(ctx, actor, "images", uploads)
}

// hideOrRestore is an admin's hiding (state hidden) or restoring (state
// submitted) of an idea through its edit, on the one path a moderator's
// decision takes (store.Moderate): the state it had kept for its
// restoring, the decision in the moderation log, its reports closed, its
// author and reporters told, its votes given back while votes can still
// be spent. A
// restore brings back the state it had when it was hidden (a winner stays
// a winner), whoever hid it: a moderator may restore an admin's hiding
// and an admin a moderator's, each logged. Its text cannot change in the
// same edit.
func (s *Service) hideOrRestore(ctx context.Context, actor *domain.User, id int64, p IdeaPatch) (domain.Idea, error) {
	to, action := *p.State, domain.ActionHide
	if to == domain.StateSubmitted {
		action = domain.ActionRestore
	}
	now := s.now()
	defer s.reputationAfter(ctx)
	err := s.store.Moderate(ctx, domain.ItemIdea, id, actor.ID, action, p.Reason, func(t store.ReportTarget) (bool, bool, error) {
		if err := unseen(actor, t.Challenge, t.Idea, now); err != nil {
			return false, false, err
		}
		if err := domain.CanSetState(actor, t.Idea, t.Challenge, to, now); err != nil {
			return false, false, err
		}
		if p.edits() {
			return false, false, domain.Conflict("state_move_not_allowed", "hide or restore an idea without changing its text")
		}
		hide := to == domain.StateHidden
		return hide, hide && domain.ReleasesVotes(t.Challenge, t.Idea.State, domain.StateHidden, now), nil
	}, func(t store.ReportTarget, hidden bool) []domain.Outgoing {
		return append(domain.EditHiddenNotices(t.Item(), t.Hidden, hidden, p.Reason),
			domain.ReportOutcomeNotices(t.Item(), t.Challenge.ID, t.Reporters, hidden)...)
	}, domain.VotesReturnedNotices)
	if err != nil {
		return domain.Idea{}, err
	}
	return s.store.Idea(ctx, id)
}

// visible says whether actor may open idea at all, its challenge aside
// (domain.IdeaOpenTo).
func visible(actor *domain.User, idea domain.Idea) bool {
	return domain.IdeaOpenTo(actor, idea)
}

// unseen is the answer to someone who may not see idea (domain.MaySeeIdea):
// nil when they may, else not found, naming the idea when it is the idea
// that is hidden and the challenge when it is a draft.
func unseen(actor *domain.User, c domain.Challenge, idea domain.Idea, now time.Time) error {
	switch {
	case domain.MaySeeIdea(actor, c, idea, now):
		return nil
	case domain.MaySeeChallenge(actor, c, now) || idea.State == domain.StateHidden:
		return domain.NotFound("idea")
	}
	return domain.NotFound("challenge")
}

// Idea loads an idea the actor may see, without what they may not see of
// it (IdeaMask).
func (s *Service) Idea(ctx context.Context, actor *domain.User, id int64) (domain.Idea, error) {
	idea, c, err := s.ideaIn(ctx, actor, id)
	if err != nil {
		return idea, err
	}
	one := []domain.Idea{idea}
	if err := s.masked(ctx, actor, c, one); err != nil {
		return domain.Idea{}, err
	}
	return one[0], nil
}

// ideaIn loads an idea the actor may see, with its challenge.
func (s *Service) ideaIn(ctx context.Context, actor *domain.User, id int64) (domain.Idea, domain.Challenge, error) {
	idea, err := s.store.Idea(ctx, id)
	if err != nil {
		return idea, domain.Challenge{}, err
	}
	c, err := s.store.Challenge(ctx, idea.ChallengeID)
	if err != nil {
		return domain.Idea{}, c, err
	}
	if err := unseen(actor, c, idea, s.now()); err != nil {
		return domain.Idea{}, domain.Challenge{}, err
	}
	return idea, c, nil
}

// IdeaList is one page of a challenge's ideas.
type IdeaList struct {
	Ideas []domain.Idea
	Next  *domain.Cursor
}

// Ideas lists a page of a challenge's listed ideas.
func (s *Service) Ideas(ctx context.Context, actor *domain.User, challengeID int64, sort domain.Sort, after *domain.Cursor, limit int) (IdeaList, error) {
	c, err := s.Challenge(ctx, actor, challengeID)
	if err != nil {
		return IdeaList{}, err
	}
	m, err := s.IdeaMask(ctx, actor, c)
	if err != nil {
		return IdeaList{}, err
	}
	list, _, err := s.ideasMasked(ctx, actor, c, m, sort, after, limit)
	return list, err
}

// ideasMasked is Ideas of challenge c, which actor may see, under actor's
// mask m for it, and the order it listed them in (domain.ListOrder, as
// RankedIdeas).
func (s *Service) ideasMasked(ctx context.Context, actor *domain.User, c domain.Challenge, m domain.IdeaMask, asked domain.Sort, after *domain.Cursor, limit int) (IdeaList, domain.Sort, error) {
	sort, read := domain.ListOrder(c, m, asked)
	ideas, next, err := s.store.Ideas(ctx, c.ID, read, after, limit)
	if err != nil {
		return IdeaList{}, sort, err
	}
	applyMask(m, actor, ideas)
	return IdeaList{Ideas: ideas, Next: next}, sort, nil
}

// RankedPage is a page of a challenge's idea list split for caching: the
// order and the counters, read live, and what the reader may see of the
// ideas (Mask, to apply to each with Mask.Apply); the ideas' text comes
// from IdeasOf, and may be kept while ContentVersion stays Content.
type RankedPage struct {
	Challenge domain.Challenge
	Mask      domain.IdeaMask
	// Sort is the order the ideas are listed in (domain.ListOrder, as the
	// challenge page's): the one asked, unless the reader's mask or the
	// challenge's method decides it.
	Sort  domain.Sort
	Ranks []domain.IdeaRank
	Next  *domain.Cursor
	// Content is ContentVersion, read before anything else was.
	Content uint64
}

// RankedIdeas is Ideas as a RankedPage: the same page, for the same reader,
// without the ideas' text.
func (s *Service) RankedIdeas(ctx context.Context, actor *domain.User, challengeID int64, sort domain.Sort, after *domain.Cursor, limit int) (RankedPage, error) {
	p := RankedPage{Content: s.store.ContentVersion()}
	var err error
	if p.Challenge, err = s.Challenge(ctx, actor, challengeID); err != nil {
		return RankedPage{}, err
	}
	if p.Mask, err = s.IdeaMask(ctx, actor, p.Challenge); err != nil {
		return RankedPage{}, err
	}
	var read domain.Sort
	p.Sort, read = domain.ListOrder(p.Challenge, p.Mask, sort)
	if p.Ranks, p.Next, err = s.store.IdeaRanks(ctx, challengeID, read, after, limit); err != nil {
		return RankedPage{}, err
	}
	return p, nil
}

// ContentVersion is the store's: it moves with every committed change but
// votes' (see store.Store.ContentVersion).
func (s *Service) ContentVersion() uint64 { return s.store.ContentVersion() }

// IdeasOf loads the listed ideas of c among ids as stored, before any mask:
// for a list page (RankedIdeas) that applies its reader's Mask to each. The
// caller has seen c through RankedIdeas; ideas of other challenges, and
// unlisted ones, are left out.
func (s *Service) IdeasOf(ctx context.Context, c domain.Challenge, ids []int64) ([]domain.Idea, error) {
	all, err := s.store.IdeasByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := all[:0]
	for _, idea := range all {
		if idea.ChallengeID == c.ID && idea.State.Listed() {
			out = append(out, idea)
		}
	}
	return out, nil
}

// IdeasIn loads, in one read, the ideas of c among ids that actor may see,
// each masked as Idea masks it, by id; ideas of other challenges and those
// actor may not see are left out. c is a challenge actor has seen
// (Challenge). For pages that name many ideas (an integrity report, its
// public log), which read them one by one at a read per idea.
func (s *Service) IdeasIn(ctx context.Context, actor *domain.User, c domain.Challenge, ids []int64) (map[int64]domain.Idea, error) {
	all, err := s.store.IdeasByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	now := s.now()
	seen := all[:0]
	for _, idea := range all {
		if idea.ChallengeID == c.ID && unseen(actor, c, idea, now) == nil {
			seen = append(seen, idea)
		}
	}
	if err := s.masked(ctx, actor, c, seen); err != nil {
		return nil, err
	}
	out := make(map[int64]domain.Idea, len(seen))
	for _, idea := range seen {
		out[idea.ID] = idea
	}
	return out, nil
}

// Vote casts actor's support for an idea; casting it again changes nothing.
func (s *Service) Vote(ctx context.Context, actor *domain.User, ideaID int64) (int, error) {
	return s.VoteFrom(ctx, actor, ideaID, Client{})
}

// Client is where a request came from, as far as vote integrity needs it.
type Client struct {
	Addr      string // the client's address (the web layer's RealIP)
	UserAgent string
}

// VoteFrom is Vote keeping the signals integrity judges votes by: the
// client's network and user agent, keyed-hashed, and the account's age.
func (s *Service) VoteFrom(ctx context.Context, actor *domain.User, ideaID int64, client Client) (int, error) {
	if actor == nil {
		return 0, domain.Unauthorized("sign in to vote")
	}
	now := s.now()
	sig, err := s.actSignals(ctx, actor, client, now)
	if err != nil {
		return 0, err
	}
	var race domain.Race // not the idea and its challenge: 672 bytes on the heap a vote
	votes, err := s.store.VoteWith(ctx, actor.ID, ideaID, sig, func(c domain.Challenge, idea domain.Idea, used int) error {
		if !domain.MaySeeIdea(actor, c, idea, now) {
			return domain.NotFound("idea")
		}
		if err := domain.CanVoteAs(actor, c); err != nil {
			return err
		}
		if err := domain.CanSupportInTime(c, idea, now); err != nil {
			return err
		}
		race = domain.RaceOf(c, idea, now)
		return domain.CanVote(actor, idea, c, now, used)
	})
	s.seams.voted(ctx)
	// The vote that reaches a supporter threshold shortlists its idea at
	// once (the sweep catches any a crash left between the two writes),
	// even if the voter has gone meanwhile: the vote is committed, and the
	// store refuses a write whose request has ended.
	if err == nil && race.Qualifies(votes) {
		if _, err := s.settleThreshold(context.WithoutCancel(ctx), ideaID); err != nil {
			return votes, err
		}
	}
	if err != nil {
		return votes, err
	}
	return s.voteTallyFor(ctx, actor, ideaID, votes)
}

// voteTallyFor is the tally a vote's answer tells actor: none (-1) where
// actor's mask hides the crowd's measures (crowdHidden), who would
// otherwise read them by voting.
func (s *Service) voteTallyFor(ctx context.Context, actor *domain.User, ideaID int64, votes int) (int, error) {
	hidden, err := s.crowdHidden(ctx, actor, ideaID)
	if hidden || err != nil {
		return -1, err
	}
	return votes, nil
}

// crowdHidden says whether actor's mask in the idea's challenge hides the
// crowd's measures (IdeaMask: a blind judge until the results), so that
// the answer to their own vote, rating or intent tells them nothing the
// idea's page would not. Only a judge can be blind (MayBeBlind), so a
// fan's act reads nothing more.
func (s *Service) crowdHidden(ctx context.Context, actor *domain.User, ideaID int64) (bool, error) {
	if !domain.MayBeBlind(actor) {
		return false, nil
	}
	_, c, err := s.ideaIn(ctx, actor, ideaID)
	if err != nil {
		return true, err
	}
	m, err := s.IdeaMask(ctx, actor, c)
	return m.Votes || err != nil, err
}

// Unvote withdraws actor's vote while voting is open. A vote on an idea
// that reports hid they may take back too (domain.CanWithdrawHeld), if
// they hold one: the answer then tells no tally. Whoever holds none is
// answered as before: not found, or, if they see the hidden idea (a
// moderator), that it cannot be voted on.
func (s *Service) Unvote(ctx context.Context, actor *domain.User, ideaID int64) (int, error) {
	if actor == nil {
		return 0, domain.Unauthorized("sign in to vote")
	}
	now := s.now()
	var held heldRead
	votes, err := s.store.Unvote(ctx, actor.ID, ideaID, s.unvoteCheck(actor, now, false, &held))
	if held.found {
		// Only for a hidden idea: does actor hold a vote on it?
		voted, err := s.store.Voted(ctx, actor.ID, held.c.ID, []int64{ideaID})
		if err != nil {
			return 0, err
		}
		if !voted[ideaID] {
			if domain.MaySeeIdea(actor, held.c, held.idea, now) {
				return 0, domain.CanVote(actor, held.idea, held.c, now, -1)
			}
			return 0, domain.NotFound("idea")
		}
		_, err = s.store.Unvote(ctx, actor.ID, ideaID, s.unvoteCheck(actor, now, true, &held))
		return -1, err
	}
	if err != nil {
		return votes, err
	}
	return s.voteTallyFor(ctx, actor, ideaID, votes)
}

// heldRead is what Unvote's check saw of a hidden idea (found): the idea
// and its challenge.
type heldRead struct {
	found bool
	idea  domain.Idea
	c     domain.Challenge
}

// unvoteCheck is Unvote's check of the idea read in the withdrawal's
// write. A hidden idea in a challenge actor sees is not found (held
// records it, for Unvote to read whether actor holds a vote on it),
// unless holds (they were found to), when domain.CanWithdrawHeld decides;
// for moderators, who see hidden ideas, as for fans. The check may run
// more than once (a batch run again): each run says afresh.
func (s *Service) unvoteCheck(actor *domain.User, now time.Time, holds bool, held *heldRead) store.VoteCheck {
	return func(c domain.Challenge, idea domain.Idea, _ int) error {
		*held = heldRead{}
		if idea.State == domain.StateHidden && domain.MaySeeChallenge(actor, c, now) {
			if holds {
				return domain.CanWithdrawHeld(idea, c, now)
			}
			*held = heldRead{true, idea, c}
			return domain.NotFound("idea")
		}
		if !domain.MaySeeIdea(actor, c, idea, now) {
			return domain.NotFound("idea")
		}
		return domain.CanVote(actor, idea, c, now, -1)
	}
}

// Comment adds actor's comment to an idea; a staff member's is official.
func (s *Service) Comment(ctx context.Context, actor *domain.User, ideaID int64, body string) (domain.Comment, error) {
	return s.CommentOn(ctx, actor, ideaID, 0, body)
}

// CommentOn is Comment answering one of the idea's project updates
// (updateID; 0: the idea itself, domain.CanAnswerUpdate). The comment is
// in the idea's thread either way; the project page also shows it under
// the update.
func (s *Service) CommentOn(ctx context.Context, actor *domain.User, ideaID, updateID int64, body string) (domain.Comment, error) {
	var of int64
	if actor != nil && updateID > 0 {
		var err error
		if of, _, err = s.store.UpdateOf(ctx, updateID); err != nil {
			return domain.Comment{}, err
		}
	}
	return s.comment(ctx, actor, ideaID, updateID, of, body)
}

// comment is CommentOn with the idea whose project posted update updateID
// read already (updateIdea; 0: no such update).
func (s *Service) comment(ctx context.Context, actor *domain.User, ideaID, updateID, updateIdea int64, body string) (domain.Comment, error) {
	if actor == nil {
		return domain.Comment{}, domain.Unauthorized("sign in to comment")
	}
	if err := domain.TextField("body", body, 1, domain.MaxCommentLen); err != nil {
		return domain.Comment{}, err
	}
	// Only on an idea the person may see (not one in a draft challenge),
	// before the update's check says anything about the idea.
	seen, err := s.Idea(ctx, actor, ideaID)
	if err != nil {
		return domain.Comment{}, err
	}
	if updateID != 0 {
		// A project's idea and its updates never change, so the check
		// holds in the write that follows.
		if err := domain.CanAnswerUpdate(ideaID, updateIdea); err != nil {
			return domain.Comment{}, err
		}
	}
	author := domain.Author{ID: actor.ID, Name: actor.Name}
	// The idea's author never follows by commenting (its author never
	// changes): the write need not look for their earlier comments.
	var follows func(domain.Idea, bool) bool
	if domain.CommentFollows(actor, seen, true) {
		follows = func(idea domain.Idea, first bool) bool { return domain.CommentFollows(actor, idea, first) }
	}
	return s.store.CreateComment(ctx, ideaID, updateID, author, body, actor.IsStaff(), follows, func(idea domain.Idea) error {
		return domain.CanComment(actor, idea)
	}, domain.CommentNotices)
}

// Follow starts or stops actor following an idea they can see.
func (s *Service) Follow(ctx context.Context, actor *domain.User, ideaID int64, follow bool) error {
	if actor == nil {
		return domain.Unauthorized("sign in to follow")
	}
	_, c, err := s.ideaIn(ctx, actor, ideaID)
	if err != nil {
		return err
	}
	now := s.now()
	return s.store.SetFollow(ctx, actor.ID, ideaID, follow, func(idea domain.Idea) error {
		if !domain.MaySeeIdea(actor, c, idea, now) {
			return domain.NotFound("idea")
		}
		return nil
	})
}

// MaxCommentsPage is the most comments one page holds (the API's limit).
const MaxCommentsPage = 1000

// Comments lists a page of an idea's comments (limit of them after the one
// with id after) for someone who may see the idea, and the id to continue
// after, 0 when there are no more.
func (s *Service) Comments(ctx context.Context, actor *domain.User, ideaID, after int64, limit int) ([]domain.Comment, int64, error) {
	idea, c, err := s.ideaIn(ctx, actor, ideaID)
	if err != nil {
		return nil, 0, err
	}
	mask, err := s.IdeaMask(ctx, actor, c)
	if err != nil {
		return nil, 0, err
	}
	list, next, err := s.commentsPage(ctx, ideaID, after, limit)
	if err != nil {
		return nil, 0, err
	}
	list = visibleComments(actor, list)
	hideAuthor(mask.Apply(actor, idea), idea, list, nil)
	return list, next, nil
}

func (s *Service) commentsPage(ctx context.Context, ideaID, after int64, limit int) ([]domain.Comment, int64, error) {
	if after < 0 {
		return nil, 0, domain.Invalid("cursor", "invalid_cursor", "the cursor is not one this server gave")
	}
	if limit < 1 || limit > MaxCommentsPage {
		return nil, 0, domain.Invalid("limit", "out_of_range", "limit must be between 1 and 1000")
	}
	list, err := s.store.Comments(ctx, ideaID, after, limit+1)
	if err != nil {
		return nil, 0, err
	}
	list, next := onePage(list, limit, func(c domain.Comment) int64 { return c.ID })
	return list, next, nil
}

// hideAuthor blanks the author of idea in its comments and history when
// shown (idea as the viewer gets it) hides them: their own comments and
// moves would name them.
func hideAuthor(shown, idea domain.Idea, comments []domain.Comment, history []domain.IdeaEvent) {
	if shown.Author.ID != 0 || idea.Author.ID == 0 {
		return
	}
	for i := range comments {
		if comments[i].Author.ID == idea.Author.ID {
			comments[i].Author = domain.Author{}
		}
	}
	for i := range history {
		if history[i].Actor.ID == idea.Author.ID {
			history[i].Actor = domain.Author{}
		}
	}
}

// IdeaPage is everything an idea's page shows.
type IdeaPage struct {
	Idea      domain.Idea
	Challenge domain.Challenge
	Comments  []domain.Comment
	// HiddenWhy is why hidden items on the page were hidden, for their
	// authors and moderators: by "idea" or "comment-<id>"; "" means the
	// report threshold hid it.
	HiddenWhy map[string]string
	// ReviewAsked says, by the same keys, which hidden items' authors have
	// asked for a review that is still waiting.
	ReviewAsked map[string]bool
	// ReviewSpent says, by the same keys, which hidden items' authors
	// have had their one review (domain.ReviewSpent).
	ReviewSpent map[string]bool
	History     []domain.IdeaEvent
	Voted       bool
	VotesUsed   int
	// MyStars is the viewer's rating of the idea (a stars challenge; 0: none).
	MyStars int
	// ProjectID is the project the idea became (0 when none); Declined is
	// the engineers' public reason for not taking it on.
	ProjectID int64
	Declined  string
	Following bool
	// Demand is the design's "I'd buy it" and the idea's supporter threshold.
	Demand IdeaDemand
	// CommentsNext is the comment id the next page of comments starts
	// after, 0 when Comments holds the last of them.
	CommentsNext int64
	// StatusHistory is a board post's status moves, newest first.
	StatusHistory []domain.StatusMove
	// Badges are the honour badges of the author and commenters the
	// viewer may see, by person (NameBadges).
	Badges map[int64][]people.Badge
	// mask is the viewer's IdeaMask in the challenge, read once for the
	// page (the demand's visibility reads it too).
	mask domain.IdeaMask
}

// StatusHistoryShown bounds the status moves a post's page lists.
const StatusHistoryShown = 100

// IdeaPageComments is how many comments an idea's page shows at once.
const IdeaPageComments = 200

// IdeaPage loads an idea with its challenge, history and first comments.
func (s *Service) IdeaPage(ctx context.Context, actor *domain.User, id int64) (IdeaPage, error) {
	return s.IdeaPageFrom(ctx, actor, id, 0)
}

// CommentsPageOf is the comments cursor of idea ideaID's page (of
// pageSize comments, counted from the first) that holds comment
// commentID, for actor: 0 (the first page) when the idea has no such
// comment or actor may not see it (hidden), so the answer tells no more
// than the first page does. The idea's own visibility is checked by the
// page's own read (IdeaPageFrom, Comments).
func (s *Service) CommentsPageOf(ctx context.Context, actor *domain.User, ideaID, commentID int64, pageSize int) (int64, error) {
	if commentID <= 0 || pageSize < 1 {
		return 0, nil
	}
	after, author, hidden, found, err := s.store.CommentPlace(ctx, ideaID, commentID, pageSize)
	if err != nil || !found || (hidden && !domain.SeesHidden(actor, author)) {
		return 0, err
	}
	return after, nil
}

// IdeaPageFrom is IdeaPage with the comments after the one with id
// commentsAfter.
func (s *Service) IdeaPageFrom(ctx context.Context, actor *domain.User, id, commentsAfter int64) (IdeaPage, error) {
	var p IdeaPage
	idea, shown, c, mask, err := s.shownIdea(ctx, actor, id)
	if err != nil {
		return p, err
	}
	p.mask = mask
	p.Idea, p.Challenge = shown, c
	if p.Comments, p.CommentsNext, err = s.commentsPage(ctx, id, commentsAfter, IdeaPageComments); err != nil {
		return p, err
	}
	p.Comments = visibleComments(actor, p.Comments)
	if p.HiddenWhy, p.ReviewAsked, p.ReviewSpent, err = s.hiddenReasons(ctx, p.Idea, p.Comments); err != nil {
		return p, err
	}
	if p.History, err = s.store.IdeaHistory(ctx, id); err != nil {
		return p, err
	}
	hideAuthor(p.Idea, idea, p.Comments, p.History)
	named := []int64{p.Idea.Author.ID}
	for _, cm := range p.Comments {
		named = append(named, cm.Author.ID)
	}
	if p.Badges, err = s.NameBadges(ctx, named); err != nil {
		return p, err
	}
	if c.IsBoard() {
		if p.StatusHistory, err = s.store.StatusHistory(ctx, id, StatusHistoryShown); err != nil {
			return p, err
		}
	}
	if p.ProjectID, err = s.store.ProjectOfIdea(ctx, id); err != nil {
		return p, err
	}
	if p.Declined, err = s.store.Declined(ctx, id); err != nil {
		return p, err
	}
	if err := s.ideaDemand(ctx, actor, &p); err != nil {
		return p, err
	}
	if actor != nil {
		voted, err := s.store.Voted(ctx, actor.ID, c.ID, []int64{id})
		if err != nil {
			return p, err
		}
		p.Voted = voted[id]
		if c.Method() == domain.MethodStars {
			mine, err := s.store.MyRatings(ctx, actor.ID, c.ID, []int64{id})
			if err != nil {
				return p, err
			}
			p.MyStars = mine[id]
		}
		if p.Following, err = s.store.Following(ctx, actor.ID, id); err != nil {
			return p, err
		}
		if p.VotesUsed, err = s.store.VotesUsed(ctx, actor.ID, p.Idea.ChallengeID); err != nil {
			return p, fmt.Errorf("service: %w", err)
		}
	}
	return p, nil
}
