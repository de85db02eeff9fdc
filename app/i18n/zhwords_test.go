package i18n

import (
	"regexp"
	"sort"
	"testing"
)

// technical names that stay in Latin letters in Chinese: file formats,
// units, product names and the API's own words.
var latinInChinese = map[string]bool{
	"API": true, "Atom": true, "CSV": true, "csv": true, "json": true, "JSON": true, "format": true,
	"GIF": true, "JPEG": true, "PNG": true, "WebP": true, "MB": true, "Markdown": true, "iCal": true,
	"Bradley": true, "Terry": true,
}

// TestChineseSaysItInChinese: a Chinese reader should not meet English
// words ("Lv", "battery", the site's English name "cocreate") in the
// Chinese catalogue, only the technical names above.
func TestChineseSaysItInChinese(t *testing.T) {
	word := regexp.MustCompile(`[A-Za-z]{2,}`)
	verb := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]`)
	keys := Keys("zh")
	sort.Strings(keys)
	for _, k := range keys {
		for _, w := range word.FindAllString(verb.ReplaceAllString(catalog["zh"][k], ""), -1) {
			if !latinInChinese[w] {
				t.Errorf("zh %q has the English word %q: %q", k, w, catalog["zh"][k])
			}
		}
	}
	if got := For("zh").T("profile.level", 3); got != "3 级" {
		t.Errorf("zh level 3 reads %q, want %q", got, "3 级")
	}
}

// TestChineseSetsValuesApart: a value filled into a Chinese message may be
// in Latin letters (an option an organiser named "size", a person's name),
// and "按size统计件数" runs the scripts together. A %s in Chinese is set
// apart by a space, quotes or punctuation, never directly against a Han
// character.
func TestChineseSetsValuesApart(t *testing.T) {
	tight := regexp.MustCompile(`\p{Han}%s|%s\p{Han}`)
	keys := Keys("zh")
	sort.Strings(keys)
	for _, k := range keys {
		if v := catalog["zh"][k]; tight.MatchString(v) {
			t.Errorf("zh %q puts %%s right against a Chinese character: %q", k, v)
		}
	}
}
