package demo

import (
	"context"
	"fmt"

	"cocreate/app/domain"
	"cocreate/app/service"
)

// boardPost is a post on the demo's board and the brand's answer to it.
type boardPost struct {
	demoIdea
	status   domain.Status
	response string
}

// washerBoard is Haier's always-open washing-machine board (issue 17): a
// post in every status, each answered in Chinese and English, one done
// because fans asked for it.
func washerBoard(ctx context.Context, svc *service.Service, admin *domain.User, people map[string]*domain.User) error {
	in := domain.ChallengeInput{
		Title: ptr("洗衣机 · Washing machines"),
		Brief: inLanguage(admin, boardBriefZh, boardBriefEn),
		Kind:  ptr(domain.Board),
	}
	c, err := svc.CreateChallenge(ctx, admin, in)
	if err != nil {
		return err
	}
	if _, err := svc.SetCover(ctx, admin, c.ID, washer()); err != nil {
		return err
	}
	var ideas []demoIdea
	for _, p := range boardPosts {
		ideas = append(ideas, p.demoIdea)
	}
	if err := post(ctx, svc, c.ID, people, ideas, nil); err != nil {
		return err
	}
	list, err := svc.Ideas(ctx, admin, c.ID, domain.SortNew, nil, 100)
	if err != nil {
		return err
	}
	byTitle := map[string]int64{}
	for _, idea := range list.Ideas {
		byTitle[idea.Title] = idea.ID
	}
	engineer := people["engineer@demo.cocreate"]
	for _, p := range boardPosts {
		if p.status == domain.StatusOpen {
			continue // still waiting for its answer
		}
		// The done post went through planned and in progress first, as
		// its followers saw.
		steps := []domain.Status{p.status}
		if p.status == domain.StatusDone {
			steps = []domain.Status{domain.StatusPlanned, domain.StatusInProgress, domain.StatusDone}
		}
		for _, st := range steps {
			response := p.response
			if st != p.status {
				response = "已排入开发计划，进展会在这里更新。 · On the plan: progress will be posted here."
			}
			if _, err := svc.SetStatus(ctx, engineer, byTitle[p.title], domain.StatusChange{Status: st, Response: &response}); err != nil {
				return fmt.Errorf("status of %q: %w", p.title, err)
			}
		}
	}
	return nil
}

var boardPosts = []boardPost{
	{demoIdea{author: "zhang@demo.cocreate", title: "脱水时噪音太大 · The spin cycle is too loud",
		summary: "晚上洗衣服，脱水时整栋楼都听得见。 · At night the spin cycle wakes the whole building.",
		body:    "能不能在夜间模式里降低脱水转速，或者让电机启动得更平缓？\n\nCould night mode spin slower, or the motor ramp up more gently?",
		tags:    []string{"噪音", "noise"},
		voters: []string{"lin@demo.cocreate", "wang@demo.cocreate", "li@demo.cocreate", "chen@demo.cocreate", "liu@demo.cocreate",
			"maria@demo.cocreate", "tom@demo.cocreate", "aiko@demo.cocreate", "zhao@demo.cocreate", "sun@demo.cocreate", "sam@demo.cocreate"},
		comments: [][2]string{{"li@demo.cocreate", "同感，住老房子楼板薄，太明显了。"}, {"tom@demo.cocreate", "Same here, it rattles the floor."}}},
		domain.StatusDone,
		"你们提的，我们做到了：固件 3.2 把夜间脱水噪音降低了 6 分贝，已推送到所有联网机型，在 App 里“设置 → 固件更新”即可安装。谢谢 11 位投票的粉丝！\n\n" +
			"You asked, we built it: firmware 3.2 makes the night spin 6 dB quieter and is rolling out to every connected washer (app: Settings → Firmware update). Thank you to the 11 fans who voted!"},
	{demoIdea{author: "wang@demo.cocreate", title: "门封圈容易发霉 · The door seal gets mouldy",
		summary: "用了半年，门封圈褶皱里全是黑斑。 · After six months the folds of the door seal are black with mould.",
		body:    "希望门封圈能防霉，或者容易拆下来清洗。\n\nPlease make the seal mould-resistant, or easy to take off and wash.",
		tags:    []string{"卫生", "hygiene"},
		voters:  []string{"lin@demo.cocreate", "zhang@demo.cocreate", "chen@demo.cocreate", "maria@demo.cocreate", "sun@demo.cocreate", "aiko@demo.cocreate", "sam@demo.cocreate"}},
		domain.StatusInProgress,
		"新的抗菌门封圈（可拆洗）正在青岛工厂小批量试产，预计下季度随新机上市，老机型可单独购买更换。\n\n" +
			"A removable antibacterial door seal is in pilot production in Qingdao, due with next quarter's models; owners of older washers will be able to buy it as a spare."},
	{demoIdea{author: "maria@demo.cocreate", title: "洗完后提醒我晾衣服 · Remind me to hang the laundry",
		summary: "洗完常常忘了，衣服闷出味道。 · I forget the washer has finished and the clothes go musty.",
		body:    "洗完 30 分钟还没开门的话，App 能不能再提醒一次？\n\nIf the door stays shut 30 minutes after the end, could the app remind me again?",
		tags:    []string{"app"},
		voters:  []string{"tom@demo.cocreate", "aiko@demo.cocreate", "liu@demo.cocreate", "zhao@demo.cocreate", "lin@demo.cocreate"}},
		domain.StatusPlanned,
		"已排入 6 月的 App 版本：洗完 30 分钟未开门会再提醒一次，时间可以自己设。\n\n" +
			"Planned for the June app release: a second reminder if the door is still shut 30 minutes after the end, with the delay up to you."},
	{demoIdea{author: "chen@demo.cocreate", title: "自动投放的洗涤剂量可以调吗 · Let me adjust the auto-dosing",
		summary: "浓缩洗衣液用默认剂量太多了。 · With concentrated detergent the default dose is far too much.",
		body:    "希望能按洗涤剂品牌或浓度设置投放量。\n\nPlease let me set the dose by detergent brand or concentration.",
		tags:    []string{"智能投放", "dosing"},
		voters:  []string{"wang@demo.cocreate", "li@demo.cocreate", "sam@demo.cocreate"}},
		domain.StatusUnderReview,
		"工程师正在测试市面上 20 种洗涤剂的浓度差异，评估能否按品牌自动调整剂量，一个月内给出结论。\n\n" +
			"Engineers are testing how 20 detergents on the market differ in strength, to see whether the dose can follow the brand; we will answer within a month."},
	{demoIdea{author: "tom@demo.cocreate", title: "加一个蒸汽除皱程序 · Add a steam anti-wrinkle program",
		summary: "衬衫洗完皱巴巴的。 · Shirts come out creased.",
		body:    "能不能通过升级加一个蒸汽除皱？\n\nCould an update add a steam program against creases?",
		tags:    []string{"程序", "programs"},
		voters:  []string{"maria@demo.cocreate", "zhao@demo.cocreate"}},
		domain.StatusDeclined,
		"现有机型没有蒸汽发生器，软件升级无法实现蒸汽除皱，所以这次不采纳；我们已把需求转给新品规划团队。可以试试“轻柔 + 低速脱水”减少褶皱。\n\n" +
			"Current models have no steam generator, so no update can add a steam program: declined for now, and passed on to the team planning new models. Meanwhile “Delicate” with a low spin speed creases less."},
	{demoIdea{author: "sun@demo.cocreate", title: "结束提示音能关掉吗 · Let me turn off the end-of-cycle beep",
		summary: "半夜洗完“嘀嘀嘀”把孩子吵醒了。 · The beeps at the end woke the baby at night.",
		body:    "希望能在 App 或机身上关闭提示音。\n\nPlease let me mute the beep, in the app or on the washer.",
		tags:    []string{"噪音", "noise"},
		voters:  []string{"lin@demo.cocreate", "aiko@demo.cocreate"}},
		domain.StatusOpen, ""},
}
