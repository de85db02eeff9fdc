package search

import (
	"slices"
	"testing"
)

func TestSimilar(t *testing.T) {
	docs := relevanceDocs()
	ix := openWith(t, docs)
	ideas := map[int64]Doc{}
	for _, d := range docs {
		if d.Type == TypeIdea {
			ideas[d.ID] = d
		}
	}

	ids, err := ix.Similar(t.Context(), chWasher, "洗衣机内筒的二次污染怎么解决", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 10 {
		t.Fatalf("got %d ideas, want 10: %v", len(ids), ids)
	}
	for _, id := range ids {
		d, ok := ideas[id]
		if !ok || d.ChallengeID != chWasher || !visible(d) {
			t.Errorf("idea %d (%+v) is not a visible idea of challenge %d", id, d, chWasher)
		}
	}
	// Ideas 1 and 2 share title words with the text: 洗衣机, 内筒, 二次污染,
	// 解决. Hidden, merged and withdrawn duplicates (7, 8, 9) never show.
	if !slices.Contains(ids, 1) || !slices.Contains(ids, 2) {
		t.Errorf("ideas 1 and 2 not among the most similar: %v", ids)
	}

	// Best first: only idea 5 has every word of the text.
	ids, err = ix.Similar(t.Context(), chPhone, "可以自己更换电池的手机吗", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) == 0 || ids[0] != 5 {
		t.Errorf("most similar to 可以自己更换电池的手机吗 = %v, want idea 5 first", ids)
	}

	// An idea need not contain every word to be similar: 苏绣 is only in
	// idea 10's title, 藏袋 only in idea 11's, 凤凰 nowhere.
	ids, err = ix.Similar(t.Context(), chDress, "苏绣 藏袋 凤凰", 5)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Sort(ids); !slices.Equal(ids, []int64{10, 11}) {
		t.Errorf("苏绣 藏袋 凤凰 = %v, want ideas 10 and 11", ids)
	}

	for _, text := range []string{"", "   ", "*:+-"} {
		ids, err := ix.Similar(t.Context(), chWasher, text, 5)
		if err != nil || len(ids) != 0 {
			t.Errorf("Similar(%q) = %v, %v; want nothing", text, ids, err)
		}
	}
}
