package domain

import (
	"crypto/hmac"
	"time"
)

// A known device: a browser where an account signed in with its password
// (or used a reset link from its mailbox) carries a signed note of it, and
// its own password checks of that account skip the account's shared limit
// (SignInAttempt), which then holds back only the guessing of others. So
// someone guessing at a known address cannot keep its owner out (OWASP's
// device cookies); the per-address limit still holds for every client.

// DeviceKept is how long a browser stays known after its last sign-in.
const DeviceKept = 180 * 24 * time.Hour

// DeviceToken vouches, until expires, that its holder signed in to userID
// (a userToken for the purpose "device", bound to nothing more).
func DeviceToken(key []byte, userID int64, expires time.Time) string {
	return userToken(key, "device", userID, expires.Unix(), "")
}

// DeviceUser is the account tok vouches for at now, or 0 for a token that
// is not one this installation signed, is altered or has expired.
func DeviceUser(key []byte, tok string, now time.Time) int64 {
	id, exp, mac, ok := splitUserToken(tok)
	if !ok || now.Unix() >= exp || !hmac.Equal([]byte(mac), []byte(userMAC(key, "device", id, exp, ""))) {
		return 0
	}
	return id
}
