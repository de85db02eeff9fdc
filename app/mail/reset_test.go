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

// Any text given as a reset token is read without a panic, and none but the
// genuine token is valid.
func FuzzResetToken(f *testing.F) {
	secret := []byte("0123456789abcdef0123456789abcdef")
	f.Add(ResetToken(secret, 42, 7))
	f.Add("42.")
	f.Add("9223372036854775808.00")
	f.Add("1.\xff")
	f.Fuzz(func(t *testing.T, tok string) {
		id, ok := ResetID(tok)
		if ok && id <= 0 {
			t.Fatalf("ResetID(%q) = %d", tok, id)
		}
		if ValidReset(secret, id, 7, tok) && tok != ResetToken(secret, id, 7) {
			t.Fatalf("%q accepted", tok)
		}
	})
}
