package password

import (
	"strings"
	"testing"
)

func TestHashVerify(t *testing.T) {
	// 40 Chinese characters is 120 bytes: bcrypt would silently truncate it.
	long := strings.Repeat("洗衣机二次污染", 6)
	for _, pw := range []string{"correct horse battery", long} {
		h, err := Hash(pw)
		if err != nil {
			t.Fatal(err)
		}
		if ok, err := Verify(pw, h); err != nil || !ok {
			t.Fatalf("Verify(%q) = %v, %v; want true", pw, ok, err)
		}
		if ok, _ := Verify(pw+"x", h); ok {
			t.Fatalf("a different password verified")
		}
	}
	// Differing only after byte 72 must still fail.
	h, _ := Hash(long)
	if ok, _ := Verify(long[:len(long)-3]+"洗", h); ok {
		t.Fatal("password differing at the end verified")
	}
	if _, err := Verify("x", "$2a$10$notargon"); err != ErrMalformed {
		t.Fatalf("bcrypt hash: err = %v, want ErrMalformed", err)
	}
}
