/* The WAL shim's interface to Go (walvfs_linux.go). */
#ifndef COCREATE_WALVFS_H
#define COCREATE_WALVFS_H

typedef struct walvfs_counts {
  unsigned long long writes;     /* xWrite calls on write-ahead logs */
  unsigned long long flushes;    /* writes handed to the unix file */
  unsigned long long datasyncs;  /* syncs done with fdatasync */
  unsigned long long unixSyncs;  /* syncs done by the unix VFS (fsync) */
  unsigned long long walsOpened; /* write-ahead logs opened */
  unsigned long long unverified; /* files whose descriptor did not match */
  unsigned long long barrierErrors; /* runs that failed to write at a barrier */
  unsigned long long logSyncsBegun; /* walvfs_sync_log's fdatasyncs begun */
  unsigned long long logSyncsEnded; /* ... and returned, failed or not */
  unsigned long long logSyncErrors; /* ... of them failed */
} walvfs_counts;

int walvfs_register(const char *name);
/* sqlite3_database_file_object appeared in SQLite 3.32.0. */
#define WALVFS_MIN_VERSION 3032000

/* SQLITE_OK if the shim can wrap an SQLite of this version number whose
** functions it calls are all linked; walvfs_version is the linked
** SQLite's number, 0 if it has no sqlite3_libversion_number. */
int walvfs_check(int version);
int walvfs_version(void);
void walvfs_counts_read(walvfs_counts *out);
void walvfs_fail_writes(int n); /* tests only */
void walvfs_fail_syncs(int n);  /* tests only */
int walvfs_sync_log(unsigned long long dev, unsigned long long ino);
int walvfs_log_open(unsigned long long dev, unsigned long long ino);
/* SQLite's memory statistics off, before SQLite initialises: SQLITE_OK,
** or SQLite's refusal (already initialised, or no sqlite3_config). */
int walvfs_memstatus_off(void);
/* Outstanding allocations as SQLite counts them: 0 with the statistics
** off; -1 without sqlite3_status. */
int walvfs_malloc_count(void);
/* SQLite's page cache wrapped so that balance_nonroot's borrowed page
** number never reaches it (pcache_linux.c): SQLITE_OK, or SQLite's
** refusal. Before SQLite initialises. */
int walvfs_pcache_wrap(void);
/* Tests: swaps through the borrowed number seen, and the largest key a
** rekey handed SQLite's cache. */
unsigned long long walvfs_pcache_swaps(void);
unsigned walvfs_pcache_max_rekeyed(void);

#endif
