// Package service holds cocreate's use cases: each one checks who may do it
// (with the domain's rules), validates input, and calls the store. The HTML
// pages and the JSON API both call these functions, so a rule is enforced in
// one place whichever way a person arrives. The store is private to this
// package: the service is the only door to the database.
package service

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"time"

	"cocreate/app/domain"
	"cocreate/app/images"
	"cocreate/app/indexer"
	"cocreate/app/integrity"
	"cocreate/app/pairwise"
	"cocreate/app/people"
	"cocreate/app/store"
)

// Service is the product's use cases over one store.
type Service struct {
	store  *store.Store
	Images images.Dir
	// Now is the service's clock. New sets it to read the store's clock,
	// so the time a rule is checked at and the time a row is stamped with
	// agree; tests may replace either.
	Now func() time.Time
	// Indexer keeps and serves the search index; nil means no search.
	Indexer *indexer.Indexer
	// MailSecret is the installation's mail key (mail.LoadSecret), which
	// signs the links in emails that stop them; none are valid without it.
	MailSecret []byte
	// Integrity is the vote-integrity detectors' thresholds; New sets
	// integrity.Defaults().
	Integrity integrity.Config
	// PairsPerFan is how many pairs of a challenge one fan is asked at
	// most; New sets pairwise.MaxJudged.
	PairsPerFan int
	// PhotoPixelsPerHour is the pixels of one account's photos decoded in
	// an hour at most; New sets domain.PhotoPixelsPerHour.
	PhotoPixelsPerHour int64

	stats  sync.Map       // challenge id → statsEntry, see Stats
	integ  integrityState // vote integrity: see integrity.go
	pairs  pairState      // pairwise: see pairwise.go
	unread unreadCache    // unread counts: see notifications.go
	photos photoUse       // each account's photo decoding: see photos.go
	site   siteCache      // the site's name and logo: see site.go
	sweep  sweepState     // this node's upload sweeps: see uploadsweep53.go
	// challenges is every challenge for search's unseenChallenges;
	// clubs every club, for their lists (Clubs); club what each club's
	// page shows every viewer alike (Club: clubShared).
	challenges byVersion[[]domain.Challenge]
	clubs      byVersion[[]store.Club]
	club       byVersionEach[int64, clubShared]
	// seams are what tests built with -tags cocreate_seams observe and
	// replace (seams_on.go); in any other build nothing (seams_off.go).
	seams seams
	dummy struct { // see dummyHash
		once sync.Once
		hash string
	}
}

// New returns the use cases over st, keeping uploads in imageDir.
// Where several nodes serve one database (store.SharesFiles), every file
// written there is kept in the database too, and a node serves one it
// lacks from there (UploadPath).
func New(st *store.Store, imageDir string) *Service {
	s := &Service{
		store:              st,
		Integrity:          integrity.Defaults(),
		PairsPerFan:        pairwise.MaxJudged,
		PhotoPixelsPerHour: domain.PhotoPixelsPerHour,
		Images:             images.Dir{Path: imageDir},
		Now:                func() time.Time { return st.Now() },
	}
	// An act in flight when its account was deleted or suspended lands
	// nowhere: asked again inside the act's write.
	st.Acting = domain.Active
	// Points a write records tell their fan the honours they earn.
	st.Honours = people.HonourNotices
	if st.SharesFiles() {
		s.Images.Share = func(name string, data []byte) error {
			return st.PutFile(context.Background(), name, data)
		}
	}
	return s
}

// Upload is where a stored image (or one of its smaller copies) is on
// this node's disk, for actor, who may see what it belongs to: an idea's
// photo goes with the idea (a hidden idea's with it, to its author and
// moderators only), a cover with its challenge, a tester's report's
// photo with the project's reports (mayReadFeedback); a file that belongs to
// nothing (a photo left by an idea never made) is not served. public says
// whether a visitor may see it too, and so whether caches may share it.
func (s *Service) Upload(ctx context.Context, actor *domain.User, name string) (path string, public bool, err error) {
	if !images.ValidName(name) {
		return "", false, domain.NotFound("file")
	}
	if site, err := s.Site(ctx); err == nil && site.Logo.File != "" && site.Logo.File == images.BaseName(name) {
		return s.siteLogoPath(ctx, name) // the site's logo: on every page, to everyone
	}
	named, err := s.store.UploadNamedBy(ctx, images.BaseName(name))
	if err != nil {
		return "", false, err
	}
	now := s.now()
	var seen bool // by actor; public: by a visitor too
	switch {
	case named.Idea != 0:
		idea, err := s.store.Idea(ctx, named.Idea)
		if err != nil {
			return "", false, err
		}
		c, err := s.store.Challenge(ctx, idea.ChallengeID)
		if err != nil {
			return "", false, err
		}
		seen, public = domain.MaySeeIdea(actor, c, idea, now), domain.MaySeeIdea(nil, c, idea, now)
	case named.Challenge != 0:
		c, err := s.store.Challenge(ctx, named.Challenge)
		if err != nil {
			return "", false, err
		}
		seen, public = domain.MaySeeChallenge(actor, c, now), domain.MaySeeChallenge(nil, c, now)
	case named.Project != 0:
		// A tester's report's photo goes with the report: to those who
		// may read the project's reports (mayReadFeedback), never public.
		seen = s.mayReadFeedback(ctx, actor, named.Project) == nil
	case named.Logo:
		// A logo another node set a moment ago, before this node's
		// memory of the site (Site) caught up.
		return s.siteLogoPath(ctx, name)
	}
	if !seen {
		// One answer for a file of nothing, of a hidden idea or of a
		// draft: the name tells nobody which.
		return "", false, domain.NotFound("file")
	}
	path, ok, err := s.uploadPath(ctx, name)
	if err == nil && !ok {
		err = domain.NotFound("file")
	}
	return path, public, err
}

// siteLogoPath is where the site's logo (or a smaller copy) is: public.
func (s *Service) siteLogoPath(ctx context.Context, name string) (string, bool, error) {
	path, ok, err := s.uploadPath(ctx, name)
	if err == nil && !ok {
		err = domain.NotFound("file")
	}
	return path, err == nil, err
}

// uploadPath is where a stored image (or one of its smaller copies) is on
// this node's disk, fetched from the database first when another node
// wrote it; ok is false when there is no such image.
func (s *Service) uploadPath(ctx context.Context, name string) (path string, ok bool, err error) {
	for _, n := range []string{name, images.BaseName(name)} {
		p := filepath.Join(s.Images.Path, n)
		if _, err := os.Stat(p); err == nil {
			return p, true, nil
		}
		if !s.store.SharesFiles() {
			continue
		}
		data, err := s.store.File(ctx, n)
		if e := domain.AsError(err); e != nil && e.Kind == domain.KindNotFound {
			continue
		}
		if err != nil {
			return "", false, err
		}
		if err := s.Images.Cache(n, data); err != nil {
			return "", false, err
		}
		return p, true, nil
	}
	return "", false, nil
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}
