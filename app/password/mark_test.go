package password

import (
	"encoding/base64"
	"sync/atomic"
	"testing"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// countDerivations makes idKey count its calls, for the test.
func countDerivations(t *testing.T) *atomic.Int32 {
	var n atomic.Int32
	idKey = func(pw, salt []byte, rounds, kib uint32, lanes uint8, size uint32) []byte {
		n.Add(1)
		return argon2.IDKey(pw, salt, rounds, kib, lanes, size)
	}
	t.Cleanup(func() { idKey = argon2.IDKey })
	return &n
}

// encode writes a hash of key's derivation from pw at the test cost, with
// params as its parameters ("m=64,t=1,p=1", marked or not).
func encode(pw, params string) string {
	salt := []byte("0123456789abcdef")
	return "$argon2id$v=19$" + params + "$" + base64.RawStdEncoding.EncodeToString(salt) + "$" +
		base64.RawStdEncoding.EncodeToString(argon2.IDKey([]byte(pw), salt, 1, 64, 1, keyLen))
}

// A hash Hash writes is marked as made from the compatibility form, and is
// verified with one derivation, right or wrong, full-width or not; an
// unmarked (older) hash takes a second for a password the form changes,
// and only then.
func TestAMarkedHashIsVerifiedOnce(t *testing.T) {
	full := "ｐａｓｓｗｏｒｄ口令１２３"
	marked, err := Hash(full)
	if err != nil {
		t.Fatal(err)
	}
	if !Current(marked) {
		t.Fatalf("Hash wrote %q, not marked", marked)
	}
	legacy := encode(full, "m=64,t=1,p=1")
	if Current(legacy) {
		t.Fatalf("an unmarked hash reads as current")
	}
	for _, c := range []struct {
		name, hash, typed string
		ok                bool
		runs              int32
	}{
		{"marked, right, full-width", marked, full, true, 1},
		{"marked, right, half-width", marked, norm.NFKC.String(full), true, 1},
		{"marked, wrong, full-width", marked, "ｐａｓｓｗｏｒｄ口令１２４", false, 1},
		{"marked, wrong, half-width", marked, "password口令124", false, 1},
		{"legacy, right as typed then", legacy, full, true, 2},
		{"legacy, wrong, full-width", legacy, "ｐａｓｓｗｏｒｄ口令１２４", false, 2},
		{"legacy, wrong, half-width", legacy, "password口令124", false, 1},
	} {
		runs := countDerivations(t)
		ok, err := Verify(c.typed, c.hash)
		if err != nil || ok != c.ok || runs.Load() != c.runs {
			t.Errorf("%s: Verify = %v, %v after %d derivations; want %v after %d", c.name, ok, err, runs.Load(), c.ok, c.runs)
		}
	}
}

// A marked hash never falls back to the password as typed: one made (by
// hand) from a full-width password itself, marked, does not open with
// that password, whose compatibility form differs. Unmarked, it does.
func TestAMarkedHashDoesNotFallBack(t *testing.T) {
	full := "ｐａｓｓ１２３４５６"
	if ok, err := Verify(full, encode(full, "m=64,t=1,p=1,"+nfkcMark)); err != nil || ok {
		t.Errorf("a marked hash opened with the raw form: %v %v", ok, err)
	}
	if ok, err := Verify(full, encode(full, "m=64,t=1,p=1")); err != nil || !ok {
		t.Errorf("an unmarked hash of the raw form: %v %v", ok, err)
	}
}

// Anything but m, t, p and the mark in a hash's parameters is malformed,
// as is a cost argon2 cannot run.
func TestHashParameters(t *testing.T) {
	for _, params := range []string{
		"m=64,t=1,p=1,nfkc=2", "m=64,t=1,p=1,x=1", "m=64,t=1,p=1junk", "m=64,t=1", "t=1,m=64,p=1",
		"m=64,t=0,p=1", "m=64,t=1,p=0", "m=64,t=1,p=256", "m=-1,t=1,p=1", "m=64,t=1,p=1,nfkc=1,nfkc=1",
	} {
		if _, err := Verify("x", encode("x", params)); err != ErrMalformed {
			t.Errorf("%q: err = %v, want ErrMalformed", params, err)
		}
		if Current(encode("x", params)) {
			t.Errorf("%q reads as current", params)
		}
	}
}
