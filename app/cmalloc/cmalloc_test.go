//go:build linux && cgo

package cmalloc

import "testing"

// glibc answers: this process (Go with cgo) has at least the main arena
// and bytes in use.
func TestInfo(t *testing.T) {
	inUse, free, arenas := Info()
	if inUse <= 0 || free < 0 || arenas < 1 {
		t.Fatalf("Info() = %d, %d, %d: want bytes in use and at least one arena", inUse, free, arenas)
	}
}
