package i18n

import (
	"slices"
	"strings"
)

// Named is the supported language a link names (a feed's ?lang, written
// by the page that linked it), case aside, or "" for anything else: a
// value that names no language of ours is ignored, never guessed at.
func Named(q string) string {
	if l := strings.ToLower(strings.TrimSpace(q)); slices.Contains(Languages, l) {
		return l
	}
	return ""
}
