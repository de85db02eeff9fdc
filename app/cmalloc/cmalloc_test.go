//go:build linux && cgo

package cmalloc

import (
	"math"
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

// An older glibc's sums (mallinfo, its int fields read unsigned) are
// mallinfo2's below 4 GiB: here with 64 MiB freed inside the heap. Built
// with the tag cmalloc_mallinfo, Info is that older path itself.
func TestMallinfoSumsAgree(t *testing.T) {
	const n, size = 1024, 64 << 10
	pin := scatter(n, size)
	if pin == nil {
		t.Fatal("malloc failed")
	}
	defer release(pin)
	inUse, free, _ := Info()
	oldInUse, oldFree := infoMallinfo()
	t.Logf("full width %v: in use %d / %d, free %d / %d bytes (Info / mallinfo)", FullWidth, inUse, oldInUse, free, oldFree)
	if free < n*size/2 || oldFree < n*size/2 {
		t.Fatalf("free %d and %d MiB after freeing %d MiB inside the heap", free>>20, oldFree>>20, n*size>>20)
	}
	// Other threads (Go's, cgo's) may malloc between the two reads.
	const slack = 1 << 20
	if d := inUse - oldInUse; d > slack || d < -slack {
		t.Errorf("in use: %d bytes by Info, %d by mallinfo", inUse, oldInUse)
	}
	if d := free - oldFree; d > slack || d < -slack {
		t.Errorf("free: %d bytes by Info, %d by mallinfo", free, oldFree)
	}
}

// A mallinfo field is its size_t sum cut to a C int: read unsigned, a sum
// of 2 to 4 GiB is what it is, not negative.
func TestMallinfoFieldsReadUnsigned(t *testing.T) {
	for _, c := range []struct {
		field int32
		want  int64
	}{
		{0, 0},
		{64 << 20, 64 << 20},
		{math.MaxInt32, math.MaxInt32},
		{math.MinInt32, 1 << 31},     // 2 GiB
		{-1, 1<<32 - 1},              // 4 GiB less a byte
		{int32(-(1 << 30)), 3 << 30}, // 3 GiB
	} {
		if got := widen(c.field); got != c.want {
			t.Errorf("widen(%d) = %d, want %d", c.field, got, c.want)
		}
	}
}
