package domain

import "strings"

// MaxSiteNameLen is the most characters of the site's name in one
// language: the header of a 375 px phone shows about ten Chinese
// characters beside its tools, and a subject line starts with it.
const MaxSiteNameLen = 30

// Site is the brand's own name and logo for its site, set by an admin. An
// empty name means the translations' default (site.name) in that
// language; an empty Logo.File means the site's own icon.
type Site struct {
	NameZH, NameEN string
	Logo           Image
}

// Name is the site's name the admin set in lang ("" when none was, and
// then the caller says the default): Chinese for "zh", English otherwise.
func (s Site) Name(lang string) string {
	if lang == "zh" {
		return s.NameZH
	}
	return s.NameEN
}

// SiteInput is an admin's change of the site: the fields not given stay;
// RemoveLogo takes the logo off (a new logo replaces it anyway).
type SiteInput struct {
	NameZH     *string `json:"name_zh"`
	NameEN     *string `json:"name_en"`
	RemoveLogo bool    `json:"remove_logo"`
}

// Apply checks in and writes it to s: each name trimmed, one line, at
// most MaxSiteNameLen characters (empty is allowed: the default then),
// refused at its own field (name_zh, name_en) with s unchanged.
func (in SiteInput) Apply(s *Site) error {
	next := *s
	for _, f := range []struct {
		field string
		in    *string
		out   *string
	}{{"name_zh", in.NameZH, &next.NameZH}, {"name_en", in.NameEN, &next.NameEN}} {
		if f.in == nil {
			continue
		}
		v := strings.TrimSpace(*f.in)
		if err := LineField(f.field, v, 0, MaxSiteNameLen); err != nil {
			return err
		}
		*f.out = v
	}
	if in.RemoveLogo {
		next.Logo = Image{}
	}
	*s = next
	return nil
}
