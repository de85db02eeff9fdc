package web

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"

	"cocreate/app/password"

	"golang.org/x/crypto/argon2"
)

// legacyHash is pw hashed as hashes were before session 50: argon2id of
// the password as typed, with no mark of the compatibility form (at the
// tests' cost).
func legacyHash(pw string) string {
	salt := []byte("legacy-salt-0123")
	return "$argon2id$v=19$m=64,t=1,p=1$" + base64.RawStdEncoding.EncodeToString(salt) + "$" +
		base64.RawStdEncoding.EncodeToString(argon2.IDKey([]byte(pw), salt, 1, 64, 1, 32))
}

// A fan whose password was hashed the old way, typed full-width, signs in
// with it; the sign-in stores it again in today's form (marked, so that a
// wrong guess costs one derivation), quietly: what was signed in stays
// signed in, and no "password changed" notice or email goes. The password
// opens the account after, full-width or half-width; a wrong one does not.
func TestALegacyHashIsMarkedAtSignIn(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.setup()
	before := h.fan("legacy@x.cn")
	id := int64(num(h.api("GET", "/api/v1/me", before, nil).must(t, 200).JSON, "id"))
	h.mailOut("zh") // the sign-up's own emails
	const full = "ｆａｎ密码１２３４"
	old := legacyHash(full)
	if _, err := h.rawDB().Exec(`UPDATE users SET password_hash = ? WHERE id = ?`, old, id); err != nil {
		t.Fatal(err)
	}
	stored := func() string {
		t.Helper()
		hash, err := h.store.PasswordHash(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		return hash
	}

	h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "legacy@x.cn", "password": "fan密码1235"}).must(t, 401)
	if stored() != old {
		t.Fatal("a wrong password changed the stored hash")
	}
	tok := str(h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "legacy@x.cn", "password": full}).must(t, 201).JSON, "token")
	now := stored()
	if now == old || !password.Current(now) {
		t.Fatalf("after the sign-in the stored hash is %q, want a marked one", now)
	}
	if ok, err := password.Verify("fan密码1234", now); !ok || err != nil {
		t.Errorf("the new hash does not verify the half-width form: %v %v", ok, err)
	}
	// The token just made stands on the new hash; the one from before
	// the rehash was not ended.
	h.api("GET", "/api/v1/me", tok, nil).must(t, 200)
	h.api("GET", "/api/v1/me", before, nil).must(t, 200)
	if n := h.api("GET", "/api/v1/me/notifications", tok, nil).must(t, 200).Body; strings.Contains(n, "password_changed") {
		t.Errorf("a rehash told of a password change: %s", n)
	}
	if out := h.mailOut("zh"); len(out) != 0 {
		t.Errorf("a rehash sent email: %v", out)
	}
	// Both forms sign in, on the page too; the hash, marked, stays.
	h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "legacy@x.cn", "password": "fan密码1234"}).must(t, 201)
	h.browser().signIn("legacy@x.cn", full)
	h.api("POST", "/api/v1/tokens", "", map[string]string{"email": "legacy@x.cn", "password": "ｆａｎ密码１２３５"}).must(t, 401)
	if stored() != now {
		t.Error("a sign-in with a marked hash rehashed it again")
	}
}
