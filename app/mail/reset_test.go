package mail

import (
	"strings"
	"testing"
)

func TestResetTokens(t *testing.T) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	tok := ResetToken(secret, 42, 7)
	if id, ok := ResetID(tok); !ok || id != 42 {
		t.Fatalf("ResetID(%q) = %d, %v", tok, id, ok)
	}
	if !ValidReset(secret, 42, 7, tok) {
		t.Fatal("a genuine token is refused")
	}
	for name, ok := range map[string]bool{
		"another account":  ValidReset(secret, 42, 8, tok),
		"another reset":    ValidReset(secret, 43, 7, tok),
		"another key":      ValidReset([]byte("another key of thirty-two bytes!"), 42, 7, tok),
		"no key":           ValidReset(nil, 42, 7, ResetToken(nil, 42, 7)),
		"altered":          ValidReset(secret, 42, 7, tok[:len(tok)-1]+"0"),
		"id of another":    ValidReset(secret, 43, 7, "43."+strings.SplitN(tok, ".", 2)[1]),
		"empty":            ValidReset(secret, 42, 7, ""),
		"just the id part": ValidReset(secret, 42, 7, "42."),
	} {
		if ok {
			t.Errorf("%s: accepted", name)
		}
	}
	for _, bad := range []string{"", "x", "0.ab", "-1.ab", "abc.def", "42"} {
		if _, ok := ResetID(bad); ok {
			t.Errorf("ResetID(%q) accepted", bad)
		}
	}
	if u := ResetURL("https://x.cn/", secret, 42, 7); u != "https://x.cn/password/reset?token="+tok {
		t.Errorf("ResetURL = %q", u)
	}
}
