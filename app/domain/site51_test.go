package domain

import (
	"strings"
	"testing"
)

func TestSiteInputApply(t *testing.T) {
	str := func(s string) *string { return &s }
	logo := Image{File: "0123456789abcdef0123456789abcdef.png", Width: 200, Height: 100}
	was := Site{NameZH: "共创", NameEN: "cocreate", Logo: logo}
	for _, tc := range []struct {
		name      string
		in        SiteInput
		want      Site
		field     string // the field refused, "" when accepted
		errorCode string
	}{
		{"nothing given keeps all", SiteInput{}, was, "", ""},
		{"names trimmed", SiteInput{NameZH: str("  海尔创客 "), NameEN: str("\tHaier Makers ")}, Site{NameZH: "海尔创客", NameEN: "Haier Makers", Logo: logo}, "", ""},
		{"empty falls back", SiteInput{NameZH: str("   ")}, Site{NameEN: "cocreate", Logo: logo}, "", ""},
		{"30 Chinese characters fit", SiteInput{NameZH: str(strings.Repeat("海", 30))}, Site{NameZH: strings.Repeat("海", 30), NameEN: "cocreate", Logo: logo}, "", ""},
		{"31 are too long", SiteInput{NameZH: str(strings.Repeat("海", 31))}, was, "name_zh", "too_long"},
		{"English too long", SiteInput{NameZH: str("海尔"), NameEN: str(strings.Repeat("x", 31))}, was, "name_en", "too_long"},
		{"one line", SiteInput{NameEN: str("Haier\nVisit evil.example")}, was, "name_en", "line_break"},
		{"no control characters", SiteInput{NameZH: str("海\x00尔")}, was, "name_zh", "control_character"},
		{"logo removed", SiteInput{RemoveLogo: true}, Site{NameZH: "共创", NameEN: "cocreate"}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := was
			err := tc.in.Apply(&s)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
			} else {
				e := AsError(err)
				if e == nil || e.Field != tc.field || e.Code != tc.errorCode {
					t.Fatalf("error %v, want %s at %s", err, tc.errorCode, tc.field)
				}
			}
			if s != tc.want {
				t.Fatalf("site %+v, want %+v", s, tc.want)
			}
		})
	}
	if (Site{NameZH: "海尔创客", NameEN: "Haier Makers"}).Name("zh") != "海尔创客" || (Site{NameEN: "Haier Makers"}).Name("en") != "Haier Makers" {
		t.Fatal("Name does not give the language's name")
	}
}
