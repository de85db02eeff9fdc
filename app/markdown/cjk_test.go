package markdown

import (
	"strings"
	"testing"
)

// Bold and italics work next to Chinese punctuation, single line breaks
// stay line breaks, and what CommonMark already rendered is unchanged.
func TestRenderChineseTyping(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"bold ending in a full-width colon", "**注意：**请看", "<p><strong>注意：</strong>请看</p>\n"},
		{"bold of a quotation between words", "这是**“引号”**测试", "<p>这是<strong>“引号”</strong>测试</p>\n"},
		{"italics of a quotation between words", "这是*“引号”*测试", "<p>这是<em>“引号”</em>测试</p>\n"},
		{"bold in kana", "これは**「重要」**です", "<p>これは<strong>「重要」</strong>です</p>\n"},
		{"bold in hangul", "이것은**“중요”**합니다", "<p>이것은<strong>“중요”</strong>합니다</p>\n"},
		{"plain bold in Chinese", "**二次污染**很严重", "<p><strong>二次污染</strong>很严重</p>\n"},
		{"English bold", "a **bold** word", "<p>a <strong>bold</strong> word</p>\n"},
		{"bold at the very end", "请看**注意**", "<p>请看<strong>注意</strong></p>\n"},
		{"Latin letters before a quotation keep CommonMark's rule", "a**“b”**c", "<p>a**“b”**c</p>\n"},
		{"spaced asterisks are no emphasis", "2 * 3 * 4", "<p>2 * 3 * 4</p>\n"},
		{"a lone asterisk after Chinese", "价格*", "<p>价格*</p>\n"},
		{"underscores keep CommonMark's rule", "变量snake_case_名", "<p>变量snake_case_名</p>\n"},
		{"a phone's line break", "手机上发的评论\n第二行", "<p>手机上发的评论<br>\n第二行</p>\n"},
		{"an English line break", "first line\nsecond line", "<p>first line<br>\nsecond line</p>\n"},
		{"a blank line is still a paragraph", "一\n\n二", "<p>一</p>\n<p>二</p>\n"},
		{"code keeps its lines", "```\na\nb\n```", "<pre><code>a\nb\n</code></pre>\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(render(tc.src)); got != tc.want {
				t.Errorf("render(%q) = %q, want %q", tc.src, got, tc.want)
			}
		})
	}
}

// flanking is CommonMark's rule for asterisks, with a CJK letter on the
// outer side of punctuation counted as white space is.
func TestFlanking(t *testing.T) {
	for _, tc := range []struct {
		before, after     rune
		canOpen, canClose bool
	}{
		{' ', 'a', true, false},
		{'a', ' ', false, true},
		{'a', 'b', true, true},
		{' ', ' ', false, false},
		{',', 'a', true, false},
		{'a', ',', false, true},
		{' ', '“', true, false},
		{'“', ' ', false, true},
		{'(', '“', true, true},
		{'x', '“', false, true},
		{'”', 'x', true, false},
		{'是', '“', true, true},
		{'”', '测', true, true},
		{'：', '请', true, true},
		{'ア', '「', true, true},
		{'」', 'で', true, true},
		{'”', '합', true, true},
		{'은', '“', true, true},
		{'是', '注', true, true},
	} {
		open, close := flanking(tc.before, tc.after)
		if open != tc.canOpen || close != tc.canClose {
			t.Errorf("flanking(%q, %q) = open %v, close %v; want open %v, close %v", tc.before, tc.after, open, close, tc.canOpen, tc.canClose)
		}
	}
}

func TestIsCJK(t *testing.T) {
	for r, want := range map[rune]bool{'中': true, 'ひ': true, 'カ': true, '한': true, 'a': false, '：': false, '“': false, '1': false, ' ': false} {
		if got := isCJK(r); got != want {
			t.Errorf("isCJK(%q) = %v, want %v", r, got, want)
		}
	}
}

// Plain text (share cards, search snippets) reads a line break as a space,
// as it always read a soft break.
func TestPlainReadsLineBreaksAsSpaces(t *testing.T) {
	for src, want := range map[string]string{
		"first line\nsecond line": "first line second line",
		"手机上发的评论\n第二行":            "手机上发的评论 第二行",
		"**注意：**请看":               "注意：请看",
	} {
		if got := Plain(src); got != want {
			t.Errorf("Plain(%q) = %q, want %q", src, got, want)
		}
	}
	if strings.Contains(Plain("a\nb"), "<br") {
		t.Error("Plain keeps markup")
	}
}
