package domain

import "testing"

func TestWeakPasswords(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		pw   string
		weak bool
	}{
		{"password", true},
		{"PassWord1", true},              // lower-cased
		{"ｐａｓｓｗｏｒｄ１", true},              // full-width, as hashed
		{"woaini1314", true},             // China's lists
		{"11111111", true},               // one character
		{"aaaaaaaaaaaa", true},           // one character, longer
		{"12121212", true},               // a pair repeated
		{"abcabcabc", true},              // three repeated
		{"abcdabcdabcd", true},           // four repeated
		{"12345678", true},               // the digits
		{"87654321", true},               // backwards
		{"23456789", true},               // from the middle
		{"hijklmnop", true},              // the letters
		{"qwertyuiop", true},             // a keyboard row
		{"poiuytrewq", true},             // backwards
		{"asdfghjk", true},               // the middle row
		{"1qaz2wsx3edc", true},           // the columns
		{"abcdeabcdf", false},            // five repeated, broken
		{"12345679", false},              // a run broken
		{"fan-password", false},          // the tests' own
		{"洗衣机二次污染", false},               // a Chinese sentence (7: length is checked apart)
		{"我的洗衣机会自己洗澡", false},            // a Chinese sentence
		{"correct horse battery", false}, // words
		{"qwertyuiop[", false},           // more than the row
		{"abcdefghx", false},             // more than the run
		{"aabbaabbc", false},             // a pattern and one more
	} {
		if got := weakPassword(c.pw); got != c.weak {
			t.Errorf("weakPassword(%q) = %v, want %v", c.pw, got, c.weak)
		}
	}
	if err := ValidPassword("woaini1314"); err == nil || AsError(err).Code != "password_too_common" || AsError(err).Field != "password" {
		t.Errorf("ValidPassword(woaini1314) = %v", err)
	}
	if err := ValidPassword("我的洗衣机会自己洗澡"); err != nil {
		t.Errorf("ValidPassword(a sentence) = %v", err)
	}
	if err := ValidPassword("1234567"); err == nil || AsError(err).Code != "password_too_short" {
		t.Errorf("ValidPassword(7 digits) = %v, want too short first", err)
	}
}
