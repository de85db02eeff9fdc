package store

import (
	"context"
	"testing"

	"cocreate/app/domain"
)

// The site's name and logo: none at first (the defaults), saved by an
// admin's change, refused changes write nothing, and a later change keeps
// one row (on either engine).
func TestSite51NameAndLogoAreKept(t *testing.T) {
	s := mustOpen(t)
	ctx := context.Background()
	if site, err := s.Site(ctx); err != nil || site != (domain.Site{}) {
		t.Fatalf("at first: %+v %v", site, err)
	}
	logo := domain.Image{File: "0123456789abcdef0123456789abcdef.jpg", Width: 300, Height: 100}
	before, after, err := s.UpdateSite(ctx, 1, s.Now(), func(site *domain.Site) error {
		site.NameZH, site.NameEN, site.Logo = "海尔创客", "Haier Makers", logo
		return nil
	})
	want := domain.Site{NameZH: "海尔创客", NameEN: "Haier Makers", Logo: logo}
	if err != nil || before != (domain.Site{}) || after != want {
		t.Fatalf("the first save: %+v → %+v, %v", before, after, err)
	}
	refused := domain.Invalid("name_zh", "too_long", "too long")
	if _, _, err := s.UpdateSite(ctx, 1, s.Now(), func(site *domain.Site) error { site.NameZH = "别的"; return refused }); err != refused {
		t.Fatalf("a refused change: %v", err)
	}
	if named, err := s.UploadNamedBy(ctx, logo.File); err != nil || !named.Logo {
		t.Fatalf("the logo is not known as the logo: %+v %v", named, err)
	}
	before, after, err = s.UpdateSite(ctx, 1, s.Now(), func(site *domain.Site) error { site.NameEN, site.Logo = "", domain.Image{}; return nil })
	if err != nil || before != want || after != (domain.Site{NameZH: "海尔创客"}) {
		t.Fatalf("the second save: %+v → %+v, %v", before, after, err)
	}
	if site, err := s.Site(ctx); err != nil || site != after {
		t.Fatalf("read back: %+v %v", site, err)
	}
	if named, _ := s.UploadNamedBy(ctx, logo.File); named.Logo {
		t.Fatal("a removed logo is still the logo")
	}
	if named, _ := s.UploadNamedBy(ctx, ""); named.Logo {
		t.Fatal("no logo is taken for a logo named ''")
	}
	var rows int
	if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM site_settings`).Scan(&rows); err != nil || rows != 1 {
		t.Fatalf("%d rows, %v", rows, err)
	}
}
