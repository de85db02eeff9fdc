package web

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"
)

// clockedStore is a limitStore on a clock the test moves.
func clockedStore(r rate.Limit, burst int, expiresIn time.Duration) (*limitStore, func(time.Duration)) {
	now := time.Date(2026, 11, 30, 14, 0, 0, 0, time.UTC)
	var mu sync.Mutex
	s := newLimitStore(r, burst, expiresIn)
	s.now = func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	for i := range s.shards {
		s.shards[i].lastWalk = now
	}
	return s, func(d time.Duration) { mu.Lock(); defer mu.Unlock(); now = now.Add(d) }
}

func allow(t *testing.T, s *limitStore, id string) bool {
	t.Helper()
	ok, err := s.Allow(id)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

// A bucket per identifier: its burst, then one a second; others untouched.
func TestLimitStoreIsABucketPerIdentifier(t *testing.T) {
	t.Parallel()
	s, advance := clockedStore(1, 3, 10*time.Minute)
	for i := range 3 {
		if !allow(t, s, "user:1") {
			t.Fatalf("request %d of the burst refused", i+1)
		}
	}
	if allow(t, s, "user:1") {
		t.Error("a fourth request within the second allowed")
	}
	if !allow(t, s, "user:2") || !allow(t, s, "ip:203.0.113.7") {
		t.Error("another identifier paid for user:1")
	}
	advance(time.Second)
	if !allow(t, s, "user:1") || allow(t, s, "user:1") {
		t.Error("a second later, not exactly one more request")
	}
}

// Buckets unused for expiresIn are forgotten, shard by shard, as requests
// come; a bucket in use keeps its state through a walk (an account that
// spent its burst is not forgiven by it).
func TestLimitStoreForgetsIdleBuckets(t *testing.T) {
	t.Parallel()
	s, advance := clockedStore(rate.Every(time.Hour), 2, 10*time.Minute)
	for i := range 1000 {
		allow(t, s, fmt.Sprintf("user:%d", i))
	}
	advance(5 * time.Minute)
	allow(t, s, "user:keep")
	allow(t, s, "user:keep")
	if allow(t, s, "user:keep") {
		t.Fatal("the burst of 2 allowed a third")
	}
	advance(6 * time.Minute)
	for i := range 1000 { // new identifiers reach every shard, each walks it
		allow(t, s, fmt.Sprintf("ip:%d", i))
	}
	if n := s.size(); n != 1001 {
		t.Errorf("%d buckets kept, want the 1,000 new ones and user:keep", n)
	}
	if allow(t, s, "user:keep") {
		t.Error("the walk forgave user:keep's spent burst")
	}
	if !allow(t, s, "user:0") {
		t.Error("a forgotten identifier starts again with a full bucket, and was refused")
	}
}

// Under concurrent requests every bucket gives exactly its burst.
func TestLimitStoreIsExactUnderConcurrency(t *testing.T) {
	t.Parallel()
	s := newLimitStore(0, 10, 10*time.Minute)
	var allowed atomic.Int64
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2000 {
				if ok, _ := s.Allow(fmt.Sprintf("user:%d", (i+g)%100)); ok {
					allowed.Add(1)
				}
			}
		}()
	}
	wg.Wait()
	if n := allowed.Load(); n != 1000 {
		t.Errorf("%d requests allowed, want 100 buckets × 10", n)
	}
}

// BenchmarkLimitWalk is the request that walks the buckets, with 100,000
// accounts known: echo's memory store walks all of them under its one
// lock, limitStore one shard under that shard's.
func BenchmarkLimitWalk(b *testing.B) {
	const n = 100_000
	for _, c := range []struct {
		name string
		new  func(expiresIn time.Duration) middleware.RateLimiterStore
	}{
		{"echo", func(e time.Duration) middleware.RateLimiterStore {
			return middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{Rate: 20, Burst: 60, ExpiresIn: e})
		}},
		{"sharded", func(e time.Duration) middleware.RateLimiterStore { return newLimitStore(20, 60, e) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			var worst time.Duration
			for b.Loop() {
				b.StopTimer()
				st := c.new(50 * time.Millisecond)
				for i := range n {
					_, _ = st.Allow("user:" + itoa(int64(i)))
				}
				time.Sleep(60 * time.Millisecond) // every bucket idle past expiresIn
				b.StartTimer()
				t0 := time.Now()
				_, _ = st.Allow("user:walker")
				worst = max(worst, time.Since(t0))
			}
			b.ReportMetric(float64(worst.Microseconds()), "µs-walk")
		})
	}
}

// An IPv6 client is known by its /64, which one subscriber holds whole;
// an IPv4 one by its address.
func TestClientAddress(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ in, want string }{
		{"203.0.113.7", "203.0.113.7"},
		{"203.0.113.8", "203.0.113.8"},
		{"::ffff:203.0.113.7", "203.0.113.7"}, // IPv4-mapped: the IPv4 address
		{"2001:db8:1:2::1", "2001:db8:1:2::"},
		{"2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::"}, // the same /64
		{"2001:DB8:1:2:a:b:c:d", "2001:db8:1:2::"},
		{"2001:db8:1:3::1", "2001:db8:1:3::"}, // the next /64: another client
		{"::1", "::"},
		{"64:ff9b::203.0.113.7", "203.0.113.7"}, // behind NAT64: the IPv4 client
		{"64:ff9b::198.51.100.1", "198.51.100.1"},
		{"64:ff9b::1:203.0.113.7", "64:ff9b::"}, // outside the /96: an IPv6 /64
		{"::ffff:0:203.0.113.7", "203.0.113.7"}, // IPv4-translated
		{"::203.0.113.7", "203.0.113.7"},        // IPv4-compatible
		{"::", "::"},
		{"fe80::1%eth0", "fe80::"},
		{"", ""}, // no address: as it is
		{"unknown", "unknown"},
	} {
		if got := clientAddress(c.in); got != c.want {
			t.Errorf("clientAddress(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
