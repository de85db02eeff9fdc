//go:build linux && cgo

package cmalloc

import "testing"

// glibc answers: this process (Go with cgo) has at least the main arena, and
// accepts an arena limit.
func TestInfoAndArenaMax(t *testing.T) {
	if !SetArenaMax(2) {
		t.Fatal("mallopt(M_ARENA_MAX) refused")
	}
	inUse, free, arenas := Info()
	if inUse <= 0 || free < 0 || arenas < 1 {
		t.Fatalf("Info() = %d, %d, %d: want bytes in use and at least one arena", inUse, free, arenas)
	}
	Trim() // whether anything was free to give back depends on the process
}
