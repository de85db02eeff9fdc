package demo

import (
	"context"
	"fmt"
	"time"

	"cocreate/app/domain"
	"cocreate/app/service"
)

// demoMilestones are the milestones a demo project plans, by the stage it
// reached.
var demoMilestones = map[string][]struct{ title, stage string }{
	"concept":  {{"概念设计评审 Concept review", "concept"}, {"样机评审 Prototype review", "prototype"}},
	"fan_test": {{"汇总测试报告 Sum up the testers' reports", "fan_test"}, {"小批量试产 Pilot run", "pilot"}},
	"launched": {{"首批用户回访 Follow-up with the first buyers", "launched"}},
}

// pastChallenge is Haier's earlier maker challenge, played from start to
// finish: fans submit and vote, judges score the shortlist, the winners are
// published, and the four winning ideas become prototype projects at
// different stages, one already launched, so every page of the product
// has something real to show.
func pastChallenge(ctx context.Context, svc *service.Service, admin *domain.User, people map[string]*domain.User) error {
	day := 24 * time.Hour
	in := schedule(svc.Now(), -1*day, 10*day, -1*day, 12*day)
	in.Title = ptr("海尔冰箱保鲜共创（已结束）· Haier fridge freshness co-creation (finished)")
	in.Brief = inLanguage(admin, pastBriefZh, pastBriefEn)
	in.Kind = ptr(domain.OpenCall)
	in.ShortlistSize, in.Winners = ptr(6), ptr(4)
	c, err := svc.CreateChallenge(ctx, admin, in)
	if err != nil {
		return err
	}
	if _, err := svc.SetCover(ctx, admin, c.ID, fridge()); err != nil {
		return err
	}
	score := func(i, k int) float64 { return float64(4 + (i*3+k*2)%6) }
	if err := toJudging(ctx, svc, admin, people, c.ID, fridgeIdeas, 6, 6, score, "样机可行 feasible"); err != nil {
		return err
	}
	res, err := svc.PublishResults(ctx, admin, c.ID)
	if err != nil {
		return err
	}
	// The winners become projects, each a little further along.
	engineer := people["engineer@demo.cocreate"]
	paths := [][]string{
		{"accepted", "concept", "prototype", "fan_test", "pilot", "launched"},
		{"accepted", "concept", "prototype", "fan_test"},
		{"accepted", "concept"},
		{"shelved"},
	}
	n := 0
	for _, r := range res.Ranking {
		if !r.Winner || n >= len(paths) {
			continue
		}
		p, err := svc.OpenProject(ctx, engineer, r.IdeaID, engineer.ID)
		if err != nil {
			return fmt.Errorf("project for idea %d: %w", r.IdeaID, err)
		}
		for _, to := range paths[n] {
			note := stageNotes[to]
			if _, err := svc.MoveProject(ctx, engineer, p.ID, to, note); err != nil {
				return fmt.Errorf("move to %s: %w", to, err)
			}
			if to == "fan_test" {
				// Testers from level 2: authors of shortlisted ideas.
				for _, f := range []string{"wang@demo.cocreate", "maria@demo.cocreate", "tom@demo.cocreate"} {
					if err := svc.ApplyToTest(ctx, people[f], p.ID, "我家冰箱每周都要扔菜 / I throw away vegetables every week"); err != nil {
						return err
					}
				}
				for _, f := range []string{"wang@demo.cocreate", "maria@demo.cocreate"} {
					if err := svc.DecideTester(ctx, engineer, p.ID, people[f].ID, true); err != nil {
						return err
					}
				}
				fb, err := svc.GiveFeedback(ctx, people["wang@demo.cocreate"], p.ID, 4, "青菜放了九天还很脆，但抽屉有点难拉。Greens stayed crisp for nine days; the drawer is a bit stiff.", nil)
				if err != nil {
					return err
				}
				// The engineer takes the report up: it earns the tester reputation.
				addressed, reply := true, "下一版抽屉换了滑轨。The next drawer has new rails."
				if _, _, err := svc.TriageFeedback(ctx, engineer, p.ID, fb.ID, &addressed, &reply); err != nil {
					return err
				}
			}
		}
		// The next step of its stage, and for an early one the next stage's
		// too; a shelved project plans nothing.
		for i, m := range demoMilestones[paths[n][len(paths[n])-1]] {
			if _, _, err := svc.AddMilestone(ctx, engineer, p.ID, m.title, m.stage, svc.Now().Add(time.Duration(10*(n+1)+7*i)*day)); err != nil {
				return err
			}
		}
		if err := svc.PostUpdate(ctx, engineer, p.ID, "本周完成了第一轮温控测试。 This week we finished the first round of temperature tests."); err != nil {
			return err
		}
		if n < 2 { // a fan asks under the update, and the engineer answers there
			if err := answerUpdate(ctx, svc, engineer, people["lin@demo.cocreate"], p.ID); err != nil {
				return err
			}
		}
		n++
	}
	return nil
}

// answerUpdate has fan ask about the project's latest update under it,
// and engineer answer there (an official reply, timed).
func answerUpdate(ctx context.Context, svc *service.Service, engineer, fan *domain.User, projectID int64) error {
	pp, err := svc.ProjectPage(ctx, engineer, projectID, service.FeedbackAt{})
	if err != nil {
		return err
	}
	uid := pp.Timeline[len(pp.Timeline)-1].ID
	for _, c := range []struct {
		by   *domain.User
		body string
	}{
		{fan, "温控测试在几度的室温下做的？夏天厨房很热。 At what room temperature? My kitchen is hot in summer."},
		{engineer, "在 16 到 38 度之间各测了一轮，38 度时保鲜时间少一天。 We tested from 16 to 38 °C; at 38 °C it keeps one day less."},
	} {
		if _, err := svc.CommentOnUpdate(ctx, c.by, projectID, uid, c.body); err != nil {
			return err
		}
	}
	return nil
}

var stageNotes = map[string]string{
	"accepted":  "工程团队接手 The engineering team takes it on",
	"concept":   "完成概念设计 Concept drawings done",
	"prototype": "第一台样机 The first prototype machine",
	"fan_test":  "招募粉丝测试 Looking for fan testers",
	"pilot":     "小批量试产 A small pilot run",
	"launched":  "正式上市！Launched!",
	"shelved":   "成本过高，暂时搁置 Too costly for now; shelved",
}

var fridgeIdeas = []demoIdea{
	{author: "wang@demo.cocreate", title: "真空保鲜抽屉 Vacuum crisper drawer", tags: []string{"保鲜", "fresh"},
		summary: "抽出空气，蔬菜氧化变慢。Pull the air out so vegetables oxidise slower.",
		voters:  []string{"lin@demo.cocreate", "zhang@demo.cocreate", "li@demo.cocreate", "chen@demo.cocreate", "maria@demo.cocreate", "tom@demo.cocreate"}},
	{author: "maria@demo.cocreate", title: "Ethylene filter for fruit", tags: []string{"filter", "fruit"},
		summary: "A replaceable filter that absorbs the ethylene ripe fruit gives off.",
		voters:  []string{"aiko@demo.cocreate", "sam@demo.cocreate", "wang@demo.cocreate", "sun@demo.cocreate", "zhao@demo.cocreate"}},
	{author: "li@demo.cocreate", title: "分区湿度控制 Humidity zones", tags: []string{"湿度"},
		summary: "叶菜要湿，水果要干。Leafy greens like it humid, fruit likes it dry.",
		voters:  []string{"liu@demo.cocreate", "chen@demo.cocreate", "lin@demo.cocreate", "sun@demo.cocreate"}},
	{author: "tom@demo.cocreate", title: "Camera that warns before food spoils", tags: []string{"camera", "app"},
		summary: "A small camera and the app remind you what to eat first.",
		voters:  []string{"maria@demo.cocreate", "sam@demo.cocreate", "aiko@demo.cocreate"}},
	{author: "zhao@demo.cocreate", title: "冷藏室光照保鲜 Light that keeps greens green", tags: []string{"光照"},
		summary: "特定波长的光让蔬菜继续光合作用。A light spectrum that keeps vegetables photosynthesising.",
		voters:  []string{"zhang@demo.cocreate", "wang@demo.cocreate"}},
	{author: "sun@demo.cocreate", title: "可拆洗密封条 Removable door seal", tags: []string{"清洁"},
		summary: "密封条能拆下来洗，不再发霉。A seal you can take off and wash.",
		voters:  []string{"li@demo.cocreate"}},
}
