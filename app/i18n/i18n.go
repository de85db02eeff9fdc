// Package i18n translates what people read. Messages live in one JSON file
// per language (locales/en.json, locales/zh.json) with the same keys; a
// Printer speaks one language and falls back to English, then to the key, so
// a missing translation shows up as text rather than as a crash.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
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
	for _, lang := range Languages {
		raw, err := files.ReadFile("locales/" + lang + ".json")
		if err != nil {
			panic(fmt.Sprintf("i18n: missing locale %s: %v", lang, err))
		}
		m := map[string]string{}
		if err := json.Unmarshal(raw, &m); err != nil {
			panic(fmt.Sprintf("i18n: locale %s is not valid JSON: %v", lang, err))
		}
		catalog[lang] = m
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
func Match(acceptLanguage string) string {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return "en"
	}
	_, i, _ := matcher.Match(tags...)
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
