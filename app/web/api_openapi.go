package web

import (
	_ "embed"
	"net/http"

	"github.com/labstack/echo/v4"
)

// openAPI describes the JSON API; a test checks that every API route in the
// route table appears in it.
//
//go:embed openapi.json
var openAPI []byte

func (s *Server) apiOpenAPI(c echo.Context) error {
	return c.Blob(http.StatusOK, "application/json", openAPI)
}
