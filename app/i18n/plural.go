package i18n

import (
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
)

// formNames are CLDR's plural categories as catalogue keys spell them.
var formNames = map[plural.Form]string{
	plural.Other: "other", plural.Zero: "zero", plural.One: "one",
	plural.Two: "two", plural.Few: "few", plural.Many: "many",
}

// N writes a message about n things in p's language, choosing the plural
// form by CLDR's rules (golang.org/x/text): "key.one" for 1 comment in
// English, "key.other" otherwise; Chinese has one form only. A missing form
// falls back to "key.other", then to key itself. n is the first argument.
func (p Printer) N(key string, n int, args ...any) string {
	form := plural.Cardinal.MatchPlural(language.Make(p.Lang), n, 0, 0, 0, 0)
	all := append([]any{n}, args...)
	for _, k := range []string{key + "." + formNames[form], key + ".other"} {
		if _, ok := catalog[p.Lang][k]; ok {
			return p.T(k, all...)
		}
	}
	return p.T(key, all...)
}
