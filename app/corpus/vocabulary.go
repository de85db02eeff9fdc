package corpus

// term is one concept in both languages, so that a generated Chinese idea and
// an English idea about the same thing share meaning but not words, as real
// submissions on a bilingual portal do.
type term struct{ zh, en string }

// topic is one product family. Problems and features are specific to it so
// that generated ideas read like real suggestions ("a fridge that smells"),
// not random word salad; tags are what a fan would pick for such an idea.
type topic struct {
	key      string
	name     term
	problems []term
	features []term
	tags     []string
}

var topics = []topic{
	{
		key:  "washing_machine",
		name: term{"洗衣机", "washing machine"},
		problems: []term{
			{"二次污染", "secondary pollution"},
			{"滚筒发霉", "mould in the drum"},
			{"洗完衣服有异味", "clothes smell after washing"},
			{"脱水时震动太大", "heavy vibration while spinning"},
			{"洗涤剂残留", "detergent residue"},
			{"内筒藏污纳垢", "dirt hiding behind the inner drum"},
			{"噪音太大", "too much noise"},
			{"洗衣时间太长", "slow washing cycles"},
		},
		features: []term{
			{"自清洁滚筒", "a self-cleaning drum"},
			{"紫外线杀菌", "UV sterilisation"},
			{"银离子抗菌", "silver-ion antibacterial coating"},
			{"免清洗内筒", "a drum that never needs cleaning"},
			{"自动投放洗衣液", "automatic detergent dosing"},
			{"高温蒸汽除菌", "high-temperature steam sanitising"},
			{"分区洗涤", "separate compartments for baby clothes"},
			{"静音变频电机", "a quiet inverter motor"},
		},
		tags: []string{"洗衣机", "washing", "二次污染", "hygiene", "滚筒"},
	},
	{
		key:  "fridge",
		name: term{"冰箱", "fridge"},
		problems: []term{
			{"串味", "food odours mixing"},
			{"冷冻室结霜", "frost in the freezer"},
			{"蔬菜很快就坏了", "vegetables going bad quickly"},
			{"耗电量高", "high power consumption"},
			{"食物过期忘记吃", "forgotten food expiring"},
			{"门封条发霉", "mould on the door seal"},
		},
		features: []term{
			{"独立保鲜抽屉", "a separate crisper drawer"},
			{"智能食材管理", "smart food inventory"},
			{"无霜制冷", "frost-free cooling"},
			{"除味净化模块", "an odour purification module"},
			{"保质期提醒", "expiry date reminders"},
			{"变温区", "a variable-temperature zone"},
		},
		tags: []string{"冰箱", "fridge", "保鲜", "energy"},
	},
	{
		key:  "phone",
		name: term{"手机", "phone"},
		problems: []term{
			{"电池续航太短", "short battery life"},
			{"充电时发烫", "overheating while charging"},
			{"屏幕容易碎", "screens that crack easily"},
			{"老人看不清字", "text too small for elderly users"},
			{"夜景拍照模糊", "blurry night photos"},
			{"存储空间不够", "running out of storage"},
		},
		features: []term{
			{"可更换电池", "a replaceable battery"},
			{"石墨烯散热", "graphene cooling"},
			{"长辈模式", "an elder-friendly mode"},
			{"无线快充", "fast wireless charging"},
			{"双卡双待", "dual SIM support"},
			{"超大字体", "extra-large fonts"},
		},
		tags: []string{"手机", "phone", "电池", "battery", "充电"},
	},
	{
		key:  "air_conditioner",
		name: term{"空调", "air conditioner"},
		problems: []term{
			{"吹得人头疼", "cold air blowing straight at people"},
			{"滤网脏了没人洗", "filters that nobody cleans"},
			{"室内太干燥", "dry indoor air"},
			{"夜里噪音吵醒人", "night-time noise waking people up"},
			{"电费太贵", "expensive electricity bills"},
		},
		features: []term{
			{"防直吹风", "anti-direct airflow"},
			{"滤网自清洁", "self-cleaning filters"},
			{"加湿功能", "built-in humidification"},
			{"睡眠静音模式", "a silent sleep mode"},
			{"一级能效", "top-grade energy efficiency"},
		},
		tags: []string{"空调", "air conditioning", "节能", "energy"},
	},
	{
		key:  "clothes",
		name: term{"连衣裙", "dress"},
		problems: []term{
			{"洗几次就褪色", "colours fading after a few washes"},
			{"没有口袋", "no pockets"},
			{"面料起球", "fabric pilling"},
			{"尺码不准", "sizes that run small"},
			{"容易皱", "wrinkling easily"},
		},
		features: []term{
			{"隐形口袋", "hidden pockets"},
			{"抗皱面料", "wrinkle-resistant fabric"},
			{"可调节腰带", "an adjustable waist"},
			{"环保再生纤维", "recycled eco fibres"},
			{"国风刺绣", "Chinese-style embroidery"},
		},
		tags: []string{"服装", "fashion", "连衣裙", "新品投票"},
	},
	{
		key:  "vacuum",
		name: term{"扫地机器人", "robot vacuum"},
		problems: []term{
			{"卡在沙发底下", "getting stuck under the sofa"},
			{"宠物毛发缠绕", "pet hair tangling the brush"},
			{"集尘盒太小", "a dust bin that is too small"},
			{"拖地留水渍", "mopping that leaves water marks"},
		},
		features: []term{
			{"自动集尘", "automatic dust emptying"},
			{"防缠绕滚刷", "a tangle-free roller brush"},
			{"激光导航", "laser navigation"},
			{"宠物模式", "a pet mode"},
		},
		tags: []string{"扫地机器人", "cleaning", "宠物", "smart home"},
	},
	{
		key:  "water_heater",
		name: term{"热水器", "water heater"},
		problems: []term{
			{"等热水太久", "waiting too long for hot water"},
			{"水垢堵塞", "limescale build-up"},
			{"水温忽冷忽热", "water temperature jumping"},
		},
		features: []term{
			{"零冷水", "instant hot water"},
			{"镁棒更换提醒", "anode replacement reminders"},
			{"恒温防烫", "constant temperature with scald protection"},
		},
		tags: []string{"热水器", "water", "安全", "energy"},
	},

	{
		key:  "tv",
		name: term{"电视", "TV"},
		problems: []term{
			{"开机广告太多", "too many ads at start-up"},
			{"遥控器总是找不到", "the remote always going missing"},
			{"老人不会切换信号源", "elderly parents unable to switch inputs"},
			{"屏幕反光", "screen glare"},
		},
		features: []term{
			{"语音遥控", "voice control"},
			{"一键回到直播", "one-button return to live TV"},
			{"护眼低蓝光", "low blue light eye care"},
			{"遥控器寻找提示音", "a find-my-remote chime"},
		},
		tags: []string{"电视", "TV", "长辈", "smart home"},
	},
	{
		key:  "range_hood",
		name: term{"油烟机", "range hood"},
		problems: []term{
			{"油烟吸不干净", "smoke escaping into the kitchen"},
			{"油网难清洗", "grease filters that are hard to clean"},
			{"吸力大但噪音也大", "strong suction but loud noise"},
		},
		features: []term{
			{"热熔自清洗", "hot-melt self-cleaning"},
			{"侧吸近吸设计", "a side-draft close-capture design"},
			{"烟灶联动", "hob-linked automatic start"},
		},
		tags: []string{"厨房", "kitchen", "油烟机", "清洁"},
	},
	{
		key:  "dishwasher",
		name: term{"洗碗机", "dishwasher"},
		problems: []term{
			{"中式炒锅放不进去", "woks that do not fit"},
			{"碗洗不干净", "dishes coming out dirty"},
			{"烘干后还有水珠", "water drops left after drying"},
		},
		features: []term{
			{"可调节碗篮", "adjustable racks"},
			{"高温消毒烘干", "high-temperature sterilising and drying"},
			{"嵌入式小尺寸", "a compact built-in size"},
		},
		tags: []string{"厨房", "kitchen", "洗碗机", "hygiene"},
	},
	{
		key:  "earbuds",
		name: term{"蓝牙耳机", "wireless earbuds"},
		problems: []term{
			{"戴久了耳朵疼", "ears hurting after an hour"},
			{"通话时对方听不清", "callers unable to hear me"},
			{"一只耳机很容易丢", "losing a single earbud"},
			{"电池不耐用", "batteries that wear out fast"},
		},
		features: []term{
			{"主动降噪", "active noise cancelling"},
			{"单耳定位查找", "single-earbud tracking"},
			{"骨传导麦克风", "a bone-conduction microphone"},
		},
		tags: []string{"耳机", "audio", "电池", "battery"},
	},
	{
		key:  "ebike",
		name: term{"电动车", "e-bike"},
		problems: []term{
			{"冬天续航缩水", "range dropping in winter"},
			{"充电要搬上楼", "carrying the battery upstairs to charge"},
			{"雨天刹车不灵", "weak brakes in the rain"},
		},
		features: []term{
			{"快拆电池", "a quick-release battery"},
			{"智能防盗定位", "smart anti-theft tracking"},
			{"碟刹", "disc brakes"},
		},
		tags: []string{"出行", "commute", "电池", "battery"},
	},
	{
		key:  "rice_cooker",
		name: term{"电饭煲", "rice cooker"},
		problems: []term{
			{"内胆涂层脱落", "the inner pot coating peeling off"},
			{"米饭底部烧焦", "rice burning at the bottom"},
			{"预约时间不够灵活", "inflexible timer settings"},
		},
		features: []term{
			{"不锈钢无涂层内胆", "an uncoated stainless steel pot"},
			{"低糖饭模式", "a low-sugar rice mode"},
			{"手机远程预约", "remote scheduling from the phone"},
		},
		tags: []string{"厨房", "kitchen", "电饭煲", "健康"},
	},
	{
		key:  "sneakers",
		name: term{"运动鞋", "running shoes"},
		problems: []term{
			{"鞋底太快磨平", "soles wearing flat too fast"},
			{"下雨天鞋子进水", "shoes soaking through in the rain"},
			{"鞋带总是松开", "laces coming undone"},
		},
		features: []term{
			{"防滑耐磨大底", "a grippy hard-wearing outsole"},
			{"防水透气鞋面", "a waterproof breathable upper"},
			{"旋钮快系鞋带", "a quick-lace dial"},
		},
		tags: []string{"鞋", "fashion", "运动", "新品投票"},
	}}

// users are who the idea is for; fans often frame ideas this way.
var users = []term{
	{"老人", "elderly parents"},
	{"上班族", "office workers"},
	{"有宝宝的家庭", "families with a baby"},
	{"养宠物的人", "pet owners"},
	{"租房的年轻人", "young renters"},
	{"大学生", "students"},
	{"过敏体质的人", "people with allergies"},
}

// english leading words a Chinese fan mixes into a sentence.
var mixins = []string{"App", "WiFi", "AI", "USB-C", "OTA", "NFC", "DIY", "Pro", "Max"}

var zhTitles = []string{
	"解决{p}{prob}的新方案",
	"给{user}设计的{p}",
	"{p}增加{feat}",
	"带{feat}的{p}",
	"让{p}告别{prob}",
	"{feat}：{p}的下一步",
}

var enTitles = []string{
	"A {p} with {feat}",
	"Fixing {prob} in the {p}",
	"{Feat} for the {p}",
	"A {p} designed for {user}",
	"No more {prob}: rethinking the {p}",
}

var zhSentences = []string{
	"我家的{p}用了三年，{prob}的问题一直没解决。",
	"建议在{p}上加入{feat}，这样{user}用起来更放心。",
	"现在市面上的{p}大多有{prob}的毛病，希望厂家能带头改进。",
	"可以通过{mix}远程查看{p}的状态，出现{prob}时自动提醒。",
	"{feat}的成本不高，但对{user}来说很实用。",
	"我和身边的朋友都遇到过{prob}，每次都要自己动手处理。",
	"如果{p}能做到{feat}，我愿意多花一点钱。",
	"希望{p}的设计能多考虑{user}的使用习惯。",
	"试过很多办法，{prob}还是会反复出现。",
	"配合{mix}和{feat}，整个使用体验会好很多。",
}

var enSentences = []string{
	"Our {p} is three years old and {prob} is still a daily annoyance.",
	"Adding {feat} to the {p} would make it much safer for {user}.",
	"Most {p} models on the market suffer from {prob}.",
	"The {mix} could warn you about {prob} before it gets worse.",
	"{Feat} would not cost much but would help {user} a lot.",
	"Everyone I know has dealt with {prob} at some point.",
	"I would happily pay a little more for a {p} with {feat}.",
	"Please design the next {p} with {user} in mind.",
	"We tried every trick we could find and {prob} keeps coming back.",
	"Together with the {mix} app, {feat} would change how we use the {p}.",
}
