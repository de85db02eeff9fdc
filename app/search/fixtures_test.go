package search

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"cocreate/app/corpus"
)

// Challenges of the hand-written seed documents.
const (
	chWasher = 1 // Haier: secondary pollution in the washing machine
	chDress  = 2 // Qige: next season's dresses
	chPhone  = 3 // phones
)

var seedTime = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

func idea(id, challenge int64, state, title, summary, body string, tags ...string) Doc {
	return Doc{
		Type: TypeIdea, ID: id, ChallengeID: challenge, IdeaID: id,
		Title: title, Summary: summary, Body: body, Tags: tags, State: state,
		CreatedAt: seedTime.Add(time.Duration(id) * time.Minute),
	}
}

// seedDocs are the documents whose expected ranking is known by hand. Ids
// below 1000; generated filler starts at fillerFirstID.
func seedDocs() []Doc {
	return []Doc{
		idea(1, chWasher, "shortlisted",
			"解决滚筒洗衣机二次污染的自清洁方案",
			"每次洗完自动高温清洁内筒，杜绝二次污染。",
			"内筒和外筒之间的夹层积累污垢，是二次污染的根源。用高温蒸汽每次冲洗夹层。",
			"洗衣机", "二次污染"),
		idea(2, chWasher, "submitted",
			"可拆卸内筒的洗衣机",
			"内筒可以拆下来清洗。",
			"拆下内筒后可以直接冲洗夹层，顺便也解决了二次污染。",
			"洗衣机"),
		idea(3, chWasher, "submitted",
			"Quiet washing at night",
			"A night programme for the washing machine that keeps the spin gentle.",
			"Families in small flats want to run the machine at night without waking the neighbours.",
			"washing"),
		idea(4, chWasher, "winner",
			"衣领污渍自动识别",
			"摄像头识别衣领和袖口的污渍，自动加强洗涤。",
			"顽固污渍需要预处理，机器可以提醒用户。",
			"洗衣机", "AI"),
		idea(5, chPhone, "submitted",
			"可以自己更换电池的手机",
			"电池老化以后用户自己换。",
			"A replaceable battery would keep phones in use for years longer.",
			"手机", "Battery"),
		idea(6, chPhone, "submitted",
			"Phone batteries that last two days",
			"Bigger cells and a smarter power manager.",
			"Most users charge every night; two-day batteries would change that.",
			"phone"),
		idea(7, chWasher, "hidden",
			"二次污染 广告 spam",
			"加微信买清洁剂",
			"二次污染 二次污染 二次污染",
			"二次污染"),
		idea(8, chWasher, "merged",
			"洗衣机二次污染的问题",
			"和 1 号创意重复。",
			"二次污染。",
			"二次污染"),
		idea(9, chWasher, "withdrawn",
			"二次污染检测仪",
			"作者撤回了。",
			"检测滚筒二次污染的小仪器。"),
		idea(10, chDress, "submitted",
			"苏绣国风连衣裙",
			"袖口和领口加入刺绣元素。",
			"Embroidered sleeves in the Suzhou style, machine washable.",
			"连衣裙", "Fashion"),
		idea(11, chDress, "shortlisted",
			"侧缝藏袋的连衣裙",
			"侧缝里藏两个隐形口袋。",
			"Pockets that do not change the silhouette.",
			"连衣裙", "pockets"),
		idea(20, chWasher, "submitted",
			`<script>alert("title")</script> 洗衣机 hack`,
			`<img src=x onerror=alert(1)> 洗衣机 & "quotes" 'single'`,
			`<iframe src="javascript:alert(2)"></iframe>`,
			`<b>tag</b>`),
		{Type: TypeComment, ID: 100, ChallengeID: chWasher, IdeaID: 7, State: "hidden",
			Body: "这个二次污染广告怎么还在", CreatedAt: seedTime},
		{Type: TypeComment, ID: 101, ChallengeID: chWasher, IdeaID: 1, State: "shortlisted",
			Body: "我家也有二次污染，支持这个方案！", CreatedAt: seedTime},
		{Type: TypeChallenge, ID: chWasher, ChallengeID: chWasher,
			Title: "海尔洗衣机创客挑战：解决二次污染", Summary: "三十年的老问题，等你来解决。",
			Body: "滚筒里残留的污垢和细菌会污染下一次洗的衣服。", State: "submissions_open", CreatedAt: seedTime},
		{Type: TypeUpdate, ID: 200, ChallengeID: chWasher, IdeaID: 1, ProjectID: 1, State: "shortlisted",
			Body: "原型机第一次测试：二次污染减少了九成。", CreatedAt: seedTime},
	}
}

const (
	fillerFirstID = 10000
	fillerCount   = 600
)

// relevanceDocs are the seeds plus generated ideas of the same kinds, so
// that every query has plenty of competing matches.
func relevanceDocs() []Doc {
	docs := seedDocs()
	g := corpusGen()
	for i := 0; i < fillerCount; i++ {
		d := generatedIdea(g, fillerFirstID, i)
		// Most filler joins the seeds' challenges of its topic, so that
		// filters and Similar have competition; the rest stays apart.
		switch corpus.Topics()[(d.ChallengeID-1000)/perTopicChallenges] {
		case "washing_machine":
			d.ChallengeID = chWasher
		case "clothes":
			d.ChallengeID = chDress
		case "phone":
			d.ChallengeID = chPhone
		}
		docs = append(docs, d)
	}
	return docs
}

// openTest opens a fresh index in a temporary directory, closed at the end
// of the test.
func openTest(t testing.TB) *Index {
	t.Helper()
	ix, err := Open(filepath.Join(t.TempDir(), "index"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ix.Close() })
	return ix
}

// openWith opens a fresh index holding docs, applied in batches as the
// outbox drainer would.
func openWith(t testing.TB, docs []Doc) *Index {
	t.Helper()
	ix := openTest(t)
	for len(docs) > 0 {
		n := min(len(docs), 500)
		if err := ix.Apply(docs[:n], nil); err != nil {
			t.Fatal(err)
		}
		docs = docs[n:]
	}
	return ix
}

func mustSearch(t testing.TB, ix *Index, q Query) Result {
	t.Helper()
	r, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	return r
}

func keyOf(h Hit) Key { return Key{h.Type, h.ID} }

func keys(r Result) []Key {
	ks := make([]Key, len(r.Hits))
	for i, h := range r.Hits {
		ks[i] = keyOf(h)
	}
	return ks
}

func rank(r Result, k Key) int {
	for i, h := range r.Hits {
		if keyOf(h) == k {
			return i
		}
	}
	return -1
}

func text(d Doc) string {
	return strings.Join([]string{d.Title, d.Summary, strings.Join(d.Tags, " "), d.Body}, "\n")
}

func visible(d Doc) bool {
	return d.State != "hidden" && d.State != "merged" && d.State != "withdrawn"
}

// expected returns the keys of visible documents whose text satisfies
// every pattern: what a correct search must find, computed independently
// of the index.
func expected(docs []Doc, patterns ...*regexp.Regexp) map[Key]bool {
	want := map[Key]bool{}
	for _, d := range docs {
		if !visible(d) {
			continue
		}
		ok := true
		for _, p := range patterns {
			if !p.MatchString(text(d)) {
				ok = false
				break
			}
		}
		if ok {
			want[Key{d.Type, d.ID}] = true
		}
	}
	return want
}
