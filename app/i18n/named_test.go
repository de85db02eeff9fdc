package i18n

import "testing"

func TestNamed(t *testing.T) {
	for q, want := range map[string]string{
		"zh": "zh", "en": "en", "ZH": "zh", " en ": "en",
		"": "", "fr": "", "zh-CN": "", "zh,en": "", "en;q=0.5": "", "<script>": "", "z": "",
	} {
		if got := Named(q); got != want {
			t.Errorf("Named(%q) = %q, want %q", q, got, want)
		}
	}
}
