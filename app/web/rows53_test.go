package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Every form of an account's row on the users page returns through
// backToRow, its search kept: a done change and a refused suspension to
// the row, a refused deletion to its own form (the row above it is taller
// than a phone's screen) with the reason as typed and the message there.
func TestCopies53UsersRowsReturnThroughOneDoor(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	fanID := h.userID(h.fan("row@x.cn"))
	b := h.adminBrowser()
	from := "/admin/users?q=row%40x.cn"
	q := "?q=row%40x.cn"
	row := fmt.Sprintf("/admin/users%s#user-%d", q, fanID)
	for _, tc := range []struct {
		name, path string
		form       url.Values
		to         string
		says       []string // marks of the page returned to
	}{
		{"roles saved", fmt.Sprintf("/admin/users/%d/roles%s", fanID, q), url.Values{"roles": {"fan"}}, row,
			[]string{jT("en", "users.saved")}},
		{"suspension refused", fmt.Sprintf("/admin/users/%d/suspension%s", fanID, q), url.Values{"suspended": {"true"}, "reason": {"  "}}, row,
			[]string{fmt.Sprintf(`id="reason-%d-error"`, fanID)}},
		{"suspended", fmt.Sprintf("/admin/users/%d/suspension%s", fanID, q), url.Values{"suspended": {"true"}, "reason": {"刷票"}}, row,
			[]string{jT("en", "users.suspended_done")}},
		{"deletion refused", fmt.Sprintf("/admin/users/%d/deletion%s", fanID, q), url.Values{"email": {"other@x.cn"}, "reason": {"本人来信要求注销"}},
			fmt.Sprintf("/admin/users%s#delete-%d", q, fanID),
			[]string{fmt.Sprintf(`id="delete-%d-error"`, fanID), "本人来信要求注销"}},
		{"deleted", fmt.Sprintf("/admin/users/%d/deletion%s", fanID, q), url.Values{"email": {"row@x.cn"}, "reason": {"本人来信要求注销"}}, row,
			[]string{jT("en", "admindel52.done")}},
	} {
		r := b.post(from, tc.path, tc.form)
		if loc := r.Header.Get("Location"); r.Status != http.StatusSeeOther || loc != tc.to {
			t.Errorf("%s: %d to %q, want 303 to %q", tc.name, r.Status, loc, tc.to)
			continue
		}
		body := b.get(tc.to[:strings.Index(tc.to, "#")]).must(t, 200).Body
		for _, mark := range tc.says {
			if !strings.Contains(body, mark) {
				t.Errorf("%s: the page returned to lacks %q", tc.name, mark)
			}
		}
	}
}
