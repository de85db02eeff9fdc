package service

import (
	"bytes"
	"context"
	"sync"
	"time"

	"cocreate/app/domain"
	"cocreate/app/i18n"
)

// siteFresh is how long a node says the site's name as it last read it
// once the store's ContentVersion has moved. While the version stays, the
// name read is still the stored one (store.Version's promise); a version
// that moves at every write (or at every call, on a PostgreSQL node unsure
// it hears the others) would otherwise cost a read per page view. So
// another node's change shows here within siteFresh, this node's own at
// once (SetSite forgets what was read).
const siteFresh = 3 * time.Second

// siteCache is the site's name and logo as last read.
type siteCache struct {
	mu      sync.Mutex
	ok      bool
	site    domain.Site
	version uint64
	at      time.Time
	// gen counts this node's saves: a read begun before one is not kept
	// (it may hold the name from before the save).
	gen uint64
}

// Site is the brand's name and logo for its site, as an admin last set
// them (the zero Site: the defaults). Pages, feeds and emails read it at
// every use: it is kept in memory (siteCache), not read each time.
func (s *Service) Site(ctx context.Context) (domain.Site, error) {
	v := s.store.ContentVersion()
	c := &s.site
	c.mu.Lock()
	if c.ok && (c.version == v || time.Since(c.at) < siteFresh) {
		site := c.site
		c.mu.Unlock()
		return site, nil
	}
	gen := c.gen
	c.mu.Unlock()
	site, err := s.store.Site(ctx)
	if err != nil {
		return domain.Site{}, err
	}
	c.mu.Lock()
	if c.gen == gen {
		c.ok, c.site, c.version, c.at = true, site, v, time.Now()
	}
	c.mu.Unlock()
	return site, nil
}

// SiteName is the site's name in lang as an admin last set it
// (SiteNameIn). A failed read says the default: a page is better with the
// default name than not at all.
func (s *Service) SiteName(lang string) string {
	site, _ := s.Site(context.Background()) // at worst the default name
	return SiteNameIn(site, lang)
}

// SiteNameIn is site's name in lang: the admin's, or else the
// translations' site.name in lang ("共创", "cocreate"); of the zero Site,
// the default name. Pages, feeds, emails and the API all say it.
func SiteNameIn(site domain.Site, lang string) string {
	if n := site.Name(lang); n != "" {
		return n
	}
	return i18n.For(lang).T("site.name")
}

// SetSite lets an admin change the site's name in either language and its
// logo (an uploaded image, stored as a challenge's cover is; nil keeps the
// one there). Refused input changes nothing; a replaced logo's file goes.
func (s *Service) SetSite(ctx context.Context, actor *domain.User, in domain.SiteInput, logo []byte) (domain.Site, error) {
	if err := requireRole(actor, domain.RoleAdmin); err != nil {
		return domain.Site{}, err
	}
	// The names are checked before an image is decoded: a refused name
	// costs no decoding, and leaves no file behind.
	if err := in.Apply(&domain.Site{}); err != nil {
		return domain.Site{}, err
	}
	var img domain.Image
	if len(logo) > 0 {
		var err error
		if img, err = s.Images.SaveFrom(ctx, "logo", bytes.NewReader(logo), int64(len(logo))); err != nil {
			return domain.Site{}, err
		}
	}
	var accepted lastRun
	before, after, err := s.store.UpdateSite(uploadsSaved(ctx), actor.ID, s.now(), func(site *domain.Site) error {
		err := in.Apply(site)
		if err == nil && img.File != "" {
			site.Logo = img
		}
		return accepted.judge(err)
	})
	err = s.seams.uploadsWritten(err)
	return s.settleSite(img, bool(accepted), before, after, err)
}

// settleSite finishes SetSite's write that stored the new logo img (none:
// File "") and answered err. Refused, the new logo goes (settleUploads).
// Saved, this node forgets the site it remembered and the logo replaced
// (before's) is retired. A write found saved all the same (its commit's
// answer lost: the site names the new logo) is saved, and the site is
// read again and answered so.
func (s *Service) settleSite(img domain.Image, accepted bool, before, after domain.Site, err error) (domain.Site, error) {
	answer := after
	if err != nil {
		if img.File == "" || !s.settleUploads("the site's logo", []domain.Image{img}, accepted, err).Logo {
			return domain.Site{}, err
		}
		if again, rerr := s.store.Site(context.Background()); rerr == nil {
			answer, err = again, nil
		}
	}
	s.site.mu.Lock()
	s.site.ok = false // this node says the new name at once
	s.site.gen++      // and keeps no read begun before the save
	s.site.mu.Unlock()
	// What the write replaced, by its own before and after (the run that
	// committed is its last).
	if before.Logo.File != "" && before.Logo.File != after.Logo.File {
		s.retireImages([]domain.Image{before.Logo})
	}
	if err != nil {
		return domain.Site{}, err
	}
	return answer, nil
}
