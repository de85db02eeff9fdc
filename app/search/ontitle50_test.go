package search

import (
	"fmt"
	"testing"
	"time"
)

// Searching an idea's own title finds the idea, first, not the short
// comments under it that never say the words; a comment or update that
// does say them is found, shown under its idea's title.
func TestCommentsAreFoundByTheirOwnWords(t *testing.T) {
	at := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	docs := []Doc{{Type: TypeIdea, ID: 30, ChallengeID: 1, IdeaID: 30, Title: "滚筒自清洁", Summary: "内筒每次洗完自己冲洗", Body: "用蒸汽冲洗滚筒内壁，减少二次污染。", State: "submitted", CreatedAt: at}}
	for i := range 20 {
		docs = append(docs, Doc{Type: TypeComment, ID: int64(100 + i), ChallengeID: 1, IdeaID: 30, Title: "滚筒自清洁",
			Body: fmt.Sprintf("价格%d元。", 100+i), State: "submitted", CreatedAt: at.Add(time.Duration(i) * time.Minute)})
	}
	docs = append(docs,
		Doc{Type: TypeComment, ID: 200, ChallengeID: 1, IdeaID: 30, Title: "滚筒自清洁", Body: "我家的滚筒也有异味", State: "submitted", CreatedAt: at},
		Doc{Type: TypeUpdate, ID: 300, ChallengeID: 1, IdeaID: 30, ProjectID: 5, Title: "滚筒自清洁", Body: "样机做好了", State: "launched", CreatedAt: at})
	ix := openWith(t, docs)
	r := mustSearch(t, ix, Query{Text: "滚筒", Limit: MaxLimit})
	if len(r.Hits) == 0 || r.Hits[0].Type != TypeIdea || r.Hits[0].ID != 30 {
		t.Fatalf("滚筒: the idea is not first: %v", keys(r))
	}
	if r.Total != 2 || len(r.Hits) != 2 || r.Hits[1].Type != TypeComment || r.Hits[1].ID != 200 {
		t.Errorf("滚筒: want the idea and the one comment saying it, got %d: %v", r.Total, keys(r))
	}
	if r.Hits[1].Title != "滚筒自清洁" {
		t.Errorf("the comment's hit title = %q, want its idea's", r.Hits[1].Title)
	}
	r = mustSearch(t, ix, Query{Text: "样机", Limit: MaxLimit})
	if len(r.Hits) != 1 || r.Hits[0].Type != TypeUpdate || r.Hits[0].Title != "滚筒自清洁" {
		t.Errorf("样机: %v", r.Hits)
	}
	r = mustSearch(t, ix, Query{Text: "价格", Limit: 5})
	if r.Total != 20 || r.Hits[0].Title != "滚筒自清洁" {
		t.Errorf("价格: total %d, first %+v", r.Total, r.Hits[0])
	}
}
