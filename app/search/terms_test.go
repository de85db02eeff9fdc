package search

import (
	"slices"
	"strings"
	"testing"
)

func TestQueryTerms(t *testing.T) {
	cases := []struct {
		text string
		want []string
	}{
		// A run of characters needs its bigrams; its single characters
		// would add nothing.
		{"二次污染", []string{"二次", "次污", "污染"}},
		// A lone character is a term of its own.
		{"污", []string{"污"}},
		{"污 染", []string{"污", "染"}},
		{"洗衣机 污", []string{"洗衣", "衣机", "污"}},
		// English is lower-cased and stemmed; stop words are not required.
		{"Washes the Batteries", []string{"wash", "batteri"}},
		{"the", []string{"the"}},
		// Full-width letters fold to ASCII.
		{"ＵＳＢ接口", []string{"usb", "接口"}},
		// Query syntax is just text.
		{`title:x +y -z "`, []string{"title:x", "y", "z"}},
		{`*~^\`, nil},
		{"\xff\xfe", nil},
	}
	for _, c := range cases {
		if got := queryTerms(c.text); !slices.Equal(got, c.want) {
			t.Errorf("queryTerms(%q) = %q, want %q", c.text, got, c.want)
		}
	}
	if n := len(queryTerms(strings.Repeat("洗衣机二次污染 ", 200))); n > maxTerms {
		t.Errorf("long query gave %d terms, more than %d", n, maxTerms)
	}
}

func TestChineseRuns(t *testing.T) {
	text := "洗衣机噪音 空调 二次污染问题 battery 洗衣机"
	got := chineseRuns(text, queryTerms(text))
	want := [][]string{{"洗衣", "衣机", "机噪", "噪音"}, {"二次", "次污", "污染", "染问", "问题"}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("chineseRuns = %q, want %q", got, want)
	}
	for n, want := range map[int]int{3: 2, 4: 3, 5: 3, 6: 4, 7: 4} {
		if got := relaxedRun(n); got != want {
			t.Errorf("relaxedRun(%d) = %d, want %d", n, got, want)
		}
	}
}
