package domain

import "testing"

func TestUnreadBadge(t *testing.T) {
	for n, want := range map[int]string{-1: "", 0: "", 1: "1", 15: "15", 99: "99", 100: "99+", 125: "99+", 1000: "99+"} {
		if got := UnreadBadge(n); got != want {
			t.Errorf("UnreadBadge(%d) = %q, want %q", n, got, want)
		}
	}
}
