//go:build linux && cgo

// Package cmalloc asks glibc's malloc, the C heap under SQLite (its page
// caches and statements), what it holds, and tunes it: how many arenas it
// may make (glibc makes up to eight a core for threads calling malloc at
// once, each keeping its own free memory), and giving free memory back.
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
*/
import "C"

// Info is C's heap: bytes handed out (small blocks in arenas and large
// blocks mapped on their own), free bytes kept in the arenas, and how many
// arenas there are (malloc_info's heaps).
func Info() (inUse, free, arenas int64) {
	var u, f, a C.longlong
	C.cmalloc_info(&u, &f, &a)
	return int64(u), int64(f), int64(a)
}

// SetArenaMax limits malloc to n arenas (M_ARENA_MAX), as
// MALLOC_ARENA_MAX=n would; it returns false if glibc refused. Call it
// before threads malloc in parallel: arenas already made stay.
func SetArenaMax(n int) bool {
	return C.mallopt(C.M_ARENA_MAX, C.int(n)) == 1
}

// Trim gives free memory at the top of the main arena, and whole free
// pages inside every arena, back to the OS (malloc_trim(0)); it reports
// whether any was given back.
func Trim() bool { return C.malloc_trim(0) == 1 }
