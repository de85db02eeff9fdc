//go:build linux && cgo

// Package cmalloc asks glibc's malloc, the C heap under SQLite (its page
// caches and statements), what it holds: bytes in use, free bytes kept in
// its arenas, and how many arenas (glibc makes up to eight a core for
// threads calling malloc at once, each keeping its own free memory).
//
// The sums come from mallinfo2 (glibc 2.33 and later). An older glibc has
// only mallinfo, whose fields are C ints: read unsigned, its figures are
// right below 4 GiB and wrap above (FullWidth is false). Building with the
// tag cmalloc_mallinfo uses mallinfo on any glibc, to test that path.
package cmalloc

/*
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// cmalloc_widen is a mallinfo field (an int, its size_t sum cut to 32
// bits) read unsigned: right up to 4 GiB instead of 2.
static long long cmalloc_widen(int field) {
	return (long long)(unsigned int)field;
}

// cmalloc_sums_mallinfo: bytes in use and free from mallinfo, the only
// sums before glibc 2.33 (deprecated since, hence the pragma).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
static void cmalloc_sums_mallinfo(long long *in_use, long long *free_bytes) {
	struct mallinfo mi = mallinfo(); // sums every arena
	*in_use = cmalloc_widen(mi.uordblks) + cmalloc_widen(mi.hblkhd);
	*free_bytes = cmalloc_widen(mi.fordblks);
}
#pragma GCC diagnostic pop

#if __GLIBC_PREREQ(2, 33) && !defined(CMALLOC_MALLINFO)
static void cmalloc_sums(long long *in_use, long long *free_bytes) {
	struct mallinfo2 mi = mallinfo2(); // sums every arena, in size_t
	*in_use = (long long)(mi.uordblks + mi.hblkhd);
	*free_bytes = (long long)mi.fordblks;
}
static int cmalloc_full_width(void) { return 1; }
#else
#define cmalloc_sums cmalloc_sums_mallinfo
static int cmalloc_full_width(void) { return 0; }
#endif

static void cmalloc_info(long long *in_use, long long *free_bytes, long long *arenas) {
	cmalloc_sums(in_use, free_bytes);
	*arenas = 0;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (f == NULL) {
		return;
	}
	malloc_info(0, f);
	fclose(f);
	for (char *p = buf; (p = strstr(p, "<heap nr=")) != NULL; p++) {
		(*arenas)++;
	}
	free(buf);
}

// cmalloc_trim hands the free pages of every arena back to the kernel when
// the arenas keep more than keep free bytes; it says whether it tried.
static int cmalloc_trim(long long keep) {
	long long in_use, free_bytes;
	cmalloc_sums(&in_use, &free_bytes);
	if (free_bytes <= keep) {
		return 0;
	}
	malloc_trim(0);
	return 1;
}

// cmalloc_scatter leaves n blocks of size bytes freed inside the heap: it
// allocates and touches n+1, then frees all but the last, which pins them
// below it so that free() cannot give them back from the heap's top. A
// test's stand-in for SQLite sorting a large list and finishing.
static void *cmalloc_scatter(int n, size_t size) {
	void **blocks = malloc(sizeof(void *) * (size_t)(n + 1));
	if (blocks == NULL) {
		return NULL;
	}
	for (int i = 0; i <= n; i++) {
		blocks[i] = malloc(size);
		if (blocks[i] != NULL) {
			memset(blocks[i], 1, size);
		}
	}
	void *last = blocks[n];
	for (int i = 0; i < n; i++) {
		free(blocks[i]);
	}
	free(blocks);
	return last;
}
*/
import "C"

import "unsafe"

// Info is C's heap: bytes handed out (small blocks in arenas and large
// blocks mapped on their own), free bytes kept in the arenas, and how many
// arenas there are (malloc_info's heaps).
func Info() (inUse, free, arenas int64) {
	var u, f, a C.longlong
	C.cmalloc_info(&u, &f, &a)
	return int64(u), int64(f), int64(a)
}

// FullWidth says whether Info's and Trim's sums are exact at any size
// (mallinfo2); false on a glibc before 2.33, where they wrap past 4 GiB.
var FullWidth = C.cmalloc_full_width() != 0

// Trim hands the free memory C's arenas keep back to the kernel
// (malloc_trim) when they keep more than keep bytes, and says whether it
// did. glibc gives back only what is free at the top of an arena; SQLite
// sorting a list of 100,000 ideas on 16 connections at once leaves
// ~150 MiB free in the middle of 16 arenas, resident until trimmed.
func Trim(keep int64) bool { return C.cmalloc_trim(C.longlong(keep)) != 0 }

// scatter leaves n blocks of size bytes free inside C's heap and returns
// the block that pins them (release it with release); for the tests.
func scatter(n, size int) unsafe.Pointer {
	return unsafe.Pointer(C.cmalloc_scatter(C.int(n), C.size_t(size)))
}

// release frees a block scatter returned.
func release(p unsafe.Pointer) { C.free(p) }

// infoMallinfo is Info's bytes in use and free as mallinfo sums them (an
// older glibc's Info), for the tests on any glibc.
func infoMallinfo() (inUse, free int64) {
	var u, f C.longlong
	C.cmalloc_sums_mallinfo(&u, &f)
	return int64(u), int64(f)
}

// widen is cmalloc_widen, for the tests.
func widen(field int32) int64 { return int64(C.cmalloc_widen(C.int(field))) }
