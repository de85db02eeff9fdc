package domain

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// UsersPerPage is how many accounts the users page shows at a time.
const UsersPerPage = 100

// MaxUserFilterText bounds the users page's search, in characters.
const MaxUserFilterText = 100

// UserFilter narrows the users page of admins and moderators: Text found
// in a name or an address (any case), Role one of GrantableRoles, or
// "suspended" for suspended accounts, and Before an account id to page
// from, older ones only (0: from the newest). ID, when set, is the one
// account: the moderation queue leads to an item's author by it, since
// names are not unique.
type UserFilter struct {
	Text   string
	Role   string
	Before int64
	ID     int64
}

// FilterSuspended is the Role of a filter for suspended accounts.
const FilterSuspended = "suspended"

// CheckUserFilter validates a filter as typed (Text trimmed), naming the
// field at fault.
func CheckUserFilter(f UserFilter) (UserFilter, error) {
	f.Text = strings.TrimSpace(f.Text)
	if n := utf8.RuneCountInString(f.Text); n > MaxUserFilterText {
		return f, TooLong("q", MaxUserFilterText, n)
	}
	if !utf8.ValidString(f.Text) || strings.ContainsFunc(f.Text, unicode.IsControl) {
		return f, Invalid("q", "invalid_text", "the search holds characters no name or address has")
	}
	if f.Role != "" && f.Role != FilterSuspended && !slices.Contains(GrantableRoles, Role(f.Role)) {
		return f, Invalid("role", "invalid_role", "unknown role")
	}
	if f.Before < 0 {
		return f, Invalid("cursor", "invalid_cursor", "the cursor is not one this server gave")
	}
	if f.ID < 0 {
		return f, Invalid("id", "invalid_number", "id must be an account's number")
	}
	return f, nil
}
