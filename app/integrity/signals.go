// Package integrity holds the rules of vote integrity (finding rings of
// accounts that vote together, and holding their votes for review): what a
// vote keeps for judging it later, the detectors that look for what honest
// crowds do not do, how suspect accounts are grouped and scored, and the
// evidence put in words. Everything here is a pure function of its input; the
// store reads and writes, the service decides when.
package integrity

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"net"
	"strings"
	"time"
)

// Key derives the installation's integrity key from a secret it already
// keeps (the mail key), so there is no new file to back up or lose. Hashes
// made under the key cannot be reversed into an address without it.
func Key(secret []byte) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("cocreate vote integrity: network and user agent hashes v1"))
	return m.Sum(nil)
}

// Prefix is the network an address belongs to, as signals compare them: the
// /24 of an IPv4 address, the /48 of an IPv6 one. "" when s is no address.
func Prefix(s string) string {
	ip := net.ParseIP(strings.TrimSpace(s))
	if ip == nil {
		return ""
	}
	if v4 := ip.To4(); v4 != nil {
		return v4.Mask(net.CIDRMask(24, 32)).String() + "/24"
	}
	return ip.Mask(net.CIDRMask(48, 128)).String() + "/48"
}

// Hash is a keyed 63-bit hash of s, never 0 (0 means unknown), or 0 for "".
func Hash(key []byte, s string) int64 {
	if s == "" {
		return 0
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(s))
	h := int64(binary.BigEndian.Uint64(m.Sum(nil)) >> 1)
	if h == 0 {
		h = 1
	}
	return h
}

// Signals are what one vote keeps: hashes of the client's network prefix and
// user agent, and the account's age in seconds when it voted (at least 1, so
// that 0 always means unknown).
type Signals struct {
	Net, UA int64
	Age     int64
}

// Of computes a vote's signals from the client's address and user agent and
// the account's creation time.
func Of(key []byte, addr, userAgent string, accountCreated, at time.Time) Signals {
	s := Signals{Net: Hash(key, Prefix(addr)), UA: Hash(key, strings.TrimSpace(userAgent))}
	if !accountCreated.IsZero() {
		s.Age = int64(at.Sub(accountCreated)/time.Second) + 1
		if s.Age < 1 {
			s.Age = 1
		}
	}
	return s
}

// Retention is how long after a challenge closes its votes keep their
// signals.
const Retention = 90 * 24 * time.Hour
