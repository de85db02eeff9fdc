package web

import (
	"fmt"
	"slices"
	"testing"

	"cocreate/app/people"
)

// No one upholds their own report: a moderator who reports a comment and
// hides it themselves earns nothing for it; a fan's report that another
// moderator upholds still does.
func TestRep49NoOneUpholdsTheirOwnReport(t *testing.T) {
	t.Parallel()
	w := newAZWorld(t)
	h := w.h
	s := w.scene()
	fan, mod := w.users[azFan], w.users[azModerator]
	cm := s.comment()
	h.api("POST", fmt.Sprintf("/api/v1/comments/%d/reports", cm), mod.token, map[string]string{"reason": "spam"}).must(t, 201)
	h.api("POST", fmt.Sprintf("/api/v1/comments/%d/reports", cm), fan.token, map[string]string{"reason": "spam"}).must(t, 201)
	h.api("POST", fmt.Sprintf("/api/v1/moderation/comment/%d", cm), mod.token, map[string]string{"action": "hide", "reason": "spam"}).must(t, 200)
	if got := whyKinds(h, mod.token, mod.id)["report_upheld"]; got != 0 {
		t.Errorf("the moderator earned %d for upholding their own report", got)
	}
	if got := whyKinds(h, fan.token, fan.id)["report_upheld"]; got != people.Points(people.ReportUpheld) {
		t.Errorf("the fan's upheld report earned %d", got)
	}
}

// The brand's own designs earn no one honour: a design poll's candidate,
// posted by staff (here an admin who does not organise the poll), that
// wins a project and launches, gives its poster no points for the launch
// and no badge for it, nor a "first idea".
func TestRep49TheBrandsDesignsEarnNoHonour(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	admin := h.setup()
	poll, _ := qigePoll(t, h, admin)
	designer, designerID := h.staffer(admin, "designer@brand.cn", "admin")
	design := h.idea(designer, poll, "青花瓷连衣裙 第二款")
	eng, engID := h.staffer(admin, "eng@brand.cn", "engineer")
	pid := num(h.api("POST", fmt.Sprintf("/api/v1/ideas/%d/project", design), admin, map[string]any{"owner_id": engID}).must(t, 201).JSON, "id")
	for _, to := range []string{"accepted", "concept", "prototype", "fan_test", "pilot", "launched"} {
		h.api("POST", fmt.Sprintf("/api/v1/projects/%d/transitions", pid), eng, map[string]string{"to": to, "note": to}).must(t, 200)
	}
	if got := whyKinds(h, designer, designerID); got["project_launched"] != 0 {
		t.Errorf("the poll's designer earned %v", got)
	}
	p := profileOf(h, "", designerID)
	if keys := badgeKeys(p); slices.Contains(keys, people.BadgeLaunched) || slices.Contains(keys, people.BadgeFirstIdea) {
		t.Errorf("the poll's designer has badges %v", keys)
	}
}
