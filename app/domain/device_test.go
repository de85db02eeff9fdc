package domain

import (
	"testing"
	"time"
)

func TestDeviceToken(t *testing.T) {
	key, other := []byte("installation key"), []byte("another key")
	now := time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)
	tok := DeviceToken(key, 42, now.Add(DeviceKept))
	for _, tc := range []struct {
		name string
		key  []byte
		tok  string
		at   time.Time
		want int64
	}{
		{"fresh", key, tok, now, 42},
		{"a second before it lapses", key, tok, now.Add(DeviceKept - time.Second), 42},
		{"when it lapses", key, tok, now.Add(DeviceKept), 0},
		{"another installation's key", other, tok, now, 0},
		{"another account", key, "43" + tok[2:], now, 0},
		{"a later expiry", key, DeviceToken(key, 42, now.Add(DeviceKept))[:3] + "9" + tok[4:], now, 0},
		{"the MAC cut", key, tok[:len(tok)-1], now, 0},
		{"empty", key, "", now, 0},
		{"two parts", key, "42.1", now, 0},
		{"four parts", key, tok + ".x", now, 0},
		{"not a number", key, "x" + tok[2:], now, 0},
		{"account 0", key, DeviceToken(key, 0, now.Add(time.Hour)), now, 0},
		{"too long", key, tok + string(make([]byte, 100)), now, 0},
	} {
		if got := DeviceUser(tc.key, tc.tok, tc.at); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}
