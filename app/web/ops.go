package web

import (
	"net/http"
	"strconv"
	"strings"

	"cocreate/app/domain"
	"cocreate/app/images"

	"github.com/labstack/echo/v4"
)

// healthz answers 200 while the database answers.
func (s *Server) healthz(c echo.Context) error {
	if err := s.svc.Healthy(c.Request().Context()); err != nil {
		return c.JSON(http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
	}
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// serveUpload serves a stored image to whoever may see what it belongs to
// (Service.Upload). Names are random and never reused, but what they show
// can be hidden: shared caches keep one an hour, not a year, so a photo a
// moderator pulls leaves them within the hour; after that a browser asks
// again with If-None-Match and is answered 304 without the image. A photo
// only its author and the moderators may see stays in their own browser.
func (s *Server) serveUpload(c echo.Context) error {
	p, public, err := s.svc.Upload(c.Request().Context(), currentUser(c), c.Param("name"))
	if err != nil {
		return err
	}
	cc := "private, max-age=3600"
	if public {
		cc = "public, max-age=3600"
	}
	h := c.Response().Header()
	h.Set("Cache-Control", cc)
	// The name is the content's (random, never reused, a copy's apart):
	// every node answers a browser's If-None-Match with 304, where the
	// file's time is the node's own copy's.
	h.Set("ETag", `"`+c.Param("name")+`"`)
	return c.File(p)
}

// uploadSrcset is the srcset of a stored image: its 400 and 800 px wide
// copies (those narrower than it) and itself. A challenge's cover is only a
// name, whose width is taken as the largest kept; an old image without
// copies is served for their names (serveUpload).
func uploadSrcset(v any) string {
	var img domain.Image
	switch x := v.(type) {
	case domain.Image:
		img = x
	case string:
		img = domain.Image{File: x, Width: images.MaxSide}
	default:
		return ""
	}
	var b strings.Builder
	for _, w := range images.Widths {
		if w < img.Width {
			b.WriteString("/uploads/" + images.VariantName(img.File, w) + " " + strconv.Itoa(w) + "w, ")
		}
	}
	b.WriteString("/uploads/" + img.File + " " + strconv.Itoa(img.Width) + "w")
	return b.String()
}
