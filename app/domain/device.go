package domain

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
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

// DeviceToken vouches, until expires, that its holder signed in to userID.
func DeviceToken(key []byte, userID int64, expires time.Time) string {
	exp := expires.Unix()
	return strconv.FormatInt(userID, 10) + "." + strconv.FormatInt(exp, 10) + "." + deviceMAC(key, userID, exp)
}

func deviceMAC(key []byte, userID, exp int64) string {
	mac := hmac.New(sha256.New, key)
	fmt.Fprintf(mac, "device:%d:%d", userID, exp)
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:20])
}

// DeviceUser is the account tok vouches for at now, or 0 for a token that
// is not one this installation signed, is altered or has expired.
func DeviceUser(key []byte, tok string, now time.Time) int64 {
	if len(tok) > 100 {
		return 0
	}
	parts := strings.Split(tok, ".")
	if len(parts) != 3 {
		return 0
	}
	id, err1 := strconv.ParseInt(parts[0], 10, 64)
	exp, err2 := strconv.ParseInt(parts[1], 10, 64)
	if err1 != nil || err2 != nil || id <= 0 || now.Unix() >= exp ||
		!hmac.Equal([]byte(parts[2]), []byte(deviceMAC(key, id, exp))) {
		return 0
	}
	return id
}
