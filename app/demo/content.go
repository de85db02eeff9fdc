package demo

// The challenges' briefs, each in Chinese and in English: the demo writes
// one, in the language of the person who loaded it (inLanguage), as an
// organiser writes a brief in one language (session 54; they were both at
// once, a reader of either reading the other too).
const haierBriefZh = `## 洗衣机里的“二次污染”

滚筒内外筒之间的夹层看不见、够不着：洗涤剂残留、皮屑和水垢在这里滋生细菌，下一次洗衣时又回到衣服上。这个问题困扰了行业三十年。

**我们想请你一起解决它。** 提交你的方案，支持你认可的创意。得票最高的方案将进入评审，四个优胜方案会和海尔工程师一起做成样机。

- 可以是机械结构、材料、算法或使用习惯的改变
- 每人最多提交 3 个创意
`

const haierBriefEn = `## Secondary pollution in the drum

Between the inner and outer drum of a washing machine lies a gap nobody can see or reach. Detergent residue, skin flakes and limescale collect there and grow bacteria that soil the next wash. The industry has lived with it for thirty years.

**Help us end it.** Submit your solution and support the ideas you believe in. The most supported ideas go to the judges; four winners become prototype machines built with Haier's engineers.

- mechanics, materials, software or habits all count
- up to 3 ideas each
`

const qigeBriefZh = `## 这一季，由你决定

我们的设计师为 2027 春季准备了五款连衣裙。每次给你看**两款**，选出你更喜欢的那一款；两两比较得分最高的两款将投入生产——你选的，就是下个月上架的。想买哪款，也可以点“我想买”，告诉我们尺码、颜色和你愿意付的价格。
`

const qigeBriefEn = `## This season, you decide

Our designers drew five dresses for spring 2027. You see **two at a time** and pick the one you like better; the two with the highest pairwise scores go into production, and what you choose is what goes on sale next month. Tap “I'd buy it” on any you want, with your size, colour and the most you would pay.
`

const judgedBriefZh = "夜里空调一响就醒？说说你想要的睡眠模式。\n\n投票已结束，评委正在为入围的四个方案打分。"
const judgedBriefEn = "Woken by the air conditioner at night? Tell us the sleep mode you want.\n\nThe vote is over; the judges are scoring the four ideas on the shortlist."

const pastBriefZh = "让蔬果在冰箱里多新鲜一周。\n\n评审结果已公布，四个优胜方案正在由海尔工程师做成样机。"
const pastBriefEn = "Keep fruit and vegetables fresh for a week longer.\n\nThe results are out; four winning ideas are being built into prototypes with Haier's engineers."

const boardBriefZh = "海尔洗衣机的常开反馈板块：好用的、不好用的、想要的，随时告诉我们。工程师会给每条帖子一个公开状态和官方回复，进展写在[路线图](/roadmap)上。"
const boardBriefEn = "Haier's always-open washing-machine board: tell us what works, what doesn't and what you wish for, any time. Engineers give every post a public status and an official answer; progress is on the [roadmap](/roadmap)."

var haierIdeas = []demoIdea{
	{
		author: "lin@demo.cocreate", title: "免清洗内筒：取消内外筒夹层", tags: []string{"结构", "卫生", "drum"},
		summary: "把内筒做成无孔的，水只在内筒里，夹层里就没有脏水可留。",
		body:    "传统内筒上有几百个小孔，脏水通过小孔进入夹层。**无孔内筒**让洗涤水只留在内筒中：\n\n1. 脱水时靠离心力从筒口上沿排水；\n2. 夹层始终干燥，细菌没有生长条件；\n3. 每次洗衣少用约 30% 的水。",
		voters:  []string{"zhang@demo.cocreate", "wang@demo.cocreate", "li@demo.cocreate", "chen@demo.cocreate", "liu@demo.cocreate", "maria@demo.cocreate", "tom@demo.cocreate", "aiko@demo.cocreate", "zhao@demo.cocreate", "sun@demo.cocreate"},
		comments: [][2]string{
			{"zhang@demo.cocreate", "这个思路太棒了，夹层没水就没有污染源。"},
			{"engineer@demo.cocreate", "感谢提案！无孔内筒对排水结构要求很高，我们正在评估脱水时的振动问题。"},
		},
	},
	{
		author: "maria@demo.cocreate", title: "Self-cleaning cycle with hot steam after every wash", tags: []string{"steam", "hygiene", "software"},
		summary:  "A two-minute steam burst after each wash keeps the gap between drums too hot for bacteria.",
		body:     "After the final spin, the machine closes the drain and injects **steam at 90 °C** into the gap for two minutes.\n\n- kills 99% of common bacteria in lab tests I found\n- costs about 0.05 kWh per wash\n- runs automatically; no one has to remember a cleaning programme",
		voters:   []string{"tom@demo.cocreate", "aiko@demo.cocreate", "sam@demo.cocreate", "lin@demo.cocreate", "chen@demo.cocreate", "sun@demo.cocreate", "wang@demo.cocreate"},
		comments: [][2]string{{"aiko@demo.cocreate", "Would the steam damage wool clothes left in the drum?"}, {"maria@demo.cocreate", "Only after the clothes are out: the door sensor starts it."}},
	},
	{
		author: "zhang@demo.cocreate", title: "银离子抗菌涂层外筒", tags: []string{"材料", "抗菌"},
		summary: "在外筒内壁加一层银离子涂层，从材料上抑制细菌。",
		body:    "银离子涂层在冰箱里已经很常见。用在外筒内壁上，可以长期抑菌，不需要用户做任何事情。缺点是成本，需要评估涂层寿命。",
		voters:  []string{"li@demo.cocreate", "zhao@demo.cocreate", "liu@demo.cocreate", "sam@demo.cocreate"},
	},
	{
		author: "tom@demo.cocreate", title: "Sensor that tells you when the drum needs cleaning", tags: []string{"sensor", "app"},
		summary: "A turbidity sensor in the drain measures how dirty the rinse water is and reminds you in the app.",
		body:    "Most people never run the drum-cleaning programme because they don't know when. A cheap **turbidity sensor** in the drain can tell when residue builds up and send a reminder.",
		voters:  []string{"maria@demo.cocreate", "aiko@demo.cocreate"},
	},
	{
		author: "wang@demo.cocreate", title: "可拆卸外筒，像洗碗机滤网一样取出清洗", tags: []string{"结构", "易清洁"},
		summary:  "外筒设计成可以从正面拆出来，半年清洗一次。",
		body:     "如果夹层必须存在，就让用户能看到、能清洗。正面卡扣设计，不需要工具。",
		voters:   []string{"sun@demo.cocreate", "chen@demo.cocreate", "lin@demo.cocreate"},
		comments: [][2]string{{"chen@demo.cocreate", "拆装的密封性怎么保证？会不会漏水？"}},
	},
	{
		author: "aiko@demo.cocreate", title: "Dry the gap with warm air after washing", tags: []string{"airflow", "hygiene"},
		summary: "Bacteria need moisture: a small fan with a heater dries the gap after every wash.",
		body:    "Like a dishwasher's drying phase: 15 minutes of warm air through the gap leaves nothing wet for bacteria to grow in.",
		voters:  []string{"tom@demo.cocreate", "sam@demo.cocreate", "maria@demo.cocreate", "zhao@demo.cocreate", "wang@demo.cocreate"},
	},
	{
		author: "chen@demo.cocreate", title: "洗涤剂精准投放，减少残留", tags: []string{"洗涤剂", "节能"},
		summary: "按衣物重量自动投放洗涤剂，过量的洗涤剂正是污垢的来源。",
		body:    "很多人倒太多洗涤剂。自动称重 + 精准投放，残留少了，夹层里的“养料”也就少了。",
		voters:  []string{"liu@demo.cocreate", "li@demo.cocreate"},
	},
}

var qigeIdeas = []demoIdea{
	{author: AdminEmail, title: "朱砂红收腰连衣裙 · Cinnabar belted dress", tags: []string{"红色", "收腰", "red"},
		summary: "经典收腰，金色腰带，适合春节后的第一场约会。", body: "面料：醋酸缎面。尺码 S–XL。\n\nAcetate satin, sizes S–XL.",
		voters:   []string{"lin@demo.cocreate", "wang@demo.cocreate", "li@demo.cocreate", "sun@demo.cocreate", "maria@demo.cocreate", "aiko@demo.cocreate"},
		comments: [][2]string{{"li@demo.cocreate", "腰带可以做成可拆的吗？"}, {AdminEmail, "可以！我们会在打样时试一下可拆卸腰带。"}}},
	{author: AdminEmail, title: "藏青波点茶歇裙 · Navy polka-dot tea dress", tags: []string{"波点", "复古", "vintage"},
		summary: "复古波点，V 领，通勤周末都能穿。", body: "面料：雪纺。Chiffon, V-neck.",
		voters: []string{"zhang@demo.cocreate", "chen@demo.cocreate", "tom@demo.cocreate", "lin@demo.cocreate"}},
	{author: AdminEmail, title: "青绿条纹衬衫裙 · Green striped shirt dress", tags: []string{"条纹", "通勤"},
		summary: "宽松衬衫裙，条纹下摆，配小白鞋。", body: "面料：棉麻。Cotton-linen blend.",
		voters: []string{"liu@demo.cocreate", "zhao@demo.cocreate", "sam@demo.cocreate"}},
	{author: AdminEmail, title: "柠檬黄吊带长裙 · Lemon slip maxi dress", tags: []string{"黄色", "度假", "summer"},
		summary: "度假风长裙，明亮的柠檬黄。", body: "面料：真丝混纺。Silk blend.",
		voters: []string{"aiko@demo.cocreate", "wang@demo.cocreate"}},
	{author: AdminEmail, title: "丁香紫波点小礼裙 · Lilac party dress", tags: []string{"紫色", "礼服"},
		summary: "及膝小礼裙，适合婚礼和年会。", body: "面料：欧根纱。Organza overlay.",
		voters: []string{"sun@demo.cocreate", "maria@demo.cocreate", "li@demo.cocreate"}},
}
