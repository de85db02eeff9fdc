package integrity

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"math/rand"
	"net"
	"strings"
	"sync"
	"testing"
	"time"
)

// prefixByNet is Prefix as it was written with package net: stored hashes
// of earlier votes were made from its answers, so Prefix must keep them.
func prefixByNet(s string) string {
	ip := net.ParseIP(strings.TrimSpace(s))
	if ip == nil {
		return ""
	}
	if v4 := ip.To4(); v4 != nil {
		return v4.Mask(net.CIDRMask(24, 32)).String() + "/24"
	}
	return ip.Mask(net.CIDRMask(48, 128)).String() + "/48"
}

// hashByNewHMAC is Hash with a new HMAC every time, as it was written.
func hashByNewHMAC(key []byte, s string) int64 {
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

func TestPrefixIsTheNetworkAsBefore(t *testing.T) {
	inputs := []string{
		"", " ", "203.0.113.77", " 203.0.113.77 ", "0.0.0.0", "255.255.255.255",
		"2001:db8:abcd:12::1", "2001:DB8:ABCD:12::1", "::1", "::", "fe80::1",
		"fe80::1%eth0", "203.0.113.7%eth0", "::ffff:198.51.100.9", "::198.51.100.9",
		"64:ff9b::192.0.2.33", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:1.2.3.4",
		"203.0.113", "203.0.113.256", "203.000.113.1", "01.2.3.4", "1.2.3.4.5",
		"[::1]", "::ffff:1.2.3", "not an address", "2001:db8::g", "1::2::3",
		"203.0.113.77:8080", "0:0:0:0:0:ffff:c000:0201", "2001:0db8:0000::1",
	}
	r := rand.New(rand.NewSource(1))
	for range 2000 {
		b := make(net.IP, 16)
		r.Read(b)
		switch r.Intn(3) {
		case 0:
			inputs = append(inputs, b.String())
		case 1:
			inputs = append(inputs, net.IP(b[:4]).String())
		default:
			inputs = append(inputs, "::ffff:"+net.IP(b[:4]).String())
		}
	}
	for _, in := range inputs {
		if got, want := Prefix(in), prefixByNet(in); got != want {
			t.Errorf("Prefix(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestHasherHashesAsANewHMAC(t *testing.T) {
	key := Key([]byte("secret"))
	h := NewHasher(key)
	var inputs []string
	for n := range 400 { // across the 128-byte pieces it is written in
		inputs = append(inputs, strings.Repeat("é", n/2)+strings.Repeat("a", n%2))
	}
	inputs = append(inputs, "203.0.113.0/24", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)")
	var wg sync.WaitGroup
	for g := range 4 { // at once, so HMACs are shared out and returned
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range inputs {
				in := inputs[(i+g*37)%len(inputs)]
				if got, want := h.Hash(in), hashByNewHMAC(key, in); got != want {
					t.Errorf("Hash(%q) = %d, want %d", in, got, want)
				}
				if got := NewHasher(key).Hash(in); got != hashByNewHMAC(key, in) {
					t.Errorf("a new Hasher's Hash(%q) = %d, want %d", in, got, hashByNewHMAC(key, in))
				}
			}
		}()
	}
	wg.Wait()
	// The Hasher keeps its own copy of the key.
	before := h.Hash("x")
	key[0]++
	if h.Hash("x") != before {
		t.Error("changing the caller's key changed the Hasher's")
	}
	if NewHasher(key).Hash("x") == before {
		t.Error("two keys, one hash")
	}
}

// A vote's signals cost no allocation for the hashes: the HMACs are reused.
func TestHasherReusesItsHMACs(t *testing.T) {
	h := NewHasher(Key([]byte("secret")))
	ua := strings.Repeat("Mozilla/5.0 ", 20)
	created, at := time.Unix(1000, 0), time.Unix(1010, 0)
	s := h.Of("203.0.113.1", ua, created, at)
	// Under the race detector a sync.Pool drops a share of what it is
	// given back, on purpose, so HMACs are made again: allocations are
	// counted only without it.
	if !raceEnabled {
		if n := testing.AllocsPerRun(200, func() { h.Hash(ua) }); n != 0 {
			t.Errorf("Hash: %v allocations, want 0", n)
		}
		// One allocation: the network's prefix as a string.
		if n := testing.AllocsPerRun(200, func() { s = h.Of("203.0.113.1", ua, created, at) }); n > 1 {
			t.Errorf("Of: %v allocations, want at most 1", n)
		}
	}
	k := Key([]byte("secret"))
	want := Signals{Net: hashByNewHMAC(k, "203.0.113.0/24"), UA: hashByNewHMAC(k, strings.TrimSpace(ua)), Age: 11}
	if s != want || NewHasher(k).Of("203.0.113.1", ua, created, at) != want {
		t.Errorf("signals %+v, want %+v", s, want)
	}
	if got := h.Of("", " ", time.Time{}, at); got != (Signals{}) {
		t.Errorf("nothing known: %+v, want zeros", got)
	}
	if got := h.Of("", "", created, created.Add(-time.Hour)); got.Age != 1 {
		t.Errorf("age before creation: %d, want 1", got.Age)
	}
}

func BenchmarkSignals(b *testing.B) {
	key := Key([]byte("secret"))
	h := NewHasher(key)
	ua := "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15"
	created, at := time.Unix(1000, 0), time.Unix(1010, 0)
	for _, c := range []struct {
		name string
		of   func() Signals
	}{
		{"new HMACs", func() Signals { return NewHasher(key).Of("203.0.113.1", ua, created, at) }},
		{"Hasher", func() Signals { return h.Of("203.0.113.1", ua, created, at) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = c.of()
			}
		})
	}
}
