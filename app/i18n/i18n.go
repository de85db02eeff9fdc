// Package i18n translates what people read. Messages live in JSON files per
// language: locales/en.json and locales/zh.json hold the core, and a feature
// may keep its own part beside them (locales/en.boards.json and
// locales/zh.boards.json); a language's parts are merged, and a key defined
// twice fails at start. Both languages have the same keys. A Printer speaks
// one language and falls back to English, then to the key, so a missing
// translation shows up as text rather than as a crash.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"golang.org/x/text/language"
)

//go:embed locales/*.json
var files embed.FS

// Languages the product speaks, the default first.
var Languages = []string{"en", "zh"}

var (
	catalog = map[string]map[string]string{}
	matcher = language.NewMatcher([]language.Tag{language.English, language.SimplifiedChinese})
)

func init() {
	names, err := fs.Glob(files, "locales/*.json")
	if err != nil {
		panic(err)
	}
	sort.Strings(names)
	for _, lang := range Languages {
		catalog[lang] = map[string]string{}
	}
	for _, name := range names {
		lang, _, _ := strings.Cut(strings.TrimSuffix(path.Base(name), ".json"), ".")
		m, ok := catalog[lang]
		if !ok {
			panic(fmt.Sprintf("i18n: %s is for a language the product does not speak", name))
		}
		raw, err := files.ReadFile(name)
		if err != nil {
			panic(fmt.Sprintf("i18n: unable to read %s: %v", name, err))
		}
		part := map[string]string{}
		if err := json.Unmarshal(raw, &part); err != nil {
			panic(fmt.Sprintf("i18n: %s is not valid JSON: %v", name, err))
		}
		for k, v := range part {
			if _, dup := m[k]; dup {
				panic(fmt.Sprintf("i18n: %s defines %q again", name, k))
			}
			m[k] = v
		}
	}
	for _, lang := range Languages {
		if len(catalog[lang]) == 0 {
			panic(fmt.Sprintf("i18n: missing locale %s", lang))
		}
	}
}

// Printer translates into one language.
type Printer struct{ Lang string }

// For returns the printer for a supported language code, English otherwise.
func For(lang string) Printer {
	if _, ok := catalog[lang]; ok {
		return Printer{Lang: lang}
	}
	return Printer{Lang: "en"}
}

// T translates key, formatting args into it with fmt verbs if given.
func (p Printer) T(key string, args ...any) string {
	msg, ok := catalog[p.Lang][key]
	if !ok {
		msg, ok = catalog["en"][key]
	}
	if !ok {
		msg = key
	}
	if len(args) > 0 {
		return fmt.Sprintf(msg, args...)
	}
	return msg
}

// Has reports whether key exists in the English catalogue.
func Has(key string) bool {
	_, ok := catalog["en"][key]
	return ok
}

// Keys lists a language's keys, for tests that keep the catalogues in step.
func Keys(lang string) []string {
	var out []string
	for k := range catalog[lang] {
		out = append(out, k)
	}
	return out
}

// Match picks a supported language from an Accept-Language header.
func Match(acceptLanguage string) string { return MatchOr(acceptLanguage, "en") }

// MatchOr picks a supported language from an Accept-Language header, or
// fallback when the header is empty, unreadable or names neither language.
func MatchOr(acceptLanguage, fallback string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return fallback
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No {
		return fallback
	}
	return Languages[i]
}

// Name is a language's own name, for the switcher.
func Name(lang string) string {
	switch strings.ToLower(lang) {
	case "zh":
		return "中文"
	}
	return "English"
}

// ShortName is the language's name where room is short (a phone's
// header): EN, 中文.
func ShortName(lang string) string {
	if Name(lang) == "English" {
		return "EN"
	}
	return Name(lang)
}
