package service

import (
	"testing"

	"cocreate/app/domain"
)

// The site's name in a language: the admin's where one is set, else the
// default in that language, each language on its own.
func TestSite53NameInSaysTheAdminsOrTheDefault(t *testing.T) {
	for _, tc := range []struct {
		site   domain.Site
		lang   string
		want   string
		reason string
	}{
		{domain.Site{}, "zh", "共创", "none set: the Chinese default"},
		{domain.Site{}, "en", "cocreate", "none set: the English default"},
		{domain.Site{NameZH: "海尔创客", NameEN: "Haier Makers"}, "zh", "海尔创客", "the admin's Chinese name"},
		{domain.Site{NameZH: "海尔创客", NameEN: "Haier Makers"}, "en", "Haier Makers", "the admin's English name"},
		{domain.Site{NameZH: "海尔创客"}, "en", "cocreate", "only Chinese set: English says its default"},
		{domain.Site{NameEN: "Haier Makers"}, "zh", "共创", "only English set: Chinese says its default"},
	} {
		if got := SiteNameIn(tc.site, tc.lang); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.reason, got, tc.want)
		}
	}
}
