package web

import (
	"strings"
	"testing"
)

// "Qingdao" and "qingdao" were both founded: one club per city now holds
// whatever the case or width the city is typed in, with the reason in the
// admin's language.
func TestPeople27OneClubPerCityWhateverItsCase(t *testing.T) {
	t.Parallel()
	c := newPeople27Club(t, "Qingdao")
	for _, city := range []string{"qingdao", "ＱＩＮＧＤＡＯ", " QINGDAO "} {
		r := c.h.api("POST", "/api/v1/clubs", c.admin, map[string]string{"city": city, "name": "Another club"})
		if r.Status != 409 || r.errCode() != "club_exists" || r.errField() != "city" {
			t.Errorf("a second club for %q: %d %s", city, r.Status, r.Body)
		}
	}
	if r := c.zh(t, "POST", "/api/v1/clubs", c.admin, map[string]string{"city": "qingdao", "name": "另一个"}); r.Status != 409 || !strings.ContainsAny(str(r.JSON, "error", "message"), "城市同城会") {
		t.Errorf("in Chinese: %s", r.Body)
	}
	c.h.api("POST", "/api/v1/clubs", c.admin, map[string]string{"city": "Jinan", "name": "济南同城会"}).must(t, 201)
}
