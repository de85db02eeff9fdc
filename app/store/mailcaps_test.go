package store

import (
	"context"
	"sync"
	"testing"
	"time"

	"cocreate/app/domain"
)

// Four nodes asked at the same moment, again and again, for reset and
// confirmation emails to one address send no more than the caps allow:
// each counts what the others queued (the closures below stand in for the
// domain's caps and hold the count open a moment, as a busy node would).
func TestNodesKeepTheEmailCaps(t *testing.T) {
	nodes := openNodes(t, 4)
	ctx := context.Background()
	u, err := nodes[0].CreateUser(ctx, domain.SignUp{Email: "victim@example.com", Name: "victim"}, "x", false)
	if err != nil {
		t.Fatal(err)
	}
	const resetCap, verifyCap = 3, 2
	now := nodes[0].Now()
	var wg sync.WaitGroup
	for range 3 {
		for _, n := range nodes {
			wg.Add(2)
			go func() {
				defer wg.Done()
				err := n.CreatePasswordReset(ctx, "victim@example.com", now.Add(-time.Hour), now.Add(time.Hour), func(recent []time.Time) bool {
					time.Sleep(30 * time.Millisecond)
					return len(recent) < resetCap
				}, func(int64, int64) []domain.Outgoing { return nil })
				if err != nil {
					t.Error(err)
				}
			}()
			go func() {
				defer wg.Done()
				err := n.QueueVerification(ctx, u.ID, func(_ domain.User, _ time.Time, lastDay int) error {
					time.Sleep(30 * time.Millisecond)
					if lastDay >= verifyCap {
						return domain.Conflict("too_soon", "capped")
					}
					return nil
				}, func(domain.User) string { return "/verify" })
				if err != nil && domain.AsError(err) == nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
	}
	var resets, verifies int
	if err := nodes[0].r.QueryRow(`SELECT COUNT(*) FROM password_resets WHERE user_id = ?`, u.ID).Scan(&resets); err != nil {
		t.Fatal(err)
	}
	if err := nodes[0].r.QueryRow(`SELECT COUNT(*) FROM notifications WHERE user_id = ? AND kind = ?`, u.ID, string(domain.NoticeVerifyEmail)).Scan(&verifies); err != nil {
		t.Fatal(err)
	}
	if resets != resetCap || verifies != verifyCap {
		t.Errorf("%d reset emails (cap %d), %d confirmation emails (cap %d)", resets, resetCap, verifies, verifyCap)
	}
}
