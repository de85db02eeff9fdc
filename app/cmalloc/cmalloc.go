//go:build linux && cgo

// Package cmalloc asks glibc's malloc, the C heap under SQLite (its page
// caches and statements), what it holds: bytes in use, free bytes kept in
// its arenas, and how many arenas (glibc makes up to eight a core for
// threads calling malloc at once, each keeping its own free memory).
package cmalloc

/*
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void cmalloc_info(long long *in_use, long long *free_bytes, long long *arenas) {
	struct mallinfo2 mi = mallinfo2(); // sums every arena
	*in_use = (long long)(mi.uordblks + mi.hblkhd);
	*free_bytes = (long long)mi.fordblks;
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
	struct mallinfo2 mi = mallinfo2();
	if ((long long)mi.fordblks <= keep) {
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
