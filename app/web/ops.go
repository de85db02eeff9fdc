package web

import (
	"net/http"
	"os"
	"path/filepath"

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

// serveUpload serves a stored image. Names are random and never reused, so
// they can be cached for a long time.
func (s *Server) serveUpload(c echo.Context) error {
	name := c.Param("name")
	if !images.ValidName(name) {
		return echo.ErrNotFound
	}
	p := filepath.Join(s.cfg.UploadDir, name)
	if _, err := os.Stat(p); err != nil {
		// An image stored before smaller copies were made: the full one.
		p = filepath.Join(s.cfg.UploadDir, images.BaseName(name))
		if _, err := os.Stat(p); err != nil {
			return echo.ErrNotFound
		}
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	return c.File(p)
}
