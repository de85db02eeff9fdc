// Package password hashes and verifies passwords with argon2id. Unlike
// bcrypt it has no 72-byte limit, which would cut a Chinese passphrase at 24
// characters.
package password

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// Passwords are hashed in Unicode's compatibility form (NFKC, as NIST
// SP 800-63B asks): a Chinese input method's full-width digits and
// letters ("１２３ａｂｃ", its 全角 mode) are the half-width ones
// ("123abc"), so a password typed in either mode opens the account.

// Parameters follow RFC 9106's second recommended option, scaled for a small
// server: 64 MiB would let a burst of sign-ins exhaust memory, so 19 MiB with
// two passes (OWASP's minimum for argon2id).
var (
	memoryKiB uint32 = 19 * 1024
	passes    uint32 = 2
)

const (
	threads = 1
	keyLen  = 32
	saltLen = 16
)

// UseTestCost makes Hash cheap for the rest of a test binary: argon2id at
// 64 KiB and one pass. The page and API tests make thousands of accounts
// and sign-ins, and at the real cost (~30 ms and 19 MiB each) spent a third
// of their time hashing. Verify reads each hash's own cost, so nothing else
// changes. Call it from TestMain, before any test; it panics outside a
// test binary.
func UseTestCost() {
	if !testing.Testing() {
		panic("password: UseTestCost outside a test binary")
	}
	memoryKiB, passes = 64, 1
}

// maxHashing is how many hashes are computed at once across the server.
// Each holds memoryKiB (19 MiB) for its ~30 ms, so a burst of sign-ins
// without a bound is a burst of memory (100 at once took the server from
// 213 MB to 1.29 GB); with one thread a hash keeps one core busy, so more
// at once than the cores Go runs on is no faster, only bigger. At least 2,
// and at most 8 (152 MiB) on a big machine. The others wait their turn.
var maxHashing = min(max(runtime.GOMAXPROCS(0), 2), 8)

var hashing = make(chan struct{}, maxHashing)

// idKey is argon2.IDKey (a test counts the calls at once through it).
var idKey = argon2.IDKey

// derive is idKey once one of the maxHashing turns is free; it gives up,
// with ctx's error, when ctx is done before (the person left).
func derive(ctx context.Context, pw string, salt []byte, t, m uint32, p uint8, n uint32) ([]byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	select {
	case hashing <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-hashing }()
	return idKey([]byte(pw), salt, t, m, p, n), nil
}

// Hash returns an encoded argon2id hash of pw in the PHC string format,
// waiting for its turn (maxHashing) as long as it takes.
func Hash(pw string) (string, error) { return HashContext(context.Background(), pw) }

// HashContext is Hash for a request: it gives up waiting for its turn,
// with ctx's error, when ctx is done.
func HashContext(ctx context.Context, pw string) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: unable to read salt: %w", err)
	}
	key, err := derive(ctx, norm.NFKC.String(pw), salt, passes, memoryKiB, threads, keyLen)
	if err != nil {
		return "", fmt.Errorf("password: no turn to hash: %w", err)
	}
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d,%s$%s$%s", argon2.Version, memoryKiB, passes, threads, nfkcMark,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// nfkcMark is the parameter, after m, t and p in the PHC string, of a hash
// made from the password's compatibility form: it is verified with one
// derivation. A hash without it was made, before session 50, from the
// password as typed, and may need a second (Verify). A server from before
// the mark reads m, t and p and stops (fmt.Sscanf leaves the rest), so it
// still verifies a marked hash, by its first form.
const nfkcMark = "nfkc=1"

// Current reports whether encoded is a hash in the form Hash writes
// today (marked as made from the compatibility form); a password that
// verified against one that is not should be hashed again and stored,
// so that its wrong guesses cost one derivation each.
func Current(encoded string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 {
		return false
	}
	_, _, _, marked, ok := params(parts[3])
	return ok && marked
}

// params reads a hash's "m=…,t=…,p=…" and whether nfkcMark follows;
// anything else there is malformed.
func params(s string) (m, t uint32, p uint8, marked, ok bool) {
	fields := strings.Split(s, ",")
	if len(fields) == 4 && fields[3] == nfkcMark {
		marked, fields = true, fields[:3]
	}
	if len(fields) != 3 {
		return 0, 0, 0, false, false
	}
	num := func(field, name string, bits int) (uint64, bool) {
		v, found := strings.CutPrefix(field, name+"=")
		n, err := strconv.ParseUint(v, 10, bits)
		return n, found && err == nil
	}
	mm, okM := num(fields[0], "m", 32)
	tt, okT := num(fields[1], "t", 32)
	pp, okP := num(fields[2], "p", 8)
	if !okM || !okT || !okP || tt == 0 || pp == 0 { // argon2 panics on none
		return 0, 0, 0, false, false
	}
	m, t, p = uint32(mm), uint32(tt), uint8(pp)
	return m, t, p, marked, true
}

// ErrMalformed is returned for a stored hash this package did not write.
var ErrMalformed = errors.New("password: malformed hash")

// Verify reports whether pw matches the encoded hash, in constant time,
// waiting for its turn (maxHashing) as long as it takes.
func Verify(pw, encoded string) (bool, error) {
	return VerifyContext(context.Background(), pw, encoded)
}

// VerifyContext is Verify for a request: it gives up waiting for its turn,
// with ctx's error, when ctx is done.
func VerifyContext(ctx context.Context, pw, encoded string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, ErrMalformed
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, ErrMalformed
	}
	m, t, p, marked, ok := params(parts[3])
	if !ok {
		return false, ErrMalformed
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false, ErrMalformed
	}
	// The compatibility form, which a marked hash was made from; then, for
	// an unmarked one, made before hashes took that form, the password as
	// typed (only when the two differ: a second derivation only for such
	// a password, and only until its owner's next sign-in marks it).
	forms := []string{norm.NFKC.String(pw)}
	if !marked && forms[0] != pw {
		forms = append(forms, pw)
	}
	for _, typed := range forms {
		got, err := derive(ctx, typed, salt, t, m, p, uint32(len(want)))
		if err != nil {
			return false, fmt.Errorf("password: no turn to verify: %w", err)
		}
		if subtle.ConstantTimeCompare(got, want) == 1 {
			return true, nil
		}
	}
	return false, nil
}
