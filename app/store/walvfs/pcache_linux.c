/*
** A thin wrapper of SQLite's own page cache (pcache1) that keeps one key
** out of it: the page number balance_nonroot borrows to swap two pages.
**
** When a b-tree split leaves its new pages out of page-number order,
** balance_nonroot swaps two of them through a temporary number, the page
** of the locking byte (PENDING_BYTE / page size + 1: page 262,145 with
** 4 KiB pages), which no real page ever has. pcache1's rekey raises the
** cache's largest key (iMaxKey) to it, and only a truncation lowers it
** again. At the end of every transaction the pager truncates the cache to
** the database's size; below 1 GiB the database is smaller than the
** borrowed number, so pcache1 finds a key far past the end and scans every
** bucket of its hash table and every page in it (about 90 us a commit for
** the writer's 16 MiB cache; 3% of the server's CPU in a storm of votes,
** BENCHMARKS "A vote's CPU against the ceiling's request"), after nearly
** every batch, as nearly every batch splits a page.
**
** The wrapper hands pcache1 key 0 in place of the borrowed number, in
** xFetch and xRekey alike: page numbers start at 1, and the pager never
** asks for the locking byte's page (it refuses it as corrupt), so key 0 is
** free, and a page holds it only between the first and third rekey of a
** swap, where nothing truncates or looks the page up. pcache1 never sees
** a key above the real pages, its largest key stays theirs, and the
** truncation at commit finds nothing past the end. Every other call goes
** to pcache1 unchanged.
*/

#include <stdlib.h>

#include "sqlite3vfs.h"
#include "walvfs.h"

#pragma weak sqlite3_config /* as in walvfs_linux.c: a missing one is refused */

/* A cache: pcache1's, and the borrowed number for its page size. */
typedef struct wrapCache {
  sqlite3_pcache *base;
  unsigned borrowed;
} wrapCache;

static sqlite3_pcache_methods2 base;

/* What the tests read: swaps seen, and the largest key handed to a rekey
** of pcache1 (never the borrowed number). */
static unsigned long long swaps;
static unsigned maxRekeyed;

static unsigned keyOf(wrapCache *w, unsigned key) {
  return key == w->borrowed ? 0 : key;
}

static int wrapInit(void *arg) {
  (void)arg;
  return base.xInit(base.pArg);
}

static void wrapShutdown(void *arg) {
  (void)arg;
  if (base.xShutdown) base.xShutdown(base.pArg);
}

static sqlite3_pcache *wrapCreate(int szPage, int szExtra, int bPurgeable) {
  wrapCache *w = malloc(sizeof *w);
  if (w == 0) return 0;
  w->base = base.xCreate(szPage, szExtra, bPurgeable);
  if (w->base == 0) {
    free(w);
    return 0;
  }
  /* PENDING_BYTE_PAGE: SQLite's PENDING_BYTE is 0x40000000 (only its test
  ** builds move it); szPage is the page size, a power of two. */
  w->borrowed = (unsigned)(0x40000000 / szPage) + 1;
  return (sqlite3_pcache *)w;
}

static void wrapCachesize(sqlite3_pcache *p, int n) {
  base.xCachesize(((wrapCache *)p)->base, n);
}

static int wrapPagecount(sqlite3_pcache *p) {
  return base.xPagecount(((wrapCache *)p)->base);
}

static sqlite3_pcache_page *wrapFetch(sqlite3_pcache *p, unsigned key, int create) {
  wrapCache *w = (wrapCache *)p;
  return base.xFetch(w->base, keyOf(w, key), create);
}

static void wrapUnpin(sqlite3_pcache *p, sqlite3_pcache_page *pg, int discard) {
  base.xUnpin(((wrapCache *)p)->base, pg, discard);
}

static void wrapRekey(sqlite3_pcache *p, sqlite3_pcache_page *pg, unsigned oldKey, unsigned newKey) {
  wrapCache *w = (wrapCache *)p;
  unsigned to = keyOf(w, newKey);
  if (newKey == w->borrowed) __atomic_add_fetch(&swaps, 1, __ATOMIC_RELAXED);
  if (to > __atomic_load_n(&maxRekeyed, __ATOMIC_RELAXED)) __atomic_store_n(&maxRekeyed, to, __ATOMIC_RELAXED);
  base.xRekey(w->base, pg, keyOf(w, oldKey), to);
}

static void wrapTruncate(sqlite3_pcache *p, unsigned limit) {
  base.xTruncate(((wrapCache *)p)->base, limit);
}

static void wrapDestroy(sqlite3_pcache *p) {
  wrapCache *w = (wrapCache *)p;
  base.xDestroy(w->base);
  free(w);
}

static void wrapShrink(sqlite3_pcache *p) {
  if (base.xShrink) base.xShrink(((wrapCache *)p)->base);
}

/* Installs the wrapper around SQLite's page cache, before SQLite
** initialises: SQLITE_OK, or SQLite's refusal (already initialised, or no
** sqlite3_config), which leaves its own cache as it is. */
int walvfs_pcache_wrap(void) {
  static sqlite3_pcache_methods2 wrap;
  int rc;
  if (sqlite3_config == 0) return SQLITE_ERROR;
  rc = sqlite3_config(SQLITE_CONFIG_GETPCACHE2, &base);
  if (rc != SQLITE_OK) return rc;
  if (base.iVersion < 1 || base.xInit == 0 || base.xCreate == 0) return SQLITE_ERROR;
  wrap.iVersion = 1;
  wrap.pArg = 0;
  wrap.xInit = wrapInit;
  wrap.xShutdown = wrapShutdown;
  wrap.xCreate = wrapCreate;
  wrap.xCachesize = wrapCachesize;
  wrap.xPagecount = wrapPagecount;
  wrap.xFetch = wrapFetch;
  wrap.xUnpin = wrapUnpin;
  wrap.xRekey = wrapRekey;
  wrap.xTruncate = wrapTruncate;
  wrap.xDestroy = wrapDestroy;
  wrap.xShrink = wrapShrink;
  return sqlite3_config(SQLITE_CONFIG_PCACHE2, &wrap);
}

unsigned long long walvfs_pcache_swaps(void) { return __atomic_load_n(&swaps, __ATOMIC_RELAXED); }
unsigned walvfs_pcache_max_rekeyed(void) { return __atomic_load_n(&maxRekeyed, __ATOMIC_RELAXED); }
