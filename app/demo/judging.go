package demo

import (
	"context"
	"time"

	"cocreate/app/domain"
	"cocreate/app/service"
)

// judgedChallenge is a Haier challenge being judged: fans submitted and
// voted, the vote closed, the organiser shortlisted four ideas and gave
// them to the demo's judge, who has scored one. So the judge has a
// scorecard to fill in, and every phase of a challenge is on show.
func judgedChallenge(ctx context.Context, svc *service.Service, admin *domain.User, people map[string]*domain.User) error {
	day := 24 * time.Hour
	in := schedule(svc.Now(), -1*day, 10*day, -1*day, 12*day)
	in.Title = ptr("海尔空调：更安静的睡眠模式（评审中）· Haier air conditioner: a quieter sleep mode (being judged)")
	in.Brief = inLanguage(admin, judgedBriefZh, judgedBriefEn)
	in.Kind = ptr(domain.OpenCall)
	in.ShortlistSize, in.Winners = ptr(4), ptr(2)
	c, err := svc.CreateChallenge(ctx, admin, in)
	if err != nil {
		return err
	}
	if _, err := svc.SetCover(ctx, admin, c.ID, airConditioner()); err != nil {
		return err
	}
	score := func(_, k int) float64 { return float64(6 + k%3) }
	return toJudging(ctx, svc, admin, people, c.ID, aircoIdeas, 4, 1, score, "夜里实测很安静 quiet in a night test")
}

// toJudging plays a challenge from its ideas to its judge: the ideas
// posted and voted on, submissions and the vote closed, the top shortlist
// ideas shortlisted and given to the demo judge, who fills in the first
// scored of the challenge's scorecards in the queue, criterion k of the
// i-th at score(i, k), with note.
func toJudging(ctx context.Context, svc *service.Service, admin *domain.User, people map[string]*domain.User, challengeID int64, ideas []demoIdea, shortlist, scored int, score func(i, k int) float64, note string) error {
	if err := post(ctx, svc, challengeID, people, ideas, nil); err != nil {
		return err
	}
	for _, move := range []string{domain.MoveCloseSubmissions, domain.MoveCloseVoting} {
		if _, err := svc.MovePhase(ctx, admin, challengeID, move); err != nil {
			return err
		}
	}
	if _, err := svc.Shortlist(ctx, admin, challengeID, shortlist, nil, nil); err != nil {
		return err
	}
	judge := people["judge@demo.cocreate"]
	if _, err := svc.AssignJudges(ctx, admin, challengeID, []int64{judge.ID}, 1); err != nil {
		return err
	}
	queue, err := svc.JudgeQueue(ctx, judge)
	if err != nil {
		return err
	}
	i := 0
	for _, item := range queue {
		if item.ChallengeID != challengeID || i == scored {
			continue
		}
		scores := map[string]float64{}
		for k, cr := range item.Rubric.Criteria {
			scores[cr.Key] = score(i, k)
		}
		if _, err := svc.SaveScorecard(ctx, judge, item.Idea.ID, scores, note); err != nil {
			return err
		}
		i++
	}
	return nil
}

var aircoIdeas = []demoIdea{
	{author: "chen@demo.cocreate", title: "睡着后自动降风速 Slow the fan once I fall asleep", tags: []string{"睡眠", "sleep"},
		summary: "遥控器感知心率，入睡后风速降到最低。The remote senses your heart rate and turns the fan down once you sleep.",
		voters:  []string{"lin@demo.cocreate", "zhang@demo.cocreate", "li@demo.cocreate", "maria@demo.cocreate", "tom@demo.cocreate"}},
	{author: "aiko@demo.cocreate", title: "Lights off means lights off", tags: []string{"light"},
		summary: "Every lamp and beep on the unit goes dark in sleep mode.",
		voters:  []string{"sam@demo.cocreate", "wang@demo.cocreate", "sun@demo.cocreate", "chen@demo.cocreate"}},
	{author: "liu@demo.cocreate", title: "导风板不对着床吹 A vane that never points at the bed", tags: []string{"风向"},
		summary: "装机时标出床的位置，夜里风绕开床。Mark the bed when it is fitted; at night the air goes round it.",
		voters:  []string{"zhao@demo.cocreate", "li@demo.cocreate", "lin@demo.cocreate"}},
	{author: "sam@demo.cocreate", title: "A compressor that ramps, never clicks", tags: []string{"noise"},
		summary: "Inverter ramps so slow you never hear it start or stop.",
		voters:  []string{"aiko@demo.cocreate", "maria@demo.cocreate"}},
	{author: "sun@demo.cocreate", title: "清晨慢慢升温 Warm up slowly before the alarm", tags: []string{"闹钟"},
		summary: "闹钟前半小时慢慢调到舒服的温度。Half an hour before the alarm it eases to a comfortable temperature.",
		voters:  []string{"tom@demo.cocreate"}},
}
