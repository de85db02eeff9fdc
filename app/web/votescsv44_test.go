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
//
// Its times are in the site's zone (-tz), as the pages show them, in the
// form a spreadsheet reads as a date and time, the zone named in the
// header; so are the ideas' export's.
func TestVotescsv44AnOrganiserDownloadsEveryVote(t *testing.T) {
	t.Parallel()
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, func(c *Config) { c.Location = shanghai })
	admin := h.setup()
	fans := []string{h.fan("a@x.cn"), h.fan("b@x.cn"), h.fan("c@x.cn")}
	cid := h.openChallenge(admin, nil)
	h.advance(time.Second)
	created := h.clock()
	x, y := h.idea(fans[0], cid, "银离子内筒"), h.idea(fans[1], cid, "自清洁门封")
	var want, wantAt []string
	for _, tok := range fans {
		for _, idea := range []int{y, x} {
			h.advance(time.Minute)
			h.api("PUT", fmt.Sprintf("/api/v1/ideas/%d/vote", idea), tok, nil).must(t, 200)
			want = append(want, fmt.Sprintf("vote,%d,%d", idea, jUserID(h, tok)))
			wantAt = append(wantAt, h.clock().In(shanghai).Format("2006-01-02 15:04:05"))
		}
	}
	h.api("DELETE", fmt.Sprintf("/api/v1/ideas/%d/vote", x), fans[2], nil).must(t, 200)
	want, wantAt = want[:len(want)-1], wantAt[:len(wantAt)-1] // the last fan took back their vote for x

	ab := h.adminBrowser()
	if desk := ab.get(fmt.Sprintf("/challenges/%d/judging", cid)).must(t, 200).Body; !strings.Contains(desk, fmt.Sprintf(`href="/challenges/%d/votes.csv"`, cid)) {
		t.Errorf("the judging desk does not link the votes' CSV")
	}
	r := ab.get(fmt.Sprintf("/challenges/%d/votes.csv", cid)).must(t, 200)
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Body, "\xEF\xBB\xBF"))).ReadAll()
	if err != nil || len(rows) == 0 || strings.Join(rows[0], ",") != "kind,idea_id,voter_id,stars,at (Asia/Shanghai),held" {
		t.Fatalf("the CSV: %v\n%s", err, r.Body)
	}
	var got []string
	for i, row := range rows[1:] {
		got = append(got, strings.Join(row[:3], ","))
		if row[3] != "" || row[5] != "false" || i >= len(wantAt) || row[4] != wantAt[i] {
			t.Errorf("a vote's row: %v, want it at %v", row, wantAt)
		}
	}
	// 10:00:01 UTC is 18:00:01 in Shanghai.
	if at := created.In(shanghai).Format("2006-01-02 15:04:05"); at != "2026-11-24 18:00:01" {
		t.Fatalf("the test's clock starts at %s in Shanghai", at)
	}
	ideas := ab.get(fmt.Sprintf("/challenges/%d/ideas.csv", cid)).must(t, 200).Body
	if !strings.Contains(ideas, ",created_at (Asia/Shanghai)\r\n") && !strings.Contains(ideas, ",created_at (Asia/Shanghai)\n") {
		t.Errorf("the ideas' CSV does not name the zone of its times:\n%s", ideas)
	}
	if strings.Count(ideas, ",2026-11-24 18:00:01") != 2 {
		t.Errorf("the ideas' CSV does not give their creation in Shanghai's time:\n%s", ideas)
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
