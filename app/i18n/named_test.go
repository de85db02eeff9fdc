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

func TestShortName(t *testing.T) {
	for lang, want := range map[string]string{"en": "EN", "zh": "中文", "ZH": "中文", "": "EN"} {
		if got := ShortName(lang); got != want {
			t.Errorf("ShortName(%q) = %q, want %q", lang, got, want)
		}
	}
}
