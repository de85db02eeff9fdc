package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"cocreate/app/domain"

	"github.com/labstack/echo/v4"
)

// decodeJSON reads a JSON body into v. The bytes must be valid UTF-8 (Go's
// decoder would silently replace bad bytes), and a value of the wrong type
// names its field.
func decodeJSON(c echo.Context, v any) error { return decodeJSONBody(c, v, false) }

// decodeOptionalJSON reads a JSON body into v as decodeJSON does, but a
// body with nothing in it (none sent, or a chunked one that ends at once)
// leaves v as it is: a route whose body is optional.
func decodeOptionalJSON(c echo.Context, v any) error { return decodeJSONBody(c, v, true) }

func decodeJSONBody(c echo.Context, v any, optional bool) error {
	typed := strings.HasPrefix(c.Request().Header.Get(echo.HeaderContentType), echo.MIMEApplicationJSON)
	if !typed && !optional {
		return notJSON()
	}
	body, err := io.ReadAll(c.Request().Body)
	if err != nil {
		var he *echo.HTTPError
		if errors.As(err, &he) {
			return he // the body limit's 413
		}
		var mb *http.MaxBytesError
		if errors.As(err, &mb) {
			return echo.ErrStatusRequestEntityTooLarge // capJSON's
		}
		return domain.Invalid("", "unreadable_body", "the request body could not be read")
	}
	if optional && len(strings.TrimSpace(string(body))) == 0 {
		return nil
	}
	if !typed {
		return notJSON()
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
			if te.Field == "" { // the body itself: an array, a string
				return domain.Invalid("", "invalid_json", "the request body must be a JSON object")
			}
			return domain.Invalid(te.Field, "invalid_type", te.Field+" has the wrong type")
		}
		if m := err.Error(); strings.Contains(m, "parsing time") || strings.Contains(m, "Time.UnmarshalJSON") {
			msg, field := "times must be RFC 3339 strings, e.g. 2026-11-24T09:00:00Z", badField(body, v)
			if field != "" {
				msg = field + ": " + msg
			}
			return domain.Invalid(field, "invalid_time", msg)
		}
		return domain.Invalid("", "invalid_json", "the request body is not valid JSON")
	}
	return nil
}

// notJSON refuses a body sent as anything but JSON.
func notJSON() error {
	return &domain.Error{Kind: domain.KindUnsupported, Code: "unsupported_media_type", Message: "send the body as Content-Type: application/json"}
}

// jsonLimit is the most a JSON body may be (the routes' default limit).
const jsonLimit = 1 << 20

// capJSON holds a JSON body to jsonLimit on a route whose limit is an
// upload's: the route takes files in a multipart form too, and its JSON
// must not cost more than any other route's.
func capJSON(c echo.Context) {
	c.Request().Body = http.MaxBytesReader(c.Response(), c.Request().Body, jsonLimit)
}

// isMultipart says the request's body is a multipart form (files).
func isMultipart(c echo.Context) bool {
	return strings.HasPrefix(c.Request().Header.Get(echo.HeaderContentType), echo.MIMEMultipartForm)
}

// badField names the first field of v (a struct, its embedded ones'
// included) whose value in the JSON object body does not decode on its
// own: the decoder's error from a type's own UnmarshalJSON (a time's)
// names no field. "" when none is found.
func badField(body []byte, v any) string {
	var obj map[string]json.RawMessage
	if json.Unmarshal(body, &obj) != nil {
		return ""
	}
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return ""
	}
	for _, f := range reflect.VisibleFields(t) {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if !f.IsExported() || f.Anonymous || name == "" || name == "-" {
			continue
		}
		if raw, ok := obj[name]; ok && json.Unmarshal(raw, reflect.New(f.Type).Interface()) != nil {
			return name
		}
	}
	return ""
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

// idCursor reads the cursor of a list paged by id (comments, notices): ""
// is the first page, else the positive id this server gave as next_cursor.
func idCursor(c echo.Context) (int64, error) {
	v := c.QueryParam("cursor")
	if v == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0, domain.Invalid("cursor", "invalid_cursor", "the cursor is not one this server gave")
	}
	return id, nil
}

// nextCursor is a list's next_cursor for the id next: null on the last
// page (next 0), as the idea lists say.
func nextCursor(next int64) *string {
	if next == 0 {
		return nil
	}
	v := strconv.FormatInt(next, 10)
	return &v
}
