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
