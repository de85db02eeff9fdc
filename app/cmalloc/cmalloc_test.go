//go:build linux && cgo

package cmalloc

import (
	"os"
	"testing"

	"cocreate/app/memstat"
)

// glibc answers: this process (Go with cgo) has at least the main arena
// and bytes in use.
func TestInfo(t *testing.T) {
	inUse, free, arenas := Info()
	if inUse <= 0 || free < 0 || arenas < 1 {
		t.Fatalf("Info() = %d, %d, %d: want bytes in use and at least one arena", inUse, free, arenas)
	}
}

// Memory freed inside C's heap stays resident until Trim hands it back;
// Trim leaves it when the arenas keep less than it is told to keep.
func TestTrimGivesBackFreedMemory(t *testing.T) {
	const n, size = 1024, 64 << 10 // 64 MiB in blocks malloc keeps in its heap
	pin := scatter(n, size)
	if pin == nil {
		t.Fatal("malloc failed")
	}
	defer release(pin)
	before := memstat.OfProcess(os.Getpid())
	_, free, _ := Info()
	if free < n*size/2 {
		t.Fatalf("after freeing %d MiB, C's arenas keep %d MiB free: the scatter did not stay in the heap", n*size>>20, free>>20)
	}
	if Trim(free + 1<<30) {
		t.Fatal("Trim trimmed arenas keeping less than it was told to keep")
	}
	if !Trim(16 << 20) {
		t.Fatalf("Trim did not trim arenas keeping %d MiB free", free>>20)
	}
	after := memstat.OfProcess(os.Getpid())
	t.Logf("RssAnon %d -> %d MiB", before.RssAnon>>20, after.RssAnon>>20)
	if before.RssAnon-after.RssAnon < n*size/2 {
		t.Errorf("RssAnon %d -> %d MiB after Trim: want the %d MiB freed given back", before.RssAnon>>20, after.RssAnon>>20, n*size>>20)
	}
}
