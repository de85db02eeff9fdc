package demo

import (
	"context"
	"path/filepath"
	"regexp"
	"testing"

	"cocreate/app/domain"
	"cocreate/app/service"
	"cocreate/app/store"
)

// latin54 is a word of English; han54 a Chinese character. A link's
// address ([路线图](/roadmap)) is not read.
var (
	latin54   = regexp.MustCompile(`[A-Za-z]{2,}`)
	han54     = regexp.MustCompile(`\p{Han}`)
	address54 = regexp.MustCompile(`\]\([^)]*\)`)
)

// The demo's briefs are in one language, the loader's: Chinese for -demo's
// own admin (a Chinese name) and an account without a language, English
// for an account kept in English; never both at once.
func TestDemo54BriefsInTheLoadersLanguage(t *testing.T) {
	for _, tc := range []struct {
		locale string // "" : -demo's own admin (LoadIfEmptyAccounts)
		other  *regexp.Regexp
	}{
		{"", latin54},
		{"zh", latin54},
		{"en", han54},
	} {
		dir := t.TempDir()
		st, err := store.Open(filepath.Join(dir, "cocreate.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		svc := service.New(st, filepath.Join(dir, "uploads"))
		ctx := context.Background()
		if tc.locale == "" {
			_, err = LoadIfEmptyAccounts(ctx, svc)
		} else {
			var u domain.User
			if u, _, _, err = svc.Setup(ctx, domain.SignUp{Email: "boss@brand.cn", Name: "Boss", Password: "boss-password", Locale: tc.locale}); err != nil {
				t.Fatal(err)
			}
			_, err = LoadAccounts(ctx, svc, u.ID)
		}
		if err != nil {
			t.Fatal(err)
		}
		list, err := svc.Challenges(ctx, nil)
		if err != nil || len(list) < 5 {
			t.Fatalf("%q: %d challenges, %v", tc.locale, len(list), err)
		}
		for _, c := range list {
			if c.Brief == "" {
				t.Errorf("%q: %q has no brief", tc.locale, c.Title)
			}
			if w := tc.other.FindString(address54.ReplaceAllString(c.Brief, "]")); w != "" {
				t.Errorf("%q: %q's brief is in the other language too (%q):\n%s", tc.locale, c.Title, w, c.Brief)
			}
		}
	}
}
