// Package password hashes and verifies passwords with argon2id. Unlike
// bcrypt it has no 72-byte limit, which would cut a Chinese passphrase at 24
// characters.
package password

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Parameters follow RFC 9106's second recommended option, scaled for a small
// server: 64 MiB would let a burst of sign-ins exhaust memory, so 19 MiB with
// two passes (OWASP's minimum for argon2id).
const (
	memoryKiB = 19 * 1024
	passes    = 2
	threads   = 1
	keyLen    = 32
	saltLen   = 16
)

// Hash returns an encoded argon2id hash of pw in the PHC string format.
func Hash(pw string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: unable to read salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, passes, memoryKiB, threads, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, memoryKiB, passes, threads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// ErrMalformed is returned for a stored hash this package did not write.
var ErrMalformed = errors.New("password: malformed hash")

// Verify reports whether pw matches the encoded hash, in constant time.
func Verify(pw, encoded string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, ErrMalformed
	}
	var version int
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, ErrMalformed
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false, ErrMalformed
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false, ErrMalformed
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}
