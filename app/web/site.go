package web

import (
	"errors"
	"net/http"

	"cocreate/app/domain"
	"cocreate/app/images"
	"cocreate/app/service"

	"github.com/labstack/echo/v4"
)

// The brand's own name and logo for its site (session 51): an admin sets
// them at /admin/site or PUT /api/v1/site; every page's header and title,
// the feeds and the emails say them (service.SiteName).

// logoURL is the address the header shows the logo at: its 400 px copy
// when it has one, for a 28 px high picture.
func logoURL(img domain.Image) string {
	if img.Width > images.Widths[0] {
		return "/uploads/" + images.VariantName(img.File, images.Widths[0])
	}
	return "/uploads/" + img.File
}

// siteJSON is the site's name and logo for apps: name is what the pages
// say in each language (the brand's or the default), name_zh and name_en
// what an admin set ("" for the default), logo null for none.
type siteJSON struct {
	Name   map[string]string `json:"name"`
	NameZH string            `json:"name_zh"`
	NameEN string            `json:"name_en"`
	Logo   *imageJSON        `json:"logo"`
}

func (s *Server) toSiteJSON(site domain.Site) siteJSON {
	j := siteJSON{Name: map[string]string{}, NameZH: site.NameZH, NameEN: site.NameEN}
	for _, l := range []string{"zh", "en"} {
		j.Name[l] = service.SiteNameIn(site, l)
	}
	if site.Logo.File != "" {
		j.Logo = &imageJSON{URL: "/uploads/" + site.Logo.File, File: site.Logo.File, Width: site.Logo.Width, Height: site.Logo.Height}
	}
	return j
}

// apiSite gives anyone the site's name and logo.
func (s *Server) apiSite(c echo.Context) error {
	site, err := s.svc.Site(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.toSiteJSON(site))
}

// apiSiteUpdate lets an admin change the site's name and logo: JSON
// (name_zh, name_en, remove_logo; a field left out stays), or a multipart
// form with the same fields and the image as logo.
func (s *Server) apiSiteUpdate(c echo.Context) error {
	var in domain.SiteInput
	var logo []byte
	if isMultipart(c) {
		if err := c.Request().ParseMultipartForm(uploadMemory); err != nil {
			var he *echo.HTTPError
			if errors.As(err, &he) {
				return he // the body limit's 413
			}
			return domain.Invalid("", "invalid_form", "the multipart form could not be read")
		}
		in = siteFormInput(c)
		var err error
		if logo, err = formFile(c, "logo"); err != nil {
			return err
		}
	} else {
		capJSON(c)
		if err := decodeJSON(c, &in); err != nil {
			return err
		}
	}
	site, err := s.svc.SetSite(c.Request().Context(), currentUser(c), in, logo)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.toSiteJSON(site))
}

// siteFormInput reads a form's names (a field not sent stays as it is)
// and its remove_logo box.
func siteFormInput(c echo.Context) domain.SiteInput {
	var in domain.SiteInput
	form := c.Request().Form
	if v, ok := form["name_zh"]; ok && len(v) > 0 {
		in.NameZH = &v[0]
	}
	if v, ok := form["name_en"]; ok && len(v) > 0 {
		in.NameEN = &v[0]
	}
	in.RemoveLogo = form.Get("remove_logo") != "" && form.Get("remove_logo") != "0"
	return in
}

// siteForm is the admin's page of the site's name and logo: what is
// saved, what was typed when refused, and the refusal at its field.
type siteForm struct {
	Site          domain.Site
	Logo          string // the logo's address, "" for none
	Default       map[string]string
	Error, Field  string
	LogoLost      bool // a refused form had a logo chosen, which must be chosen again
	MaxNameLength int
}

func (s *Server) newSiteForm(site domain.Site) siteForm {
	f := siteForm{Site: site, Default: map[string]string{}, MaxNameLength: domain.MaxSiteNameLen}
	if site.Logo.File != "" {
		f.Logo = logoURL(site.Logo)
	}
	for _, l := range []string{"zh", "en"} {
		f.Default[l] = service.SiteNameIn(domain.Site{}, l)
	}
	return f
}

// sitePage shows the admin the site's name and logo to change.
func (s *Server) sitePage(c echo.Context) error {
	site, err := s.svc.Site(c.Request().Context())
	if err != nil {
		return err
	}
	return s.render(c, "site", s.printer(c).T("site51.title"), s.newSiteForm(site))
}

// siteSave saves the admin's form; a refusal shows the form again as
// typed, with the words at the field refused.
func (s *Server) siteSave(c echo.Context) error {
	ctx := c.Request().Context()
	_ = c.Request().ParseMultipartForm(uploadMemory) // the logo waits on disk; a bad form shows as missing fields
	in := siteFormInput(c)
	logo, err := formFile(c, "logo")
	if err == nil {
		_, err = s.svc.SetSite(ctx, currentUser(c), in, logo)
	}
	if err != nil {
		msg, field, ok := s.formError(c, err)
		if !ok {
			return err
		}
		saved, rerr := s.svc.Site(ctx)
		if rerr != nil {
			return rerr
		}
		form := s.newSiteForm(saved)
		if in.NameZH != nil {
			form.Site.NameZH = *in.NameZH
		}
		if in.NameEN != nil {
			form.Site.NameEN = *in.NameEN
		}
		form.Error, form.Field = msg, field
		form.LogoLost = fileChosen(c, "logo") && field != "logo"
		return s.renderStatus(c, statusOf[domain.AsError(err).Kind], "site", withTitle{s.printer(c).T("site51.title"), form})
	}
	s.flash(c, "site51.saved")
	return c.Redirect(http.StatusSeeOther, "/admin/site")
}
