package web

import (
	"hash/maphash"
	"net/netip"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limitShards is how many parts the rate limits' buckets are kept in.
const limitShards = 64

// limitStore is the rate limits' token buckets, one per identifier (an
// account or an address), kept in memory: losing them on a restart only
// forgives some requests. It is echo's memory store (the same buckets, the
// same forgetting of a bucket unused for expiresIn) in shards, each with its
// own lock: echo's keeps one lock for every request of every account, and
// every expiresIn one request walks all the buckets under it (a hundred
// thousand fans voting: milliseconds during which no write is answered).
// Here a walk covers one shard, under that shard's lock.
type limitStore struct {
	rate      rate.Limit
	burst     int
	expiresIn time.Duration
	now       func() time.Time
	seed      maphash.Seed
	shards    [limitShards]limitShard
}

type limitShard struct {
	mu       sync.Mutex
	buckets  map[string]*limitBucket
	lastWalk time.Time
}

type limitBucket struct {
	*rate.Limiter
	lastSeen time.Time
}

func newLimitStore(r rate.Limit, burst int, expiresIn time.Duration) *limitStore {
	s := &limitStore{rate: r, burst: burst, expiresIn: expiresIn, now: time.Now, seed: maphash.MakeSeed()}
	now := s.now()
	for i := range s.shards {
		s.shards[i].buckets = map[string]*limitBucket{}
		s.shards[i].lastWalk = now
	}
	return s
}

// Allow takes a token from id's bucket, if there is one (echo's
// RateLimiterStore).
func (s *limitStore) Allow(id string) (bool, error) {
	sh := &s.shards[maphash.String(s.seed, id)%limitShards]
	now := s.now()
	sh.mu.Lock()
	defer sh.mu.Unlock()
	b := sh.buckets[id]
	if b == nil {
		b = &limitBucket{Limiter: rate.NewLimiter(s.rate, s.burst)}
		sh.buckets[id] = b
	}
	b.lastSeen = now
	if now.Sub(sh.lastWalk) > s.expiresIn {
		for k, old := range sh.buckets {
			if now.Sub(old.lastSeen) > s.expiresIn {
				delete(sh.buckets, k)
			}
		}
		sh.lastWalk = now
	}
	return b.AllowN(now, 1), nil
}

// size is how many buckets are kept (tests).
func (s *limitStore) size() int {
	n := 0
	for i := range s.shards {
		s.shards[i].mu.Lock()
		n += len(s.shards[i].buckets)
		s.shards[i].mu.Unlock()
	}
	return n
}

// carriesIPv4 are the IPv6 ranges whose last 32 bits are an IPv4 client's
// address: behind NAT64 (RFC 6052's well-known prefix), every IPv4 client
// arrives as 64:ff9b::a.b.c.d, and by its /64 all of them would share one
// bucket. The old IPv4-compatible and IPv4-translated forms likewise.
var carriesIPv4 = []netip.Prefix{
	netip.MustParsePrefix("64:ff9b::/96"),
	netip.MustParsePrefix("::ffff:0:0:0/96"),
	netip.MustParsePrefix("::/96"),
}

// embeddedIPv4 is the IPv4 address a carries (carriesIPv4), if any; :: and
// ::1 carry none.
func embeddedIPv4(a netip.Addr) (netip.Addr, bool) {
	if a.IsUnspecified() || a.IsLoopback() {
		return netip.Addr{}, false
	}
	for _, p := range carriesIPv4 {
		if p.Contains(a.WithZone("")) {
			b := a.As16()
			return netip.AddrFrom4([4]byte(b[12:])), true
		}
	}
	return netip.Addr{}, false
}

// clientAddress is the address a client is known by, its rate limits'
// bucket first: an IPv4 address as it is (one an IPv6 address carries too:
// mapped, or through NAT64, embeddedIPv4), an
// IPv6 one by its /64 ("2001:db8:1:2::"). A /64 is the least a provider
// gives one subscriber, who may pick any of its 2^64 addresses: keyed by
// the whole address, each new one would bring a full bucket, and no
// sign-in, sign-up or reset limit would hold. The answer is an address,
// so what reads it as one (the vote integrity's networks, a /48 for IPv6)
// reads the same network. What is no address is returned as it is.
func clientAddress(addr string) string {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return addr
	}
	if a.Is4() {
		return addr // already as written: ParseAddr takes no other form
	}
	if a.Is4In6() {
		return a.Unmap().String()
	}
	if v4, ok := embeddedIPv4(a); ok {
		return v4.String()
	}
	p, _ := a.WithZone("").Prefix(64) // cannot fail: 64 fits an IPv6 address
	return p.Addr().String()
}
