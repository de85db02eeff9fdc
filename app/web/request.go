package web

import (
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"cocreate/app/domain"

	"github.com/labstack/echo/v4"
)

// decodeJSON reads a JSON body into v. The bytes must be valid UTF-8 (Go's
// decoder would silently replace bad bytes), and a value of the wrong type
// names its field.
func decodeJSON(c echo.Context, v any) error {
	if ct := c.Request().Header.Get(echo.HeaderContentType); !strings.HasPrefix(ct, echo.MIMEApplicationJSON) {
		return &domain.Error{Kind: domain.KindUnsupported, Code: "unsupported_media_type", Message: "send the body as Content-Type: application/json"}
	}
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		var he *echo.HTTPError
		if errors.As(err, &he) {
			return he // the body limit's 413
		}
		return domain.Invalid("", "unreadable_body", "the request body could not be read")
	}
	if !utf8.Valid(body) {
		return domain.Invalid("", "invalid_utf8", "the request body is not valid UTF-8")
	}
	if len(strings.TrimSpace(string(body))) == 0 {
		return domain.Invalid("", "invalid_json", "the request body must be a JSON object")
	}
	if err := json.Unmarshal(body, v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return domain.Invalid(te.Field, "invalid_type", te.Field+" has the wrong type")
		}
		if strings.Contains(err.Error(), "parsing time") {
			return domain.Invalid("", "invalid_time", "times must be RFC 3339 strings, e.g. 2026-11-24T09:00:00Z")
		}
		return domain.Invalid("", "invalid_json", "the request body is not valid JSON")
	}
	return nil
}

// idParam reads a numeric id from a path parameter; a readable slug may
// follow it ("/ideas/42-self-cleaning-drum"). Anything else is a 404.
func idParam(c echo.Context, name string) (int64, error) {
	raw := c.Param(name)
	head, _, _ := strings.Cut(raw, "-")
	id, err := strconv.ParseInt(head, 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.NotFound("page")
	}
	return id, nil
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
