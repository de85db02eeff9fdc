// Package integrity holds the rules of vote integrity (finding rings of
// accounts that vote together, and holding their votes for review): what a
// vote keeps for judging it later, the detectors that look for what honest
// crowds do not do, how suspect accounts are grouped and scored, and the
// evidence put in words. Everything here is a pure function of its input; the
// store reads and writes, the service decides when.
package integrity

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"hash"
	"net/netip"
	"strings"
	"sync"
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
// /24 of an IPv4 address (an IPv4-mapped IPv6 one included), the /48 of an
// IPv6 one. "" when s is no address (or one with a zone).
func Prefix(s string) string {
	a, err := netip.ParseAddr(strings.TrimSpace(s))
	if err != nil || a.Zone() != "" {
		return ""
	}
	a = a.Unmap()
	bits := 48
	if a.Is4() {
		bits = 24
	}
	p, _ := a.Prefix(bits) // cannot fail: bits fits the address
	var b [64]byte         // "ffff:ffff:ffff::/48" at most
	return string(p.AppendTo(b[:0]))
}

// Hasher hashes strings under one key (Hash), reusing its HMACs: a new HMAC-SHA-256 is
// several allocations and the key's two blocks hashed again, and every
// vote hashes two strings. It is safe for concurrent use.
type Hasher struct {
	pool sync.Pool // of *mac
}

// mac is one reusable HMAC with the buffers a hash needs.
type mac struct {
	h   hash.Hash
	buf [128]byte // s is written through it, a piece at a time
	sum [sha256.Size]byte
}

// NewHasher returns a Hasher under key.
func NewHasher(key []byte) *Hasher {
	key = bytes.Clone(key)
	return &Hasher{pool: sync.Pool{New: func() any { return &mac{h: hmac.New(sha256.New, key)} }}}
}

// Hash is a keyed 63-bit hash of s (HMAC-SHA-256 under the Hasher's key),
// never 0 (0 means unknown), or 0 for "".
func (h *Hasher) Hash(s string) int64 {
	if s == "" {
		return 0
	}
	m := h.pool.Get().(*mac)
	defer h.pool.Put(m)
	m.h.Reset()
	for len(s) > 0 {
		n := copy(m.buf[:], s)
		m.h.Write(m.buf[:n])
		s = s[n:]
	}
	v := int64(binary.BigEndian.Uint64(m.h.Sum(m.sum[:0])) >> 1)
	if v == 0 {
		v = 1
	}
	return v
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
func (h *Hasher) Of(addr, userAgent string, accountCreated, at time.Time) Signals {
	s := Signals{Net: h.Hash(Prefix(addr)), UA: h.Hash(strings.TrimSpace(userAgent))}
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
