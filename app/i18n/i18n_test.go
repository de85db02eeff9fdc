package i18n

import (
	"sort"
	"testing"
)

func TestCataloguesHaveTheSameKeys(t *testing.T) {
	en, zh := Keys("en"), Keys("zh")
	sort.Strings(en)
	sort.Strings(zh)
	in := func(keys []string) map[string]bool {
		m := map[string]bool{}
		for _, k := range keys {
			m[k] = true
		}
		return m
	}
	enSet, zhSet := in(en), in(zh)
	for _, k := range en {
		if !zhSet[k] {
			t.Errorf("zh.json lacks %q", k)
		}
	}
	for _, k := range zh {
		if !enSet[k] {
			t.Errorf("en.json lacks %q", k)
		}
	}
}

func TestMatch(t *testing.T) {
	for _, tc := range []struct{ header, want string }{
		{"", "en"},
		{"zh-CN,zh;q=0.9,en;q=0.8", "zh"},
		{"zh-TW", "zh"},
		{"en-US,en;q=0.9", "en"},
		{"fr-FR", "en"},
		{"en;q=0.5,zh;q=0.9", "zh"},
		{"garbage;;;q=x", "en"},
	} {
		if got := Match(tc.header); got != tc.want {
			t.Errorf("Match(%q) = %q, want %q", tc.header, got, tc.want)
		}
	}
}

func TestT(t *testing.T) {
	if got := For("zh").T("nav.challenges"); got == "nav.challenges" || got == For("en").T("nav.challenges") {
		t.Errorf("zh nav.challenges = %q, want a Chinese translation", got)
	}
	if got := For("xx").T("no.such.key"); got != "no.such.key" {
		t.Errorf("missing key = %q, want the key", got)
	}
}
