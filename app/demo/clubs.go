package demo

import (
	"context"
	"fmt"
	"time"

	"cocreate/app/domain"
	"cocreate/app/people"
	"cocreate/app/service"
)

// community is the people side of the demo (#17): Haier's home city has a
// fan club (青岛同城会) with a meetup held last week, where the organiser
// checked people in, and one coming up, half full; admins give two honour
// badges by hand. Reputation and the badges by rule come from the acts
// (the finished fridge challenge's shortlist, winners and launch; the
// meetup's check-ins), so levels differ from fan to fan.
func community(ctx context.Context, svc *service.Service, admin *domain.User, fans map[string]*domain.User) error {
	club, err := svc.CreateClub(ctx, admin, people.ClubInput{City: "青岛", Name: "海尔青岛同城会 · Haier Qingdao fan club"})
	if err != nil {
		return err
	}
	members := []string{"lin@demo.cocreate", "zhang@demo.cocreate", "wang@demo.cocreate", "li@demo.cocreate",
		"chen@demo.cocreate", "maria@demo.cocreate", "tom@demo.cocreate", "sun@demo.cocreate"}
	for _, m := range members {
		if err := svc.JoinClub(ctx, fans[m], club.ID, true); err != nil {
			return fmt.Errorf("%s joins: %w", m, err)
		}
	}
	organiser := fans["lin@demo.cocreate"]
	if err := svc.SetOrganiser(ctx, admin, club.ID, organiser.ID, true, ""); err != nil {
		return err
	}
	// Last week's meetup, played on a clock of its own: posted, answered,
	// then checked in at the door.
	now := svc.Now()
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		loc = time.FixedZone("CST", 8*3600)
	}
	day := func(d int, hour int) time.Time {
		t := now.In(loc).AddDate(0, 0, d)
		return time.Date(t.Year(), t.Month(), t.Day(), hour, 0, 0, 0, loc)
	}
	pastStart := day(-7, 14)
	at := func(t time.Time) func() time.Time { return func() time.Time { return t } }
	err = svc.WithClock(at(pastStart.Add(-5*24*time.Hour)), func() error {
		e, err := svc.CreateEvent(ctx, organiser, club.ID, people.EventInput{
			Title: "洗衣机拆解沙龙 · Washing machine teardown evening",
			Body:  "和海尔工程师一起拆开一台滚筒洗衣机，看看二次污染从哪里来。\nTake a drum washer apart with Haier's engineers and see where the grime hides.",
			Place: "青岛市崂山区海尔路1号 海尔工业园 · Haier Industrial Park, 1 Haier Road, Laoshan, Qingdao", StartsAt: pastStart, Capacity: 6,
		})
		if err != nil {
			return err
		}
		for _, m := range []string{"zhang@demo.cocreate", "wang@demo.cocreate", "maria@demo.cocreate", "tom@demo.cocreate", "li@demo.cocreate"} {
			if _, err := svc.RSVP(ctx, fans[m], e.ID); err != nil {
				return fmt.Errorf("%s answers: %w", m, err)
			}
		}
		return svc.WithClock(at(pastStart.Add(20*time.Minute)), func() error {
			for _, m := range []string{"zhang@demo.cocreate", "wang@demo.cocreate", "maria@demo.cocreate", "tom@demo.cocreate"} {
				if err := svc.CheckIn(ctx, organiser, e.ID, fans[m].ID); err != nil {
					return fmt.Errorf("%s checks in: %w", m, err)
				}
			}
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("past meetup: %w", err)
	}
	next, err := svc.CreateEvent(ctx, organiser, club.ID, people.EventInput{
		Title: "海尔互联工厂开放日 · Open day at Haier's connected factory",
		Body:  "参观冰箱互联工厂，试用正在测试的保鲜样机，和工程师聊聊你的创意。\nVisit the connected fridge factory, try the freshness prototype in fan test, and talk ideas with the engineers.",
		Place: "青岛市崂山区海尔路1号 海尔工业园 · Haier Industrial Park, 1 Haier Road, Laoshan, Qingdao", StartsAt: day(5, 14), Capacity: 8,
	})
	if err != nil {
		return err
	}
	for _, m := range []string{"zhang@demo.cocreate", "wang@demo.cocreate", "li@demo.cocreate", "maria@demo.cocreate"} {
		if _, err := svc.RSVP(ctx, fans[m], next.ID); err != nil {
			return fmt.Errorf("%s answers: %w", m, err)
		}
	}
	for email, badge := range map[string]string{"lin@demo.cocreate": "club_star", "maria@demo.cocreate": "honour_fan", "wang@demo.cocreate": "founding_fan"} {
		if err := svc.AwardBadge(ctx, admin, fans[email].ID, badge); err != nil {
			return err
		}
	}
	return nil
}
