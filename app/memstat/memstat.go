// Package memstat says what a process's resident memory is made of: the Go
// runtime's own classes (runtime/metrics), the kernel's view (VmRSS, split
// into anonymous memory and mapped files), and C's heap (glibc's malloc:
// SQLite's page caches and statements live there). It logs one line the
// bench can read back (Parse), so a memory figure comes with its parts.
package memstat

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"runtime/metrics"
	"strconv"
	"strings"
)

// Breakdown is a process's memory at one moment, in bytes. The Go fields
// are the runtime's accounting; the Rss fields are the kernel's; the C
// fields are glibc malloc's (zero where it is not known).
type Breakdown struct {
	// GoHeapObjects is memory held by live and not yet swept heap objects.
	GoHeapObjects int64
	// GoHeapFree is heap memory free and not returned to the OS, in whole
	// free pages the runtime could return.
	GoHeapFree int64
	// GoHeapUnused is heap memory in spans that hold some live object but
	// not in an object (fragmentation): it stays resident until every
	// object of its span is dead, whatever the soft limit says.
	GoHeapUnused int64
	// GoHeapReleased is heap memory returned to the OS (not resident).
	GoHeapReleased int64
	// GoStacks is goroutine stacks; GoOther is the rest of the runtime's
	// (metadata, profiling buckets, OS thread stacks it allocated...).
	GoStacks, GoOther int64
	// VmRSS is the resident set; RssAnon its anonymous memory (Go's heap,
	// C's heap, thread stacks), RssFile its mapped files (the search
	// index's segments, the binary itself).
	VmRSS, RssAnon, RssFile int64
	// CInUse is bytes malloc has handed out and not had back; CFree is
	// free bytes malloc keeps in its arenas (fragmentation, per-thread
	// arenas), resident or not: malloc_trim hands their pages back and
	// they still count as free; CArenas is how many arenas it has.
	CInUse, CFree, CArenas int64
	// GCCycles is how many collections the process has finished;
	// LimiterCycle the last of them during which the collector's CPU
	// limiter was on (0: never): then the heap was let past the soft
	// memory limit because collecting more would have taken over half the
	// CPU, and what it grew to is returned only afterwards.
	GCCycles, LimiterCycle int64
}

// GoResident is what the Go runtime holds and has not returned to the OS.
func (b Breakdown) GoResident() int64 {
	return b.GoHeapObjects + b.GoHeapFree + b.GoHeapUnused + b.GoStacks + b.GoOther
}

// NotGo is the anonymous memory Go does not hold: C's heap (SQLite's
// caches and statements, and what malloc keeps free and has not handed
// back: the server trims it every 10 s, so CFree is not all resident),
// thread stacks, and what C libraries map themselves. Never negative.
func (b Breakdown) NotGo() int64 {
	return max(b.RssAnon-b.GoResident(), 0)
}

var goMetrics = []string{
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/heap/free:bytes",
	"/memory/classes/heap/unused:bytes",
	"/memory/classes/heap/released:bytes",
	"/memory/classes/heap/stacks:bytes",
	"/memory/classes/total:bytes",
	"/gc/cycles/total:gc-cycles",
	"/gc/limiter/last-enabled:gc-cycle",
}

// CHeap, when set (by a package that can ask the C library), reports C's
// heap: bytes in use, bytes free in its arenas, the number of arenas.
var CHeap func() (inUse, free, arenas int64)

// Read takes the breakdown of this process now.
func Read() Breakdown {
	s := make([]metrics.Sample, len(goMetrics))
	for i, name := range goMetrics {
		s[i].Name = name
	}
	metrics.Read(s)
	v := make([]int64, len(s))
	for i := range s {
		if s[i].Value.Kind() == metrics.KindUint64 {
			v[i] = int64(s[i].Value.Uint64())
		}
	}
	b := Breakdown{GoHeapObjects: v[0], GoHeapFree: v[1], GoHeapUnused: v[2], GoHeapReleased: v[3], GoStacks: v[4]}
	b.GoOther = max(v[5]-v[0]-v[1]-v[2]-v[3]-v[4], 0)
	b.GCCycles, b.LimiterCycle = v[6], v[7]
	b.VmRSS, b.RssAnon, b.RssFile = status("self")
	if CHeap != nil {
		b.CInUse, b.CFree, b.CArenas = CHeap()
	}
	return b
}

// OfProcess reads only the kernel's fields of another process (the bench's
// view of the server): VmRSS, RssAnon, RssFile.
func OfProcess(pid int) Breakdown {
	var b Breakdown
	b.VmRSS, b.RssAnon, b.RssFile = status(strconv.Itoa(pid))
	return b
}

func status(pid string) (rss, anon, file int64) {
	raw, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0, 0, 0
	}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		name, val, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(val), "kB")), 10, 64)
		if err != nil {
			continue
		}
		switch name {
		case "VmRSS":
			rss = kb << 10
		case "RssAnon":
			anon = kb << 10
		case "RssFile":
			file = kb << 10
		}
	}
	return rss, anon, file
}

// fields is the order of String's key=value pairs, in MiB (but counts).
func (b *Breakdown) fields() []struct {
	key string
	v   *int64
} {
	return []struct {
		key string
		v   *int64
	}{
		{"rss_mib", &b.VmRSS}, {"rss_anon_mib", &b.RssAnon}, {"rss_file_mib", &b.RssFile},
		{"go_heap_objects_mib", &b.GoHeapObjects}, {"go_heap_free_mib", &b.GoHeapFree}, {"go_heap_unused_mib", &b.GoHeapUnused},
		{"go_heap_released_mib", &b.GoHeapReleased}, {"go_stacks_mib", &b.GoStacks}, {"go_other_mib", &b.GoOther},
		{"c_in_use_mib", &b.CInUse}, {"c_free_mib", &b.CFree}, {"c_arenas", &b.CArenas},
		{"gc_cycles", &b.GCCycles}, {"gc_limiter_last_cycle", &b.LimiterCycle},
	}
}

// count says which keys are counts, not sizes.
func count(key string) bool {
	return key == "c_arenas" || strings.HasPrefix(key, "gc_")
}

// Marker begins the line String writes, for Parse to find in a log.
const Marker = "memory:"

// String is the breakdown as one line of key=value pairs in MiB with one
// decimal (counts as integers), after Marker.
func (b Breakdown) String() string {
	var sb strings.Builder
	sb.WriteString(Marker)
	for _, f := range b.fields() {
		if count(f.key) {
			fmt.Fprintf(&sb, " %s=%d", f.key, *f.v)
		} else {
			fmt.Fprintf(&sb, " %s=%.1f", f.key, float64(*f.v)/(1<<20))
		}
	}
	return sb.String()
}

// Parse reads back the last line String wrote in text (a log), to within
// a tenth of a MiB; false if there is none.
func Parse(text string) (Breakdown, bool) {
	i := strings.LastIndex(text, Marker)
	if i < 0 {
		return Breakdown{}, false
	}
	line, _, _ := strings.Cut(text[i+len(Marker):], "\n")
	line, _, _ = strings.Cut(line, "\"") // a structured log quotes the message
	var b Breakdown
	seen := 0
	for _, kv := range strings.Fields(line) {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			continue
		}
		for _, f := range b.fields() {
			if f.key != k {
				continue
			}
			x, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return Breakdown{}, false
			}
			if count(k) {
				*f.v = int64(x)
			} else {
				*f.v = int64(x * (1 << 20))
			}
			seen++
		}
	}
	return b, seen == len(b.fields())
}
