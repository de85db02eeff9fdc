package password

import (
	"encoding/base64"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"
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

// The test cost hashes with argon2id at 64 KiB and one pass, and such a
// hash verifies as any other: Verify reads the cost from the hash.
func TestUseTestCost(t *testing.T) {
	m, p := memoryKiB, passes
	t.Cleanup(func() { memoryKiB, passes = m, p })
	real, err := Hash("口令 passphrase")
	if err != nil {
		t.Fatal(err)
	}
	UseTestCost()
	cheap, err := Hash("口令 passphrase")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(real, "$m=19456,t=2,p=1,nfkc=1$") || !strings.Contains(cheap, "$m=64,t=1,p=1,nfkc=1$") {
		t.Errorf("costs: %q then %q", real, cheap)
	}
	for _, h := range []string{real, cheap} {
		if ok, err := Verify("口令 passphrase", h); !ok || err != nil {
			t.Errorf("%q does not verify: %v", h, err)
		}
		if ok, _ := Verify("口令", h); ok {
			t.Errorf("%q verifies a wrong password", h)
		}
	}
}

// A password typed in a Chinese input method's full-width mode opens the
// account whose password was set half-width, and the other way round; a
// hash written before hashes took the compatibility form still opens with
// the password as it was typed then; a different password opens neither.
func TestFullWidthAndHalfWidthAreOnePassword(t *testing.T) {
	full, half := "海尔密码１２３４５６ＡＢ", "海尔密码123456AB"
	for _, c := range [][2]string{{full, half}, {half, full}} {
		h, err := Hash(c[0])
		if err != nil {
			t.Fatal(err)
		}
		for _, typed := range c {
			if ok, err := Verify(typed, h); err != nil || !ok {
				t.Errorf("set %q, typed %q: %v %v", c[0], typed, ok, err)
			}
		}
		if ok, _ := Verify("海尔密码123457AB", h); ok {
			t.Errorf("set %q: a different password opened it", c[0])
		}
	}
	// A hash of the full-width password itself, as written before.
	salt := []byte("0123456789abcdef")
	old := "$argon2id$v=19$m=64,t=1,p=1$" + base64.RawStdEncoding.EncodeToString(salt) + "$" +
		base64.RawStdEncoding.EncodeToString(argon2.IDKey([]byte(full), salt, 1, 64, 1, keyLen))
	if ok, err := Verify(full, old); err != nil || !ok {
		t.Errorf("an old hash with the password as typed: %v %v", ok, err)
	}
	if ok, _ := Verify(half+"x", old); ok {
		t.Error("an old hash opened with a different password")
	}
}
