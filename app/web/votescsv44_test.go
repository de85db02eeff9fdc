package web

import (
	"encoding/csv"
	"fmt"
	"strings"
	"testing"
	"time"
)

// An organiser audits a storm of votes (DESIGN §5: "CSV exports of votes
// and scores"): the judging desk links every vote of the challenge as a
// CSV, oldest first, each naming the idea, the voter's account, when, and
// whether it is held for review; a stars challenge's ratings carry their
// stars. Only admins may download it.
func TestVotescsv44AnOrganiserDownloadsEveryVote(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	fans := []string{h.fan("a@x.cn"), h.fan("b@x.cn"), h.fan("c@x.cn")}
	cid := h.openChallenge(admin, nil)
	x, y := h.idea(fans[0], cid, "银离子内筒"), h.idea(fans[1], cid, "自清洁门封")
	var want []string
	for _, tok := range fans {
		for _, idea := range []int{y, x} {
			h.advance(time.Minute)
			h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", idea), tok, nil).must(t, 200)
			want = append(want, fmt.Sprintf("vote,%d,%d", idea, jUserID(h, tok)))
		}
	}
	h.api("DELETE", fmt.Sprintf("/api/v1/ideas/%d/vote", x), fans[2], nil).must(t, 200)
	want = want[:len(want)-1] // the last fan took back their vote for x

	ab := h.adminBrowser()
	if desk := ab.get(fmt.Sprintf("/challenges/%d/judging", cid)).must(t, 200).Body; !strings.Contains(desk, fmt.Sprintf(`href="/challenges/%d/votes.csv"`, cid)) {
		t.Errorf("the judging desk does not link the votes' CSV")
	}
	r := ab.get(fmt.Sprintf("/challenges/%d/votes.csv", cid)).must(t, 200)
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\xEF\xBB\xBF"))).ReadAll()
	if err != nil || len(rows) == 0 || strings.Join(rows[0], ",") != "kind,idea_id,voter_id,stars,at,held" {
		t.Fatalf("the CSV: %v\n%s", err, r.Body)
	}
	var got []string
	for _, row := range rows[1:] {
		got = append(got, strings.Join(row[:3], ","))
		if row[3] != "" || row[5] != "false" || row[4] == "" {
			t.Errorf("a vote's row: %v", row)
		}
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("the votes, oldest first:\n got %v\nwant %v", got, want)
	}

	// A stars challenge's ratings carry their stars.
	stars := h.openChallenge(admin, map[string]any{"voting_method": "stars"})
	s := h.idea(fans[0], stars, "冰箱除味")
	h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/rating", s), fans[1], map[string]int{"stars": 4}).must(t, 200)
	if body := ab.get(fmt.Sprintf("/challenges/%d/votes.csv", stars)).must(t, 200).Body; !strings.Contains(body, fmt.Sprintf("rating,%d,%d,4,", s, jUserID(h, fans[1]))) {
		t.Errorf("the stars challenge's CSV: %s", body)
	}
	// A fan may not.
	f := h.browser()
	f.signIn("a@x.cn", "fan-password")
	f.get(fmt.Sprintf("/challenges/%d/votes.csv", cid)).must(t, 403)
}
